import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Patient } from 'fhir/r4.js';
import type { AvailableSlot, Booking } from '@qn/contracts';
import { loadConfig } from '../config.js';
import { demoDirectoryBundle } from '../directory/demo-directory.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { PROFILE } from '../fhir/profiles.js';
import { hashToken } from '../kiosk/kiosk-service.js';
import { kioskSessionModel } from '../kiosk/session-model.js';
import { seedDemoTemplates } from '../scheduling/demo-templates.js';
import { schedulingModels } from '../scheduling/models.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { localDayOf, addDays } from '../scheduling/local-time.js';

/**
 * The authorisation matrix: every ID-bearing endpoint of the API against every kind of caller
 * (nobody, a forged token, patient A's kiosk session, receptionist, doctor, hospital IT, admin).
 * Each cell says what must happen; every denial must be a denial, and no answer to patient A's
 * session may carry one byte of patient B's data.
 */
const RUN = randomBytes(3).toString('hex');
const PASSWORD = `matrix-${RUN}-pw`;
const A = `it-matrix-a-${RUN}`;
const B = `it-matrix-b-${RUN}`;
const B_NAME = `Đỗ Thị Bích ${RUN}`;

type Caller = 'anonymous' | 'forged' | 'kioskA' | 'receptionist' | 'doctor' | 'it' | 'admin';
const CALLERS: Caller[] = [
  'anonymous',
  'forged',
  'kioskA',
  'receptionist',
  'doctor',
  'it',
  'admin',
];

interface Cell {
  /** Allowed: the status expected (2xx, or a business answer like 403 break-glass); denied: 401 or 403. */
  expect: number | number[];
}

interface Row {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: () => string;
  body?: () => unknown;
  headers?: () => Record<string, string>;
  cells: Record<Caller, Cell['expect']>;
}

