import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Patient } from 'fhir/r4.js';
import { buildSunUrl, cardFileReadKey, fromHex, type SunFields } from '@qn/card-crypto';
import { AGENT_SOCKET_PATH, type AvailableSlot, type Booking, type StationEvent } from '@qn/contracts';
import { loadConfig } from '../config.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { PROFILE } from '../fhir/profiles.js';
import { demoTemplates } from '../scheduling/demo-templates.js';
import { addDays, localDayOf } from '../scheduling/local-time.js';
import { schedulingModels } from '../scheduling/models.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { openStationEvents, type StationEventsClient } from '../test-support/station-events-client.js';

/**
 * Tap to kiosk session on the real FerretDB and HAPI FHIR. Two API instances share one database:
 * the agent talks to instance A, the kiosk page listens on instance B, so every event crosses
 * instances through the station event log. SUN messages are built with @qn/card-crypto, as the card
 * (or the emulator) would make them.
 */
const META_KEY = randomBytes(16).toString('hex').toUpperCase();
const MASTER_KEY = randomBytes(16).toString('hex').toUpperCase();
const STATION = { id: 'kiosk-it-cards', secret: randomBytes(18).toString('base64url'), displayKey: randomBytes(18).toString('base64url') };
const SUFFIX = randomBytes(3).toString('hex');
interface TestPatient {
  id: string;
  name: string;
  family: string;
  given: string[];
  gender: 'male' | 'female';
  birthDate: string;
}
const PATIENTS: Record<'lan' | 'hung' | 'hungUnmarked', TestPatient> = {
  lan: { id: `it-kiosk-lan-${SUFFIX}`, name: 'Nguyễn Thị Lan', family: 'Nguyễn', given: ['Thị', 'Lan'], gender: 'female', birthDate: '1980-05-12' },
  hung: { id: `it-kiosk-hung-${SUFFIX}`, name: 'Trần Văn Hùng', family: 'Trần', given: ['Văn', 'Hùng'], gender: 'male', birthDate: '1958-11-02' },
  // The same man at a hospital whose export has no diacritics, linked to the record above.
  hungUnmarked: { id: `it-kiosk-hung-bc-${SUFFIX}`, name: 'Tran Van Hung', family: 'Tran', given: ['Van', 'Hung'], gender: 'male', birthDate: '1958-11-02' },
};
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

function randomUid(): string {
  return `04${randomBytes(6).toString('hex').toUpperCase()}`;
}

function sunFor(uid: string, counter: number): SunFields {
  const keys = { metaRead: fromHex(META_KEY), fileRead: cardFileReadKey(fromHex(MASTER_KEY), fromHex(uid), 1) };
  return buildSunUrl({ baseUrl: 'https://the.qn.card/t', uid: fromHex(uid), counter, keys });
}

function tapMessage(sun: SunFields | undefined): string {
  const now = new Date().toISOString();
  return JSON.stringify({ type: 'card.tapped', reader: 'Virtual PCD 00 00', kind: 'TAG_ISO_14443_4', atr: '3B8180018080', ...(sun ? { sun } : {}), tappedAt: now, sentAt: now });
}

