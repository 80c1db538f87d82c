import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Patient } from 'fhir/r4.js';
import { cardKeySet, fromHex } from '@qn/card-crypto';
import type { StationEvent } from '@qn/contracts';
import {
  Agent,
  CardReaders,
  EmulatedNtag424,
  loadConfig as agentConfig,
  randomUid,
  tapEmulatedCard,
  type PresentCard,
} from '@qn/card-reader-agent';
import { loadConfig } from '../config.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { PROFILE } from '../fhir/profiles.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import {
  openStationEvents,
  type StationEventsClient,
} from '../test-support/station-events-client.js';

/**
 * Issuing at the reception desk on the real stack: FerretDB, HAPI FHIR, pcscd with the vpcd
 * virtual reader, two real card agents (the desk on vpcd reader 0, a kiosk on reader 1) and the
 * NTAG 424 DNA emulator. A blank card is personalised through the API and the desk agent, then
 * signs its patient in at the kiosk; a card lifted midway is refused and finishes on retry; a
 * re-keyed card's old keys stop working.
 */
const META_KEY = randomBytes(16).toString('hex').toUpperCase();
const MASTER_KEY = randomBytes(16).toString('hex').toUpperCase();
const PASSWORD = `the-${randomBytes(4).toString('hex')}-pw`;
const SUFFIX = randomBytes(3).toString('hex');
const DESK = {
  id: `desk-it-${SUFFIX}`,
  secret: randomBytes(18).toString('base64url'),
  reader: 'Virtual PCD 00 00',
  index: 0,
};
const KIOSK = {
  id: `kiosk-it-${SUFFIX}`,
  secret: randomBytes(18).toString('base64url'),
  displayKey: randomBytes(18).toString('base64url'),
  reader: 'Virtual PCD 00 01',
  index: 1,
};
const PATIENT_ID = `it-desk-${SUFFIX}`;
/** Registered, never connected. */
const OFFLINE = { id: `desk-off-${SUFFIX}`, secret: randomBytes(18).toString('base64url') };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

interface CardView {
  cardId: string;
  uid: string;
  status: string;
  keyVersion: number;
  personalisedAt?: string;
  keyHistory?: Array<{ version: number; reason: string }>;
}
interface Problem {
  type: string;
  status: number;
  detail: string;
  step?: string;
  done?: string[];
}

function requirePcscd(): void {
  if (!existsSync(process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm'))
    throw new Error(
      'pcscd is not running: this test needs pcscd with the vpcd virtual reader (./dev test or ./dev stack starts it)',
    );
}

/** A station: its own PC/SC facade (on its one reader) and a real agent connected to the API. */
async function startStation(
  apiUrl: string,
  station: { id: string; secret: string; reader: string },
): Promise<{ cards: CardReaders; agent: Agent }> {
  const cards = new CardReaders({ readTimeoutMs: 1500, readerNames: [station.reader] });
  cards.start();
  await new Promise<void>((resolve, reject) => {
    if (cards.readers.includes(station.reader)) return resolve();
    const timer = setTimeout(
      () => reject(new Error(`reader ${station.reader} did not attach`)),
      10_000,
    );
    cards.on('reader.attached', (event) => {
      if (event.reader !== station.reader) return;
      clearTimeout(timer);
      resolve();
    });
  });
  const config = agentConfig({
    env: { QN_API_URL: apiUrl, QN_DEVICE_ID: station.id, QN_DEVICE_SECRET: station.secret },
  });
  const agent = new Agent({
    config: { ...config, reconnect: { initialDelayMs: 50, maxDelayMs: 500 } },
    cards,
    logger: silent,
  });
  agent.start();
  return { cards, agent };
}

/** Resolves when `reader` reports the next card read (tapped, or an error such as a blank card). */
function cardRead(cards: CardReaders, reader: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (event: { reader: string }): void => {
      if (event.reader !== reader) return;
      cards.off('card.tapped', done);
      cards.off('card.error', done);
      resolve();
    };
    cards.on('card.tapped', done);
    cards.on('card.error', done);
  });
}

function cardRemoved(cards: CardReaders, reader: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (event: { reader: string }): void => {
      if (event.reader !== reader) return;
      cards.off('card.removed', done);
      resolve();
    };
    cards.on('card.removed', done);
  });
}

