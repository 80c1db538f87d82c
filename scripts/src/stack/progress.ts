/**
 * Progress lines for the stack runner: one line when a step starts, one when it ends with its
 * duration; long steps print how long they have been running, so a CI log never looks stuck.
 */
const tty = process.stdout.isTTY;
const green = (s: string): string => (tty ? `\x1b[32m${s}\x1b[0m` : s);
const red = (s: string): string => (tty ? `\x1b[31m${s}\x1b[0m` : s);
const dim = (s: string): string => (tty ? `\x1b[2m${s}\x1b[0m` : s);

export function formatDuration(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export class StepError extends Error {
  constructor(
    message: string,
    /** What the person running the command should do about it. */
    readonly hint: string,
  ) {
    super(message);
    this.name = 'StepError';
  }
}

export async function step<T>(
  title: string,
  run: () => Promise<T>,
  options: { heartbeatMs?: number } = {},
): Promise<T> {
  const started = Date.now();
  console.log(`▸ ${title}…`);
  const heartbeat = setInterval(
    () => console.log(dim(`  … ${title}: ${formatDuration(Date.now() - started)} so far`)),
    options.heartbeatMs ?? 15_000,
  );
  try {
    const result = await run();
    console.log(`${green('✔')} ${title} ${dim(`(${formatDuration(Date.now() - started)})`)}`);
    return result;
  } catch (error) {
    console.log(`${red('✖')} ${title} ${dim(`(${formatDuration(Date.now() - started)})`)}`);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

export function info(line: string): void {
  console.log(`  ${line}`);
}

export function reportFailure(error: unknown): void {
  if (error instanceof StepError) {
    console.error(
      `\n${red('Could not continue:')} ${error.message}\n${green('What to do:')} ${error.hint}\n`,
    );
  } else {
    console.error(`\n${red('Could not continue:')}`, error);
  }
}