function connectAgent(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}${AGENT_SOCKET_PATH}`, {
      headers: { authorization: `Basic ${Buffer.from(`${STATION.id}:${STATION.secret}`).toString('base64')}` },
    });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function config(mongoUri: string, extra: Record<string, string> = {}): ReturnType<typeof loadConfig> {
  return loadConfig({
    QN_API_PORT: '0',
    MONGODB_URI: mongoUri,
    HAPI_FHIR_URL: testHapiUrl(),
    QN_DEVICE_CREDENTIALS: `${STATION.id}:${STATION.secret}`,
    QN_STATION_DISPLAY_KEYS: `${STATION.id}:${STATION.displayKey}`,
    QN_CARD_META_KEY: META_KEY,
    QN_CARD_MASTER_KEY: MASTER_KEY,
    QN_LOG_LEVEL: process.env.QN_TEST_LOG_LEVEL ?? 'silent',
    ...extra,
  });
}

function patientResource(p: TestPatient): Patient & { id: string } {
  return { resourceType: 'Patient', id: p.id, meta: { profile: [PROFILE.Patient] }, name: [{ use: 'official', text: p.name, family: p.family, given: p.given }], gender: p.gender, birthDate: p.birthDate };
}

const isStarted = (e: StationEvent): e is Extract<StationEvent, { type: 'session.started' }> => e.type === 'session.started';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

describe('tap to kiosk session across two API instances', () => {
  let a: RunningServer;
  let b: RunningServer;
  let agent: WebSocket;
  let page: StationEventsClient;
  const cards = { lan: randomUid(), hung: randomUid(), hungUnmarked: randomUid(), revoked: randomUid() };
  const counters = new Map<string, number>();

  /** Taps a card at the station through instance A; resolves with the event the page on B got. */
  async function tap(uid: string, options: { counter?: number; sun?: SunFields } = {}): Promise<{ event: StationEvent; latencyMs: number; sun: SunFields }> {
    const counter = options.counter ?? (counters.get(uid) ?? 0) + 1;
    counters.set(uid, Math.max(counter, counters.get(uid) ?? 0));
    const sun = options.sun ?? sunFor(uid, counter);
    const after = page.events.length;
    const sentAt = performance.now();
    agent.send(tapMessage(sun));
    const got = await page.next((e) => e.type === 'session.started' || e.type === 'card.rejected', { after, timeoutMs: 3000 });
    return { event: got.event, latencyMs: got.receivedAt - sentAt, sun };
  }

  beforeAll(async () => {
    const hapi = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });
    for (const p of Object.values(PATIENTS)) await hapi.update(patientResource(p));
    await hapi.update({ resourceType: 'Person', id: `it-kiosk-person-hung-${SUFFIX}`, active: true, link: [PATIENTS.hung, PATIENTS.hungUnmarked].map((p) => ({ target: { reference: `Patient/${p.id}` }, assurance: 'level3' as const })) });
    const mongoUri = isolatedMongoUri('kiosk');
    a = await startServer(config(mongoUri));
    b = await startServer(config(mongoUri));
    await a.context.cards.issue({ patientId: PATIENTS.lan.id, uid: cards.lan });
    await a.context.cards.issue({ patientId: PATIENTS.hung.id, uid: cards.hung });
    await a.context.cards.issue({ patientId: PATIENTS.hungUnmarked.id, uid: cards.hungUnmarked });
    const revoked = await a.context.cards.issue({ patientId: PATIENTS.hung.id, uid: cards.revoked });
    await a.context.cards.revoke(revoked._id, 'reported lost');
    const models = schedulingModels(a.context.mongo);
    await a.context.scheduling.ready();
    for (const template of demoTemplates()) {
      await models.templates.updateOne({ serviceId: template.serviceId }, { $set: { ...template, capacity: 3, slotMinutes: 15, sessions: ALL_DAY } }, { upsert: true });
    }
    agent = await connectAgent(a.url);
    page = await openStationEvents(b.url, STATION.id, STATION.displayKey);
    expect(page.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    page?.close();
    agent?.close();
    await a?.context.mongo.dropDatabase().catch(() => undefined);
    await b?.stop();
    await a?.stop();
  });

  it('refuses the event stream with 401 when the display key is wrong or the station unknown', async () => {
    const wrong = await openStationEvents(b.url, STATION.id, 'not-the-key');
    expect(wrong.status).toBe(401);
    const unknown = await openStationEvents(b.url, 'kiosk-nowhere', STATION.displayKey);
    expect(unknown.status).toBe(401);
  });

  it('signs the patient in on the other instance within 1 s with a masked name when a genuine card is tapped', async () => {
    const { event, latencyMs } = await tap(cards.lan);
    expect(event).toMatchObject({ type: 'session.started', session: { stationId: STATION.id, patient: { id: PATIENTS.lan.id, maskedName: 'Nguyễn T*** L***', birthYear: 1980 } } });
    expect(latencyMs).toBeLessThan(1000);
    expect(JSON.stringify(event)).not.toContain('Thị Lan');
  });

  it('greets a patient whose record has no diacritics by the spelling of the linked record that has them', async () => {
    const { event } = await tap(cards.hungUnmarked);
    expect(event).toMatchObject({ type: 'session.started', session: { patient: { id: PATIENTS.hungUnmarked.id, maskedName: 'Trần V*** H***' } } });
  });

  it('delivers taps across instances within one poll interval plus processing, measured over 20 taps', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      // A random pause, so taps do not fall in step with the poll interval.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 250));
      const { event, latencyMs } = await tap(cards.hung);
      expect(event.type).toBe('session.started');
      latencies.push(latencyMs);
    }
    const sameInstance: number[] = [];
    const onB = page.events.length;
    const local = await openStationEvents(a.url, STATION.id, STATION.displayKey);
    try {
      for (let i = 0; i < 10; i++) {
        const after = local.events.length;
        const sentAt = performance.now();
        agent.send(tapMessage(sunFor(cards.hung, (counters.get(cards.hung) ?? 0) + 1)));
        counters.set(cards.hung, (counters.get(cards.hung) ?? 0) + 1);
        const got = await local.next(isStarted, { after });
        sameInstance.push(got.receivedAt - sentAt);
      }
    } finally {
      local.close();
    }
    // The page on B gets these taps too (session.ended replaced + session.started each): let them
    // arrive before the next test reads that page.
    const deadline = Date.now() + 3000;
    while (page.events.length < onB + 2 * sameInstance.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const summary = {
      pollMs: b.context.config.QN_STATION_EVENTS_POLL_MS,
      crossInstance: { taps: latencies.length, medianMs: percentile(latencies, 50), p95Ms: percentile(latencies, 95), maxMs: Math.max(...latencies) },
      sameInstance: { taps: sameInstance.length, medianMs: percentile(sameInstance, 50), p95Ms: percentile(sameInstance, 95), maxMs: Math.max(...sameInstance) },
    };
    const dir = path.resolve(import.meta.dirname, '../../../.test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'kiosk-event-latency.json'), JSON.stringify(summary, null, 2));
    expect(summary.crossInstance.p95Ms).toBeLessThan(1000);
  }, 60_000);

  it('rejects a replayed SUN message with code replayed and a Vietnamese message', async () => {
    const first = await tap(cards.lan);
    expect(first.event.type).toBe('session.started');
    const again = await tap(cards.lan, { sun: first.sun });
    expect(again.event).toMatchObject({ type: 'card.rejected', code: 'replayed' });
    expect((again.event as { message: string }).message).toMatch(/chạm lại/);
    const older = await tap(cards.lan, { counter: 1 });
    expect(older.event).toMatchObject({ type: 'card.rejected', code: 'replayed' });
  });

  it('rejects a tap whose CMAC is wrong and does not move the card counter', async () => {
    const counter = (counters.get(cards.lan) ?? 0) + 1;
    const genuine = sunFor(cards.lan, counter);
    const forged = { ...genuine, cmac: genuine.cmac.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
    const rejected = await tap(cards.lan, { sun: forged });
    expect(rejected.event).toMatchObject({ type: 'card.rejected', code: 'invalid-cmac' });
    // The genuine message with that counter is still good: a forgery cannot burn counters.
    const accepted = await tap(cards.lan, { sun: genuine });
    expect(accepted.event.type).toBe('session.started');
  });

  it('rejects a revoked card and a card the province never issued', async () => {
    expect((await tap(cards.revoked)).event).toMatchObject({ type: 'card.rejected', code: 'revoked' });
    expect((await tap(randomUid())).event).toMatchObject({ type: 'card.rejected', code: 'unknown-card' });
  });

  it('rejects a card without a SUN message as not a patient card', async () => {
    const after = page.events.length;
    agent.send(tapMessage(undefined));
    const got = await page.next((e) => e.type === 'card.rejected', { after });
    expect(got.event).toMatchObject({ code: 'not-a-patient-card' });
  });

  it('ends the session when the card is removed, after which the token is refused with 401', async () => {
    const { event } = await tap(cards.lan);
    if (!isStarted(event)) throw new Error(`expected session.started, got ${event.type}`);
    const auth = { Authorization: `Bearer ${event.session.token}` };
    expect((await fetch(`${b.url}/api/kiosk/session`, { headers: auth })).status).toBe(200);
    const after = page.events.length;
    agent.send(JSON.stringify({ type: 'card.removed', reader: 'Virtual PCD 00 00', sentAt: new Date().toISOString() }));
    const ended = await page.next((e) => e.type === 'session.ended', { after });
    expect(ended.event).toMatchObject({ type: 'session.ended', reason: 'card-removed' });
    const gone = await fetch(`${b.url}/api/kiosk/session`, { headers: auth });
    expect(gone.status).toBe(401);
    expect(gone.headers.get('content-type')).toContain('application/problem+json');
  });

  it('opens then ends the session, in that order, when the card is lifted right after the tap', async () => {
    const after = page.events.length;
    const counter = (counters.get(cards.lan) ?? 0) + 1;
    counters.set(cards.lan, counter);
    agent.send(tapMessage(sunFor(cards.lan, counter)));
    agent.send(JSON.stringify({ type: 'card.removed', reader: 'Virtual PCD 00 00', sentAt: new Date().toISOString() }));
    const ended = await page.next((e) => e.type === 'session.ended' && e.reason === 'card-removed', { after });
    const started = await page.next(isStarted, { after });
    expect(started.index).toBeLessThan(ended.index);
  });

  it('scopes the session to its own patient: no other patient booking is visible, cancellable or bookable', async () => {
    const today = localDayOf(new Date());
    const slots = (await (await fetch(`${b.url}/api/availability?from=${today}&to=${addDays(today, 2)}&hospital=bvdk-tinh-quang-ninh&limit=50`)).json()) as AvailableSlot[];
    const [slotForHung, slotForLan] = [slots[0], slots.find((s) => s.serviceId !== slots[0]?.serviceId)];
    if (!slotForHung || !slotForLan) throw new Error('no free slots to book');
    const hungBooking = await a.context.scheduling.book({ patientId: PATIENTS.hung.id, slotId: slotForHung.slotId, idempotencyKey: randomUUID(), actor: { kind: 'staff' } });

    const { event } = await tap(cards.lan);
    if (!isStarted(event)) throw new Error(`expected session.started, got ${event.type}`);
    const headers = { Authorization: `Bearer ${event.session.token}`, 'Content-Type': 'application/json' };

    const info = await fetch(`${b.url}/api/kiosk/session`, { headers });
    expect(await info.json()).toMatchObject({ stationId: STATION.id, patient: { id: PATIENTS.lan.id, maskedName: 'Nguyễn T*** L***' } });

    const otherCancel = await fetch(`${b.url}/api/kiosk/bookings/${hungBooking.booking.id}/cancel`, { method: 'POST', headers });
    expect(otherCancel.status).toBe(404);
    const otherBody = await otherCancel.text();
    expect(otherBody).not.toContain(PATIENTS.hung.id);
    expect(otherBody).not.toContain(slotForHung.serviceName);

    const forOther = await fetch(`${b.url}/api/kiosk/bookings`, { method: 'POST', headers: { ...headers, 'Idempotency-Key': randomUUID() }, body: JSON.stringify({ slotId: slotForLan.slotId, patientId: PATIENTS.hung.id }) });
    expect(forOther.status).toBe(400);
    expect(((await forOther.json()) as { detail: string }).detail).toContain('patientId');

    const own = await fetch(`${b.url}/api/kiosk/bookings`, { method: 'POST', headers: { ...headers, 'Idempotency-Key': randomUUID() }, body: JSON.stringify({ slotId: slotForLan.slotId }) });
    expect(own.status).toBe(201);
    const booking = (await own.json()) as Booking;
    expect(booking.patientId).toBe(PATIENTS.lan.id);

    const list = (await (await fetch(`${b.url}/api/kiosk/bookings`, { headers })).json()) as Booking[];
    expect(list.map((x) => x.id)).toEqual([booking.id]);

    const cancelled = await fetch(`${a.url}/api/kiosk/bookings/${booking.id}/cancel`, { method: 'POST', headers });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Booking).status).toBe('cancelled');

    const after = page.events.length;
    expect((await fetch(`${b.url}/api/kiosk/session/end`, { method: 'POST', headers })).status).toBe(204);
    expect((await page.next((e) => e.type === 'session.ended', { after })).event).toMatchObject({ reason: 'sign-out' });
    expect((await fetch(`${b.url}/api/kiosk/bookings`, { headers })).status).toBe(401);
  });

  it('holds a seat for the session\'s own patient, confirms it into a booking, and lets an unconfirmed hold go the moment the card is lifted', async () => {
    const today = localDayOf(new Date());
    const slots = (await (await fetch(`${b.url}/api/availability?from=${addDays(today, 1)}&to=${addDays(today, 3)}&hospital=bv-bai-chay&limit=50`)).json()) as AvailableSlot[];
    const [first, second] = [slots[0], slots.find((s) => s.serviceId !== slots[0]?.serviceId)];
    if (!first || !second) throw new Error('no free slots to hold');
    const { event } = await tap(cards.lan);
    if (!isStarted(event)) throw new Error(`expected session.started, got ${event.type}`);
    const headers = { Authorization: `Bearer ${event.session.token}`, 'Content-Type': 'application/json' };
    const hold = async (slotId: string): Promise<Booking> => {
      const response = await fetch(`${b.url}/api/kiosk/holds`, { method: 'POST', headers: { ...headers, 'Idempotency-Key': randomUUID() }, body: JSON.stringify({ slotId }) });
      expect(response.status).toBe(201);
      return (await response.json()) as Booking;
    };

    const kept = await hold(first.slotId);
    expect(kept).toMatchObject({ status: 'held', patientId: PATIENTS.lan.id, queueNumber: 0 });
    const confirmed = await fetch(`${a.url}/api/kiosk/holds/${kept.id}/confirm`, { method: 'POST', headers });
    expect(((await confirmed.json()) as Booking).status).toBe('booked');

    const pending = await hold(second.slotId);
    const after = page.events.length;
    agent.send(JSON.stringify({ type: 'card.removed', reader: 'Virtual PCD 00 00', sentAt: new Date().toISOString() }));
    await page.next((e) => e.type === 'session.ended', { after });
    expect((await a.context.scheduling.get(pending.id)).status).toBe('expired');
    expect((await a.context.scheduling.get(kept.id)).status).toBe('booked');
    await a.context.scheduling.cancel(kept.id, { kind: 'staff' });
  });

  it('replaces the station session when another card is tapped, so the first token stops working', async () => {
    const first = await tap(cards.lan);
    if (!isStarted(first.event)) throw new Error('expected session.started');
    const second = await tap(cards.hung);
    if (!isStarted(second.event)) throw new Error('expected session.started');
    expect(page.events.some((e) => e.event.type === 'session.ended' && e.event.reason === 'replaced')).toBe(true);
    expect((await fetch(`${b.url}/api/kiosk/session`, { headers: { Authorization: `Bearer ${first.event.session.token}` } })).status).toBe(401);
    expect((await fetch(`${b.url}/api/kiosk/session`, { headers: { Authorization: `Bearer ${second.event.session.token}` } })).status).toBe(200);
  });
});

describe('kiosk session idle timeout', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(config(isolatedMongoUri('kiosk_idle'), { QN_KIOSK_IDLE_MS: '1000' }));
  }, 60_000);
  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('ends a session left idle for the idle time: 401 for its token and session.ended with reason idle', async () => {
    const uid = randomUid();
    await server.context.cards.issue({ patientId: PATIENTS.lan.id, uid });
    const page = await openStationEvents(server.url, STATION.id, STATION.displayKey);
    const agent = await connectAgent(server.url);
    try {
      agent.send(tapMessage(sunFor(uid, 1)));
      const started = await page.next(isStarted);
      if (!isStarted(started.event)) throw new Error('expected session.started');
      const headers = { Authorization: `Bearer ${started.event.session.token}` };
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await fetch(`${server.url}/api/kiosk/session`, { headers })).status).toBe(200);
      const ended = await page.next((e) => e.type === 'session.ended', { timeoutMs: 4000 });
      expect(ended.event).toMatchObject({ type: 'session.ended', reason: 'idle' });
      expect((await fetch(`${server.url}/api/kiosk/session`, { headers })).status).toBe(401);
    } finally {
      page.close();
      agent.close();
    }
  });
});
