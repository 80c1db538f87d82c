import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AvailableSlot, Booking } from '@qn/contracts';
import type { Appointment, Bundle, Patient, Slot } from 'fhir/r4.js';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config.js';
import { demoDirectoryBundle } from '../directory/demo-directory.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { IDENTIFIER_SYSTEM, PROFILE } from '../fhir/profiles.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { TcpProxy } from '../test-support/tcp-proxy.js';
import { demoTemplates } from './demo-templates.js';
import { BOOKING_IDENTIFIER_SYSTEM } from './fhir-publisher.js';
import { requestFingerprint } from './fingerprint.js';
import { nextHoliday } from './holidays.js';
import { addDays, localDayOf } from './local-time.js';
import {
  Reminders,
  reminderModel,
  type Notification,
  type NotificationAdapter,
} from './reminders.js';
import { schedulingModels, type SchedulingModels } from './models.js';
import { SchedulingService } from './scheduling-service.js';
import { fhirSlotId, parseSlotId } from './slot-id.js';

/**
 * Scheduling against the real FerretDB (on PostgreSQL) and HAPI FHIR. The demo directory is loaded
 * into HAPI (the Appointments reference its HealthcareServices and Locations); this file's own
 * database holds templates open round the clock, so slots are always there to book. HAPI is
 * reached through a TCP proxy so a test can cut it off.
 */
const STAFF_PASSWORD = `le-tan-${randomUUID().slice(0, 8)}`;
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const SERVICE = {
  queue: 'hs-bvdk-tinh-quang-ninh-noi',
  race: 'hs-bvdk-tinh-quang-ninh-ngoai',
  idempotency: 'hs-bvdk-tinh-quang-ninh-mat',
  cancel: 'hs-bvdk-tinh-quang-ninh-tai-mui-hong',
  outage: 'hs-bv-bai-chay-da-lieu',
  patientRule: 'hs-bv-bai-chay-rang-ham-mat',
  bigSlot: 'hs-bv-bai-chay-y-hoc-co-truyen',
};

interface Problem {
  detail: string;
  type: string;
  alternatives?: AvailableSlot[];
  errors?: Array<{ field: string }>;
}

