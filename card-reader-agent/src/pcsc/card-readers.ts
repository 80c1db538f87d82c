/**
 * Typed facade over `nfc-pcsc`: one object for all PC/SC readers of the machine, emitting
 * `reader.attached`, `reader.detached`, `card.tapped`, `card.removed`, `card.error` and `error`.
 * Nothing from nfc-pcsc leaks out; every failure of a card becomes a `card.error` with a stable code.
 */
import { performance } from 'node:perf_hooks';
import * as nfcPcscModule from 'nfc-pcsc';
import type { NfcPcscCard, Reader } from 'nfc-pcsc';
import { TypedEmitter } from '../typed-emitter.js';
import { CardReadError, classifyNfcPcscError, type CardErrorCode } from './card-errors.js';
import { readSun, type Transmit } from './read-sun.js';
import type { SunFields } from '../sun/sun.js';
import { toHex } from '../sun/hex.js';

/** NTAG 424 DNA NDEF application (ISO DF name). */
export const NTAG424_NDEF_AID_HEX = 'D2760000850101';

export type CardKind = 'TAG_ISO_14443_3' | 'TAG_ISO_14443_4' | 'unknown';

export interface ReaderEvent {
  readonly reader: string;
  readonly at: Date;
}

export interface CardTappedEvent {
  readonly reader: string;
  readonly kind: CardKind;
  readonly atr: string;
  readonly uid?: string;
  readonly sun?: SunFields;
  /** When nfc-pcsc reported the card (wall clock). */
  readonly tappedAt: Date;
  /** Monotonic timestamps (performance.now()) for latency measurement. */
  readonly timing: { readonly cardEvent: number; readonly emitted: number };
}

export interface CardErrorEvent {
  readonly reader: string;
  readonly code: CardErrorCode;
  readonly message: string;
  readonly at: Date;
  readonly cause?: unknown;
}

export type FacadeErrorCode = 'pcsc_unavailable' | 'reader_failure' | 'internal';

export interface FacadeErrorEvent {
  readonly code: FacadeErrorCode;
  readonly message: string;
  readonly reader?: string;
  readonly cause?: unknown;
}

export interface CardReaderEvents {
  'reader.attached': ReaderEvent;
  'reader.detached': ReaderEvent;
  'card.tapped': CardTappedEvent;
  'card.removed': ReaderEvent;
  'card.error': CardErrorEvent;
  error: FacadeErrorEvent;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** nfc-pcsc is CommonJS compiled by Babel: under Node's ESM loader NFC sits on `default`, under CJS interop on the namespace. */
function nfcConstructor(): new () => unknown {
  const namespace = nfcPcscModule as unknown as {
    NFC?: new () => unknown;
    default?: { NFC?: new () => unknown };
  };
  const NFC = namespace.NFC ?? namespace.default?.NFC;
  if (NFC === undefined) throw new Error('nfc-pcsc did not export NFC');
  return NFC;
}

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface CardReadersOptions {
  /** Longest a card may take from insertion to a complete SUN read (default 2000 ms). */
  readonly readTimeoutMs?: number;
  readonly logger?: Logger;
  /** For tests: something that behaves like nfc-pcsc's `NFC`. */
  readonly createNfc?: () => NfcLike;
}

export interface NfcLike {
  on(event: 'reader', listener: (reader: Reader) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): void;
}

interface ReaderState {
  readonly reader: Reader;
  /** Bumped at each insertion and removal; a read whose generation is stale is dropped. */
  generation: number;
  present: boolean;
  watchdog: NodeJS.Timeout | null;
  settled: boolean;
}

function kindOf(card: NfcPcscCard): CardKind {
  if (card.type === 'TAG_ISO_14443_3' || card.type === 'TAG_ISO_14443_4') return card.type;
  return 'unknown';
}

export class CardReaders extends TypedEmitter<CardReaderEvents> {
  private readonly readTimeoutMs: number;
  private readonly logger: Logger;
  private readonly createNfc: () => NfcLike;
  private nfc: NfcLike | null = null;
  private readonly states = new Map<string, ReaderState>();

  constructor(options: CardReadersOptions = {}) {
    super();
    this.readTimeoutMs = options.readTimeoutMs ?? 2000;
    this.logger = options.logger ?? silentLogger;
    this.createNfc = options.createNfc ?? ((): NfcLike => new (nfcConstructor())() as NfcLike);
  }

  /** Names of the readers currently attached. */
  get readers(): string[] {
    return [...this.states.keys()];
  }

  start(): void {
    if (this.nfc !== null) return;
    const nfc = this.createNfc();
    this.nfc = nfc;
    nfc.on('reader', (reader: Reader) => this.attach(reader));
    nfc.on('error', (error: unknown) => {
      if (this.nfc !== nfc) return; // closing cancels PC/SC calls in flight: not an error
      const message = error instanceof Error ? error.message : String(error);
      this.emit('error', { code: 'pcsc_unavailable', message: `PC/SC: ${message}`, cause: error });
    });
  }

  close(): void {
    const states = [...this.states.values()];
    this.states.clear();
    // Not reader.close(): @pokusew/pcsclite joins its status thread synchronously there and can
    // deadlock the event loop (seen after a slow card). Closing the PC/SC context is enough.
    for (const state of states) this.clearWatchdog(state);
    const nfc = this.nfc;
    this.nfc = null;
    nfc?.close();
  }