describe('authorisation matrix', () => {
  let server: RunningServer;
  const tokens: Partial<Record<Caller, string>> = {};
  let bookingOfB: Booking;
  let jobId = '';
  /** Refusals the matrix received that must each be in the audit log: every 403, and every 401 for a forged token. */
  let deniedAnswers = 0;

  async function call(row: Row, caller: Caller): Promise<{ status: number; text: string }> {
    const token = tokens[caller];
    const response = await fetch(`${server.url}${row.path()}`, {
      method: row.method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(row.body ? { 'content-type': 'application/json' } : {}),
        ...(row.headers?.() ?? {}),
      },
      ...(row.body ? { body: JSON.stringify(row.body()) } : {}),
    });
    return { status: response.status, text: await response.text() };
  }

  beforeAll(async () => {
    const hapi = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });
    await hapi.transaction(demoDirectoryBundle());
    const patient = (id: string, name: string): Patient & { id: string } => ({
      resourceType: 'Patient',
      id,
      meta: { profile: [PROFILE.Patient] },
      name: [
        {
          use: 'official',
          text: name,
          family: name.split(' ')[0],
          given: name.split(' ').slice(1),
        },
      ],
      gender: 'female',
      birthDate: '1990-01-01',
      managingOrganization: { reference: 'Organization/bv-bai-chay' },
    });
    await hapi.update(patient(A, `Vũ Thị Hằng ${RUN}`));
    await hapi.update(patient(B, B_NAME));
    server = await startServer(
      loadConfig({
        QN_API_HOST: '127.0.0.1',
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('matrix'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_LOG_LEVEL: 'silent',
      }),
    );
    await server.context.users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    const models = schedulingModels(server.context.mongo);
    await server.context.scheduling.ready();
    await seedDemoTemplates(models);
    const signIn = async (username: string): Promise<string> => {
      const response = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      return ((await response.json()) as { accessToken: string }).accessToken;
    };
    tokens.receptionist = await signIn('reception.bvdk');
    tokens.doctor = await signIn('doctor.bvdk');
    tokens.it = await signIn('it.bvdk');
    tokens.admin = await signIn('admin');
    tokens.forged = `${tokens.admin.split('.').slice(0, 2).join('.')}.${randomBytes(32).toString('base64url')}`;
    // Patient A's kiosk session, as a card tap opens it (the tap itself is covered by the kiosk tests).
    tokens.kioskA = randomBytes(32).toString('base64url');
    const now = new Date();
    await kioskSessionModel(server.context.mongo).create({
      _id: `kiosk-matrix-${RUN}`,
      tokenHash: hashToken(tokens.kioskA),
      patientId: A,
      cardId: `card-${RUN}`,
      patient: { id: A, maskedName: 'Vũ T** H***' },
      createdAt: now,
      lastActivityAt: now,
      expiresAt: new Date(now.getTime() + 600_000),
    });
    // Patient B's booking, made by reception.
    const day = addDays(localDayOf(now), 1);
    const slots = (await (
      await fetch(
        `${server.url}/api/availability?from=${day}&to=${addDays(day, 6)}&department=kham-benh&hospital=bv-bai-chay&limit=5`,
      )
    ).json()) as AvailableSlot[];
    const booked = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.receptionist}`,
        'content-type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({ slotId: slots[0]!.slotId, patientId: B }),
    });
    expect(booked.status).toBe(201);
    bookingOfB = (await booked.json()) as Booking;
    const upload = await fetch(
      `${server.url}/api/ingestion/jobs?hospital=bvdk-tinh-quang-ninh&format=csv`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.it}` },
        body: 'not,a,known,layout\n',
      },
    );
    jobId = ((await upload.json()) as { _id?: string })._id ?? 'none';
  }, 120_000);

  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  const denied401 = 401;
  const ROWS: Row[] = [
    {
      name: 'search patients',
      method: 'GET',
      path: () => `/api/patients?q=${encodeURIComponent('Đỗ Thị Bích')}`,
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 200,
        doctor: 200,
        it: 403,
        admin: 200,
      },
    },
    {
      name: "patient B's shared record",
      method: 'GET',
      path: () => `/api/patients/${B}/record`,
      // A doctor with no booking at his hospital is asked for break-glass (403 of its own kind, checked below).
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 403,
        doctor: 403,
        it: 403,
        admin: 403,
      },
    },
    {
      name: "break-glass into patient B's record",
      method: 'POST',
      path: () => `/api/patients/${B}/record/break-glass`,
      body: () => ({ reason: 'Cấp cứu, người bệnh bất tỉnh' }),
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 403,
        doctor: 200,
        it: 403,
        admin: 403,
      },
    },
    {
      name: "patient B's bookings",
      method: 'GET',
      path: () => `/api/patients/${B}/bookings`,
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 200,
        doctor: 200,
        it: 403,
        admin: 200,
      },
    },
    {
      name: "patient B's booking by id",
      method: 'GET',
      path: () => `/api/bookings/${bookingOfB.id}`,
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 200,
        doctor: 200,
        it: 403,
        admin: 200,
      },
    },
    {
      name: "cancel patient B's booking through the kiosk session of A",
      method: 'POST',
      path: () => `/api/kiosk/bookings/${bookingOfB.id}/cancel`,
      // 404 for A exactly as for a booking that does not exist: A learns nothing. Staff have no kiosk session.
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 404,
        receptionist: denied401,
        doctor: denied401,
        it: denied401,
        admin: denied401,
      },
    },
    {
      name: "check in patient B's booking through the kiosk session of A",
      method: 'POST',
      path: () => `/api/kiosk/bookings/${bookingOfB.id}/check-in`,
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 404,
        receptionist: denied401,
        doctor: denied401,
        it: denied401,
        admin: denied401,
      },
    },
    {
      name: "check in patient B at another hospital's reception",
      method: 'POST',
      path: () => `/api/bookings/${bookingOfB.id}/check-in`,
      // B's booking is at Bệnh viện Đa khoa tỉnh's Khoa Khám bệnh or elsewhere: only that reception or an admin; the day rule then decides (409).
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: [403, 409],
        doctor: 403,
        it: 403,
        admin: 409,
      },
    },
    {
      name: "patient B's consent to share",
      method: 'GET',
      path: () => `/api/patients/${B}/consent`,
      // B's record is at Bãi Cháy: the receptionist of the Provincial General Hospital is not its desk.
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 403,
        doctor: 403,
        it: 403,
        admin: 200,
      },
    },
    {
      name: "record patient B's consent to share",
      method: 'PUT',
      path: () => `/api/patients/${B}/consent`,
      body: () => ({ share: true }),
      // The desk of a hospital holding B's record takes it down from a signed form; no other desk,
      // no doctor, no hospital IT.
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 403,
        doctor: 403,
        it: 403,
        admin: 200,
      },
    },
    {
      name: 'call patient B in to be seen',
      method: 'POST',
      path: () => `/api/bookings/${bookingOfB.id}/seen`,
      // Staff of the booking's own hospital (or an admin) only; B is booked, not checked in: 409.
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: [403, 409],
        doctor: [403, 409],
        it: 403,
        admin: 409,
      },
    },
    {
      name: "the kiosk's own bookings",
      method: 'GET',
      path: () => '/api/kiosk/bookings',
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 200,
        receptionist: denied401,
        doctor: denied401,
        it: denied401,
        admin: denied401,
      },
    },
    {
      name: "the kiosk's own record summary",
      method: 'GET',
      path: () => '/api/kiosk/record',
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 200,
        receptionist: 403,
        doctor: 403,
        it: 403,
        admin: 403,
      },
    },
    {
      name: "who viewed patient B's record",
      method: 'GET',
      path: () => `/api/audit/patients/${B}/access`,
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 403,
        doctor: 200,
        it: 403,
        admin: 200,
      },
    },
    {
      name: 'who viewed patient A’s own record (A at the kiosk)',
      method: 'GET',
      path: () => `/api/audit/patients/${A}/access`,
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 200,
        receptionist: 403,
        doctor: 200,
        it: 403,
        admin: 200,
      },
    },
    {
      name: 'the whole audit log',
      method: 'GET',
      path: () => '/api/audit/events?limit=5',
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 403,
        doctor: 403,
        it: 403,
        admin: 200,
      },
    },
    {
      name: 'an ingestion job and its rejected records',
      method: 'GET',
      path: () => `/api/ingestion/jobs/${jobId}/rejected`,
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 403,
        doctor: 403,
        it: 200,
        admin: 200,
      },
    },
    {
      name: "upload another hospital's export",
      method: 'POST',
      path: () => '/api/ingestion/jobs?hospital=bv-bai-chay&format=hl7v2',
      body: () => 'MSH|^~\\&|X',
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 403,
        doctor: 403,
        it: 403,
        admin: [201, 400],
      },
    },
    {
      name: 'the identity review queue',
      method: 'GET',
      path: () => '/api/identity/reviews',
      cells: {
        anonymous: denied401,
        forged: denied401,
        kioskA: 403,
        receptionist: 403,
        doctor: 403,
        it: 200,
        admin: 200,
      },
    },
  ];

  it.each(ROWS.map((row) => [row.name, row] as const))(
    '%s: each caller gets exactly what the matrix says',
    async (_name, row) => {
      const outcomes: Record<string, number> = {};
      const expected: Record<string, number | number[]> = {};
      for (const caller of CALLERS) {
        const { status, text } = await call(row, caller);
        outcomes[caller] = status;
        const cell = row.cells[caller];
        expected[caller] = Array.isArray(cell) && cell.includes(status) ? status : cell;
        // The kiosk's own endpoints answer any token that is not a live kiosk session with the same
        // 401 "session ended": routine (sessions end every minute), so not an audit record.
        const kioskSessionCheck = row.path().startsWith('/api/kiosk/bookings');
        if (status === 403 || (status === 401 && caller === 'forged' && !kioskSessionCheck))
          deniedAnswers += 1;
        // Not one byte of patient B's data in anything patient A's session receives (a problem's
        // `instance` is only the path A asked for, so it is left out of the check).
        if (caller === 'kioskA') {
          const { instance: _ignored, ...answer } = (
            text.startsWith('{') ? JSON.parse(text) : { text }
          ) as Record<string, unknown>;
          expect(JSON.stringify(answer)).not.toContain(B);
          expect(JSON.stringify(answer)).not.toContain(B_NAME);
          expect(JSON.stringify(answer)).not.toContain(bookingOfB.ticketCode);
        }
        // A denial is a problem document, never data.
        if (status === 401 || status === 403)
          expect(JSON.parse(text)).toMatchObject({
            status,
            type: expect.stringMatching(/^\/problems\//),
          });
      }
      expect(outcomes).toEqual(expected);
    },
  );

  it('writes exactly one audit record for each refusal above, and asks the doctor for break-glass rather than refusing outright', async () => {
    const log = (await (
      await fetch(`${server.url}/api/audit/events?outcome=denied&limit=500`, {
        headers: { authorization: `Bearer ${tokens.admin}` },
      })
    ).json()) as { events: Array<{ outcomeReason?: string }> };
    expect(deniedAnswers).toBeGreaterThan(40);
    expect(log.events).toHaveLength(deniedAnswers);
    const response = await fetch(`${server.url}/api/patients/${B}/record`, {
      headers: { authorization: `Bearer ${tokens.doctor}` },
    });
    expect(((await response.json()) as { type: string }).type).toBe(
      '/problems/break-glass-required',
    );
  });

  it('writes exactly one audit record per access over a mixed workload of 1,000 accesses, denied ones included', async () => {
    const audit = server.context.mongo.collection('audit_events');
    const before = await audit.countDocuments();
    const calls: Array<[string, string, number]> = [
      ...Array.from({ length: 400 }, (): [string, string, number] => [
        `/api/patients/${B}/bookings`,
        'receptionist',
        200,
      ]),
      ...Array.from({ length: 300 }, (): [string, string, number] => [
        `/api/bookings/${bookingOfB.id}`,
        'doctor',
        200,
      ]),
      ...Array.from({ length: 200 }, (): [string, string, number] => [
        `/api/patients/${B}/record`,
        'receptionist',
        403,
      ]),
      ...Array.from({ length: 100 }, (): [string, string, number] => [
        '/api/audit/events?limit=1',
        'it',
        403,
      ]),
    ];
    const statuses: number[] = [];
    for (let i = 0; i < calls.length; i += 20) {
      const answers = await Promise.all(
        calls.slice(i, i + 20).map(([path, caller]) =>
          fetch(`${server.url}${path}`, {
            headers: { authorization: `Bearer ${tokens[caller as Caller]}` },
          }),
        ),
      );
      for (const answer of answers) {
        statuses.push(answer.status);
        await answer.arrayBuffer();
      }
    }
    expect(statuses).toEqual(calls.map(([, , status]) => status));
    expect((await audit.countDocuments()) - before).toBe(1000);
  });

  it('stops a kiosk session after 5 booking attempts in 10 minutes with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await fetch(`${server.url}/api/kiosk/bookings`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.kioskA}`,
          'content-type': 'application/json',
          'Idempotency-Key': randomUUID(),
        },
        body: JSON.stringify({ slotId: 'not-a-slot' }),
      });
      statuses.push(response.status);
      if (response.status === 429)
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });

  it('ignores nothing silently: extra fields, a status or a prototype key in a booking body are refused with 400', async () => {
    const slots = (await (
      await fetch(
        `${server.url}/api/availability?from=${addDays(localDayOf(new Date()), 1)}&to=${addDays(localDayOf(new Date()), 7)}&department=kham-benh&limit=3`,
      )
    ).json()) as AvailableSlot[];
    for (const body of [
      { slotId: slots[1]!.slotId, patientId: A, status: 'checked-in' },
      { slotId: slots[1]!.slotId, patientId: A, hospitalId: 'bvdk-tinh-quang-ninh' },
      JSON.parse(
        `{"slotId":"${slots[1]!.slotId}","patientId":"${A}","__proto__":{"admin":true}}`,
      ) as object,
    ]) {
      const response = await fetch(`${server.url}/api/bookings`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.receptionist}`,
          'content-type': 'application/json',
          'Idempotency-Key': randomUUID(),
        },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
    }
  });
});
