import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
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
import { FakeApi, freePort } from '../test-support/fake-api.js';

// Reader 1 belongs to this file (the facade's integration test uses reader 0).
const READER_INDEX = 1;
const READER = VPCD_READER_NAME(READER_INDEX);
const UID = '04A1B2C3D4E5F6';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

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
