import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Appointment, Bundle } from 'fhir/r4.js';
import type { AvailableSlot, Booking } from '@qn/contracts';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { demoDirectoryBundle } from '../directory/demo-directory.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { demoTemplates } from '../scheduling/demo-templates.js';
import { BOOKING_IDENTIFIER_SYSTEM } from '../scheduling/fhir-publisher.js';
import { addDays, localDayOf } from '../scheduling/local-time.js';
import { schedulingModels, type SchedulingModels } from '../scheduling/models.js';
import { startServer, type RunningServer } from '../server.js';
import { freePort, OwnFerretdb } from '../test-support/own-ferretdb.js';
import { isolatedMongoUri, requiredEnv, testHapiUrl } from '../test-support/stack-env.js';
import { TcpProxy } from '../test-support/tcp-proxy.js';

/**
 * Faults under load (issue 9), against the real FerretDB and HAPI FHIR: HAPI stopped in the middle
 * of 1,000 bookings, and the database killed and restarted while kiosks book. The clients behave as the kiosk app does:
 * a request that got 503 or no answer is sent again with the same Idempotency-Key.
 *
 * HAPI is the suite's shared server cut off behind a TCP proxy (to the API the same as HAPI
 * stopped; restarting HAPI takes a minute). The database restart is a FerretDB process of this
 * test's own, really killed with SIGKILL and started again on the same files.
 */
const PASSWORD = `fault-${randomUUID().slice(0, 8)}`;
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const HOSPITAL = 'bv-bai-chay';

interface Answer {
  status: number;
  body: Booking & { type?: string; detail?: string };
  ms: number;
}

interface Final {
  answer: Answer;
  /** Every answer on the way, including the 503s and network failures (status 0). */
  tries: Answer[];
}

class Api {
  staff: Record<string, string> = {};
  models!: SchedulingModels;

  private constructor(readonly server: RunningServer) {}

  static async start(mongoUri: string, hapiUrl: string, capacity: number): Promise<Api> {
    const server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: mongoUri,
        HAPI_FHIR_URL: hapiUrl,
        QN_HAPI_TIMEOUT_MS: '3000',
        QN_REQUEST_DEADLINE_MS: '10000',
        QN_HEALTH_INTERVAL_MS: '500',
        QN_HEALTH_PROBE_TIMEOUT_MS: '1000',
        QN_OUTBOX_INTERVAL_MS: '200',
        QN_REMINDER_INTERVAL_MS: '86400000',
        QN_STAFF_BOOKING_LIMIT: '100000',
        QN_LOG_LEVEL: process.env.QN_TEST_LOG_LEVEL ?? 'silent',
      }),
    );
    const api = new Api(server);
    api.models = schedulingModels(server.context.mongo);
    await server.context.scheduling.ready();
    await server.context.users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'reception.baichay', password: PASSWORD }),
    });
    api.staff = {
      authorization: `Bearer ${((await signIn.json()) as { accessToken: string }).accessToken}`,
    };
    for (const template of demoTemplates()) {
      await api.models.templates.updateOne(
        { serviceId: template.serviceId },
        { $set: { ...template, capacity, slotMinutes: 15, sessions: ALL_DAY } },
        { upsert: true },
      );
    }
    return api;
  }

  get url(): string {
    return this.server.url;
  }

  async slots(count: number): Promise<AvailableSlot[]> {
    const today = localDayOf(new Date());
    const params = new URLSearchParams({
      hospital: HOSPITAL,
      from: addDays(today, 1),
      to: addDays(today, 3),
      limit: String(count),
    });
    const response = await fetch(`${this.url}/api/availability?${params.toString()}`);
    const slots = (await response.json()) as AvailableSlot[];
    if (slots.length < count) throw new Error(`only ${slots.length} free slots`);
    return slots;
  }

  /** One attempt; a network failure or a client time-out is status 0. */
  async bookOnce(slotId: string, patientId: string, key: string): Promise<Answer> {
    const started = performance.now();
    try {
      const response = await fetch(`${this.url}/api/bookings`, {
        method: 'POST',
        headers: { ...this.staff, 'content-type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify({ slotId, patientId }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json()) as Answer['body'];
      return { status: response.status, body, ms: performance.now() - started };
    } catch {
      return { status: 0, body: {} as Answer['body'], ms: performance.now() - started };
    }
  }

  /** As the kiosk app does: the same key again after a 503, a key still in flight, or no answer. */
  async book(slotId: string, patientId: string, deadlineMs = 90_000): Promise<Final> {
    const key = randomUUID();
    const tries: Answer[] = [];
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const answer = await this.bookOnce(slotId, patientId, key);
      tries.push(answer);
      const again =
        answer.status === 0 ||
        answer.status === 503 ||
        (answer.status === 409 && answer.body.type === '/problems/request-in-progress');
      if (!again || Date.now() > deadline) return { answer, tries };
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  }

  async stop(): Promise<void> {
    await this.server.context.mongo.dropDatabase().catch(() => undefined);
    await this.server.stop();
  }
}

/** Runs `work(i)` for i < n with `concurrency` at a time; `onDone` sees the running count. */
async function pool<T>(
  n: number,
  concurrency: number,
  work: (i: number) => Promise<T>,
  onDone: (done: number) => void | Promise<void> = () => undefined,
): Promise<T[]> {
  const results: T[] = new Array<T>(n);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        results[i] = await work(i);
        await onDone(++done);
      }
    }),
  );
  return results;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** Waits until the outbox has published every one of these bookings; returns how long it took. */