describe('scheduling and booking against FerretDB and HAPI FHIR', () => {
  let server: RunningServer;
  let hapiProxy: TcpProxy;
  let models: SchedulingModels;
  /** A receptionist's sign-in: staff book on a patient's behalf. */
  let staff: Record<string, string> = {};
  const hapi = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });

  beforeAll(async () => {
    await hapi.transaction(demoDirectoryBundle());
    const hapiUrl = new URL(testHapiUrl());
    hapiProxy = new TcpProxy(hapiUrl.hostname, Number(hapiUrl.port));
    await hapiProxy.open();
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('scheduling'),
        HAPI_FHIR_URL: `http://127.0.0.1:${hapiProxy.port}${hapiUrl.pathname}`,
        QN_HAPI_TIMEOUT_MS: '3000',
        QN_HEALTH_INTERVAL_MS: '500',
        QN_OUTBOX_INTERVAL_MS: '200',
        QN_OUTBOX_MAX_BACKOFF_MS: '2000',
        // The reminders test drives its own ticks; the server's own would race it for the same reminders.
        QN_REMINDER_INTERVAL_MS: '86400000',
        // One receptionist makes every booking of these tests, some hundred at once.
        QN_STAFF_BOOKING_LIMIT: '100000',
        QN_LOG_LEVEL: process.env.QN_TEST_LOG_LEVEL ?? 'silent',
      }),
    );
    models = schedulingModels(server.context.mongo);
    await server.context.scheduling.ready();
    await server.context.users.seedDemoUsers({
      receptionist: STAFF_PASSWORD,
      doctor: STAFF_PASSWORD,
      'hospital-it': STAFF_PASSWORD,
      admin: STAFF_PASSWORD,
    });
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'reception.baichay', password: STAFF_PASSWORD }),
    });
    staff = {
      authorization: `Bearer ${((await signIn.json()) as { accessToken: string }).accessToken}`,
    };
    for (const template of demoTemplates()) {
      const capacity = template.serviceId === SERVICE.bigSlot ? 20 : 3;
      await models.templates.updateOne(
        { serviceId: template.serviceId },
        { $set: { ...template, capacity, slotMinutes: 15, sessions: ALL_DAY } },
        { upsert: true },
      );
    }
  }, 120_000);

  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
    await hapiProxy?.close();
  });

  const today = (): string => localDayOf(new Date());

  async function availability(
    params: Record<string, string>,
  ): Promise<{ status: number; body: AvailableSlot[] & Problem }> {
    const response = await fetch(
      `${server.url}/api/availability?${new URLSearchParams({ from: today(), to: addDays(today(), 2), ...params }).toString()}`,
    );
    return { status: response.status, body: (await response.json()) as AvailableSlot[] & Problem };
  }

  async function firstSlot(serviceId: string, skip = 0): Promise<AvailableSlot> {
    const { body } = await availability({
      hospital: serviceId.startsWith('hs-bv-bai-chay') ? 'bv-bai-chay' : 'bvdk-tinh-quang-ninh',
      limit: '200',
    });
    const slot = body.filter((s) => s.serviceId === serviceId)[skip];
    if (!slot) throw new Error(`no free slot for ${serviceId}`);
    return slot;
  }

  async function book(
    slotId: string,
    patientId: string,
    key: string = randomUUID(),
  ): Promise<{ status: number; body: Booking & Problem; headers: Headers }> {
    const response = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { ...staff, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ slotId, patientId }),
    });
    return {
      status: response.status,
      body: (await response.json()) as Booking & Problem,
      headers: response.headers,
    };
  }

  async function getBooking(id: string): Promise<Booking> {
    return (await (
      await fetch(`${server.url}/api/bookings/${id}`, { headers: staff })
    ).json()) as Booking;
  }

  const patient = (): string => `pt-${randomUUID().slice(0, 8)}`;

  /** A booking of a slot of today that is under way (or, with `daysAgo`, one long over), as if made earlier. */
  let seatsUsed = 0;
  async function pastOrCurrentBooking(patientId: string, daysAgo = 0): Promise<string> {
    // Seats from the top down, so they never meet the seats real bookings take from the bottom.
    const seat = 19 - seatsUsed++;
    const slotMs = 15 * 60_000;
    const start = new Date(Math.floor(Date.now() / slotMs) * slotMs - daysAgo * 86_400_000);
    const id = randomUUID();
    const serviceId = SERVICE.bigSlot;
    await models.bookings.create({
      _id: id,
      patientId,
      serviceId,
      hospitalId: 'bv-bai-chay',
      hospitalName: 'Bệnh viện Bãi Cháy',
      serviceName: 'Khoa Y học cổ truyền',
      departmentCode: 'y-hoc-co-truyen',
      directions: 'Nhà B',
      locationId: 'loc-bv-bai-chay',
      slotId: `${serviceId}@${start.toISOString()}`,
      start,
      end: new Date(start.getTime() + slotMs),
      localDay: localDayOf(start),
      capacity: 20,
      seat,
      seatKey: `${serviceId}|${start.getTime()}|${seat}`,
      patientDayKey: `${patientId}|${serviceId}|${localDayOf(start)}`,
      patientQuotaKey: `${patientId}|future|0`,
      ticketCode: `TCHK${String(seat).padStart(4, '0')}`,
      status: 'booked',
      queueNumber: 1,
      createdBy: 'test',
      createdAt: new Date(start.getTime() - 86_400_000),
      updatedAt: new Date(),
      outbox: [],
      outboxVersion: 0,
      publishedToFhir: true,
      outboxNextAttemptAt: new Date('9999-01-01T00:00:00Z'),
    });
    return id;
  }

  it('checks a patient in on the day, once: again answers the same, a cancellation after it is refused; no-show only once the slot is over', async () => {
    const post = (path: string, headers = staff): Promise<Response> =>
      fetch(`${server.url}${path}`, { method: 'POST', headers });
    const today = await pastOrCurrentBooking(patient());
    const first = await post(`/api/bookings/${today}/check-in`);
    expect(first.status).toBe(200);
    expect(((await first.json()) as Booking).status).toBe('checked-in');
    const again = await post(`/api/bookings/${today}/check-in`);
    expect(((await again.json()) as Booking).status).toBe('checked-in');
    const cancel = await post(`/api/bookings/${today}/cancel`);
    expect(cancel.status).toBe(409);
    expect(((await cancel.json()) as Problem).detail).toMatch(/already checked in/);
    expect(((await (await post(`/api/bookings/${today}/no-show`)).json()) as Problem).type).toBe(
      '/problems/booking-already-decided',
    );

    const yesterday = await pastOrCurrentBooking(patient(), 1);
    expect(
      ((await (await post(`/api/bookings/${yesterday}/check-in`)).json()) as Problem).type,
    ).toBe('/problems/not-check-in-time');
    const noShow = await post(`/api/bookings/${yesterday}/no-show`);
    expect(((await noShow.json()) as Booking).status).toBe('no-show');

    // A check-in racing a cancellation: exactly one of them wins.
    const raced = await pastOrCurrentBooking(patient());
    const answers = await Promise.all([
      post(`/api/bookings/${raced}/check-in`),
      post(`/api/bookings/${raced}/cancel`),
      post(`/api/bookings/${raced}/check-in`),
      post(`/api/bookings/${raced}/cancel`),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
    expect(statuses.filter((status) => status === 409)).toHaveLength(2);
    const final = await getBooking(raced);
    expect(['checked-in', 'cancelled']).toContain(final.status);
  });

  it("gives reception its own hospital's day list only, with check-ins and no-shows in it", async () => {
    const id = await pastOrCurrentBooking(patient());
    await fetch(`${server.url}/api/bookings/${id}/check-in`, { method: 'POST', headers: staff });
    const day = localDayOf(new Date(Math.floor(Date.now() / (15 * 60_000)) * 15 * 60_000));
    const list = await fetch(
      `${server.url}/api/hospitals/bv-bai-chay/day-list?date=${day}&department=y-hoc-co-truyen`,
      { headers: staff },
    );
    expect(list.status).toBe(200);
    const bookings = (await list.json()) as Booking[];
    expect(bookings.find((b) => b.id === id)?.status).toBe('checked-in');
    const other = await fetch(
      `${server.url}/api/hospitals/bvdk-tinh-quang-ninh/day-list?date=${day}`,
      { headers: staff },
    );
    expect(other.status).toBe(403);
    const badDay = await fetch(`${server.url}/api/hospitals/bv-bai-chay/day-list?date=2026-02-30`, {
      headers: staff,
    });
    expect(badDay.status).toBe(400);
  });

  it('reminds each booked patient once the day before, in Vietnamese, and not after a cancellation', async () => {
    const from = new Date(Date.now() + 20 * 3600_000);
    const { body } = await availability({
      from: localDayOf(from),
      to: addDays(localDayOf(from), 1),
      hospital: 'bv-bai-chay',
      department: 'y-hoc-co-truyen',
      limit: '200',
    });
    const [kept, cancelled] = body.filter(
      (s) =>
        s.serviceId === SERVICE.bigSlot &&
        Date.parse(s.start) > from.getTime() &&
        Date.parse(s.start) < from.getTime() + 8 * 3600_000,
    );
    const keptBooking = await book(kept!.slotId, patient());
    const cancelledBooking = await book(cancelled!.slotId, patient());
    await fetch(`${server.url}/api/bookings/${cancelledBooking.body.id}/cancel`, {
      method: 'POST',
      headers: staff,
    });
    const sent: Notification[] = [];
    const channel: NotificationAdapter = {
      channel: 'test',
      send: (n) => Promise.resolve(void sent.push(n)),
    };
    const reminders = new Reminders(
      models,
      reminderModel(server.context.mongo),
      server.context.fhirStore,
      channel,
      server.context.logger,
      { intervalMs: 60_000 },
    );
    await reminders.tick();
    await reminders.tick();
    const mine = sent.filter(
      (n) =>
        n.patientId === keptBooking.body.patientId ||
        n.patientId === cancelledBooking.body.patientId,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ patientId: keptBooking.body.patientId });
    expect(mine[0]?.text).toContain(`mã phiếu ${keptBooking.body.ticketCode}`);
    expect(mine[0]?.text).toMatch(/^Nhắc lịch khám: /);
  });

  it('refuses booking endpoints without a staff sign-in, and to hospital IT, with problem details', async () => {
    const slot = await firstSlot(SERVICE.bigSlot);
    const anonymous = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ slotId: slot.slotId, patientId: patient() }),
    });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${server.url}/api/patients/${patient()}/bookings`)).status).toBe(401);
    const it = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'it.baichay', password: STAFF_PASSWORD }),
    });
    const itToken = ((await it.json()) as { accessToken: string }).accessToken;
    const refused = await fetch(`${server.url}/api/patients/${patient()}/bookings`, {
      headers: { authorization: `Bearer ${itToken}` },
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Problem).type).toBe('/problems/forbidden');
  });

  it('lets exactly one of 50 concurrent inserts of one unique key through (what every claim here rests on)', async () => {
    const id = `claim-${randomUUID()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        models.leases.create({ _id: id, owner: `o${i}`, until: new Date(), attempts: 0 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await models.leases.deleteOne({ _id: id });
  });

  it('books with 201 and queue numbers 1, 2, 3 in order, with ticket code and directions', async () => {
    const slot = await firstSlot(SERVICE.queue);
    const results: Array<Awaited<ReturnType<typeof book>>> = [];
    for (let i = 0; i < 3; i++) results.push(await book(slot.slotId, patient()));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(results.map((r) => r.body.queueNumber)).toEqual([1, 2, 3]);
    const first = results[0]!;
    expect(first.body).toMatchObject({
      serviceId: SERVICE.queue,
      hospitalId: 'bvdk-tinh-quang-ninh',
      status: 'booked',
      start: slot.start,
      end: slot.end,
      directions: 'Nhà B, tầng 2',
      departmentCode: 'noi',
    });
    expect(first.body.ticketCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(first.headers.get('location')).toBe(`/api/bookings/${first.body.id}`);
    expect((await getBooking(first.body.id)).queueNumber).toBe(1);
  });

  it('lets exactly 3 of 50 concurrent patients into a 3-seat slot; the 47 others get 409 with alternatives', async () => {
    const slot = await firstSlot(SERVICE.race);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => book(slot.slotId, patient())),
    );
    const ms = performance.now() - started;
    console.log(
      `50 concurrent bookings on one 3-seat slot: ${ms.toFixed(0)} ms (FerretDB on PostgreSQL: a lower bound for MongoDB)`,
    );
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(3);
    expect(lost).toHaveLength(47);
    expect(won.map((r) => r.body.queueNumber).sort()).toEqual([1, 2, 3]);
    for (const r of lost) {
      expect(r.body.type).toBe('/problems/slot-full');
      expect(r.body.alternatives?.length).toBeGreaterThan(0);
      expect(r.body.alternatives?.length).toBeLessThanOrEqual(3);
      expect(r.body.alternatives?.some((a) => a.slotId === slot.slotId)).toBe(false);
    }
    expect(await models.bookings.countDocuments({ slotId: slot.slotId, status: 'booked' })).toBe(3);
    const { body: free } = await availability({ department: 'ngoai', limit: '200' });
    expect(free.some((s) => s.slotId === slot.slotId)).toBe(false);
  }, 60_000);

  it('numbers 20 concurrent winners of a 20-seat slot 1..20 with no gap and no duplicate', async () => {
    // Three days ahead: the reminders test books this department 20 to 28 hours ahead, which is
    // tomorrow's first slots when the suite runs late in the evening, and numbers count per day.
    const { body } = await availability({
      from: addDays(today(), 3),
      to: addDays(today(), 3),
      hospital: 'bv-bai-chay',
      limit: '200',
    });
    const slot = body.find((s) => s.serviceId === SERVICE.bigSlot)!;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 25 }, () => book(slot.slotId, patient())),
    );
    console.log(
      `25 concurrent bookings on one 20-seat slot: ${(performance.now() - started).toFixed(0)} ms`,
    );
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(20);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
    expect(won.map((r) => r.body.queueNumber).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(new Set(won.map((r) => r.body.ticketCode)).size).toBe(20);
  }, 60_000);

  it('replays the first answer for the same key and body, refuses another body with 422 and a key in flight with 409', async () => {
    const slot = await firstSlot(SERVICE.idempotency);
    const key = randomUUID();
    const patientId = patient();
    const first = await book(slot.slotId, patientId, key);
    const again = await book(slot.slotId, patientId, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await models.bookings.countDocuments({ patientId })).toBe(1);

    const other = await book(slot.slotId, patient(), key);
    expect(other.status).toBe(422);
    expect(other.body.detail).toContain('different request');

    const inFlightKey = randomUUID();
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () => book(slot.slotId, 'pt-same-patient', inFlightKey)),
    );
    const statuses = concurrent.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(new Set(concurrent.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1);
    expect(await models.bookings.countDocuments({ patientId: 'pt-same-patient' })).toBe(1);

    // A key whose first request is still running, as another instance would have left it.
    const now = Date.now();
    await models.idempotency.create({
      _id: 'book:held-key',
      fingerprint: 'x',
      state: 'in-flight',
      lockedUntil: new Date(now + 30_000),
      createdAt: new Date(now),
      expiresAt: new Date(now + 60_000),
    });
    await models.idempotency.updateOne(
      { _id: 'book:held-key' },
      {
        $set: {
          fingerprint: requestFingerprint('book', { patientId: 'pt-held', slotId: slot.slotId }),
        },
      },
    );
    const held = await book(slot.slotId, 'pt-held', 'held-key');
    expect(held.status).toBe(409);
    expect(held.body.type).toBe('/problems/request-in-progress');
  });

  it('answers 400 naming the field for a missing key, a malformed or unreal slot id, or a missing patient', async () => {
    const missingKey = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { ...staff, 'Content-Type': 'application/json' },
      body: JSON.stringify({ slotId: 'x', patientId: 'p' }),
    });
    expect(missingKey.status).toBe(400);
    expect(((await missingKey.json()) as Problem).detail).toContain('Idempotency-Key');

    const malformed = await book('hs-nope', patient());
    expect(malformed.status).toBe(400);
    expect(malformed.body.detail).toContain('slotId');
    const slot = await firstSlot(SERVICE.queue);
    const parsed = parseSlotId(slot.slotId);
    if (typeof parsed === 'string') throw new Error(parsed);
    const offGrid = await book(
      slot.slotId.replace(/\d\d$/, (m) => String((Number(m) + 5) % 60).padStart(2, '0')),
      patient(),
    );
    expect(offGrid.status).toBe(400);
    expect(offGrid.body.detail).toContain('not a real slot');
    const unknown = await book('hs-bv-khong-co@202612010730', patient());
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('not a department');

    const noPatient = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { ...staff, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ slotId: slot.slotId }),
    });
    expect(noPatient.status).toBe(400);
    expect(((await noPatient.json()) as Problem).errors?.[0]?.field).toBe('patientId');

    const badQuery = await availability({ from: '2026-02-30' });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.detail).toContain('from');
  });

  it('refuses a second booking by one patient in one department on one day with a clear 409', async () => {
    const patientId = patient();
    const first = await book((await firstSlot(SERVICE.patientRule, 0)).slotId, patientId);
    expect(first.status).toBe(201);
    const second = await book((await firstSlot(SERVICE.patientRule, 1)).slotId, patientId);
    expect(second.status).toBe(409);
    expect(second.body.type).toBe('/problems/already-booked-that-day');
    expect(second.body.detail).toContain('one booking per department per day');
  });

  it('frees the seat on cancel (idempotently) so another patient can take it', async () => {
    const slot = await firstSlot(SERVICE.cancel);
    const booked: Array<Awaited<ReturnType<typeof book>>> = [];
    for (let i = 0; i < 3; i++) booked.push(await book(slot.slotId, patient()));
    expect((await book(slot.slotId, patient())).status).toBe(409);

    const cancel = (): Promise<Response> =>
      fetch(`${server.url}/api/bookings/${booked[1]!.body.id}/cancel`, {
        method: 'POST',
        headers: staff,
      });
    const cancelled = await cancel();
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Booking).status).toBe('cancelled');
    expect((await cancel()).status).toBe(200);
    const { body: free } = await availability({ department: 'tai-mui-hong', limit: '200' });
    expect(free.find((s) => s.slotId === slot.slotId)?.seatsLeft).toBe(1);

    const late = await book(slot.slotId, patient());
    expect(late.status).toBe(201);
    expect(late.body.queueNumber).toBe(4);
    expect((await book(slot.slotId, patient())).status).toBe(409);
    expect(
      (
        await fetch(`${server.url}/api/bookings/${randomUUID()}/cancel`, {
          method: 'POST',
          headers: staff,
        })
      ).status,
    ).toBe(404);

    const list = (await (
      await fetch(
        `${server.url}/api/patients/${booked[0]!.body.patientId}/bookings?upcoming=true`,
        { headers: staff },
      )
    ).json()) as Booking[];
    expect(list.map((b) => b.id)).toEqual([booked[0]!.body.id]);
  });

  it('keeps booking with 201 while HAPI is unreachable, then publishes exactly one Appointment per booking once it is back', async () => {
    const fhirPatient = await hapi.create<Patient>({
      resourceType: 'Patient',
      meta: { profile: [PROFILE.Patient] },
      identifier: [
        { system: IDENTIFIER_SYSTEM.cccd, value: `0221900${String(Date.now()).slice(-5)}` },
      ],
      name: [{ use: 'official', text: 'Trần Văn Nam', family: 'Trần', given: ['Văn', 'Nam'] }],
      gender: 'male',
      birthDate: '1960-03-02',
    });
    await hapiProxy.close();
    const slot = await firstSlot(SERVICE.outage);
    const patients = [fhirPatient.id!, patient(), patient()];
    const results = await Promise.all(patients.map((p) => book(slot.slotId, p)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(results.every((r) => !r.body.publishedToFhir)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await getBooking(results[0]!.body.id)).publishedToFhir).toBe(false);

    await hapiProxy.open(hapiProxy.port);
    const reopened = Date.now();
    const appointments = new Map<string, Appointment>();
    while (Date.now() - reopened < 10_000 && appointments.size < 3) {
      for (const r of results) {
        const found = await appointmentsOf(r.body.id);
        expect(found.entry?.length ?? 0).toBeLessThanOrEqual(1);
        if (found.entry?.[0]?.resource) appointments.set(r.body.id, found.entry[0].resource);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    console.log(`Appointments in HAPI ${Date.now() - reopened} ms after it came back`);
    expect(appointments.size).toBe(3);
    const first = appointments.get(results[0]!.body.id)!;
    expect(first.status).toBe('booked');
    expect(first.participant.map((p) => p.actor?.reference)).toEqual([
      `Patient/${fhirPatient.id}`,
      `HealthcareService/${SERVICE.outage}`,
      'Location/loc-bv-bai-chay',
    ]);
    // A patient HAPI does not hold is a logical Patient reference (VNQNAppointment, qn-appt-1).
    expect(appointments.get(results[1]!.body.id)!.participant[0]?.actor).toEqual({
      type: 'Patient',
      identifier: { system: IDENTIFIER_SYSTEM.fhirReference, value: `Patient/${patients[1]}` },
      display: `Patient ${patients[1]}`,
    });
    expect(first.meta?.profile).toEqual([PROFILE.Appointment]);
    expect(first.identifier?.map((i) => i.system)).toEqual(
      expect.arrayContaining([BOOKING_IDENTIFIER_SYSTEM, IDENTIFIER_SYSTEM.bookingTicket]),
    );
    expect(first.start).toMatch(/\+07:00$/);
    expect(first.serviceType?.[0]?.coding?.[0]?.code).toBe('da-lieu');

    const start = parseSlotId(slot.slotId);
    if (typeof start === 'string') throw new Error(start);
    await waitFor(async () => (await getBooking(results[2]!.body.id)).publishedToFhir, 5000);
    const fhirSlot = await hapi.read<Slot>('Slot', fhirSlotId(start.serviceId, start.start));
    expect(fhirSlot.status).toBe('busy');

    // Cancelling goes through the outbox too: the same Appointment turns cancelled, no second one appears.
    await fetch(`${server.url}/api/bookings/${results[1]!.body.id}/cancel`, {
      method: 'POST',
      headers: staff,
    });
    await waitFor(async () => (await getBooking(results[1]!.body.id)).publishedToFhir, 10_000);
    const afterCancel = await appointmentsOf(results[1]!.body.id);
    expect(afterCancel.entry).toHaveLength(1);
    expect(afterCancel.entry?.[0]?.resource?.status).toBe('cancelled');
    expect((await hapi.read<Slot>('Slot', fhirSlotId(start.serviceId, start.start))).status).toBe(
      'free',
    );
  }, 60_000);

  it('publishes the bookings of one slot together, and a booking HAPI refuses holds back only itself', async () => {
    await hapiProxy.close();
    // The outage test before this one took seats of the first slot.
    const slot = await firstSlot(SERVICE.outage, 1);
    const results = await Promise.all(
      [patient(), patient(), patient()].map((p) => book(slot.slotId, p)),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    // A department code outside the appointment service types breaks the profile's required binding.
    const refused = results[1]!.body.id;
    await models.bookings.updateOne(
      { _id: refused },
      { $set: { departmentCode: 'khong-co-khoa' } },
    );
    await hapiProxy.open(hapiProxy.port);

    for (const r of [results[0]!, results[2]!])
      await waitFor(async () => (await getBooking(r.body.id)).publishedToFhir, 15_000);
    for (const r of [results[0]!, results[2]!])
      expect((await appointmentsOf(r.body.id)).entry).toHaveLength(1);
    expect((await getBooking(refused)).publishedToFhir).toBe(false);
    expect((await appointmentsOf(refused)).entry ?? []).toHaveLength(0);
    // Its refusal may come after the others were published (the order within the transaction).
    const leaseOf = (): Promise<{ attempts?: number; lastError?: string } | null> =>
      models.leases.findById(refused).lean<{ attempts?: number; lastError?: string }>();
    const seen: { lease?: { attempts?: number; lastError?: string } | null } = {};
    await waitFor(async () => {
      seen.lease = await leaseOf();
      return (seen.lease?.attempts ?? 0) >= 1 && !!seen.lease?.lastError;
    }, 10_000);
    const lease = seen.lease;
    expect(lease?.attempts).toBeGreaterThanOrEqual(1);
    expect(lease?.lastError).toMatch(/khong-co-khoa|serviceType|binding|code/i);
  }, 60_000);

  it('leaves public holidays and full slots out of availability', async () => {
    const holiday = nextHoliday(addDays(today(), 1));
    const dayBefore = addDays(holiday, -1);
    const service = new SchedulingService(models, {
      minNoticeMinutes: 30,
      horizonDays: 30,
      clock: () => new Date(`${dayBefore}T00:00:00+07:00`),
    });
    const slots = await service.availability({
      department: 'noi',
      from: dayBefore,
      to: addDays(holiday, 7),
      limit: 200,
    });
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.some((s) => localDayOf(new Date(s.start)) === holiday)).toBe(false);
    expect(slots.map((s) => s.start)).toEqual([...slots.map((s) => s.start)].sort());
  });
});

/** Appointments in HAPI with a booking's identifier; `no-cache`, or HAPI would answer from its search cache. */
async function appointmentsOf(bookingId: string): Promise<Bundle<Appointment>> {
  const url = `${testHapiUrl()}/Appointment?identifier=${encodeURIComponent(`${BOOKING_IDENTIFIER_SYSTEM}|${bookingId}`)}`;
  const response = await fetch(url, {
    headers: { Accept: 'application/fhir+json', 'Cache-Control': 'no-cache' },
  });
  return (await response.json()) as Bundle<Appointment>;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
