import type { Logger } from '../logger.js';

/**
 * Runs one async tick every `intervalMs`, never two at once: the next tick is scheduled when the
 * previous one ends. `stop()` waits for a tick in progress. The timer does not keep the process
 * alive. Used by the background publishers (bookings and audit records to HAPI).
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly tick: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, `${this.name} tick failed`))
        .then(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }
}
