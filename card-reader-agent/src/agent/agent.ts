/**
 * The agent: card events from the PC/SC facade, out over the API link.
 * hello on every connection, heartbeat every `heartbeatMs`, card events sent at once or queued while
 * disconnected (stale taps dropped, see Outbox).
 */
import { AGENT_SOCKET_PATH, type AgentUpMessage } from '@qn/contracts';
import type { CardReaderEvents, Logger } from '../pcsc/card-readers.js';
import { ApiLink } from './api-link.js';
import { agentSocketUrl, basicAuthorization, type AgentConfig } from './config.js';
import { systemClock, type Clock } from './clock.js';
import {
  cardErrorMessage,
  cardRemovedMessage,
  cardTappedMessage,
  heartbeatMessage,
  helloMessage,
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
}

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
    listen('reader.attached', (event) =>
      this.sendNow(readerMessage('reader.attached', event.reader, this.clock.now())),
    );
    listen('reader.detached', (event) =>
      this.sendNow(readerMessage('reader.detached', event.reader, this.clock.now())),
    );
    listen('card.tapped', (event) => {
      const madeAt = this.clock.now();
      this.sendOrQueue(cardTappedMessage({ ...event, tappedAt: new Date(madeAt) }, madeAt), madeAt);
    });
    listen('card.removed', (event) => {
      const now = this.clock.now();
      this.sendOrQueue(cardRemovedMessage(event.reader, now), now);
    });
    listen('card.error', (event) => {
      const now = this.clock.now();
      this.sendOrQueue(cardErrorMessage(event, now), now);
    });
    this.link.start();
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