  private attach(reader: Reader): void {
    const name = reader.name;
    const state: ReaderState = {
      reader,
      generation: 0,
      present: false,
      watchdog: null,
      settled: true,
    };
    this.states.set(name, state);
    // ISO 14443-4 cards: nfc-pcsc selects this AID, on the reader (the NFC object ignores it).
    reader.aid = NTAG424_NDEF_AID_HEX;
    // nfc-pcsc sometimes emits an Error object *as the event name* (connect/disconnect failures);
    // route those to 'error' so they are not lost.
    const originalEmit = reader.emit.bind(reader);
    reader.emit = (event: string | symbol, ...args: unknown[]): boolean => {
      if ((event as unknown) instanceof Error) return originalEmit('error', event);
      return originalEmit(event, ...args);
    };

    reader.reader.on('status', (status: { state: number }) => this.onStatus(state, status.state));
    reader.on('card', (card: NfcPcscCard) => {
      void this.onCard(state, card, performance.now());
    });
    reader.on('card.off', () => this.onRemoved(state));
    reader.on('error', (error: unknown) => {
      if (this.states.get(name) === state) this.onReaderError(state, error);
    });
    reader.on('end', () => {
      this.clearWatchdog(state);
      this.states.delete(name);
      this.logger.info({ reader: name }, 'reader detached');
      this.emit('reader.detached', { reader: name, at: new Date() });
    });
    this.logger.info({ reader: name }, 'reader attached');
    this.emit('reader.attached', { reader: name, at: new Date() });
  }

  private onStatus(state: ReaderState, newState: number): void {
    const pcsc = state.reader.reader;
    const present = (newState & pcsc.SCARD_STATE_PRESENT) !== 0;
    if (present && !state.present) {
      state.present = true;
      state.generation += 1;
      state.settled = false;
      this.armWatchdog(state);
    } else if (!present && state.present && (newState & pcsc.SCARD_STATE_EMPTY) !== 0) {
      state.present = false;
    }
  }

  private armWatchdog(state: ReaderState): void {
    this.clearWatchdog(state);
    const generation = state.generation;
    state.watchdog = setTimeout(() => {
      state.watchdog = null;
      if (state.generation !== generation || state.settled) return;
      this.settle(state);
      this.emitCardError(
        state,
        new CardReadError('timeout', `card did not answer within ${this.readTimeoutMs} ms`),
      );
    }, this.readTimeoutMs);
    state.watchdog.unref();
  }

  private clearWatchdog(state: ReaderState): void {
    if (state.watchdog !== null) clearTimeout(state.watchdog);
    state.watchdog = null;
  }

  /** Marks the current insertion as answered (tapped or errored); returns false if it already was. */
  private settle(state: ReaderState): boolean {
    if (state.settled) return false;
    state.settled = true;
    this.clearWatchdog(state);
    return true;
  }

  private async onCard(state: ReaderState, card: NfcPcscCard, cardEvent: number): Promise<void> {
    const generation = state.generation;
    const name = state.reader.name;
    const kind = kindOf(card);
    const atr = card.atr === undefined ? '' : toHex(card.atr);
    const tappedAt = new Date();
    try {
      let uid =
        typeof card.uid === 'string' && card.uid.length > 0 ? card.uid.toUpperCase() : undefined;
      let sun: SunFields | undefined;
      if (kind === 'TAG_ISO_14443_4') {
        const transmit: Transmit = (apdu, max) =>
          this.transmitGuarded(state, generation, apdu, max);
        const read = await readSun(transmit);
        uid = read.uid ?? uid;
        sun = read.sun;
      }
      if (state.generation !== generation || !this.settle(state)) return;
      const event: CardTappedEvent = {
        reader: name,
        kind,
        atr,
        ...(uid === undefined ? {} : { uid }),
        ...(sun === undefined ? {} : { sun }),
        tappedAt,
        timing: { cardEvent, emitted: performance.now() },
      };
      this.logger.info({ reader: name, kind, uid, counterless: sun === undefined }, 'card tapped');
      this.emit('card.tapped', event);
    } catch (error) {
      if (state.generation !== generation) return; // card gone or a newer tap: nothing to report
      if (!this.settle(state)) return;
      this.emitCardError(
        state,
        error instanceof CardReadError ? error : classifyNfcPcscError(error),
      );
    }
  }

  private async transmitGuarded(
    state: ReaderState,
    generation: number,
    apdu: Buffer,
    max: number,
  ): Promise<Buffer> {
    if (state.generation !== generation || !state.present) {
      throw new CardReadError('card_removed', 'the card left the reader during the read');
    }
    try {
      return await state.reader.transmit(apdu, max);
    } catch (error) {
      if (state.generation !== generation || !state.present) {
        throw new CardReadError('card_removed', 'the card left the reader during the read', {
          cause: error,
        });
      }
      throw new CardReadError('transmit_failed', 'transmit to card failed', { cause: error });
    }
  }

  private onRemoved(state: ReaderState): void {
    state.generation += 1;
    state.present = false;
    state.settled = true;
    this.clearWatchdog(state);
    this.logger.info({ reader: state.reader.name }, 'card removed');
    this.emit('card.removed', { reader: state.reader.name, at: new Date() });
  }

  private onReaderError(state: ReaderState, error: unknown): void {
    // Errors while a card is being handled are about that card; otherwise the reader itself failed.
    if (!state.settled) {
      this.settle(state);
      this.emitCardError(state, classifyNfcPcscError(error));
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn({ reader: state.reader.name, err: error }, 'reader error');
    this.emit('error', {
      code: 'reader_failure',
      message,
      reader: state.reader.name,
      cause: error,
    });
  }

  private emitCardError(state: ReaderState, error: CardReadError): void {
    this.logger.warn({ reader: state.reader.name, code: error.code, err: error }, 'card error');
    this.emit('card.error', {
      reader: state.reader.name,
      code: error.code,
      message: error.message,
      at: new Date(),
      cause: error.cause ?? error,
    });
  }
}