describe('issuing and re-keying cards at the reception desk', () => {
  let server: RunningServer;
  let desk: { cards: CardReaders; agent: Agent };
  let kiosk: { cards: CardReaders; agent: Agent };
  let page: StationEventsClient;
  let headers: Record<string, string>;
  /** Cards on readers, each with the removal its reader will report (listened for from the start). */
  const onReader: Array<{ present: PresentCard; removed: Promise<void> }> = [];

  async function post(path: string, body: unknown): Promise<Response> {
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async function patientCards(): Promise<CardView[]> {
    return (await (
      await fetch(`${server.url}/api/patients/${PATIENT_ID}/cards`, { headers })
    ).json()) as CardView[];
  }

  /** Puts `card` on a station's reader and waits until its agent has read it. */
  async function place(
    station: { cards: CardReaders },
    reader: string,
    index: number,
    card: EmulatedNtag424,
    options: Partial<Parameters<typeof tapEmulatedCard>[1]> = {},
  ): Promise<PresentCard> {
    const read = cardRead(station.cards, reader);
    const removed = cardRemoved(station.cards, reader);
    const present = await tapEmulatedCard(card, { reader: index, ...options });
    onReader.push({ present, removed });
    await read;
    return present;
  }

  async function liftAll(): Promise<void> {
    for (const { present, removed } of onReader.splice(0)) {
      await present.remove();
      await removed;
    }
  }

  /** Taps `card` at the kiosk and returns the event its page got. */
  async function tapAtKiosk(card: EmulatedNtag424): Promise<StationEvent> {
    const after = page.events.length;
    await place(kiosk, KIOSK.reader, KIOSK.index, card);
    const { event } = await page.next(
      (e) => e.type === 'session.started' || e.type === 'card.rejected',
      { after, timeoutMs: 5000 },
    );
    await liftAll();
    return event;
  }

  beforeAll(async () => {
    requirePcscd();
    const patient: Patient & { id: string } = {
      resourceType: 'Patient',
      id: PATIENT_ID,
      meta: { profile: [PROFILE.Patient] },
      name: [{ use: 'official', text: 'Phạm Thị Ngọc', family: 'Phạm', given: ['Thị', 'Ngọc'] }],
      gender: 'female',
      birthDate: '1990-04-02',
    };
    await new FhirStore(testHapiUrl(), { timeoutMs: 60_000 }).update(patient);
    server = await startServer(
      loadConfig({
        QN_API_HOST: '127.0.0.1',
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('desk'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_DEVICE_CREDENTIALS: `${DESK.id}:${DESK.secret},${KIOSK.id}:${KIOSK.secret},${OFFLINE.id}:${OFFLINE.secret}`,
        QN_STATION_DISPLAY_KEYS: `${KIOSK.id}:${KIOSK.displayKey}`,
        QN_CARD_META_KEY: META_KEY,
        QN_CARD_MASTER_KEY: MASTER_KEY,
        QN_PUBLIC_URL: 'https://kham.quangninh.test',
        QN_LOG_LEVEL: process.env.QN_TEST_LOG_LEVEL ?? 'silent',
      }),
    );
    await server.context.users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'reception.bvdk', password: PASSWORD }),
    });
    headers = {
      authorization: `Bearer ${((await signIn.json()) as { accessToken: string }).accessToken}`,
    };
    desk = await startStation(server.url, DESK);
    kiosk = await startStation(server.url, KIOSK);
    page = await openStationEvents(server.url, KIOSK.id, KIOSK.displayKey);
    // Both agents connected and said hello: the stations are online.
    const deadline = Date.now() + 10_000;
    while (!(desk.agent.connected && kiosk.agent.connected) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }, 120_000);

  afterEach(async () => {
    await liftAll();
  });

  afterAll(async () => {
    page?.close();
    await desk?.agent.stop();
    await kiosk?.agent.stop();
    desk?.cards.close();
    kiosk?.cards.close();
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('personalises the blank card on the desk reader, stores it active, and the card then signs its patient in at the kiosk', async () => {
    const uid = randomUid();
    const card = EmulatedNtag424.blank(fromHex(uid));
    await place(desk, DESK.reader, DESK.index, card);
    const response = await post('/api/cards', { patientId: PATIENT_ID, stationId: DESK.id });
    expect(response.status).toBe(201);
    const issued = (await response.json()) as CardView;
    expect(issued).toMatchObject({ uid, status: 'active', keyVersion: 1, personalisedAt: DESK.id });
    expect(card.versions).toEqual([1, 1, 1, 1, 1]);
    // A phone held to the card opens the API's own page for it (QN_PUBLIC_URL + /c).
    const ndef = Buffer.from(card.toState().ndefFile, 'hex').toString('latin1');
    expect(ndef).toContain('kham.quangninh.test/c?picc_data=');
    await liftAll();

    const event = await tapAtKiosk(card);
    expect(event).toMatchObject({
      type: 'session.started',
      session: { stationId: KIOSK.id, patient: { id: PATIENT_ID } },
    });
  });

  it('answers 409 card-removed naming the step when the card is lifted midway, stores nothing, and finishes when retried on the same card', async () => {
    const before = (await patientCards()).length;
    const uid = randomUid();
    const card = EmulatedNtag424.blank(fromHex(uid));
    // Lifted while ChangeKey 3 runs.
    await place(desk, DESK.reader, DESK.index, card, {
      pullAt: {
        when: (apdu) => apdu[0] === 0x90 && apdu[1] === 0xc4 && apdu[5] === 3,
        executed: false,
      },
    });
    const lifted = await post('/api/cards', { patientId: PATIENT_ID, stationId: DESK.id });
    expect(lifted.status).toBe(409);
    const problem = (await lifted.json()) as Problem;
    expect(problem).toMatchObject({
      type: expect.stringMatching(/card-removed$/),
      step: 'change-key-3',
    });
    expect(problem.done).toContain('change-key-2');
    expect(problem.detail).toMatch(/Đặt lại đúng thẻ/);
    expect(await patientCards()).toHaveLength(before);
    await liftAll();

    await place(desk, DESK.reader, DESK.index, card);
    const retried = await post('/api/cards', { patientId: PATIENT_ID, stationId: DESK.id });
    expect(retried.status).toBe(201);
    expect(((await retried.json()) as CardView).uid).toBe(uid);
  });

  it('re-keys a card to version 2: a tap made with the old keys is refused, the re-keyed card is accepted', async () => {
    const uid = randomUid();
    const card = EmulatedNtag424.blank(fromHex(uid));
    await place(desk, DESK.reader, DESK.index, card);
    const issued = (await (
      await post('/api/cards', { patientId: PATIENT_ID, stationId: DESK.id })
    ).json()) as CardView;
    const rekeyed = await post(`/api/cards/${issued.cardId}/rekey`, { stationId: DESK.id });
    expect(rekeyed.status).toBe(200);
    const view = (await rekeyed.json()) as CardView;
    expect(view).toMatchObject({ keyVersion: 2 });
    expect(view.keyHistory?.map((change) => change.version)).toEqual([1, 2]);
    await liftAll();

    // A copy of the card as it was before: same chip, version 1 keys, a counter well ahead.
    const v1 = cardKeySet({
      masterKey: fromHex(MASTER_KEY),
      metaReadKey: fromHex(META_KEY),
      uid: fromHex(uid),
      keyVersion: 1,
    });
    const oldKeys = new EmulatedNtag424({
      uid: fromHex(uid),
      keys: { metaRead: v1[1]!, fileRead: v1[2]! },
      counter: 1000,
    });
    expect(await tapAtKiosk(oldKeys)).toMatchObject({
      type: 'card.rejected',
      code: 'invalid-cmac',
    });
    expect(await tapAtKiosk(card)).toMatchObject({
      type: 'session.started',
      session: { patient: { id: PATIENT_ID } },
    });
  });

  it('answers 409 no-card-on-reader when nothing is placed in time, and 404/409 for an unknown or offline station', async () => {
    const before = (await patientCards()).length;
    const empty = await post('/api/cards', {
      patientId: PATIENT_ID,
      stationId: DESK.id,
      waitForCardSeconds: 1,
    });
    expect(empty.status).toBe(409);
    expect((await empty.json()) as Problem).toMatchObject({
      type: expect.stringMatching(/no-card-on-reader$/),
      detail: expect.stringMatching(/Đặt thẻ lên đầu đọc/),
    });
    expect(
      (await post('/api/cards', { patientId: PATIENT_ID, stationId: 'no-such-desk' })).status,
    ).toBe(404);
    const offline = await post('/api/cards', { patientId: PATIENT_ID, stationId: OFFLINE.id });
    expect(offline.status).toBe(409);
    expect(((await offline.json()) as Problem).type).toMatch(/station-offline$/);
    expect(await patientCards()).toHaveLength(before);
  });

  it('personalises through a second API instance: the command crosses instances through the database', async () => {
    const b = await startServer(
      loadConfig({
        QN_API_HOST: '127.0.0.1',
        QN_API_PORT: '0',
        MONGODB_URI: server.context.config.MONGODB_URI,
        HAPI_FHIR_URL: testHapiUrl(),
        QN_CARD_META_KEY: META_KEY,
        QN_CARD_MASTER_KEY: MASTER_KEY,
        QN_LOG_LEVEL: process.env.QN_TEST_LOG_LEVEL ?? 'silent',
      }),
    );
    try {
      const signIn = await fetch(`${b.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'reception.bvdk', password: PASSWORD }),
      });
      const token = ((await signIn.json()) as { accessToken: string }).accessToken;
      const uid = randomUid();
      const card = EmulatedNtag424.blank(fromHex(uid));
      await place(desk, DESK.reader, DESK.index, card);
      const response = await fetch(`${b.url}/api/cards`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ patientId: PATIENT_ID, stationId: DESK.id }),
      });
      expect(response.status).toBe(201);
      expect(((await response.json()) as CardView).uid).toBe(uid);
      expect(card.versions).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await b.stop();
    }
  });

  it('refuses a body with both uid and stationId, naming the rule', async () => {
    const both = await post('/api/cards', {
      patientId: PATIENT_ID,
      stationId: DESK.id,
      uid: randomUid(),
    });
    expect(both.status).toBe(400);
    expect(((await both.json()) as Problem).detail).toMatch(
      /stationId: give either uid .* or stationId/,
    );
  });
});
