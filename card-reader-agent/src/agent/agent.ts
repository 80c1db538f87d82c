/**
 * The agent: card events from the PC/SC facade, out over the API link.
 * hello on every connection, heartbeat every `heartbeatMs`, card events sent at once or queued while
 * disconnected (stale taps dropped, see Outbox). Commands from the API (`inspect`, `personalise`)
 * run on the card of a reader and are answered with one `command-result`.
 */
import {
  AGENT_SOCKET_PATH,
  type AgentCommandMessage,
  type AgentUpMessage,
  type CommandResult,
} from '@qn/contracts';
import {
  CardSessionError,
  type CardReaderEvents,
  type CardSessionInfo,
  type Logger,
  type WithCardOptions,
} from '../pcsc/card-readers.js';
import type { Transmit } from '../pcsc/read-sun.js';
import { inspectCard, PersonaliseFailure, personaliseCard } from '../ntag424/personalise.js';
import { ApiLink } from './api-link.js';
import { agentSocketUrl, basicAuthorization, type AgentConfig } from './config.js';
import { systemClock, type Clock } from './clock.js';
import {
  cardErrorMessage,
  commandResultMessage,
  cardRemovedMessage,
  cardTappedMessage,
  heartbeatMessage,
  helloMessage,
  InvalidMessageError,
  readerMessage,
  restamp,
} from './messages.js';
import { Outbox, isFresh } from './outbox.js';
import { AGENT_VERSION } from './version.js';

/** What the agent needs from the card reader facade (CardReaders satisfies it). */
export interface CardEventSource {
  readonly readers: string[];
  on<K extends keyof CardReaderEvents>(
    event: K,
    listener: (payload: CardReaderEvents[K]) => void,
  ): unknown;
  off<K extends keyof CardReaderEvents>(
    event: K,
    listener: (payload: CardReaderEvents[K]) => void,
  ): unknown;
  withCard<T>(
    options: WithCardOptions,
    work: (transmit: Transmit, info: CardSessionInfo) => Promise<T>,
  ): Promise<T>;
}

/** Command ids already run, so a command delivered twice runs once. */
const REMEMBERED_COMMANDS = 100;

export interface AgentOptions {
  readonly config: AgentConfig;
  readonly cards: CardEventSource;
  readonly logger: Logger;
  readonly clock?: Clock;
}

export class Agent {
  private readonly link: ApiLink;
  private readonly outbox: Outbox;
  private readonly clock: Clock;
  private heartbeat: NodeJS.Timeout | null = null;
  private started = false;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly seenCommands: string[] = [];

  constructor(private readonly options: AgentOptions) {
    const { config, logger } = options;
    this.clock = options.clock ?? systemClock;
    this.outbox = new Outbox({ maxAgeMs: config.maxTapAgeMs, clock: this.clock });
    this.link = new ApiLink({
      url: agentSocketUrl(config.apiUrl, AGENT_SOCKET_PATH),
      authorization: basicAuthorization(config.deviceId, config.deviceSecret),
      backoff: config.reconnect,
      logger,
    });
    this.link.on('open', () => this.onOpen());
    this.link.on('close', () => this.stopHeartbeat());
    this.link.on('message', (message) => {
      if (message.type === 'welcome')
        logger.info(
          { deviceId: message.deviceId, serverTime: message.serverTime },
          'API welcomed the agent',
        );
      else if (message.type === 'command') void this.runCommand(message);
      else logger.warn({ reason: message.reason }, 'API rejected a message');
    });
  }

  get connected(): boolean {
    return this.link.isOpen;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const { cards } = this.options;
    const listen = <K extends keyof CardReaderEvents>(
      event: K,
      listener: (payload: CardReaderEvents[K]) => void,
    ): void => {
      cards.on(event, listener);
      this.unsubscribe.push(() => cards.off(event, listener));
    };
    listen('reader.attached', (event) => {
      const message = this.built(() =>
        readerMessage('reader.attached', event.reader, this.clock.now()),
      );
      if (message) this.sendNow(message);
    });
    listen('reader.detached', (event) => {
      const message = this.built(() =>
        readerMessage('reader.detached', event.reader, this.clock.now()),
      );
      if (message) this.sendNow(message);
    });
    listen('card.tapped', (event) => {
      const madeAt = this.clock.now();
      const message = this.built(() =>
        cardTappedMessage({ ...event, tappedAt: new Date(madeAt) }, madeAt),
      );
      if (message) this.sendOrQueue(message, madeAt);
    });
    listen('card.removed', (event) => {
      const now = this.clock.now();
      const message = this.built(() => cardRemovedMessage(event.reader, now));
      if (message) this.sendOrQueue(message, now);
    });
    listen('card.error', (event) => {
      const now = this.clock.now();
      const message = this.built(() => cardErrorMessage(event, now));
      if (message) this.sendOrQueue(message, now);
    });
    this.link.start();
  }