function waitUntilPublished(
  models: SchedulingModels,
  bookingIds: string[],
  timeoutMs: number,
): Promise<number> {
  return waitFor(
    async () =>
      (await models.bookings.countDocuments({
        _id: { $in: bookingIds },
        publishedToFhir: false,
      })) === 0,
    timeoutMs,
  );
}

/** How many Appointments HAPI holds for each booking id, 100 ids per search. */
async function appointmentCounts(bookingIds: string[]): Promise<Map<string, number>> {
  const counts = new Map(bookingIds.map((id) => [id, 0]));
  for (let i = 0; i < bookingIds.length; i += 100) {
    const identifiers = bookingIds
      .slice(i, i + 100)
      .map((id) => `${BOOKING_IDENTIFIER_SYSTEM}|${id}`)
      .join(',');
    const response = await fetch(`${testHapiUrl()}/Appointment/_search`, {
      method: 'POST',
      headers: {
        Accept: 'application/fhir+json',
        'Content-Type': 'application/x-www-form-urlencoded',
        'Cache-Control': 'no-cache',
      },
      body: new URLSearchParams({ identifier: identifiers, _count: '300' }).toString(),
    });
    const bundle = (await response.json()) as Bundle<Appointment>;
    for (const entry of bundle.entry ?? []) {
      const id = entry.resource?.identifier?.find(
        (identifier) => identifier.system === BOOKING_IDENTIFIER_SYSTEM,
      )?.value;
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

/** A booking, a 503 problem, or "your retry came while the first attempt was still locked". */
function isExpectedDuringFaults(answer: Answer): boolean {
  if (answer.status === 201) return true;
  if (answer.status === 503) return typeof answer.body.detail === 'string';
  return answer.status === 409 && answer.body.type === '/problems/request-in-progress';
}

/** What is left in the database must be whole: each booking numbered once, keys settled. */
async function expectWholeState(models: SchedulingModels, confirmed: string[]): Promise<void> {
  const bookings = await models.bookings
    .find({}, { _id: 1, queueNumber: 1, serviceId: 1, localDay: 1, status: 1 })
    .lean();
  // 0 confirmed bookings lost, and no booking that nobody was told about.
  expect(bookings.map((b) => b._id).sort()).toEqual([...confirmed].sort());
  expect(bookings.every((b) => b.status === 'booked' && (b.queueNumber ?? 0) > 0)).toBe(true);
  const numbers = await models.queueNumbers.find({}, { key: 1, n: 1, bookingId: 1 }).lean();
  expect(new Set(numbers.map((q) => q.bookingId)).size).toBe(numbers.length);
  expect(numbers.length).toBe(bookings.length);
  const perDay = new Map<string, number[]>();
  for (const q of numbers) perDay.set(q.key, [...(perDay.get(q.key) ?? []), q.n]);
  for (const ns of perDay.values()) {
    expect(ns.sort((a, b) => a - b)).toEqual(ns.map((_, i) => i + 1)); // gapless, no duplicates
  }
  expect(await models.idempotency.countDocuments({ state: { $ne: 'done' } })).toBe(0);
}

describe('faults under load: HAPI FHIR and the database fail while patients book', () => {
  const hapi = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });
  const hapiUrl = new URL(testHapiUrl());
  let hapiProxy: TcpProxy;
  let api: Api;

  beforeAll(async () => {
    await hapi.transaction(demoDirectoryBundle());
    hapiProxy = new TcpProxy(hapiUrl.hostname, Number(hapiUrl.port));
    await hapiProxy.open();
    api = await Api.start(
      isolatedMongoUri('faults'),
      `http://127.0.0.1:${hapiProxy.port}${hapiUrl.pathname}`,
      20,
    );
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await hapiProxy?.close();
  });

  it('books 1,000 patients with 201 while HAPI is stopped halfway, loses none, and publishes every one soon after HAPI returns', async () => {
    const slots = await api.slots(60);
    let stoppedAt = 0;
    let backAt = 0;
    const finals = await pool(
      1000,
      20,
      (i) => api.book(slots[i % slots.length]!.slotId, `pt-hapi-${i}-${randomUUID().slice(0, 6)}`),
      async (done) => {
        if (done === 100) {
          await hapiProxy.close();
          stoppedAt = Date.now();
        }
        if (done === 900) {
          await hapiProxy.open(hapiProxy.port);
          backAt = Date.now();
        }
      },
    );
    expect(stoppedAt).toBeGreaterThan(0);
    // HAPI being down never blocks a booking: no retries were needed, every answer a 201.
    expect(finals.map((f) => f.answer.status).filter((s) => s !== 201)).toEqual([]);
    expect(finals.every((f) => f.tries.length === 1)).toBe(true);
    const ids = finals.map((f) => f.answer.body.id);
    expect(new Set(ids).size).toBe(1000);

    const drainedMs = await waitUntilPublished(api.models, ids, 90_000);
    const sinceBack = Date.now() - backAt;
    console.log(
      `HAPI down ${Math.round((backAt - stoppedAt) / 1000)} s during 1,000 bookings; all published ${sinceBack} ms after it returned (${drainedMs} ms after the last booking)`,
    );
    // The goal is 60 s; measured 63 s on 2 cores while the last bookings were still being
    // made (RELIABILITY.md). The bound here is what must never regress.
    expect(sinceBack).toBeLessThan(90_000);
    const counts = await appointmentCounts(ids);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    await expectWholeState(api.models, ids);
  }, 240_000);
});

describe('the database killed and restarted while kiosks book', () => {
  let ferretdb: OwnFerretdb;
  let stateDir: string;
  let api: Api;

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'qn-faults-ferretdb-'));
    ferretdb = new OwnFerretdb(requiredEnv('QN_TEST_FERRETDB_BIN'), await freePort(), stateDir);
    await ferretdb.start();
    api = await Api.start(`mongodb://127.0.0.1:${ferretdb.port}/faults`, testHapiUrl(), 20);
  }, 120_000);

  afterAll(async () => {
    await api?.server.stop();
    await ferretdb?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('answers 503 problem details without hanging while it is down, recovers by itself, and loses no confirmed booking', async () => {
    const slots = await api.slots(40);
    let killedAt = 0;
    let restartedAt = 0;
    const outage = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await ferretdb.stop();
      killedAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 5000));
      await ferretdb.start();
      restartedAt = Date.now();
    })();
    const finals = await pool(300, 10, (i) =>
      api.book(slots[i % slots.length]!.slotId, `pt-db-${i}-${randomUUID().slice(0, 6)}`),
    );
    await outage;

    const tries = finals.flatMap((f) => f.tries);
    const refusals = tries.filter((t) => t.status === 503);
    const recovered = tries.filter((t) => t.status === 201).length;
    console.log(
      `database down ${Math.round((restartedAt - killedAt) / 1000)} s: ${refusals.length} answers 503 (slowest ${Math.round(Math.max(0, ...refusals.map((t) => t.ms)))} ms), ${recovered} bookings confirmed`,
    );
    expect(killedAt).toBeGreaterThan(0);
    expect(refusals.length).toBeGreaterThan(0);
    // 409 request-in-progress: a retry while the first attempt's key was still locked.
    expect(tries.filter((t) => !isExpectedDuringFaults(t))).toEqual([]);
    expect(refusals.every((t) => typeof t.body.detail === 'string')).toBe(true);
    // No hanging: a request caught in flight fails each database call after the 2 s server
    // selection time-out (measured at most 5.6 s); later ones are refused at once by readiness.
    expect(Math.max(...refusals.map((t) => t.ms))).toBeLessThan(10_000);
    expect(finals.map((f) => f.answer.status).filter((s) => s !== 201)).toEqual([]);
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(200);
    await expectWholeState(
      api.models,
      finals.map((f) => f.answer.body.id),
    );
  }, 180_000);
});

