/**
 * Typed facade over `nfc-pcsc`: one object for all PC/SC readers of the machine, emitting
 * `reader.attached`, `reader.detached`, `card.tapped`, `card.removed`, `card.error` and `error`.
 * Nothing from nfc-pcsc leaks out; every failure of a card becomes a `card.error` with a stable code.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import * as nfcPcscModule from 'nfc-pcsc';
import type { NfcPcscCard, Reader } from 'nfc-pcsc';
import { TypedEmitter } from '../typed-emitter.js';
import { CardReadError, classifyNfcPcscError, type CardErrorCode } from './card-errors.js';
import { readSun, type Transmit } from './read-sun.js';
import { feedbackCommand, type TapFeedback } from './reader-feedback.js';
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

/** How long a failed transmit waits for pcscd to report the card's removal. */
const REMOVAL_GRACE_MS = 600;

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface CardReadersOptions {
  /** Longest a card may take from insertion to a complete SUN read (default 2000 ms). */
  readonly readTimeoutMs?: number;
  /**
   * Only readers whose name contains one of these (case-insensitive) are used; all when empty.
   * A PC with a kiosk reader and a desk reader runs one agent per station, each on its own reader.
   */
  readonly readerNames?: readonly string[];
  readonly logger?: Logger;
  /** For tests: something that behaves like nfc-pcsc's `NFC`. */
  readonly createNfc?: () => NfcLike;
  /**
   * Whether pcscd answers, asked before each PC/SC context is opened (see `pcscdAnswers`). Default:
   * that check with the real nfc-pcsc; none (open at once) with `createNfc`.
   */
  readonly pcscdAnswers?: () => Promise<boolean>;
}

/** Where libpcsclite finds pcscd: PCSCLITE_CSOCK_NAME, else pcsc-lite's default on Linux. */
export function pcscdSocketPath(): string | undefined {
  if (process.env.PCSCLITE_CSOCK_NAME) return process.env.PCSCLITE_CSOCK_NAME;
  return process.platform === 'linux' ? '/run/pcscd/pcscd.comm' : undefined;
}

/**
 * True when something accepts a connection on pcscd's socket (or the platform has no such socket,
 * as on Windows). Why we ask first: @pokusew/pcsclite, under nfc-pcsc, opens its PC/SC context
 * in a loop that retries for as long as the service is missing, on the main thread. With pcscd
 * away (killed, or not started yet at boot) a new context froze the agent at full CPU: no
 * heartbeat, no SIGTERM. Measured by restarting pcscd under the agent. A connect attempt is cheap
 * and never blocks; pcscd closes a client that says nothing. (Between this check and the context
 * pcscd may still go; then the agent waits for it to come back, as before.)
 */
export function pcscdAnswers(socketPath = pcscdSocketPath()): Promise<boolean> {
  if (socketPath === undefined) return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const done = (answered: boolean): void => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
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
  /** The card nfc-pcsc connected to, for as long as it is on the reader. */
  card: { readonly kind: CardKind; readonly generation: number } | null;
  /** A command (personalisation) is talking to the card. */
  busy: boolean;
  /** Transmits in flight, failed at once when the card leaves. */
  readonly removalWaiters: Set<() => void>;
}

export type CardSessionErrorCode =
  'no_card' | 'reader_not_found' | 'reader_busy' | 'unsupported_card';

/** Why `withCard` could not start: no card came, no such reader, or the reader is in use. */
export class CardSessionError extends Error {
  constructor(
    readonly code: CardSessionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CardSessionError';
  }
}

export interface CardSessionInfo {
  readonly reader: string;
  readonly kind: CardKind;
}

export interface WithCardOptions {
  /** The reader to use; otherwise the one with a card (or the first to get one). */
  readonly reader?: string;
  /** How long to wait for a card to be placed (and read) before failing with `no_card`. */
  readonly waitMs: number;
}

function kindOf(card: NfcPcscCard): CardKind {
  if (card.type === 'TAG_ISO_14443_3' || card.type === 'TAG_ISO_14443_4') return card.type;
  return 'unknown';
}

/** Pause before opening a lost PC/SC context again, doubling up to the maximum. */
const REOPEN_FIRST_MS = 500;
const REOPEN_MAX_MS = 10_000;

export class CardReaders extends TypedEmitter<CardReaderEvents> {
  private readonly readTimeoutMs: number;
  private readonly logger: Logger;
  private readonly createNfc: () => NfcLike;
  private readonly readerNames: readonly string[];
  private nfc: NfcLike | null = null;
  private readonly states = new Map<string, ReaderState>();
  /** start() was called and close() was not: a lost PC/SC context is opened again. */
  private wanted = false;
  private reopenTimer: NodeJS.Timeout | null = null;
  private reopenDelayMs = REOPEN_FIRST_MS;
  private readonly pcscdAnswers: (() => Promise<boolean>) | undefined;
  /** Asking whether pcscd answers, before opening a context. */
  private probing = false;

