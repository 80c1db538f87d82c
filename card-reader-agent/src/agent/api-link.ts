/**
 * The agent's one outbound WebSocket to ehr-api. Authenticates on the upgrade request
 * (`Authorization: Basic base64(deviceId:secret)`), reconnects with exponential backoff and jitter,
 * and parses what the API sends with the contracts' schema. Opens no listening socket.
 */
import WebSocket from 'ws';
import {
  AGENT_REPLACED_CLOSE_CODE,
  agentDownMessageSchema,
  type AgentDownMessage,
  type AgentUpMessage,
} from '@qn/contracts';
import { TypedEmitter } from '../typed-emitter.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { Logger } from '../pcsc/card-readers.js';

function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export interface ApiLinkEvents {
  open: { readonly url: string };
  close: { readonly code: number; readonly reason: string };
  message: AgentDownMessage;
}

export interface ApiLinkOptions {
  readonly url: string;
  readonly authorization: string;
  readonly backoff: BackoffOptions;
  readonly logger: Logger;
}

export class ApiLink extends TypedEmitter<ApiLinkEvents> {
  private socket: WebSocket | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly backoff: Backoff;

  constructor(private readonly options: ApiLinkOptions) {
    super();
    this.backoff = new Backoff(options.backoff);
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the link and stops reconnecting; resolves once the socket is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket === null || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, 'agent stopping');
    });
  }

  /** Sends if the link is open; returns whether it was sent. */
  send(message: AgentUpMessage): boolean {
    const socket = this.socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  private connect(): void {
    const { url, authorization, logger } = this.options;
    logger.debug({ url, attempt: this.backoff.attempts }, 'connecting to API');
    const socket = new WebSocket(url, {
      headers: { Authorization: authorization },
      handshakeTimeout: 10_000,
    });
    this.socket = socket;

    socket.on('open', () => {
      this.backoff.reset();
      logger.info({ url }, 'connected to API');
      this.emit('open', { url });
    });
    socket.on('message', (data: WebSocket.RawData) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawText(data));
      } catch {
        logger.warn({}, 'API sent a frame that is not JSON; ignored');
        return;
      }
      const result = agentDownMessageSchema.safeParse(parsed);
      if (!result.success) {
        logger.warn({ issues: result.error.issues }, 'API sent an unknown message; ignored');
        return;
      }
      this.emit('message', result.data);
    });
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      logger.error(
        { url, status },
        status === 401 || status === 403
          ? 'API refused the device credential'
          : 'API refused the WebSocket upgrade',
      );
      response.resume();
      socket.terminate();
    });
    socket.on('error', (error: Error) => {
      logger.warn({ url, err: error.message }, 'API connection error');
    });
    socket.on('close', (code: number, reasonBuffer: Buffer) => {
      if (this.socket === socket) this.socket = null;
      const reason = reasonBuffer.toString();
      if (this.stopped) return;
      const replaced = code === AGENT_REPLACED_CLOSE_CODE;
      const delay = replaced ? this.options.backoff.maxDelayMs : this.backoff.next();
      if (replaced)
        logger.error(
          { code, reason, retryInMs: delay },
          'API closed this connection because another connection uses the same device id: give each agent its own device id and secret',
        );
      else logger.info({ code, reason, retryInMs: delay }, 'API connection closed; will reconnect');
      this.emit('close', { code, reason });
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (!this.stopped) this.connect();
      }, delay);
    });
  }
}
