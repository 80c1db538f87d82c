import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  Appointment,
  Bundle,
  Location,
  OperationOutcome,
  Parameters,
  Schedule,
  Slot,
} from 'fhir/r4.js';
import type { AvailableSlot, Booking } from '@qn/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '../config.js';
import { demoDirectoryBundle } from '../directory/demo-directory.js';
import { hashToken } from '../kiosk/kiosk-service.js';
import { kioskSessionModel } from '../kiosk/session-model.js';
import { SMART_SCHEDULING_EXTENSION, SLOT_FILE_DAYS } from '../scheduling/bulk-publish.js';
import { seedDemoTemplates } from '../scheduling/demo-templates.js';
import { isHoliday } from '../scheduling/holidays.js';
import { addDays, isoWeekday, localDayOf } from '../scheduling/local-time.js';
import { schedulingModels, type SchedulingModels } from '../scheduling/models.js';
import { fhirSlotId } from '../scheduling/slot-id.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { FhirStore } from './fhir-store.js';
import { CODE_SYSTEM } from './profiles.js';
import { HOLD_EXPIRES_EXTENSION, ALTERNATIVE_EXTENSION } from './scheduling-operations.js';

/**
 * The FHIR face of scheduling against the running stack: IHE/Argonaut `$find`, `$hold` and `$book`
 * on the same booking service as the JSON API, and the SMART Scheduling Links bulk publication.
 */
const PASSWORD = `fhir-lich-${randomUUID().slice(0, 8)}`;
const RUN = randomUUID().slice(0, 8);
const ONE_SEAT = 'hs-bv-bai-chay-da-lieu';

type Answer<T> = { status: number; headers: Headers; body: T };

function appointments(bundle: Bundle): Appointment[] {
  return (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is Appointment => r?.resourceType === 'Appointment');
}

function outcomeOf(bundle: Bundle): OperationOutcome | undefined {
  return bundle.entry?.find((e) => e.search?.mode === 'outcome')?.resource as
    OperationOutcome | undefined;
}

function parameters(...parameter: NonNullable<Parameters['parameter']>): Parameters {
  return { resourceType: 'Parameters', parameter };
}

function forPatient(appointment: Appointment, patientId: string): Appointment {
  return {
    ...appointment,
    participant: [
      ...appointment.participant,
      { actor: { reference: `Patient/${patientId}` }, status: 'needs-action' },
    ],
  };
}

