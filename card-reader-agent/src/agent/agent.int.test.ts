import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { AGENT_SOCKET_PATH, agentUpMessageSchema, type AgentUpMessage } from '@qn/contracts';
import { Agent } from './agent.js';
import { loadConfig } from './config.js';
import { CardReaders } from '../pcsc/card-readers.js';
import { tapCard } from '../emulator/tap-card.js';
import { ZERO_KEYS } from '../emulator/ntag424-card.js';
import { verifySun } from '../sun/sun.js';
import {
  nextEvent,
  requirePcscd,
  VPCD_READER_NAME,
  waitForReader,
} from '../test-support/pcsc-stack.js';

// Reader 1 belongs to this file (the facade's integration test uses reader 0).
const READER_INDEX = 1;
const READER = VPCD_READER_NAME(READER_INDEX);
const UID = '04A1B2C3D4E5F6';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Stands in for ehr-api's agent socket: a real WebSocket server on a loopback port. */
class FakeApi {
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
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

describe('Agent on real pcscd + vpcd with a WebSocket stand-in for the API', () => {
  let cards: CardReaders;
  let agent: Agent | null = null;
  let api: FakeApi | null = null;

  beforeAll(async () => {
    requirePcscd();
    cards = new CardReaders({ readTimeoutMs: 1500 });
    cards.start();
    await waitForReader(cards, READER);
  });

  afterEach(async () => {
    await agent?.stop();
    await api?.stop();
    agent = null;
    api = null;
  });

  afterAll(() => cards?.close());

  function makeAgent(port: number, clock = manualClock()): Agent {
    const config = loadConfig({
      env: {
        QN_API_URL: `http://127.0.0.1:${port}`,
        QN_DEVICE_ID: 'kiosk-test',
        QN_DEVICE_SECRET: 'secret-1',
      },
    });
    return new Agent({
      config: { ...config, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } },
      cards,
      logger: silent,
      clock,
    });
  }

  async function tapAndRemove(): Promise<void> {
    const tapped = nextEvent(cards, 'card.tapped', READER);
    const card = await tapCard({ reader: READER_INDEX, uid: UID, counter: 9 });
    await tapped;
    const removed = nextEvent(cards, 'card.removed', READER);
    await card.remove();
    await removed;
  }

  it('sends hello with the readers, then card.tapped and card.removed, authenticated with Basic credentials', async () => {
    const port = await freePort();
    api = new FakeApi(port);
    await api.start();
    agent = makeAgent(port);
    agent.start();
    await api.waitFor((m) => m.some((x) => x.type === 'hello'));
    expect(api.authorizations[0]).toBe(
      `Basic ${Buffer.from('kiosk-test:secret-1').toString('base64')}`,
    );
    const hello = api.received.find((m) => m.type === 'hello');
    expect(hello).toMatchObject({ type: 'hello', readers: expect.arrayContaining([READER]) });

    await tapAndRemove();
    await api.waitFor((m) => m.some((x) => x.type === 'card.removed' && x.reader === READER));
    const tap = api.received.find((m) => m.type === 'card.tapped' && m.reader === READER);
    expect(tap).toMatchObject({
      type: 'card.tapped',
      reader: READER,
      kind: 'TAG_ISO_14443_4',
      uid: UID,
    });
    if (tap?.type !== 'card.tapped' || tap.sun === undefined)
      throw new Error('no SUN in card.tapped');
    expect(verifySun(tap.sun, ZERO_KEYS)).toEqual({ ok: true, uid: UID, counter: 9 });
  });

  it('delivers a tap made while the API was down once it comes back within 30 s', async () => {
    const port = await freePort();
    const clock = manualClock();
    agent = makeAgent(port, clock);
    agent.start();
    await tapAndRemove();
    clock.advance(5_000);
    api = new FakeApi(port);
    await api.start();
    await api.waitFor((m) => m.some((x) => x.type === 'card.tapped' && x.reader === READER));
    expect(api.received[0]?.type).toBe('hello');
  });

  it('never delivers a tap made while the API was down once it is older than 30 s', async () => {
    const port = await freePort();
    const clock = manualClock();
    agent = makeAgent(port, clock);
    agent.start();
    await tapAndRemove();
    clock.advance(31_000);
    api = new FakeApi(port);
    await api.start();
    await api.waitFor((m) => m.some((x) => x.type === 'hello'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      api.received.filter(
        (m) => (m.type === 'card.tapped' || m.type === 'card.removed') && m.reader === READER,
      ),
    ).toEqual([]);
  });

  it('reconnects and says hello again when the API restarts', async () => {
    const port = await freePort();
    api = new FakeApi(port);
    await api.start();
    agent = makeAgent(port);
    agent.start();
    await api.waitFor((m) => m.some((x) => x.type === 'hello'));
    await api.stop();
    api = new FakeApi(port);
    await api.start();
    await api.waitFor((m) => m.some((x) => x.type === 'hello'));
    expect(agent.connected).toBe(true);
  });
});
