/**
 * Puts an emulated card on a vpcd virtual reader: connecting to vpcd is "card tapped",
 * closing the socket is "card removed".
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import {
  classify,
  encodeFrame,
  VPCD_CONTROL,
  VpcdFrameDecoder,
  vpcdPort,
  VPCD_BASE_PORT,
} from './vpcd-framing.js';
import { EmulatedNtag424, type CardBehaviour } from './ntag424-card.js';
import type { SunFields, SunKeys } from '../sun/sun.js';

export interface TapOptions {
  /** vpcd reader index: 0 → port 35963, 1 → 35964. */
  readonly reader: number;
  readonly behaviour?: CardBehaviour;
  /** Delay before each APDU answer (default 3000 ms for `slow`, 0 otherwise). */
  readonly delayMs?: number;
  readonly host?: string;
  readonly basePort?: number;
  /**
   * Pulls the card off the reader at the first APDU `when` picks: the card either never sees it,
   * or (`executed`) runs it and is gone before answering. For testing recovery.
   */
  readonly pullAt?: { readonly when: (apdu: Buffer) => boolean; readonly executed: boolean };
}

export interface TapCardOptions extends TapOptions {
  /** 7-byte UID as hex; random (04xxxxxxxxxxxx) when omitted. */
  readonly uid?: string;
  readonly keys?: SunKeys;
  /** SDMReadCtr this tap presents (default 1). */
  readonly counter?: number;
  readonly baseUrl?: string;
}

export interface PresentCard {
  readonly uid: string;
  readonly counter: number;
  readonly sun: SunFields | null;
  /** `performance.now()` when the TCP connection to vpcd was opened (the tap). */
  readonly tappedAt: number;
  /** APDUs the reader sent, in order (hex), for tests and debugging. */
  readonly apdus: readonly string[];
  /** Takes the card off the reader; resolves when the socket is closed. */
  remove(): Promise<void>;
  /** Resolves when the card left the reader for any reason (removed, or vpcd closed the link). */
  readonly gone: Promise<void>;
}

export class VpcdUnavailableError extends Error {
  readonly code = 'vpcd_unavailable';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VpcdUnavailableError';
  }
}

export function randomUid(): string {
  return `04${randomBytes(6).toString('hex').toUpperCase()}`;
}

/** Taps `card` on a vpcd reader; the card stays until `remove()`. */
export async function tapEmulatedCard(
  card: EmulatedNtag424,
  options: TapOptions,
): Promise<PresentCard> {
  const behaviour = options.behaviour ?? 'normal';
  const delayMs = options.delayMs ?? (behaviour === 'slow' ? 3000 : 0);
  const host = options.host ?? '127.0.0.1';
  const port = vpcdPort(options.reader, options.basePort ?? VPCD_BASE_PORT);
  const session = card.beginTap(behaviour);
  const apdus: string[] = [];
  const decoder = new VpcdFrameDecoder();
  const tappedAt = performance.now();

  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect({ host, port });
    s.setNoDelay(true);
    const onError = (error: Error): void => {
      reject(
        new VpcdUnavailableError(
          `cannot reach vpcd at ${host}:${port} (reader ${options.reader}): is pcscd running with the vpcd driver? (${error.message})`,
          { cause: error },
        ),
      );
    };
    s.once('error', onError);
    s.once('connect', () => {
      s.off('error', onError);
      resolve(s);
    });
  });

  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {
    // vpcd dropping the link is a removal; `gone` reports it.
  });

  const send = (payload: Buffer, delay: number): void => {
    const write = (): void => {
      if (!socket.destroyed) socket.write(encodeFrame(payload));
    };
    if (delay > 0) setTimeout(write, delay).unref();
    else write();
  };

  let pulled = false;
  socket.on('data', (chunk: Buffer) => {
    for (const payload of decoder.push(chunk)) {
      const message = classify(payload);
      if (message.kind === 'control') {
        if (message.code === VPCD_CONTROL.getAtr) send(session.atr, 0);
        // power on / off / reset need no answer
        continue;
      }
      apdus.push(message.apdu.toString('hex').toUpperCase());
      const pullAt = options.pullAt;
      if (pullAt !== undefined && (pulled || pullAt.when(message.apdu))) {
        if (!pulled && pullAt.executed) session.respond(message.apdu);
        pulled = true;
        socket.destroy();
        return;
      }
      send(session.respond(message.apdu), delayMs); // a slow card answers APDUs late
    }
  });

  return {
    uid: card.uid.toString('hex').toUpperCase(),
    counter: session.counter,
    sun: session.sun,
    tappedAt,
    apdus,
    gone,
    async remove(): Promise<void> {
      if (socket.destroyed) return;
      socket.end();
      socket.destroy();
      await gone;
    },
  };
}

/**
 * One-shot helper: a fresh NTAG 424 DNA with `uid`, `keys` and `counter`, tapped on `reader`
 * (with `behaviour: 'blank'`, a factory-fresh one).
 * `const card = await tapCard({ reader: 0, uid, keys, counter, behaviour }); ...; await card.remove();`
 */
export async function tapCard(options: TapCardOptions): Promise<PresentCard> {
  if (options.behaviour === 'blank')
    return tapEmulatedCard(
      EmulatedNtag424.blank(Buffer.from(options.uid ?? randomUid(), 'hex')),
      options,
    );
  const card = new EmulatedNtag424({
    uid: Buffer.from(options.uid ?? randomUid(), 'hex'),
    ...(options.keys === undefined ? {} : { keys: options.keys }),
    ...(options.counter === undefined ? {} : { counter: options.counter }),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  });
  return tapEmulatedCard(card, options);
}