describe('FHIR scheduling operations ($find, $hold, $book, $bulk-publish)', () => {
  let server: RunningServer;
  let models: SchedulingModels;
  let reception: Record<string, string> = {};
  let hospitalIt: Record<string, string> = {};
  let kiosk: Record<string, string> = {};
  const kioskPatient = `pt-kiosk-${RUN}`;
  /** A working day ahead, not a public holiday: every department has its usual slots. */
  let day = '';

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = reception,
    key: string | null = randomUUID(),
  ): Promise<Answer<T>> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
        ...(key ? { 'Idempotency-Key': key } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (/^[[{]/.test(text) ? JSON.parse(text) : text) as T,
    };
  }

  async function find(query: string): Promise<Appointment[]> {
    const answer = await call<Bundle>('GET', `/fhir/Appointment/$find?${query}`, undefined, {});
    expect(answer.status).toBe(200);
    return appointments(answer.body);
  }

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
    await new FhirStore(testHapiUrl(), { timeoutMs: 60_000 }).transaction(demoDirectoryBundle());
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('fhir_scheduling'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_HEALTH_INTERVAL_MS: '500',
        QN_OUTBOX_INTERVAL_MS: '86400000',
        QN_REMINDER_INTERVAL_MS: '86400000',
        QN_SCHEDULING_SWEEP_INTERVAL_MS: '86400000',
        QN_STAFF_BOOKING_LIMIT: '100000',
        QN_KIOSK_BOOKING_LIMIT: '1000',
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
    await seedDemoTemplates(models);
    await models.templates.updateOne({ serviceId: ONE_SEAT }, { $set: { capacity: 1 } });
    reception = await signIn('reception.baichay');
    hospitalIt = await signIn('it.baichay');
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await kioskSessionModel(server.context.mongo).create({
      _id: `kiosk-fhir-${RUN}`,
      tokenHash: hashToken(token),
      patientId: kioskPatient,
      cardId: `card-${RUN}`,
      patient: { id: kioskPatient, maskedName: 'N** T** L**' },
      createdAt: now,
      lastActivityAt: now,
      expiresAt: new Date(now.getTime() + 600_000),
    });
    kiosk = { authorization: `Bearer ${token}` };
    day = addDays(localDayOf(now), 1);
    while (isoWeekday(day) > 5 || isHoliday(day)) day = addDays(day, 1);
  }, 120_000);

  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  describe('$find', () => {
    it('answers proposed Appointments earliest first across the three hospitals, in +07:00, as /api/availability lists them', async () => {
      const answer = await call<Bundle>(
        'GET',
        `/fhir/Appointment/$find?start=${day}&end=${day}&service-type=kham-benh&_count=9`,
        undefined,
        {},
      );
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('application/fhir+json');
      expect(answer.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      const found = appointments(answer.body);
      expect(found).toHaveLength(9);
      // 16 slots of 15 minutes from 07:30 to 11:30, and 12 from 13:30 to 16:30, at each of three hospitals.
      expect(answer.body.total).toBe(84);
      for (const appointment of found) {
        expect(appointment.status).toBe('proposed');
        expect(appointment.start).toMatch(/\+07:00$/);
        expect(appointment.end).toMatch(/\+07:00$/);
        expect(appointment.slot).toEqual([{ reference: `Slot/${appointment.id}` }]);
        expect(appointment.participant.map((p) => p.actor?.reference?.split('/')[0])).toEqual([
          'HealthcareService',
          'Location',
        ]);
      }
      const starts = found.map((a) => Date.parse(a.start!));
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      expect(found[0]!.start).toBe(`${day}T07:30:00.000+07:00`);
      expect(new Set(found.slice(0, 3).map((a) => a.participant[1]!.actor!.reference)).size).toBe(
        3,
      );

      const listed = (await (
        await fetch(
          `${server.url}/api/availability?from=${day}&to=${day}&department=kham-benh&limit=9`,
        )
      ).json()) as AvailableSlot[];
      expect(found.map((a) => a.id)).toEqual(
        listed.map((s) => fhirSlotId(s.serviceId, new Date(s.start))),
      );
      expect(found[0]!.comment).toBe(`${listed[0]!.seatsLeft} seat(s) left`);
    });

    it('filters by department, hospital and location alike by GET or POST, and says practitioner is not used', async () => {
      const posted = await call<Bundle>(
        'POST',
        '/fhir/Appointment/$find',
        parameters(
          { name: 'start', valueDate: day },
          { name: 'end', valueDate: day },
          { name: 'specialty', valueCoding: { system: CODE_SYSTEM.department, code: 'noi' } },
          { name: 'organization', valueReference: { reference: 'Organization/bv-bai-chay' } },
          {
            name: 'practitioner',
            valueReference: { reference: 'Practitioner/bs-hoang-van-long' },
          },
          { name: '_count', valueInteger: 3 },
        ),
        {},
      );
      expect(posted.status).toBe(200);
      const found = appointments(posted.body);
      expect(found).toHaveLength(3);
      for (const appointment of found) {
        expect(appointment.serviceType?.[0]?.coding?.[0]).toEqual({
          system: CODE_SYSTEM.department,
          code: 'noi',
        });
        expect(appointment.participant.map((p) => p.actor?.reference)).toEqual([
          'HealthcareService/hs-bv-bai-chay-noi',
          'Location/loc-bv-bai-chay',
        ]);
      }
      expect(
        outcomeOf(posted.body)
          ?.issue.map((i) => i.diagnostics)
          .join(' '),
      ).toContain('practitioner was not used');
      const got = await find(
        `start=${day}&end=${day}&location=Location/loc-bv-bai-chay&service-type=${encodeURIComponent(`${CODE_SYSTEM.department}|noi`)}&_count=3`,
      );
      expect(got.map((a) => a.id)).toEqual(found.map((a) => a.id));

      const later = await find(
        `start=${encodeURIComponent(`${day}T10:00:00+07:00`)}&end=${day}&service-type=noi&organization=bv-bai-chay&_count=1`,
      );
      expect(later[0]!.start).toBe(`${day}T10:00:00.000+07:00`);
      expect(await find(`start=${day}&end=${day}&organization=Organization/nowhere`)).toEqual([]);
    });

    it('refuses bad parameters with 400, naming the parameter', async () => {
      const cases: Array<[string, string]> = [
        [`start=2026-13-01`, 'start'],
        [`start=${day}T08:00:00`, 'start'],
        [`start=${day}&end=${addDays(day, -1)}`, 'end'],
        [`_count=0`, '_count'],
        [`service-type=http://example.org|x`, 'service-type'],
        [`color=blue`, 'color'],
      ];
      for (const [query, name] of cases) {
        const answer = await call<OperationOutcome>(
          'GET',
          `/fhir/Appointment/$find?${query}`,
          undefined,
          {},
        );
        expect({ query, status: answer.status }).toEqual({ query, status: 400 });
        expect(answer.body.resourceType).toBe('OperationOutcome');
        expect(answer.body.issue[0]!.expression).toEqual([
          `Parameters.parameter.where(name = '${name}')`,
        ]);
      }
    });
  });

  describe('$hold and $book', () => {
    it('holds a seat as a pending Appointment until a time in +07:00, then books it by reference, both audited', async () => {
      const patient = `pt-hold-${RUN}`;
      const [proposed] = await find(
        `start=${day}&end=${day}&service-type=noi&organization=bv-bai-chay&_count=1`,
      );
      const seatsBefore = Number(/^(\d+)/.exec(proposed!.comment!)![1]);
      const before = Date.now();
      const held = await call<Bundle>(
        'POST',
        '/fhir/Appointment/$hold',
        parameters({ name: 'appointment-resource', resource: forPatient(proposed!, patient) }),
      );
      expect(held.status).toBe(200);
      const [pending] = appointments(held.body);
      expect(pending).toMatchObject({
        status: 'pending',
        start: proposed!.start,
        slot: proposed!.slot,
      });
      expect(pending!.participant[0]!.actor!.reference).toBe(`Patient/${patient}`);
      const until = pending!.extension?.find((e) => e.url === HOLD_EXPIRES_EXTENSION)?.valueInstant;
      expect(until).toMatch(/\+07:00$/);
      expect(Date.parse(until!) - before).toBeGreaterThan(4 * 60_000);
      expect(Date.parse(until!) - before).toBeLessThanOrEqual(5 * 60_000 + 5_000);
      expect(outcomeOf(held.body)?.issue[0]?.diagnostics).toContain('Held until');
      const [again] = await find(
        `start=${day}&end=${day}&service-type=noi&organization=bv-bai-chay&_count=1`,
      );
      expect(again!.comment).toBe(`${seatsBefore - 1} seat(s) left`);

      const booked = await call<Bundle>(
        'POST',
        '/fhir/Appointment/$book',
        parameters({
          name: 'appointment-reference',
          valueReference: { reference: `Appointment/${pending!.id}` },
        }),
      );
      expect(booked.status).toBe(200);
      const [appointment] = appointments(booked.body);
      expect(appointment).toMatchObject({ id: pending!.id, status: 'booked' });
      expect(appointment!.description).toMatch(/^Số thứ tự \d+ — Khoa Nội, Bệnh viện Bãi Cháy$/);
      const json = await call<Booking>('GET', `/api/bookings/${pending!.id}`);
      expect(json.body).toMatchObject({ status: 'booked', patientId: patient });

      const { events } = await server.context.audit.search({ patientId: patient, limit: 20 });
      const operations = events.map((e) => [e.action, e.outcome, e.resource?.id, e.endpoint]);
      expect(operations).toEqual(
        expect.arrayContaining([
          ['create', 'success', pending!.id, 'POST /fhir/Appointment/$hold'],
          ['update', 'success', pending!.id, 'POST /fhir/Appointment/$book'],
        ]),
      );
    });

    it('books a slot directly, and a retry with the same Idempotency-Key (FHIR or JSON) answers the same booking', async () => {
      const patient = `pt-direct-${RUN}`;
      const [proposed] = await find(`start=${day}&end=${day}&service-type=mat&_count=1`);
      const key = randomUUID();
      const request = parameters(
        {
          name: 'appointment-reference',
          valueReference: { reference: `Appointment/${proposed!.id}` },
        },
        { name: 'patient-reference', valueReference: { reference: `Patient/${patient}` } },
      );
      const first = await call<Bundle>('POST', '/fhir/Appointment/$book', request, reception, key);
      expect(first.status).toBe(200);
      const [booked] = appointments(first.body);
      expect(booked).toMatchObject({ status: 'booked', start: proposed!.start });
      expect(first.headers.get('idempotent-replayed')).toBeNull();

      const retry = await call<Bundle>('POST', '/fhir/Appointment/$book', request, reception, key);
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(appointments(retry.body)[0]!.id).toBe(booked!.id);
      const viaJson = await fetch(`${server.url}/api/bookings`, {
        method: 'POST',
        headers: { ...reception, 'content-type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify({
          slotId: `${proposed!.id!.slice(0, -13)}@${proposed!.id!.slice(-12)}`,
          patientId: patient,
        }),
      });
      expect(((await viaJson.json()) as Booking).id).toBe(booked!.id);
      const mine = await call<Booking[]>('GET', `/api/patients/${patient}/bookings`);
      expect(mine.body).toHaveLength(1);
    });

    it('refuses a full slot with 409, the JSON API sentence and the alternatives as contained proposed Appointments', async () => {
      const [proposed] = await find(`start=${day}&end=${day}&service-type=da-lieu&_count=1`);
      const slotId = `${ONE_SEAT}@${proposed!.id!.slice(-12)}`;
      const book = (patient: string, appointment = proposed!): Promise<Answer<OperationOutcome>> =>
        call(
          'POST',
          '/fhir/Appointment/$book',
          parameters({ name: 'appointment', resource: forPatient(appointment, patient) }),
        );
      expect((await book(`pt-first-${RUN}`)).status).toBe(200);

      const refused = await book(`pt-second-${RUN}`);
      expect(refused.status).toBe(409);
      expect(refused.body.resourceType).toBe('OperationOutcome');
      const json = await fetch(`${server.url}/api/bookings`, {
        method: 'POST',
        headers: {
          ...reception,
          'content-type': 'application/json',
          'Idempotency-Key': randomUUID(),
        },
        body: JSON.stringify({ slotId, patientId: `pt-third-${RUN}` }),
      });
      const problem = (await json.json()) as { detail: string; alternatives: AvailableSlot[] };
      const issue = refused.body.issue[0]!;
      expect(issue).toMatchObject({
        severity: 'error',
        code: 'conflict',
        diagnostics: problem.detail,
      });
      expect(issue.expression).toEqual([
        "Parameters.parameter.where(name = 'appointment').resource.slot",
      ]);
      const contained = (refused.body.contained ?? []) as Appointment[];
      expect(contained.length).toBeGreaterThan(0);
      expect(contained.map((a) => a.id)).toEqual(
        problem.alternatives.map((s) => fhirSlotId(s.serviceId, new Date(s.start))),
      );
      expect(contained.every((a) => a.status === 'proposed' && a.start!.endsWith('+07:00'))).toBe(
        true,
      );
      expect(issue.extension).toEqual(
        contained.map((a) => ({
          url: ALTERNATIVE_EXTENSION,
          valueReference: { reference: `#${a.id}` },
        })),
      );

      // One booking per department and day: the second one of the same patient, the same sentence again.
      expect(contained[0]!.start!.startsWith(day)).toBe(true);
      const sameDay = await book(`pt-first-${RUN}`, contained[0]);
      const sameDayJson = await fetch(`${server.url}/api/bookings`, {
        method: 'POST',
        headers: {
          ...reception,
          'content-type': 'application/json',
          'Idempotency-Key': randomUUID(),
        },
        body: JSON.stringify({
          slotId: problem.alternatives[0]!.slotId,
          patientId: `pt-first-${RUN}`,
        }),
      });
      expect(sameDay.status).toBe(409);
      expect(sameDay.body.issue[0]!.diagnostics).toBe(
        ((await sameDayJson.json()) as { detail: string }).detail,
      );
      expect(sameDay.body.issue[0]!.diagnostics).toContain('one booking per department per day');
    });

    it("lets a kiosk session book for its own patient only: another patient is 403, another patient's appointment 404 like a missing one", async () => {
      const [proposed] = await find(`start=${day}&end=${day}&service-type=rang-ham-mat&_count=1`);
      const other = `pt-other-${RUN}`;
      const refused = await call<OperationOutcome>(
        'POST',
        '/fhir/Appointment/$hold',
        parameters({ name: 'appointment-resource', resource: forPatient(proposed!, other) }),
        kiosk,
      );
      expect(refused.status).toBe(403);
      expect(refused.body.issue[0]!.code).toBe('forbidden');
      expect((await call<Booking[]>('GET', `/api/patients/${other}/bookings`)).body).toEqual([]);
      const { events } = await server.context.audit.search({ patientId: other, limit: 5 });
      expect(events.find((e) => e.outcome === 'denied')).toMatchObject({
        outcome: 'denied',
        who: { kind: 'patient', patientId: kioskPatient },
      });

      const own = await call<Bundle>(
        'POST',
        '/fhir/Appointment/$hold',
        parameters({ name: 'appointment-resource', resource: proposed! }),
        kiosk,
      );
      expect(own.status).toBe(200);
      const [pending] = appointments(own.body);
      expect(pending!.participant[0]!.actor!.reference).toBe(`Patient/${kioskPatient}`);

      // Another patient's hold, booked through the kiosk session: the same 404 as an id that does not exist.
      const theirs = await call<Bundle>(
        'POST',
        '/fhir/Appointment/$hold',
        parameters({ name: 'appointment-resource', resource: forPatient(proposed!, other) }),
      );
      const theirId = appointments(theirs.body)[0]!.id!;
      const missingId = randomUUID();
      const byReference = (id: string): Parameters =>
        parameters({
          name: 'appointment-reference',
          valueReference: { reference: `Appointment/${id}` },
        });
      const stolen = await call<OperationOutcome>(
        'POST',
        '/fhir/Appointment/$book',
        byReference(theirId),
        kiosk,
      );
      const missing = await call<OperationOutcome>(
        'POST',
        '/fhir/Appointment/$book',
        byReference(missingId),
        kiosk,
      );
      expect(stolen.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(JSON.stringify(stolen.body).replaceAll(theirId, 'X')).toBe(
        JSON.stringify(missing.body).replaceAll(missingId, 'X'),
      );
      expect((await call<Booking>('GET', `/api/bookings/${theirId}`)).body.status).toBe('held');

      const mine = await call<Bundle>(
        'POST',
        '/fhir/Appointment/$book',
        byReference(pending!.id!),
        kiosk,
      );
      expect(mine.status).toBe(200);
      expect(appointments(mine.body)[0]!.status).toBe('booked');

      expect(
        (await call('POST', '/fhir/Appointment/$book', byReference(pending!.id!), hospitalIt))
          .status,
      ).toBe(403);
      expect(
        (await call('POST', '/fhir/Appointment/$book', byReference(pending!.id!), {})).status,
      ).toBe(401);
    });

    it('needs an Idempotency-Key and the appointment, each refusal naming the element', async () => {
      const [proposed] = await find(`start=${day}&end=${day}&service-type=noi&_count=1`);
      const request = parameters({
        name: 'appointment-resource',
        resource: forPatient(proposed!, `pt-key-${RUN}`),
      });
      const noKey = await call<OperationOutcome>(
        'POST',
        '/fhir/Appointment/$hold',
        request,
        reception,
        null,
      );
      expect(noKey.status).toBe(400);
      expect(noKey.body.issue[0]!.expression).toEqual(['Idempotency-Key']);
      const empty = await call<OperationOutcome>('POST', '/fhir/Appointment/$book', parameters());
      expect(empty.status).toBe(400);
      expect(empty.body.issue[0]!.expression).toEqual(['Parameters']);
      const noPatient = await call<OperationOutcome>(
        'POST',
        '/fhir/Appointment/$book',
        parameters({ name: 'appointment-resource', resource: proposed! }),
      );
      expect(noPatient.status).toBe(400);
      expect(noPatient.body.issue[0]!.expression).toEqual(['Appointment.participant']);
    });
  });

  describe('SMART Scheduling Links', () => {
    async function ndjson<T>(url: string): Promise<T[]> {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/fhir+ndjson');
      const text = await response.text();
      expect(text.endsWith('\n') || text === '').toBe(true);
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as T);
    }

    it('publishes a manifest and NDJSON files whose free slots are exactly those availability offers', async () => {
      // A full slot: the one seat of 09:00 taken.
      const full = `${ONE_SEAT}-${day.replaceAll('-', '')}0900`;
      const taken = await call<Bundle>(
        'POST',
        '/fhir/Appointment/$book',
        parameters(
          { name: 'appointment-reference', valueReference: { reference: `Appointment/${full}` } },
          { name: 'patient-reference', valueReference: { reference: `Patient/pt-bulk-${RUN}` } },
        ),
      );
      expect(taken.status).toBe(200);
      const response = await fetch(`${server.url}/fhir/$bulk-publish`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=120');
      const manifest = (await response.json()) as {
        transactionTime: string;
        request: string;
        output: Array<{ type: string; url: string }>;
      };
      expect(manifest.transactionTime).toMatch(/\+07:00$/);
      expect(manifest.request).toBe(`${server.url}/fhir/$bulk-publish`);
      expect(manifest.output.map((o) => o.type)).toEqual(['Location', 'Schedule', 'Slot']);
      const url = Object.fromEntries(manifest.output.map((o) => [o.type, o.url]));

      const locations = await ndjson<Location>(url.Location!);
      expect(locations.find((l) => l.id === 'loc-bv-bai-chay')).toMatchObject({
        name: 'Bệnh viện Bãi Cháy — cơ sở chính',
        telecom: [{ system: 'phone', value: '+84 203 3846 440' }],
      });
      const schedules = await ndjson<Schedule>(url.Schedule!);
      expect(schedules).toHaveLength(await models.templates.countDocuments({ active: true }));
      expect(schedules.every((s) => s.actor[0]!.reference!.startsWith('Location/'))).toBe(true);

      const started = Date.now();
      const slots = await ndjson<Slot>(url.Slot!);
      process.stdout.write(
        `Slot.ndjson: ${slots.length} slots, ${JSON.stringify(slots).length} bytes, ${Date.now() - started} ms\n`,
      );
      const now = server.context.scheduling.now();
      const offered = await server.context.scheduling.availability({
        from: localDayOf(now),
        to: addDays(localDayOf(now), SLOT_FILE_DAYS),
        limit: 100_000,
      });
      // Leave out the edges of the window, which move while the two are computed.
      const inner = (start: number): boolean =>
        start > now.getTime() + 35 * 60_000 &&
        start < now.getTime() + SLOT_FILE_DAYS * 24 * 3600_000 - 60_000;
      const free = slots.filter((s) => s.status === 'free' && inner(Date.parse(s.start)));
      expect(free.map((s) => s.id).sort()).toEqual(
        offered
          .filter((s) => inner(Date.parse(s.start)))
          .map((s) => fhirSlotId(s.serviceId, new Date(s.start)))
          .sort(),
      );
      const busy = slots.filter((s) => s.status === 'busy');
      expect(busy.map((s) => s.id)).toContain(full);
      expect(busy.every((s) => s.extension === undefined)).toBe(true);
      const sample = free.find((s) => s.id?.startsWith('hs-bv-bai-chay-'))!;
      const sampleId = sample.id!;
      expect(sample.start).toMatch(/\+07:00$/);
      expect(sample.extension).toEqual([
        {
          url: SMART_SCHEDULING_EXTENSION.bookingDeepLink,
          valueUrl: `${server.url}/dat-lich?slot=${encodeURIComponent(`${sampleId.slice(0, -13)}@${sampleId.slice(-12)}`)}`,
        },
        { url: SMART_SCHEDULING_EXTENSION.bookingPhone, valueString: '+84 203 3846 440' },
      ]);
    });

    it('answers with _since only the slots changed since, and refuses a _since that is not a time', async () => {
      const full = await ndjson<Slot>(`${server.url}/fhir/bulk/Slot.ndjson`);
      const since = new Date(Date.now() - 1000);
      const [proposed] = await find(
        `start=${addDays(day, 1)}&end=${addDays(day, 7)}&service-type=da-lieu&_count=1`,
      );
      const booked = await call<Bundle>(
        'POST',
        '/fhir/Appointment/$book',
        parameters({ name: 'appointment', resource: forPatient(proposed!, `pt-since-${RUN}`) }),
      );
      expect(booked.status).toBe(200);
      const manifest = (await (
        await fetch(
          `${server.url}/fhir/$bulk-publish?_since=${encodeURIComponent(since.toISOString())}`,
        )
      ).json()) as { output: Array<{ type: string; url: string }> };
      const changed = await ndjson<Slot>(manifest.output.find((o) => o.type === 'Slot')!.url);
      expect(changed.find((s) => s.id === proposed!.id)).toMatchObject({ status: 'busy' });
      expect(changed.length).toBeLessThan(full.length / 10);

      const bad = await fetch(`${server.url}/fhir/bulk/Slot.ndjson?_since=yesterday`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as OperationOutcome).issue[0]!.expression).toEqual([
        "Parameters.parameter.where(name = '_since')",
      ]);
    });
  });
});
