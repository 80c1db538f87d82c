import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AvailableSlot, Booking, WaitlistEntry } from '@qn/contracts';
import type { Appointment, Bundle } from 'fhir/r4.js';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config.js';
import { demoDirectoryBundle } from '../directory/demo-directory.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { demoTemplates } from './demo-templates.js';
import { BOOKING_IDENTIFIER_SYSTEM } from './fhir-publisher.js';
import { addDays, localDayOf, localInstant } from './local-time.js';
import { schedulingModels, type SchedulingModels } from './models.js';
import { reminderModel } from './reminders.js';
import { SchedulingService } from './scheduling-service.js';
import { formatSlotId } from './slot-id.js';

/**
 * The booking lifecycle beyond book and cancel, against the real FerretDB and HAPI FHIR: holds and
 * their expiry, reschedule, the per-patient limits with an administrator's override, and the
 * waitlist. Where time must pass (a hold lapsing) a SchedulingService with its own clock works on
 * the same database as the server.
 */
const PASSWORD = `lich-${randomUUID().slice(0, 8)}`;
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
/** One 15-minute seat a day, 08:00 local: a department that is easy to fill. */
const ONE_SEAT_A_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  start: '08:00',
  end: '08:15',
}));
const SERVICE = {
  hold: 'hs-bvdk-tinh-quang-ninh-noi',
  expiry: 'hs-bvdk-tinh-quang-ninh-ngoai',
  reschedule: 'hs-bvdk-tinh-quang-ninh-mat',
  race: 'hs-bvdk-tinh-quang-ninh-tai-mui-hong',
  quota: 'hs-bv-bai-chay-da-lieu',
  waitlist: 'hs-bv-bai-chay-rang-ham-mat',
};

interface Problem {
  type: string;
  detail: string;
  alternatives?: AvailableSlot[];
  limit?: number;
}

type Answer<T> = { status: number; body: T & Problem };

