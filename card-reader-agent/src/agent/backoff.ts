/** Exponential backoff with "full jitter": delay n is uniform in [0, min(max, initial·2ⁿ)], at least a floor. */
export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Delay before the next attempt; each call moves one step further. */
  next(): number {
    const ceiling = Math.min(
      this.options.maxDelayMs,
      this.options.initialDelayMs * 2 ** Math.min(this.attempt, 30),
    );
    this.attempt += 1;
    const floor = Math.min(this.options.initialDelayMs / 2, ceiling);
    return Math.round(floor + this.random() * (ceiling - floor));
  }

  /** After a successful connection. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