  /**
   * A message the contract refuses (what a reader or card reported does not fit it) is logged and
   * dropped: thrown from a reader event listener it would take the whole agent down.
   */
  private built<M>(build: () => M): M | undefined {
    try {
      return build();
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      this.options.logger.error(
        { err: error },
        'card event not sent: it does not fit the contract',
      );
      return undefined;
    }
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    this.started = false;
    this.stopHeartbeat();
    await this.link.stop();
  }

  private onOpen(): void {
    const now = this.clock.now();
    this.link.send(helloMessage(AGENT_VERSION, this.options.cards.readers, now));
    const { fresh, dropped } = this.outbox.drain();
    if (dropped > 0)
      this.options.logger.warn({ dropped }, 'dropped card events older than the tap age limit');
    for (const message of fresh) this.link.send(restamp(message, this.clock.now()));
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      this.link.send(heartbeatMessage(this.options.cards.readers, this.clock.now()));
    }, this.options.config.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Runs one API command on a card and sends its result; never throws. */
  private async runCommand(message: AgentCommandMessage): Promise<void> {
    const { logger } = this.options;
    if (this.seenCommands.includes(message.commandId)) return;
    this.seenCommands.push(message.commandId);
    if (this.seenCommands.length > REMEMBERED_COMMANDS) this.seenCommands.shift();
    const { command, commandId } = message;
    const left = Date.parse(message.expiresAt) - this.clock.now();
    let result: CommandResult;
    if (left <= 0) {
      result = {
        outcome: 'failed',
        code: 'expired',
        message: 'the command arrived after the API stopped waiting',
        done: [],
      };
    } else {
      logger.info({ commandId, kind: command.kind, reader: command.reader }, 'running API command');
      const options = {
        waitMs: Math.min(command.waitForCardMs, left),
        ...(command.reader === undefined ? {} : { reader: command.reader }),
      };
      let reader: string | undefined = command.reader;
      try {
        result = await this.options.cards.withCard(
          options,
          async (transmit, info): Promise<CommandResult> => {
            reader = info.reader;
            if (command.kind === 'inspect')
              return {
                outcome: 'inspected',
                reader: info.reader,
                card: await inspectCard(transmit),
              };
            const done = await personaliseCard(transmit, command);
            return {
              outcome: 'personalised',
              reader: info.reader,
              uid: done.uid,
              keyVersion: done.keyVersion,
              done: [...done.done],
              sun: done.sun,
            };
          },
        );
      } catch (error) {
        result = failedResult(error, reader);
        logger.warn(
          {
            commandId,
            kind: command.kind,
            code: result.outcome === 'failed' ? result.code : undefined,
            err: error,
          },
          'API command failed',
        );
      }
    }
    if (!this.link.send(commandResultMessage(commandId, result, this.clock.now())))
      logger.warn(
        { commandId },
        'API not connected; command result dropped (the API times the command out)',
      );
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Reader changes are not queued: the next hello lists the readers. */
  private sendNow(message: AgentUpMessage): void {
    this.link.send(message);
  }

  private sendOrQueue(
    message: Extract<AgentUpMessage, { type: 'card.tapped' | 'card.removed' | 'card.error' }>,
    madeAt: number,
  ): void {
    if (!isFresh(madeAt, this.clock.now(), this.options.config.maxTapAgeMs)) return;
    if (this.link.send(message)) return;
    this.options.logger.info({ type: message.type }, 'API not connected; card event queued');
    this.outbox.push(message, madeAt);
  }
}

function failedResult(error: unknown, reader: string | undefined): CommandResult {
  const at = reader === undefined ? {} : { reader };
  if (error instanceof PersonaliseFailure) {
    return {
      outcome: 'failed',
      ...at,
      code: error.code,
      message: error.message,
      ...(error.step === undefined ? {} : { step: error.step }),
      done: [...error.done],
    };
  }
  if (error instanceof CardSessionError)
    return { outcome: 'failed', ...at, code: error.code, message: error.message, done: [] };
  const message = error instanceof Error ? error.message : String(error);
  return {
    outcome: 'failed',
    ...at,
    code: 'card_error',
    message: message.slice(0, 1000),
    done: [],
  };
}