describe('holds, reschedule, per-patient limits and the waitlist', () => {
  let server: RunningServer;
  let models: SchedulingModels;
  let reception: Record<string, string> = {};
  let admin: Record<string, string> = {};
  const hapi = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });

  async function signIn(username: string): Promise<Record<string, string>> {
    const response = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    const { accessToken } = (await response.json()) as { accessToken: string };
    return { authorization: `Bearer ${accessToken}` };
  }

  beforeAll(async () => {
    await hapi.transaction(demoDirectoryBundle());
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('lifecycle'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_HEALTH_INTERVAL_MS: '500',
        QN_OUTBOX_INTERVAL_MS: '200',
        QN_REMINDER_INTERVAL_MS: '86400000',
        QN_SCHEDULING_SWEEP_INTERVAL_MS: '86400000',
        QN_STAFF_BOOKING_LIMIT: '100000',
        QN_BOOKING_MIN_NOTICE_MINUTES: '30',
        QN_LOG_LEVEL: process.env.QN_TEST_LOG_LEVEL ?? 'silent',
      }),
    );
    models = schedulingModels(server.context.mongo);
    await server.context.scheduling.ready();
    await server.context.users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    reception = await signIn('reception.baichay');
    admin = await signIn('admin');
    for (const template of demoTemplates()) {
      const oneSeat = template.serviceId === SERVICE.waitlist;
      await models.templates.updateOne(
        { serviceId: template.serviceId },
        {
          $set: {
            ...template,
            capacity: oneSeat || template.serviceId === SERVICE.expiry ? 1 : 3,
            slotMinutes: 15,
            sessions: oneSeat ? ONE_SEAT_A_DAY : ALL_DAY,
          },
        },
        { upsert: true },
      );
    }
  }, 120_000);

  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  const patient = (): string => `pt-${randomUUID().slice(0, 8)}`;
  const today = (): string => localDayOf(new Date());

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = reception,
  ): Promise<Answer<T>> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        'Idempotency-Key': randomUUID(),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T & Problem };
  }

  async function slots(serviceId: string, days = 3): Promise<AvailableSlot[]> {
    const hospital = serviceId.startsWith('hs-bv-bai-chay')
      ? 'bv-bai-chay'
      : 'bvdk-tinh-quang-ninh';
    const params = new URLSearchParams({
      hospital,
      // One department only: 200 slots of the whole hospital cover only tomorrow when the suite
      // runs late in the evening, and some tests need slots on two days.
      department: serviceId.slice(`hs-${hospital}-`.length),
      from: today(),
      to: addDays(today(), days),
      limit: '200',
    });
    const response = await fetch(`${server.url}/api/availability?${params.toString()}`);
    return ((await response.json()) as AvailableSlot[]).filter((s) => s.serviceId === serviceId);
  }

  const seatsLeft = async (serviceId: string, slotId: string): Promise<number> =>
    (await slots(serviceId)).find((s) => s.slotId === slotId)?.seatsLeft ?? 0;

  it('holds a seat so nobody else can take it; confirming books it with a queue number, releasing frees it', async () => {
    const [first, second] = await slots(SERVICE.hold);
    const hold = await call<Booking>('POST', '/api/holds', {
      slotId: first!.slotId,
      patientId: patient(),
    });
    expect(hold.status).toBe(201);
    expect(hold.body.status).toBe('held');
    expect(hold.body.queueNumber).toBe(0);
    const keptFor = Date.parse(hold.body.holdExpiresAt!) - Date.now();
    expect(keptFor).toBeGreaterThan(4 * 60_000);
    expect(keptFor).toBeLessThanOrEqual(5 * 60_000);
    expect(await seatsLeft(SERVICE.hold, first!.slotId)).toBe(2);

    const confirmed = await call<Booking>('POST', `/api/holds/${hold.body.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ id: hold.body.id, status: 'booked', queueNumber: 1 });
    expect((await call<Booking>('POST', `/api/holds/${hold.body.id}/confirm`)).body.status).toBe(
      'booked',
    );
    const tooLate = await call<Booking>('POST', `/api/holds/${hold.body.id}/release`);
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.detail).toMatch(/already confirmed/);

    const other = await call<Booking>('POST', '/api/holds', {
      slotId: second!.slotId,
      patientId: patient(),
    });
    expect(await seatsLeft(SERVICE.hold, second!.slotId)).toBe(2);
    const released = await call<Booking>('POST', `/api/holds/${other.body.id}/release`);
    expect(released.body.status).toBe('expired');
    expect(await seatsLeft(SERVICE.hold, second!.slotId)).toBe(3);
    const confirmAfter = await call<Booking>('POST', `/api/holds/${other.body.id}/confirm`);
    expect(confirmAfter.status).toBe(409);
    expect(confirmAfter.body.type).toMatch(/hold-expired/);
    expect(confirmAfter.body.alternatives?.length).toBeGreaterThan(0);
  });

  it('lets exactly 3 of 30 concurrent holds into a 3-seat slot', async () => {
    const slot = (await slots(SERVICE.hold))[5]!;
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        call<Booking>('POST', '/api/holds', { slotId: slot.slotId, patientId: patient() }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(27);
    expect(await models.bookings.countDocuments({ slotId: slot.slotId, status: 'held' })).toBe(3);
  });

  it('lets a hold lapse after 5 minutes: the seat is free again, the late confirm is refused, and no queue number is lost', async () => {
    let now = new Date();
    const scheduling = new SchedulingService(models, {
      minNoticeMinutes: 30,
      horizonDays: 30,
      clock: () => now,
    });
    const slot = (
      await scheduling.availability({
        serviceId: SERVICE.expiry,
        // The day after tomorrow: moving the clock on must not bring the slot inside the minimum
        // notice, even when the test runs just before midnight (tomorrow 00:00 is then minutes away).
        from: addDays(today(), 2),
        to: addDays(today(), 3),
        limit: 1,
      })
    )[0]!;
    const slow = patient();
    const { booking: hold } = await scheduling.hold({
      patientId: slow,
      slotId: slot.slotId,
      idempotencyKey: randomUUID(),
      actor: { kind: 'staff', id: 'test' },
    });
    await expect(
      scheduling.book({
        patientId: patient(),
        slotId: slot.slotId,
        idempotencyKey: randomUUID(),
        actor: { kind: 'staff', id: 'test' },
      }),
    ).rejects.toMatchObject({ status: 409, code: 'slot-full' });

    now = new Date(now.getTime() + 5 * 60_000 + 1000);
    const free = await scheduling.availability({
      serviceId: SERVICE.expiry,
      from: addDays(today(), 2),
      to: addDays(today(), 3),
      limit: 1,
    });
    expect(free[0]?.slotId).toBe(slot.slotId);
    const { booking: quick } = await scheduling.book({
      patientId: patient(),
      slotId: slot.slotId,
      idempotencyKey: randomUUID(),
      actor: { kind: 'staff', id: 'test' },
    });
    expect(quick).toMatchObject({ status: 'booked', queueNumber: 1 });
    await expect(
      scheduling.confirmHold(hold.id, { kind: 'staff', id: 'test' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'hold-expired',
    });
    expect((await scheduling.get(hold.id)).status).toBe('expired');

    // A lapsed hold nobody ran into is expired by the sweep.
    const second = (
      await scheduling.availability({
        serviceId: SERVICE.expiry,
        // The day after tomorrow: moving the clock on must not bring the slot inside the minimum
        // notice, even when the test runs just before midnight (tomorrow 00:00 is then minutes away).
        from: addDays(today(), 2),
        to: addDays(today(), 3),
        limit: 1,
      })
    )[0]!;
    await scheduling.hold({
      patientId: patient(),
      slotId: second.slotId,
      idempotencyKey: randomUUID(),
      actor: { kind: 'staff', id: 'test' },
    });
    now = new Date(now.getTime() + 6 * 60_000);
    expect(await scheduling.expireLapsedHolds()).toBeGreaterThanOrEqual(1);
    expect(await models.bookings.countDocuments({ slotId: second.slotId, status: 'held' })).toBe(0);
  });

  it('moves a booking to another slot: new seat first, the old one let go, the same key replays', async () => {
    const [a, b, c] = await slots(SERVICE.reschedule);
    const who = patient();
    const original = await call<Booking>('POST', '/api/bookings', {
      slotId: a!.slotId,
      patientId: who,
    });
    const key = randomUUID();
    const move = async (): Promise<Answer<Booking>> => {
      const response = await fetch(`${server.url}/api/bookings/${original.body.id}/reschedule`, {
        method: 'POST',
        headers: { ...reception, 'content-type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify({ slotId: b!.slotId }),
      });
      return { status: response.status, body: (await response.json()) as Booking & Problem };
    };
    const moved = await move();
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({
      status: 'booked',
      start: b!.start,
      rescheduledFrom: original.body.id,
      patientId: who,
    });
    expect(moved.body.queueNumber).toBeGreaterThan(0);
    expect((await move()).body.id).toBe(moved.body.id);
    const old = await call<Booking>('GET', `/api/bookings/${original.body.id}`);
    expect(old.body).toMatchObject({ status: 'cancelled', rescheduledTo: moved.body.id });
    expect(await seatsLeft(SERVICE.reschedule, a!.slotId)).toBe(3);
    const upcoming = await call<Booking[]>('GET', `/api/patients/${who}/bookings?upcoming=true`);
    expect(upcoming.body.map((x) => x.id)).toEqual([moved.body.id]);

    // Same department, same day: the one-per-day rule moves with the booking, not against it.
    const sameDay = (await slots(SERVICE.reschedule)).filter(
      (s) =>
        localDayOf(new Date(s.start)) === localDayOf(new Date(b!.start)) && s.slotId !== b!.slotId,
    )[0]!;
    const again = await call<Booking>('POST', `/api/bookings/${moved.body.id}/reschedule`, {
      slotId: sameDay.slotId,
    });
    expect(again.status).toBe(201);
    const second = await call<Booking>('POST', '/api/bookings', {
      slotId: c!.slotId,
      patientId: who,
    });
    if (localDayOf(new Date(c!.start)) === localDayOf(new Date(sameDay.start)))
      expect(second.body.type).toMatch(/already-booked-that-day/);

    // A full slot: 409 with alternatives, and the booking stays where it was.
    const full = (await slots(SERVICE.reschedule))[8]!;
    for (let i = 0; i < 3; i++)
      await call('POST', '/api/bookings', { slotId: full.slotId, patientId: patient() });
    const refused = await call<Booking>('POST', `/api/bookings/${again.body.id}/reschedule`, {
      slotId: full.slotId,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.alternatives?.length).toBeGreaterThan(0);
    expect((await call<Booking>('GET', `/api/bookings/${again.body.id}`)).body.status).toBe(
      'booked',
    );

    const cancelled = await call<Booking>('POST', `/api/bookings/${again.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const late = await call<Booking>('POST', `/api/bookings/${again.body.id}/reschedule`, {
      slotId: c!.slotId,
    });
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/already cancelled/);
  });

  it('moves a booking whose limit key was lost (FerretDB can drop a field under concurrent updates)', async () => {
    const [a, b] = await slots(SERVICE.reschedule, 5).then((pool) => pool.slice(20));
    const original = await call<Booking>('POST', '/api/bookings', {
      slotId: a!.slotId,
      patientId: patient(),
    });
    expect(original.status).toBe(201);
    await models.bookings.collection.updateOne(
      { _id: original.body.id as never },
      { $unset: { patientQuotaKey: 1 } },
    );
    const moved = await call<Booking>('POST', `/api/bookings/${original.body.id}/reschedule`, {
      slotId: b!.slotId,
    });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ status: 'booked', start: b!.start });
    expect((await call<Booking>('GET', `/api/bookings/${original.body.id}`)).body.status).toBe(
      'cancelled',
    );
  });

  it('never leaves a patient with two bookings or none when a cancel races a reschedule, and tells the loser', async () => {
    const pool = await slots(SERVICE.race, 6);
    for (let round = 0; round < 8; round++) {
      const who = patient();
      const original = await call<Booking>('POST', '/api/bookings', {
        slotId: pool[round * 2]!.slotId,
        patientId: who,
      });
      const [moved, cancelled] = await Promise.all([
        call<Booking>('POST', `/api/bookings/${original.body.id}/reschedule`, {
          slotId: pool[round * 2 + 1]!.slotId,
        }),
        call<Booking>('POST', `/api/bookings/${original.body.id}/cancel`),
      ]);
      const active = await models.bookings.countDocuments({ patientId: who, status: 'booked' });
      expect(active).toBe(moved.status === 201 ? 1 : 0);
      expect([201, 409]).toContain(moved.status);
      // Exactly one of the two wins; a cancel that lost names the booking the patient now has.
      if (moved.status === 201) {
        expect(cancelled.status).toBe(409);
        expect(cancelled.body.type).toMatch(/booking-rescheduled/);
        expect(cancelled.body.detail).toContain(moved.body.id);
      } else {
        expect(cancelled.status).toBe(200);
      }
    }
  });

  it('finishes a reschedule interrupted between taking the new seat and letting go of the old', async () => {
    const pool = await slots(SERVICE.reschedule, 5);
    const a = pool[20]!;
    // Another day: the patient's second booking must not meet the one-per-day rule.
    const b = pool.find((s) => localDayOf(new Date(s.start)) !== localDayOf(new Date(a.start)))!;
    const who = patient();
    const first = await call<Booking>('POST', '/api/bookings', {
      slotId: a.slotId,
      patientId: who,
    });
    const second = await call<Booking>('POST', '/api/bookings', {
      slotId: b.slotId,
      patientId: who,
    });
    // As if the API stopped right after inserting the new booking of a reschedule.
    // Through the driver: mongoose would keep createdAt from being changed.
    await models.bookings.collection.updateOne(
      { _id: second.body.id as unknown as never },
      {
        $set: {
          rescheduledFrom: first.body.id,
          rescheduleState: 'pending',
          createdAt: new Date(Date.now() - 60_000),
        },
      },
    );
    expect(await server.context.scheduling.finishInterruptedReschedules()).toBe(1);
    expect((await call<Booking>('GET', `/api/bookings/${first.body.id}`)).body).toMatchObject({
      status: 'cancelled',
      rescheduledTo: second.body.id,
    });
    expect((await call<Booking>('GET', `/api/bookings/${second.body.id}`)).body.status).toBe(
      'booked',
    );
  });

  it('allows at most 4 bookings ahead per patient, even 10 at once; an administrator may override with a reason', async () => {
    const oneADay: AvailableSlot[] = [];
    for (let day = 1; day <= 12; day++) {
      const params = new URLSearchParams({
        hospital: 'bv-bai-chay',
        department: 'da-lieu',
        from: addDays(today(), day),
        to: addDays(today(), day),
        limit: '1',
      });
      const response = await fetch(`${server.url}/api/availability?${params.toString()}`);
      oneADay.push(((await response.json()) as AvailableSlot[])[0]!);
    }
    const who = patient();
    const answers = await Promise.all(
      oneADay
        .slice(0, 10)
        .map((s) => call<Booking>('POST', '/api/bookings', { slotId: s.slotId, patientId: who })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(4);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.type).toMatch(/too-many-bookings/);
    expect(refused.body.detail).toMatch(/at most 4/);

    const extra = oneADay[10]!;
    const byReception = await call<Booking>('POST', '/api/bookings', {
      slotId: extra.slotId,
      patientId: who,
      override: { rules: ['max-future-bookings'], reason: 'Bệnh nhân chạy thận, cần lịch dày' },
    });
    expect(byReception.status).toBe(403);
    const noReason = await call<Booking>(
      'POST',
      '/api/bookings',
      {
        slotId: extra.slotId,
        patientId: who,
        override: { rules: ['max-future-bookings'], reason: 'x' },
      },
      admin,
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.detail).toMatch(/override\.reason/);
    const overridden = await call<Booking>(
      'POST',
      '/api/bookings',
      {
        slotId: extra.slotId,
        patientId: who,
        override: { rules: ['max-future-bookings'], reason: 'Bệnh nhân chạy thận, cần lịch dày' },
      },
      admin,
    );
    expect(overridden.status).toBe(201);
    expect(overridden.body.overrides).toEqual([
      expect.objectContaining({
        rule: 'max-future-bookings',
        reason: 'Bệnh nhân chạy thận, cần lịch dày',
        by: expect.stringMatching(/^staff:/),
      }),
    ]);

    // Cancelling one of the four frees a place under the limit.
    const won = answers.find((a) => a.status === 201)!;
    await call('POST', `/api/bookings/${won.body.id}/cancel`);
    const afterCancel = await call<Booking>('POST', '/api/bookings', {
      slotId: oneADay[11]!.slotId,
      patientId: who,
    });
    expect(afterCancel.status).toBe(201);
  });

  it('lets an administrator set the one-per-department-day rule aside, with the reason kept', async () => {
    const [a, b] = await slots(SERVICE.hold, 1).then((s) => s.slice(30));
    const who = patient();
    await call('POST', '/api/bookings', { slotId: a!.slotId, patientId: who });
    const second = await call<Booking>('POST', '/api/bookings', {
      slotId: b!.slotId,
      patientId: who,
    });
    expect(second.body.type).toMatch(/already-booked-that-day/);
    const overridden = await call<Booking>(
      'POST',
      '/api/bookings',
      {
        slotId: b!.slotId,
        patientId: who,
        override: {
          rules: ['one-per-department-day'],
          reason: 'Tái khám sau thủ thuật trong ngày',
        },
      },
      admin,
    );
    expect(overridden.status).toBe(201);
    expect(overridden.body.overrides?.[0]?.rule).toBe('one-per-department-day');
  });

  it('offers a freed seat to the first waiting patient at once; confirming books it, declining passes it on', async () => {
    const tomorrow = addDays(today(), 1);
    const slotId = formatSlotId(SERVICE.waitlist, localInstant(tomorrow, 8 * 60));
    const join = (patientId: string): Promise<Answer<WaitlistEntry>> =>
      call<WaitlistEntry>('POST', '/api/waitlist', {
        patientId,
        serviceId: SERVICE.waitlist,
        fromDay: tomorrow,
        toDay: tomorrow,
      });

    const early = await join(patient());
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/seats-available/);

    const holder = await call<Booking>('POST', '/api/bookings', { slotId, patientId: patient() });
    expect(holder.status).toBe(201);
    const [anh, binh, chi] = [patient(), patient(), patient()];
    const first = await join(anh);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'waiting', position: 1 });
    expect((await join(binh)).body.position).toBe(2);
    expect((await join(chi)).body.position).toBe(3);
    expect((await join(anh)).body.type).toMatch(/already-waiting/);

    await call('POST', `/api/bookings/${holder.body.id}/cancel`);
    const offered = await call<WaitlistEntry>('GET', `/api/waitlist/${first.body.id}`);
    expect(offered.body.status).toBe('offered');
    expect(offered.body.offer?.start).toBe(localInstant(tomorrow, 8 * 60).toISOString());
    const offerMinutes = (Date.parse(offered.body.offer!.until) - Date.now()) / 60_000;
    expect(offerMinutes).toBeGreaterThan(110);
    const notice = await reminderModel(server.context.mongo)
      .findById(`${offered.body.offer!.bookingId}:waitlist-offer`)
      .lean();
    expect(notice?.text).toMatch(/^Có chỗ trống: .*Khoa Răng Hàm Mặt|^Có chỗ trống:/);
    expect(notice?.patientId).toBe(anh);
    // Nobody else can take the offered seat.
    expect((await call('POST', '/api/bookings', { slotId, patientId: patient() })).status).toBe(
      409,
    );

    const confirmed = await call<Booking>(
      'POST',
      `/api/holds/${offered.body.offer!.bookingId}/confirm`,
    );
    // Number 1 went to the cancelled booking: numbers are never given twice.
    expect(confirmed.body).toMatchObject({ status: 'booked', patientId: anh, queueNumber: 2 });
    expect((await call<WaitlistEntry>('GET', `/api/waitlist/${first.body.id}`)).body.status).toBe(
      'booked',
    );
    const queue = await call<WaitlistEntry[]>('GET', `/api/waitlist?serviceId=${SERVICE.waitlist}`);
    expect(queue.body.map((e) => [e.patientId, e.position])).toEqual([
      [binh, 1],
      [chi, 2],
    ]);

    // Anh cancels: Bình is offered the seat, declines, and it goes on to Chi.
    await call('POST', `/api/bookings/${confirmed.body.id}/cancel`);
    const toBinh = (await call<WaitlistEntry[]>('GET', `/api/patients/${binh}/waitlist`)).body[0]!;
    expect(toBinh.status).toBe('offered');
    await call('POST', `/api/holds/${toBinh.offer!.bookingId}/release`);
    const afterDecline = (await call<WaitlistEntry[]>('GET', `/api/patients/${binh}/waitlist`))
      .body[0]!;
    expect(afterDecline.status).toBe('lapsed');
    const toChi = (await call<WaitlistEntry[]>('GET', `/api/patients/${chi}/waitlist`)).body[0]!;
    expect(toChi.status).toBe('offered');
    const withdrawn = await call<WaitlistEntry>('POST', `/api/waitlist/${toChi.id}/withdraw`);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(await seatsLeft(SERVICE.waitlist, slotId)).toBe(1);
  });

  it("gives a walk-in the first seat still open today, checked in, at the desk's own hospital only", async () => {
    const who = patient();
    const walkIn = await call<Booking>('POST', '/api/walk-ins', {
      patientId: who,
      serviceId: SERVICE.quota,
    });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body).toMatchObject({ status: 'checked-in', patientId: who });
    expect(walkIn.body.queueNumber).toBeGreaterThan(0);
    expect(localDayOf(new Date(walkIn.body.start))).toBe(today());
    expect(Date.parse(walkIn.body.end)).toBeGreaterThan(Date.now());

    const elsewhere = await call<Booking>('POST', '/api/walk-ins', {
      patientId: patient(),
      serviceId: SERVICE.hold,
    });
    expect(elsewhere.status).toBe(403);

    // One seat a day at 08:00: whether or not it is still open now, a second walk-in finds none.
    await call('POST', '/api/walk-ins', { patientId: patient(), serviceId: SERVICE.waitlist });
    const full = await call<Booking>('POST', '/api/walk-ins', {
      patientId: patient(),
      serviceId: SERVICE.waitlist,
    });
    expect(full.status).toBe(409);
    expect(full.body.type).toMatch(/no-seat-today/);
    expect(full.body.detail).toMatch(/waitlist/);
  });

  it('lets a doctor call a checked-in patient in once, records when, and publishes the Appointment as fulfilled', async () => {
    const doctor = await signIn('doctor.baichay');
    const otherDoctor = await signIn('doctor.bvdk');
    const ahead = (await slots(SERVICE.quota)).find((s) => Date.parse(s.start) > Date.now())!;
    const booked = await call<Booking>('POST', '/api/bookings', {
      slotId: ahead.slotId,
      patientId: patient(),
    });
    expect(booked.status).toBe(201);
    const early = await call<Booking>(
      'POST',
      `/api/bookings/${booked.body.id}/seen`,
      undefined,
      doctor,
    );
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/not-checked-in/);
    // The problem's own status stays the HTTP status; the booking's is named apart.
    expect(early.body).toMatchObject({ status: 409, bookingStatus: 'booked' });
    expect(early.body.detail).toMatch(/check/);

    const walkIn = await call<Booking>('POST', '/api/walk-ins', {
      patientId: patient(),
      serviceId: SERVICE.quota,
    });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body.checkedInAt).toBeDefined();
    expect(walkIn.body.seenAt).toBeUndefined();
    const path = `/api/bookings/${walkIn.body.id}/seen`;
    expect((await call('POST', path, undefined, otherDoctor)).status).toBe(403);

    const [first, second] = await Promise.all([
      call<Booking>('POST', path, undefined, doctor),
      call<Booking>('POST', path, undefined, reception),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    // Both answer the one call that was kept, whoever won.
    expect(first.body.seenAt).toBeDefined();
    expect(second.body.seenAt).toBe(first.body.seenAt);
    expect(first.body.status).toBe('checked-in');
    expect(Date.parse(first.body.seenAt!)).toBeGreaterThanOrEqual(
      Date.parse(walkIn.body.checkedInAt!),
    );
    const again = await call<Booking>('POST', path, undefined, doctor);
    expect(again.body.seenAt).toBe(first.body.seenAt);

    const dayList = await call<Booking[]>(
      'GET',
      `/api/hospitals/bv-bai-chay/day-list?date=${localDayOf(new Date(walkIn.body.start))}`,
    );
    expect(dayList.body.find((b) => b.id === walkIn.body.id)?.seenAt).toBe(first.body.seenAt);

    // A concurrent update of the booking can wipe the copy on FerretDB: the kept call restores it.
    await models.bookings.updateOne({ _id: walkIn.body.id }, { $unset: { seenAt: 1, seenBy: 1 } });
    const healed = await call<Booking>('GET', `/api/bookings/${walkIn.body.id}`);
    expect(healed.body.seenAt).toBe(first.body.seenAt);

    // Published through the outbox: HAPI's one Appointment of this booking turns fulfilled.
    const search = `${testHapiUrl()}/Appointment?identifier=${encodeURIComponent(`${BOOKING_IDENTIFIER_SYSTEM}|${walkIn.body.id}`)}`;
    let statuses: string[] = [];
    for (const until = Date.now() + 20_000; Date.now() < until;) {
      const bundle = (await (
        await fetch(search, { headers: { 'Cache-Control': 'no-cache' } })
      ).json()) as Bundle<Appointment>;
      statuses = (bundle.entry ?? []).map((e) => e.resource?.status ?? '');
      if (statuses[0] === 'fulfilled') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(statuses).toEqual(['fulfilled']);

    // Yesterday's checked-in patient is not called in today: that wait would be a day long.
    const late = await call<Booking>('POST', '/api/walk-ins', {
      patientId: patient(),
      serviceId: SERVICE.quota,
    });
    const dayBefore = new Date(Date.parse(late.body.start) - 86_400_000);
    await models.bookings.updateOne(
      { _id: late.body.id },
      { $set: { start: dayBefore, localDay: localDayOf(dayBefore) } },
    );
    const tooLate = await call<Booking>(
      'POST',
      `/api/bookings/${late.body.id}/seen`,
      undefined,
      doctor,
    );
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.type).toMatch(/not-today$/);
  }, 60_000);

  it('answers 400 naming the field for a bad waitlist request or reschedule body, and 404 for an unknown hold', async () => {
    const bad = await call<WaitlistEntry>('POST', '/api/waitlist', {
      patientId: patient(),
      serviceId: SERVICE.waitlist,
      fromDay: addDays(today(), 3),
      toDay: addDays(today(), 1),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/toDay/);
    const unknownService = await call<WaitlistEntry>('POST', '/api/waitlist', {
      patientId: patient(),
      serviceId: 'hs-khong-co',
      fromDay: today(),
      toDay: today(),
    });
    expect(unknownService.status).toBe(400);
    expect(unknownService.body.detail).toMatch(/serviceId/);
    const noSlot = await call<Booking>('POST', `/api/bookings/${randomUUID()}/reschedule`, {});
    expect(noSlot.status).toBe(400);
    expect(noSlot.body.detail).toMatch(/slotId/);
    expect((await call('POST', `/api/holds/${randomUUID()}/confirm`)).status).toBe(404);
  });
});
