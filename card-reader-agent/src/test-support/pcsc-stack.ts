/** Helpers for the integration tests that run on the real pcscd + vpcd stack. */
import { existsSync, readFileSync } from 'node:fs';
import type { CardReaderEvents, CardReaders } from '../pcsc/card-readers.js';

const SOCKET = process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
const PID_FILE = '/run/pcscd/pcscd.pid';

/** Throws (failing the suite, never skipping it) when pcscd is not running. */
export function requirePcscd(): void {
  const hint =
    'Integration tests need a running pcscd with the vpcd driver: as root, `pcscd -f &` (Debian packages pcscd, vsmartcard-vpcd).';
  if (!existsSync(SOCKET)) throw new Error(`pcscd is not running: no socket at ${SOCKET}. ${hint}`);
  let pid = Number.NaN;
  try {
    pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  } catch {
    // no pid file: rely on the socket
  }
  if (Number.isInteger(pid)) {
    try {
      process.kill(pid, 0);
    } catch {
      throw new Error(
        `pcscd is not running: ${PID_FILE} names pid ${pid}, which is gone (stale socket). ${hint}`,
      );
    }
  }
}

export const VPCD_READER_NAME = (index: number): string => `Virtual PCD 00 0${index}`;

/** Resolves with the next `event` for `reader` (rejects after `timeoutMs`). */
export function nextEvent<
  K extends 'card.tapped' | 'card.removed' | 'card.error' | 'reader.attached',
>(cards: CardReaders, event: K, reader: string, timeoutMs = 10_000): Promise<CardReaderEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cards.off(event, listener);
      reject(new Error(`no ${event} on ${reader} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: CardReaderEvents[K]): void => {
      if (payload.reader !== reader) return;
      clearTimeout(timer);
      cards.off(event, listener);
      resolve(payload);
    };
    cards.on(event, listener);
  });
}

export async function waitForReader(
  cards: CardReaders,
  reader: string,
  timeoutMs = 10_000,
): Promise<void> {
  if (cards.readers.includes(reader)) return;
  await nextEvent(cards, 'reader.attached', reader, timeoutMs);
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}
