import { createServer, type AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AGENT_SOCKET_PATH,
  agentUpMessageSchema,
  type AgentDownMessage,
  type AgentUpMessage,
  type CommandResult,
} from '@qn/contracts';

/** Stands in for ehr-api's agent socket: a real WebSocket server on a loopback port. */
export class FakeApi {
  readonly received: AgentUpMessage[] = [];
  readonly authorizations: (string | undefined)[] = [];
  private server: WebSocketServer | null = null;
  private waiters: (() => void)[] = [];

  constructor(readonly port: number) {}

  async start(): Promise<void> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: this.port,
      path: AGENT_SOCKET_PATH,
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (socket: WebSocket, request: IncomingMessage) => {
      this.authorizations.push(request.headers.authorization);
      socket.send(
        JSON.stringify({
          type: 'welcome',
          deviceId: 'kiosk-test',
          serverTime: new Date().toISOString(),
        }),
      );
      socket.on('message', (data) => {
        // every message must match the shared contract
        this.received.push(
          agentUpMessageSchema.parse(
            JSON.parse(
              Buffer.isBuffer(data)
                ? data.toString('utf8')
                : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'),
            ),
          ),
        );
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Sends a message to every connected agent. */
  send(message: AgentDownMessage): void {
    for (const client of this.server?.clients ?? []) client.send(JSON.stringify(message));
  }

  async waitFor(
    predicate: (messages: AgentUpMessage[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline)
        throw new Error(
          `fake API did not get the expected messages; got ${JSON.stringify(this.received.map((m) => m.type))}`,
        );
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** Waits for the agent's answer to command `commandId`. */
  async result(commandId: string, timeoutMs = 20_000): Promise<CommandResult> {
    await this.waitFor(
      (messages) => messages.some((m) => m.type === 'command-result' && m.commandId === commandId),
      timeoutMs,
    );
    const message = this.received.find(
      (m) => m.type === 'command-result' && m.commandId === commandId,
    );
    if (message?.type !== 'command-result') throw new Error('unreachable');
    return message.result;
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