  constructor(options: CardReadersOptions = {}) {
    super();
    this.readTimeoutMs = options.readTimeoutMs ?? 2000;
    this.logger = options.logger ?? silentLogger;
    this.readerNames = (options.readerNames ?? [])
      .map((name) => name.toLowerCase())
      .filter(Boolean);
    this.createNfc = options.createNfc ?? ((): NfcLike => new (nfcConstructor())() as NfcLike);
    this.pcscdAnswers = options.pcscdAnswers ?? (options.createNfc ? undefined : pcscdAnswers);
  }

  /** Names of the readers currently attached. */
  get readers(): string[] {
    return [...this.states.keys()];
  }

  start(): void {
    this.wanted = true;
    if (this.nfc !== null || this.probing) return;
    const probe = this.pcscdAnswers;
    if (!probe) {
      this.openContext();
      return;
    }
    this.probing = true;
    void probe().then((answers) => {
      this.probing = false;
      if (!this.wanted || this.nfc !== null) return;
      if (answers) {
        this.openContext();
        return;
      }
      this.emit('error', {
        code: 'pcsc_unavailable',
        message: `PC/SC: pcscd does not answer on ${pcscdSocketPath() ?? 'its socket'}`,
      });
      this.reopenLater();
    });
  }

  private openContext(): void {
    const nfc = this.createNfc();
    this.nfc = nfc;
    nfc.on('reader', (reader: Reader) => {
      this.reopenDelayMs = REOPEN_FIRST_MS;
      this.attach(reader);
    });
    nfc.on('error', (error: unknown) => {
      if (this.nfc !== nfc) return; // closing cancels PC/SC calls in flight: not an error
      const message = error instanceof Error ? error.message : String(error);
      this.emit('error', { code: 'pcsc_unavailable', message: `PC/SC: ${message}`, cause: error });
      this.reopenLater();
    });
  }

  close(): void {
    this.wanted = false;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.reopenTimer = null;
    this.closeContext();
  }

  private closeContext(): void {
    const states = [...this.states.values()];
    this.states.clear();
    // Not reader.close(): @pokusew/pcsclite joins its status thread synchronously there and can
    // deadlock the event loop (seen after a slow card). Closing the PC/SC context is enough.
    for (const state of states) this.clearWatchdog(state);
    const nfc = this.nfc;
    this.nfc = null;
    try {
      nfc?.close();
    } catch (error) {
      this.logger.warn({ err: error }, 'closing the PC/SC context failed');
    }
  }

