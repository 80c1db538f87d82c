import { pino, type Logger as PinoLogger } from 'pino';

export type AppLogger = PinoLogger;

/** Structured JSON logs (one line per event) on stdout, or on stderr for CLI commands that print results. */
export function createLogger(level: string, destination: 1 | 2 = 1): AppLogger {
  return pino(
    { name: 'card-reader-agent', level, base: { pid: process.pid } },
    pino.destination(destination),
  );
}