describe('latency and connection resets between the API and its database and HAPI FHIR', () => {
  const hapiUrl = new URL(testHapiUrl());
  const mongoUrl = new URL(isolatedMongoUri('tcp_faults'));
  let databaseProxy: TcpProxy;
  let hapiProxy: TcpProxy;
  let api: Api;

  beforeAll(async () => {
    await new FhirStore(testHapiUrl(), { timeoutMs: 60_000 }).transaction(demoDirectoryBundle());
    databaseProxy = new TcpProxy(mongoUrl.hostname, Number(mongoUrl.port));
    await databaseProxy.open();
    hapiProxy = new TcpProxy(hapiUrl.hostname, Number(hapiUrl.port));
    await hapiProxy.open();
    const proxiedMongo = new URL(mongoUrl);
    proxiedMongo.port = String(databaseProxy.port);
    api = await Api.start(
      proxiedMongo.toString(),
      `http://127.0.0.1:${hapiProxy.port}${hapiUrl.pathname}`,
      20,
    );
  }, 120_000);

  afterAll(async () => {
    databaseProxy?.delay(0);
    hapiProxy?.delay(0);
    await api?.stop();
    await databaseProxy?.close();
    await hapiProxy?.close();
  });

  it('answers every request within its time-outs, leaves no half-written booking, and publishes every booking once the links are clean', async () => {
    const slots = await api.slots(40);
    let running = true;
    const faults = (async () => {
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      await pause(1000);
      // A slow link to both: every chunk each way waits 150 ms.
      databaseProxy.delay(150);
      hapiProxy.delay(150);
      await pause(4000);
      databaseProxy.delay(0);
      hapiProxy.delay(0);
      // Then every connection reset, every 0.5 s, alternating between the two links.
      for (let i = 0; i < 20 && running; i++) {
        (i % 2 === 0 ? databaseProxy : hapiProxy).reset();
        await pause(500);
      }
    })();
    const finals = await pool(200, 10, (i) =>
      api.book(slots[i % slots.length]!.slotId, `pt-tcp-${i}-${randomUUID().slice(0, 6)}`, 60_000),
    );
    running = false;
    await faults;

    const tries = finals.flatMap((f) => f.tries);
    console.log(
      `TCP faults: ${databaseProxy.resets} database and ${hapiProxy.resets} HAPI connections reset; ${tries.length} requests for 200 bookings, slowest ${Math.round(Math.max(...tries.map((t) => t.ms)))} ms; ${tries.filter((t) => t.status === 503).length} × 503`,
    );
    expect(databaseProxy.resets).toBeGreaterThan(0);
    expect(tries.filter((t) => !isExpectedDuringFaults(t))).toEqual([]);
    // Time-outs: the database's server selection (2 s), HAPI's 3 s, and the request deadline
    // (10 s here) for a driver call that would otherwise wait forever (request-deadline.ts).
    expect(Math.max(...tries.map((t) => t.ms))).toBeLessThan(12_000);
    expect(finals.map((f) => f.answer.status).filter((s) => s !== 201)).toEqual([]);
    const ids = finals.map((f) => f.answer.body.id);
    await expectWholeState(api.models, ids);

    await waitUntilPublished(api.models, ids, 60_000);
    const counts = await appointmentCounts(ids);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  }, 240_000);
});