  /**
   * The PC/SC context is gone (pcscd stopped or restarted: "RPC transport error"). nfc-pcsc never
   * recovers from that by itself, and its readers never say they ended. So every reader is let go
   * here (a card on it counts as removed, so no screen keeps a patient signed in), and a new
   * context is opened after a pause that grows to 10 s while pcscd stays away.
   */
  private reopenLater(): void {
    if (this.reopenTimer || !this.wanted) return;
    for (const state of [...this.states.values()]) {
      if (state.present) this.onRemoved(state);
      this.clearWatchdog(state);
      this.states.delete(state.reader.name);
      this.logger.info({ reader: state.reader.name }, 'reader detached (PC/SC context lost)');
      this.emit('reader.detached', { reader: state.reader.name, at: new Date() });
    }
    const delay = this.reopenDelayMs;
    this.reopenDelayMs = Math.min(this.reopenDelayMs * 2, REOPEN_MAX_MS);
    this.logger.warn({ retryInMs: delay }, 'PC/SC context lost; opening it again');
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      if (!this.wanted) return;
      this.closeContext();
      this.start();
    }, delay);
  }

  /**
   * Runs `work` with the card on a reader: waits up to `waitMs` for one to be placed and read,
   * then hands out a transmit function that fails with `card_removed` once the card leaves. One
   * piece of work per reader at a time.
   */
  async withCard<T>(
    options: WithCardOptions,
    work: (transmit: Transmit, info: CardSessionInfo) => Promise<T>,
  ): Promise<T> {
    if (options.reader !== undefined && !this.states.has(options.reader))
      throw new CardSessionError('reader_not_found', `no reader named ${options.reader}`);
    const state = await this.cardOnReader(options);
    const card = state.card;
    if (card === null) throw new CardSessionError('no_card', 'the card left the reader');
    if (card.kind !== 'TAG_ISO_14443_4')
      throw new CardSessionError(
        'unsupported_card',
        `the card on ${state.reader.name} is not ISO 14443-4 (${card.kind})`,
      );
    if (state.busy)
      throw new CardSessionError(
        'reader_busy',
        `${state.reader.name} is busy with another card command`,
      );
    state.busy = true;
    try {
      const transmit: Transmit = (apdu, max) =>
        this.transmitGuarded(state, card.generation, apdu, max);
      return await work(transmit, { reader: state.reader.name, kind: card.kind });
    } finally {
      state.busy = false;
    }
  }

  private readyState(reader: string | undefined): ReaderState | undefined {
    const ready = (state: ReaderState): boolean =>
      state.present &&
      state.settled &&
      state.card !== null &&
      state.card.generation === state.generation;
    if (reader !== undefined) {
      const state = this.states.get(reader);
      return state !== undefined && ready(state) ? state : undefined;
    }
    return [...this.states.values()].find(ready);
  }

  private cardOnReader(options: WithCardOptions): Promise<ReaderState> {
    const found = this.readyState(options.reader);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = (event: { reader: string }): void => {
        if (options.reader !== undefined && event.reader !== options.reader) return;
        const state = this.readyState(options.reader);
        if (state === undefined) return;
        done();
        resolve(state);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new CardSessionError(
            'no_card',
            `no card was placed on ${options.reader ?? 'a reader'} within ${Math.round(options.waitMs / 1000)} s`,
          ),
        );
      }, options.waitMs);
      const done = (): void => {
        clearTimeout(timer);
        this.off('card.tapped', check);
        this.off('card.error', check);
      };
      this.on('card.tapped', check);
      this.on('card.error', check);
    });
  }

  private attach(reader: Reader): void {
    const name = reader.name;
    if (
      this.readerNames.length > 0 &&
      !this.readerNames.some((wanted) => name.toLowerCase().includes(wanted))
    ) {
      this.logger.info({ reader: name }, 'reader not used by this agent (QN_READERS)');
      // nfc-pcsc still watches it: keep it from reading cards and from throwing unheard errors.
      reader.autoProcessing = false;
      reader.on('error', () => undefined);
      return;
    }
    const state: ReaderState = {
      reader,
      generation: 0,
      present: false,
      watchdog: null,
      settled: true,
      card: null,
      busy: false,
      removalWaiters: new Set(),
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
      // Already let go when the PC/SC context was lost (reopenLater): say nothing twice.
      if (this.states.get(name) !== state) return;
      // A reader that ends (unplugged, or its status loop failed as pcscd died) with a card on it:
      // the card is gone too, or a screen would keep the patient signed in.
      if (state.present) this.onRemoved(state);
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
    state.card = { kind, generation };
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
      // cardEventAt: wall-clock time of nfc-pcsc's card event (Date.now() less the monotonic time
      // since), so it compares with other processes' clocks on this machine (bench/tap.ts reads it).
      const emitted = event.timing.emitted;
      this.logger.info(
        {
          reader: name,
          kind,
          uid,
          counterless: sun === undefined,
          cardEventAt: Date.now() - (performance.now() - cardEvent),
          readMs: Math.round((emitted - cardEvent) * 10) / 10,
        },
        'card tapped',
      );
      this.emit('card.tapped', event);
      // After the event, so the light never delays the screen.
      void this.signal(state, generation, sun === undefined ? 'refused' : 'read');
    } catch (error) {
      if (state.generation !== generation) return; // card gone or a newer tap: nothing to report
      if (!this.settle(state)) return;
      this.emitCardError(
        state,
        error instanceof CardReadError ? error : classifyNfcPcscError(error),
      );
      void this.signal(state, generation, 'refused');
    }
  }

  /** LED and buzzer on readers that have them (reader-feedback.ts); never fails the tap. */
  private async signal(
    state: ReaderState,
    generation: number,
    feedback: TapFeedback,
  ): Promise<void> {
    const command = feedbackCommand(state.reader.name, feedback);
    if (!command) return;
    try {
      await this.transmitGuarded(state, generation, command, 2);
    } catch (error) {
      this.logger.debug({ reader: state.reader.name, err: error }, 'reader feedback not shown');
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
    let onRemoval: (() => void) | undefined;
    // pcscd can leave a transmit to a pulled card pending: the removal settles it.
    const removed = new Promise<never>((_, reject) => {
      onRemoval = () =>
        reject(new CardReadError('card_removed', 'the card left the reader during the read'));
      state.removalWaiters.add(onRemoval);
    });
    try {
      const response = await Promise.race([state.reader.transmit(apdu, max), removed]);
      // A card pulled mid-command can also come back as an empty answer instead of an error.
      if (response.length < 2 && (await this.removedSoon(state, generation, REMOVAL_GRACE_MS)))
        throw new CardReadError('card_removed', 'the card left the reader during the read');
      return response;
    } catch (error) {
      if (error instanceof CardReadError) throw error;
      // A pulled card fails the transmit before pcscd's status change arrives: give it a moment.
      if (await this.removedSoon(state, generation, REMOVAL_GRACE_MS)) {
        throw new CardReadError('card_removed', 'the card left the reader during the read', {
          cause: error,
        });
      }
      throw new CardReadError('transmit_failed', 'transmit to card failed', { cause: error });
    } finally {
      if (onRemoval !== undefined) state.removalWaiters.delete(onRemoval);
    }
  }

  /** Whether the card of `generation` is gone, or leaves within `ms` (pcscd reports removal late). */
  private removedSoon(state: ReaderState, generation: number, ms: number): Promise<boolean> {
    const gone = (): boolean => state.generation !== generation || !state.present;
    if (gone()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (gone() || Date.now() - started >= ms) {
          clearInterval(poll);
          resolve(gone());
        }
      }, 25);
    });
  }

  private onRemoved(state: ReaderState): void {
    state.generation += 1;
    state.present = false;
    state.card = null;
    for (const wake of [...state.removalWaiters]) wake();
    state.removalWaiters.clear();
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
