/** Small measuring helpers shared by the benchmarks: timing, percentiles, bounded concurrency, progress. */

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of latencies in milliseconds. */
export function summarise(latenciesMs: number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted.length === 0
      ? Number.NaN
      : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return {
    count: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export function now(): number {
  return performance.now();
}

/** Runs `worker(i)` for i in 0..workers-1 at once and waits for all. */
export async function inParallel(
  workers: number,
  worker: (index: number) => Promise<void>,
): Promise<void> {
  await Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
}

/** Prints `label: <counts>` every second until stopped. */
export function progress(label: string, counts: () => string): { stop(): void } {
  const started = now();
  const timer = setInterval(() => {
    console.error(`  … ${label} ${((now() - started) / 1000).toFixed(0)} s: ${counts()}`);
  }, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true or the time is up; returns whether it did. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
