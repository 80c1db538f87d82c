import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express from 'express';
import mongoose, { type Connection } from 'mongoose';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { deviceModel } from '../agents/device-model.js';
import { DeviceRegistry } from '../agents/device-registry.js';
import { AuthService } from '../auth/auth-service.js';
import { authenticate } from '../auth/middleware.js';
import { TokenService } from '../auth/tokens.js';
import { authModels } from '../auth/user-model.js';
import { UserService } from '../auth/user-service.js';
import { errorHandler, notFoundHandler } from '../errors/error-handler.js';
import { feedbackModels } from '../feedback/models.js';
import type { HospitalCode } from '../ingestion/model.js';
import {
  ingestionModels,
  type IngestionJob,
  type IngestionRecord,
  type RecordState,
} from '../ingestion/models.js';
import { createLogger } from '../logger.js';
import { localDayOf, localInstant } from '../scheduling/local-time.js';
import {
  schedulingModels,
  type BookingDocument,
  type BookingStatus,
} from '../scheduling/models.js';
import type { ScheduleTemplate } from '../scheduling/template.js';
import { isolatedMongoUri } from '../test-support/stack-env.js';
import { OperationsService } from './operations-service.js';
import { operationsRoutes } from './routes.js';
import type { OperationsFigures, PublicFigures, StatusCounts } from './schemas.js';

/**
 * The operations figures on FerretDB: a known workload of bookings, templates, stations and
 * ingestion records is written through the real models, and every figure is checked against
 * numbers worked out by hand below; then the roles, the hospital-IT scope and /metrics.
 *
 * The day is Wednesday 2026-03-04 (Asia/Ho_Chi_Minh); its week runs Monday 2 to Sunday 8 March;
 * the ingestion window is 26 February to 4 March. The clock stands at 10:00 local that day.
 */
const DAY = '2026-03-04';
const NOW = at('2026-03-04', '10:00');
const PASSWORD = `ops-${randomBytes(6).toString('hex')}-pw`;
const METRICS_TOKEN = randomBytes(24).toString('base64url');
const MINUTE = 60_000;

const A: HospitalCode = 'bvdk-tinh-quang-ninh';
const B: HospitalCode = 'bv-bai-chay';
const C: HospitalCode = 'bv-san-nhi-quang-ninh';

/** An instant from a local day and `HH:MM` there. */
function at(day: string, clock: string): Date {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return localInstant(day, h * 60 + m);
}

const NAMES: Record<HospitalCode, string> = {
  [A]: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
  [B]: 'Bệnh viện Bãi Cháy',
  [C]: 'Bệnh viện Sản Nhi Quảng Ninh',
};
const DEPARTMENTS: Array<{ hospital: HospitalCode; code: string; name: string; active?: boolean }> =
  [
    { hospital: A, code: 'noi', name: 'Khoa Nội' },
    { hospital: A, code: 'nhi', name: 'Khoa Nhi' },
    { hospital: B, code: 'ngoai', name: 'Khoa Ngoại' },
    { hospital: B, code: 'xet-nghiem', name: 'Khoa Xét nghiệm' },
    { hospital: C, code: 'san', name: 'Khoa Sản' },
    { hospital: C, code: 'dong-cua', name: 'Phòng khám đã đóng', active: false },
  ];

interface Seed {
  hospital: HospitalCode;
  department: string;
  slot: [day: string, clock: string];
  created: [day: string, clock: string];
  status: BookingStatus;
  /** When a checked-in patient arrived, and when a doctor called them in (absent: still waiting). */
  checkedIn?: [day: string, clock: string];
  seen?: [day: string, clock: string];
}

/** The bookings, each with its lead time (created → slot start) in minutes noted after it. */
const BOOKINGS: Seed[] = [
  // Hospital A, Khoa Nội, today.
  {
    hospital: A,
    department: 'noi',
    slot: [DAY, '00:00'],
    created: ['2026-03-03', '00:00'],
    status: 'booked',
  }, // 1440; first minute of the day
  {
    hospital: A,
    department: 'noi',
    slot: [DAY, '08:00'],
    created: ['2026-03-03', '08:00'],
    status: 'booked',
  }, // 1440
  {
    hospital: A,
    department: 'noi',
    slot: [DAY, '08:15'],
    created: [DAY, '07:00'],
    status: 'checked-in',
    checkedIn: [DAY, '08:05'],
    seen: [DAY, '08:25'],
  }, // 75; waited 20
  {
    hospital: A,
    department: 'noi',
    slot: [DAY, '08:30'],
    created: ['2026-03-02', '08:30'],
    status: 'checked-in',
    checkedIn: [DAY, '08:20'],
  }, // 2880; not called in yet
  {
    hospital: A,
    department: 'noi',
    slot: [DAY, '09:00'],
    created: [DAY, '06:00'],
    status: 'no-show',
  }, // 180
  {
    hospital: A,
    department: 'noi',
    slot: [DAY, '09:15'],
    created: ['2026-03-03', '21:15'],
    status: 'cancelled',
  }, // 720
  // Hospital A, Khoa Nhi: today and other days of the week.
  {
    hospital: A,
    department: 'nhi',
    slot: [DAY, '10:00'],
    created: [DAY, '08:00'],
    status: 'checked-in',
    checkedIn: [DAY, '09:40'],
    seen: [DAY, '09:52'],
  }, // 120; waited 12
  {
    hospital: A,
    department: 'nhi',
    slot: ['2026-03-02', '08:00'],
    created: ['2026-03-01', '08:00'],
    status: 'checked-in',
    checkedIn: ['2026-03-02', '07:30'],
    seen: ['2026-03-02', '08:30'],
  }, // 1440; waited 60
  {
    hospital: A,
    department: 'nhi',
    slot: ['2026-03-06', '08:00'],
    created: [DAY, '08:00'],
    status: 'booked',
  }, // 2880
  {
    hospital: A,
    department: 'nhi',
    slot: ['2026-03-08', '23:30'],
    created: [DAY, '23:30'],
    status: 'booked',
  }, // 5760; last half-hour of the week
  // Hospital A, just outside the week: counted nowhere.
  {
    hospital: A,
    department: 'nhi',
    slot: ['2026-03-09', '00:00'],
    created: [DAY, '09:00'],
    status: 'booked',
  },
  {
    hospital: A,
    department: 'noi',
    slot: ['2026-03-01', '23:59'],
    created: ['2026-02-28', '08:00'],
    status: 'checked-in',
    checkedIn: ['2026-03-01', '23:00'],
    seen: ['2026-03-01', '23:59'],
  },
  // Hospital B, Khoa Ngoại.
  {
    hospital: B,
    department: 'ngoai',
    slot: [DAY, '14:00'],
    created: [DAY, '13:00'],
    status: 'no-show',
  }, // 60
  {
    hospital: B,
    department: 'ngoai',
    slot: [DAY, '14:15'],
    created: [DAY, '12:15'],
    status: 'checked-in',
  }, // 120; checked in before check-in times were kept: no wait, and not waiting
  {
    hospital: B,
    department: 'ngoai',
    slot: ['2026-03-03', '08:00'],
    created: ['2026-03-02', '08:00'],
    status: 'cancelled',
  }, // 1440
];

interface RecordSeed {
  hospital: HospitalCode;
  jobId: string;
  state: RecordState;
  at: [day: string, clock: string];
  n: number;
}

const RECORDS: RecordSeed[] = [
  { hospital: A, jobId: 'job-a1', state: 'loaded', at: [DAY, '09:05'], n: 3 },
  { hospital: A, jobId: 'job-a1', state: 'merged', at: [DAY, '09:06'], n: 1 },
  { hospital: A, jobId: 'job-a1', state: 'rejected', at: [DAY, '09:07'], n: 2 },
  { hospital: A, jobId: 'job-a2', state: 'loaded', at: [DAY, '09:40'], n: 1 },
  { hospital: A, jobId: 'job-a2', state: 'rejected', at: [DAY, '09:41'], n: 1 },
  { hospital: A, jobId: 'job-a0', state: 'loaded', at: ['2026-03-01', '10:00'], n: 2 },
  { hospital: A, jobId: 'job-a0', state: 'rejected', at: ['2026-02-26', '00:00'], n: 1 }, // first minute of the window
  { hospital: A, jobId: 'job-a0', state: 'loaded', at: ['2026-02-25', '23:59'], n: 5 }, // a minute before it
  { hospital: A, jobId: 'job-a3', state: 'loaded', at: ['2026-03-05', '00:00'], n: 4 }, // after the day
  { hospital: B, jobId: 'job-b1', state: 'merged', at: ['2026-03-03', '08:10'], n: 2 },
  { hospital: B, jobId: 'job-b1', state: 'rejected', at: ['2026-03-03', '08:11'], n: 1 },
];

const JOBS: IngestionJob[] = [
  {
    _id: 'job-a0',
    hospital: A,
    format: 'csv',
    source: 'upload:a0.csv',
    status: 'finished',
    createdBy: 'user:it',
    startedAt: at('2026-02-25', '23:00'),
    finishedAt: at('2026-03-01', '10:01'),
    counts: { received: 8, loaded: 7, merged: 0, rejected: 1 },
  },
  {
    _id: 'job-a1',
    hospital: A,
    format: 'hl7v2',
    source: 'upload:a1.hl7',
    status: 'finished',
    createdBy: 'user:it',
    startedAt: at(DAY, '09:00'),
    finishedAt: at(DAY, '09:08'),
    counts: { received: 6, loaded: 3, merged: 1, rejected: 2 },
  },
  {
    _id: 'job-a2',
    hospital: A,
    format: 'hl7v2',
    source: 'mllp:127.0.0.1:2575',
    status: 'running',
    createdBy: 'mllp-listener',
    startedAt: at(DAY, '09:30'),
  },
  {
    _id: 'job-a3',
    hospital: A,
    format: 'csv',
    source: 'upload:a3.csv',
    status: 'finished',
    createdBy: 'user:it',
    startedAt: at('2026-03-05', '00:00'),
    finishedAt: at('2026-03-05', '00:01'),
    counts: { received: 4, loaded: 4, merged: 0, rejected: 0 },
  },
  {
    _id: 'job-b1',
    hospital: B,
    format: 'xml130',
    source: 'upload:b1.xml',
    status: 'failed',
    error: 'HAPI FHIR stopped answering',
    createdBy: 'user:it',
    startedAt: at('2026-03-03', '08:00'),
    finishedAt: at('2026-03-03', '08:12'),
    counts: { received: 3, loaded: 0, merged: 2, rejected: 1 },
  },
];

function counts(
  booked: number,
  checkedIn: number,
  cancelled: number,
  noShow: number,
): StatusCounts {
  return {
    booked,
    'checked-in': checkedIn,
    cancelled,
    'no-show': noShow,
    total: booked + checkedIn + cancelled + noShow,
  };
}
const ZERO = counts(0, 0, 0, 0);

interface TestApp {
  url: string;
  close(): Promise<void>;
}

describe('operations figures on FerretDB', () => {
  let mongo: Connection;
  let auth: AuthService;
  let operations: OperationsService;
  let withMetrics: TestApp;
  let withoutMetrics: TestApp;
  const tokens: Record<string, string> = {};

  async function startApp(metricsToken?: string): Promise<TestApp> {
    const app = express();
    app.use(
      operationsRoutes({
        operations,
        authenticate: authenticate(auth),
        ...(metricsToken ? { metricsToken } : {}),
      }),
    );
    app.use(notFoundHandler());
    app.use(errorHandler(createLogger('silent')));
    const server: Server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  }

  beforeAll(async () => {
    mongo = await mongoose
      .createConnection(isolatedMongoUri('operations'), { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    const access = authModels(mongo);
    const users = new UserService(access);
    await users.ready();
    await users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    auth = new AuthService(
      users,
      access,
      new TokenService({
        keys: [{ kid: 'ops', secret: randomBytes(32).toString('base64url') }],
        issuer: 'qn-ehr-api',
        audience: 'qn-staff',
        ttlMs: 15 * MINUTE,
      }),
      {
        sessionMaxMs: 12 * 3600_000,
        lockout: { maxFailures: 5, windowMs: 15 * MINUTE },
      },
    );
    for (const username of ['admin', 'it.baichay', 'reception.bvdk']) {
      const outcome = await auth.signIn({ username, password: PASSWORD });
      if (!outcome.ok) throw new Error(`sign-in of ${username} failed`);
      tokens[username] = `Bearer ${outcome.accessToken}`;
    }

    const scheduling = schedulingModels(mongo);
    await scheduling.templates.insertMany(
      DEPARTMENTS.map<ScheduleTemplate>((d) => ({
        serviceId: `hs-${d.hospital}-${d.code}`,
        hospitalId: d.hospital,
        hospitalName: NAMES[d.hospital],
        serviceName: d.name,
        departmentCode: d.code,
        directions: '',
        locationId: `loc-${d.hospital}`,
        slotMinutes: 15,
        capacity: 3,
        sessions: [],
        active: d.active ?? true,
      })),
    );
    // Written with their own createdAt: the model's timestamps would stamp "now" over it.
    await scheduling.bookings.insertMany(
      BOOKINGS.map((b, i): BookingDocument => {
        const start = at(...b.slot);
        const serviceId = `hs-${b.hospital}-${b.department}`;
        const released = b.status === 'cancelled';
        return {
          _id: randomUUID(),
          patientId: `pat-ops-${i}`,
          serviceId,
          hospitalId: b.hospital,
          hospitalName: NAMES[b.hospital],
          serviceName: DEPARTMENTS.find(
            (d) => d.hospital === b.hospital && d.code === b.department,
          )!.name,
          departmentCode: b.department,
          directions: '',
          locationId: `loc-${b.hospital}`,
          slotId: `${serviceId}|${start.getTime()}`,
          start,
          end: new Date(start.getTime() + 15 * MINUTE),
          localDay: localDayOf(start),
          capacity: 3,
          seat: 0,
          seatKey: released ? `released:${i}` : `${serviceId}|${start.getTime()}|${i}`,
          patientDayKey: released
            ? `released-day:${i}`
            : `pat-ops-${i}|${serviceId}|${localDayOf(start)}`,
          patientQuotaKey: released ? `released:${i}` : `pat-ops-${i}|future|0`,
          ticketCode: `OPS${i}`,
          status: b.status,
          queueNumber: i + 1,
          createdBy: 'staff:ops-test',
          createdAt: at(...b.created),
          updatedAt: at(...b.created),
          outbox: [],
          outboxVersion: 1,
          publishedToFhir: true,
          outboxNextAttemptAt: at(...b.created),
          ...(b.checkedIn ? { checkedInAt: at(...b.checkedIn) } : {}),
          ...(b.seen ? { seenAt: at(...b.seen), seenBy: 'staff:doctor' } : {}),
        };
      }),
      { timestamps: false },
    );
    // Holds are not bookings: a live one and a lapsed one in Khoa Nội today must not be counted.
    const heldBase = (await scheduling.bookings
      .findOne({ hospitalId: A, departmentCode: 'noi' })
      .lean())!;
    await scheduling.bookings.insertMany(
      (['held', 'expired'] as const).map((status, i) => ({
        ...heldBase,
        _id: `hold-ops-${i}`,
        status,
        seatKey: `hold-ops-seat-${i}`,
        patientDayKey: `hold-ops-day-${i}`,
        patientQuotaKey: `hold-ops-quota-${i}`,
        ticketCode: `HOLDOPS${i}`,
        queueNumber: undefined,
        holdExpiresAt: at('2026-03-04', '09:00'),
      })),
    );
    // The waitlist now: Khoa Nội of A has 2 waiting and 1 offered (3); B's Xét nghiệm 1; ended entries do not count.
    await scheduling.waitlist.insertMany(
      (
        [
          [A, 'noi', 'waiting'],
          [A, 'noi', 'waiting'],
          [A, 'noi', 'offered'],
          [A, 'noi', 'booked'],
          [A, 'noi', 'withdrawn'],
          [B, 'xet-nghiem', 'waiting'],
          [B, 'xet-nghiem', 'lapsed'],
        ] as const
      ).map(([hospital, code, status], i) => ({
        _id: `wait-ops-${i}`,
        patientId: `pat-wait-${i}`,
        serviceId: `hs-${hospital}-${code}`,
        hospitalId: hospital,
        serviceName: code,
        hospitalName: NAMES[hospital],
        fromDay: '2026-03-04',
        toDay: '2026-03-06',
        status,
        activeKey:
          status === 'waiting' || status === 'offered'
            ? `pat-wait-${i}|hs-${hospital}-${code}`
            : `ended:${i}`,
        offers: [],
        createdBy: 'staff:ops-test',
        createdAt: at('2026-03-04', '08:00'),
      })),
    );

    const devices = deviceModel(mongo);
    await devices.insertMany([
      {
        deviceId: 'kiosk-bvdk-01',
        secretHash: 'x',
        readers: ['ACS ACR1252 PICC'],
        connectedAt: at(DAY, '07:00'),
        lastSeenAt: new Date(NOW.getTime() - 5_000),
        lastCardEventAt: at(DAY, '09:58'),
      },
      {
        deviceId: 'desk-bvdk-01',
        secretHash: 'x',
        readers: ['ACS ACR1252 PICC'],
        connectedAt: at(DAY, '07:00'),
        lastSeenAt: new Date(NOW.getTime() - 10 * MINUTE),
        lastCardEventAt: at('2026-03-03', '16:00'),
      },
      {
        deviceId: 'kiosk-baichay-01',
        secretHash: 'x',
        readers: ['Virtual PCD'],
        connectedAt: at(DAY, '07:00'),
        lastSeenAt: new Date(NOW.getTime() - 2_000),
        disconnectedAt: new Date(NOW.getTime() - 1_000),
      },
    ]);

    const ingestion = ingestionModels(mongo);
    await ingestion.jobs.insertMany(JOBS);
    let sequence = 0;
    await ingestion.records.insertMany(
      RECORDS.flatMap((r) =>
        Array.from({ length: r.n }, (): IngestionRecord => {
          sequence += 1;
          return {
            jobId: r.jobId,
            sequence,
            hospital: r.hospital,
            format: 'csv',
            sourceRecordId: `rec-${sequence}`,
            state: r.state,
            at: at(...r.at),
          };
        }),
      ),
    );

    // Feedback: three pieces at A (one resolved), one at B (resolved), none at C. Written through
    // the driver: only the hospital matters to these counts.
    const feedback = feedbackModels(mongo);
    await feedback.feedback.collection.insertMany(
      [A, A, A, B].map((hospitalId, i) => ({
        _id: `fb-ops-${i}` as never,
        hospitalId,
        status: i === 0 || i === 3 ? 'resolved' : 'open',
        createdAt: at('2026-03-03', '09:00'),
      })),
    );
    await feedback.resolutions.collection.insertMany(
      [
        { id: 'fb-ops-0', hospitalId: A },
        { id: 'fb-ops-3', hospitalId: B },
      ].map(({ id, hospitalId }) => ({
        _id: id as never,
        hospitalId,
        at: at(DAY, '08:00'),
      })),
    );

    operations = new OperationsService({
      mongo,
      stations: new DeviceRegistry(devices, 30_000),
      clock: () => NOW,
    });
    withMetrics = await startApp(METRICS_TOKEN);
    withoutMetrics = await startApp();
  }, 120_000);

  afterAll(async () => {
    await withMetrics?.close();
    await withoutMetrics?.close();
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  async function get<T>(
    app: TestApp,
    path: string,
    authorization?: string,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${app.url}${path}`, {
      headers: authorization ? { authorization } : {},
    });
    const text = await response.text();
    const body = (
      response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
    ) as T;
    return { status: response.status, body, headers: response.headers };
  }

  describe('figures for an admin', () => {
    let figures: OperationsFigures;
    beforeAll(async () => {
      const answer = await get<OperationsFigures>(
        withMetrics,
        `/api/operations/figures?day=${DAY}`,
        tokens.admin,
      );
      expect(answer.status).toBe(200);
      figures = answer.body;
    });
    const hospital = (id: HospitalCode): OperationsFigures['hospitals'][number] =>
      figures.hospitals.find((h) => h.hospitalId === id)!;

    it('names the day, its Monday-to-Sunday week and the time zone', () => {
      expect(figures).toMatchObject({
        day: DAY,
        week: { from: '2026-03-02', to: '2026-03-08' },
        timeZone: 'Asia/Ho_Chi_Minh',
        generatedAt: NOW.toISOString(),
      });
      expect(figures.hospitals.map((h) => [h.hospitalId, h.hospitalName])).toEqual([
        [A, NAMES[A]],
        [C, NAMES[C]],
        [B, NAMES[B]],
      ]);
    });

    it('counts bookings by status for the day and the week, leaving out slots just outside the week', () => {
      expect(hospital(A).bookings.today).toEqual(counts(2, 3, 1, 1));
      expect(hospital(A).bookings.week).toEqual(counts(4, 4, 1, 1));
      expect(hospital(B).bookings.today).toEqual(counts(0, 1, 0, 1));
      expect(hospital(B).bookings.week).toEqual(counts(0, 1, 1, 1));
      expect(hospital(C).bookings).toMatchObject({ today: ZERO, week: ZERO });
    });

    it('counts each day of the week, Monday first, zeros included', () => {
      expect(hospital(A).bookings.byDay).toEqual([
        { day: '2026-03-02', ...counts(0, 1, 0, 0) },
        { day: '2026-03-03', ...ZERO },
        { day: '2026-03-04', ...counts(2, 3, 1, 1) },
        { day: '2026-03-05', ...ZERO },
        { day: '2026-03-06', ...counts(1, 0, 0, 0) },
        { day: '2026-03-07', ...ZERO },
        { day: '2026-03-08', ...counts(1, 0, 0, 0) },
      ]);
      expect(hospital(B).bookings.byDay.find((d) => d.day === '2026-03-03')).toEqual({
        day: '2026-03-03',
        ...counts(0, 0, 1, 0),
      });
    });

    it('splits the counts by department, listing active departments without bookings at zero, with each waitlist now', () => {
      expect(hospital(A).departments).toEqual([
        {
          departmentCode: 'nhi',
          serviceName: 'Khoa Nhi',
          today: counts(0, 1, 0, 0),
          week: counts(2, 2, 0, 0),
          waitlist: 0,
          waitingToBeSeen: 0,
        },
        {
          departmentCode: 'noi',
          serviceName: 'Khoa Nội',
          today: counts(2, 2, 1, 1),
          week: counts(2, 2, 1, 1),
          waitlist: 3,
          waitingToBeSeen: 1,
        },
      ]);
      expect(hospital(B).departments).toEqual([
        {
          departmentCode: 'ngoai',
          serviceName: 'Khoa Ngoại',
          today: counts(0, 1, 0, 1),
          week: counts(0, 1, 1, 1),
          waitlist: 0,
          waitingToBeSeen: 0,
        },
        {
          departmentCode: 'xet-nghiem',
          serviceName: 'Khoa Xét nghiệm',
          today: ZERO,
          week: ZERO,
          waitlist: 1,
          waitingToBeSeen: 0,
        },
      ]);
      expect(hospital(C).departments).toEqual([
        {
          departmentCode: 'san',
          serviceName: 'Khoa Sản',
          today: ZERO,
          week: ZERO,
          waitlist: 0,
          waitingToBeSeen: 0,
        },
      ]);
    });

    it('gives the median and 90th percentile of the lead time from booking to slot', () => {
      // A today, sorted: 75 120 180 720 1440 1440 2880 → median 720; p90 at index 5.4: 1440 + 0.4 × 1440 = 2016.
      // A week adds 1440, 2880, 5760 → median (1440 + 1440) / 2; p90 at index 8.1: 2880 + 0.1 × 2880 = 3168.
      expect(hospital(A).leadTime).toEqual({
        today: { bookings: 7, medianMinutes: 720, p90Minutes: 2016 },
        week: { bookings: 10, medianMinutes: 1440, p90Minutes: 3168 },
      });
      // B today: 60 120 → median 90, p90 60 + 0.9 × 60 = 114; week adds 1440 → median 120, p90 at 1.8: 120 + 0.8 × 1320 = 1176.
      expect(hospital(B).leadTime).toEqual({
        today: { bookings: 2, medianMinutes: 90, p90Minutes: 114 },
        week: { bookings: 3, medianMinutes: 120, p90Minutes: 1176 },
      });
      expect(hospital(C).leadTime.week).toEqual({
        bookings: 0,
        medianMinutes: null,
        p90Minutes: null,
      });
    });

    it('gives check-ins, no-shows and the no-show rate', () => {
      expect(hospital(A).attendance).toEqual({
        today: { checkedIn: 3, noShow: 1, noShowRate: 0.25 },
        week: { checkedIn: 4, noShow: 1, noShowRate: 0.2 },
      });
      expect(hospital(B).attendance.today).toEqual({ checkedIn: 1, noShow: 1, noShowRate: 0.5 });
      expect(hospital(C).attendance.today).toEqual({ checkedIn: 0, noShow: 0, noShowRate: null });
    });

    it('gives the wait from check-in to being called in, counting who is still waiting', () => {
      // A today: 12 and 20 minutes → median 16, p90 12 + 0.9 × 8 = 19.2; one checked in and not called.
      // A week adds 60 (Monday) → median 20, p90 at index 1.8: 20 + 0.8 × 40 = 52; Sunday's is outside.
      expect(hospital(A).waitFromCheckIn).toEqual({
        today: { seen: 2, notSeen: 1, medianMinutes: 16, p90Minutes: 19.2 },
        week: { seen: 3, notSeen: 1, medianMinutes: 20, p90Minutes: 52 },
      });
      // B's one check-in has no time kept: counted neither as a wait nor as still waiting.
      expect(hospital(B).waitFromCheckIn.today).toEqual({
        seen: 0,
        notSeen: 0,
        medianMinutes: null,
        p90Minutes: null,
      });
      expect(hospital(C).waitFromCheckIn.week).toEqual({
        seen: 0,
        notSeen: 0,
        medianMinutes: null,
        p90Minutes: null,
      });
    });

    it('lists stations with the one heard from recently and not disconnected as online', () => {
      expect(figures.stations.online).toBe(1);
      expect(figures.stations.total).toBe(3);
      expect(figures.stations.list).toEqual([
        {
          deviceId: 'desk-bvdk-01',
          online: false,
          lastSeenAt: new Date(NOW.getTime() - 10 * MINUTE).toISOString(),
          readers: [],
          lastCardEventAt: at('2026-03-03', '16:00').toISOString(),
        },
        {
          deviceId: 'kiosk-baichay-01',
          online: false,
          lastSeenAt: new Date(NOW.getTime() - 2_000).toISOString(),
          readers: [],
        },
        {
          deviceId: 'kiosk-bvdk-01',
          online: true,
          lastSeenAt: new Date(NOW.getTime() - 5_000).toISOString(),
          readers: ['ACS ACR1252 PICC'],
          lastCardEventAt: at(DAY, '09:58').toISOString(),
        },
      ]);
    });

    it('counts ingested records per hospital over the seven days ending with the day, edges included and excluded', () => {
      // A: the day 4 loaded, 1 merged, 3 rejected; 1 March 2 loaded; 26 February 00:00 1 rejected.
      // Left out: 25 February 23:59 (5 loaded) and 5 March 00:00 (4 loaded).
      expect(figures.ingestion).toEqual(
        expect.objectContaining({
          from: '2026-02-26',
          to: DAY,
          hospitals: [
            { hospital: A, loaded: 6, merged: 1, rejected: 4 },
            { hospital: C, loaded: 0, merged: 0, rejected: 0 },
            { hospital: B, loaded: 0, merged: 2, rejected: 1 },
          ],
        }),
      );
    });

    it('lists the latest jobs started by the end of the day, a running one counted from its records', () => {
      expect(figures.ingestion.latestJobs.map((j) => [j.id, j.status, j.counts])).toEqual([
        ['job-a2', 'running', { loaded: 1, merged: 0, rejected: 1 }],
        ['job-a1', 'finished', { loaded: 3, merged: 1, rejected: 2 }],
        ['job-b1', 'failed', { loaded: 0, merged: 2, rejected: 1 }],
        ['job-a0', 'finished', { loaded: 7, merged: 0, rejected: 1 }],
      ]);
      expect(figures.ingestion.latestJobs[2]).toMatchObject({
        hospital: B,
        format: 'xml130',
        error: 'HAPI FHIR stopped answering',
        startedAt: at('2026-03-03', '08:00').toISOString(),
      });
    });

    it('narrows to one hospital when an admin asks for it', async () => {
      const { status, body } = await get<OperationsFigures>(
        withMetrics,
        `/api/operations/figures?day=${DAY}&hospital=${C}`,
        tokens.admin,
      );
      expect(status).toBe(200);
      expect(body.hospitals.map((h) => h.hospitalId)).toEqual([C]);
    });

    it('uses today in Vietnam when no day is given', async () => {
      const { body } = await get<OperationsFigures>(
        withMetrics,
        '/api/operations/figures',
        tokens.admin,
      );
      expect(body.day).toBe(DAY);
    });
  });

  describe('who may see the figures', () => {
    it('answers 401 without a token', async () => {
      const { status, headers } = await get(withMetrics, `/api/operations/figures?day=${DAY}`);
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toBe('Bearer');
    });

    it('answers 403 to a receptionist', async () => {
      const { status, body } = await get<{ detail: string }>(
        withMetrics,
        `/api/operations/figures?day=${DAY}`,
        tokens['reception.bvdk'],
      );
      expect(status).toBe(403);
      expect(body.detail).toMatch(/admin or hospital-it/);
    });

    it("gives hospital IT their own hospital's figures only", async () => {
      const { status, body } = await get<OperationsFigures>(
        withMetrics,
        `/api/operations/figures?day=${DAY}`,
        tokens['it.baichay'],
      );
      expect(status).toBe(200);
      expect(body.hospitals.map((h) => h.hospitalId)).toEqual([B]);
      expect(body.hospitals[0]!.bookings.week).toEqual(counts(0, 1, 1, 1));
      expect(body.ingestion.hospitals.map((h) => h.hospital)).toEqual([B]);
      expect(body.ingestion.latestJobs.map((j) => j.id)).toEqual(['job-b1']);
    });

    it("answers 403 when hospital IT asks for another hospital's figures", async () => {
      const { status, body } = await get<{ hospital: string }>(
        withMetrics,
        `/api/operations/figures?day=${DAY}&hospital=${A}`,
        tokens['it.baichay'],
      );
      expect(status).toBe(403);
      expect(body.hospital).toBe(A);
    });

    it('answers 400 naming the day when it is not a calendar day', async () => {
      for (const day of ['2026-02-30', '04-03-2026']) {
        const { status, body } = await get<{ errors: Array<{ field: string; message: string }> }>(
          withMetrics,
          `/api/operations/figures?day=${day}`,
          tokens.admin,
        );
        expect(status).toBe(400);
        expect(body.errors).toEqual([
          { field: 'day', message: 'must be a calendar day written YYYY-MM-DD' },
        ]);
      }
    });

    it('answers 400 naming the hospital when it is not one of the three', async () => {
      const { status, body } = await get<{ errors: Array<{ field: string }> }>(
        withMetrics,
        `/api/operations/figures?hospital=bv-khac`,
        tokens.admin,
      );
      expect(status).toBe(400);
      expect(body.errors.map((e) => e.field)).toEqual(['hospital']);
    });
  });

  describe('public figures', () => {
    it('gives per-hospital counts of bookings not cancelled, without signing in', async () => {
      const { status, body, headers } = await get<PublicFigures>(
        withMetrics,
        `/api/operations/public?day=${DAY}`,
      );
      expect(status).toBe(200);
      expect(headers.get('cache-control')).toBe('public, max-age=60');
      expect(body).toEqual({
        day: DAY,
        week: { from: '2026-03-02', to: '2026-03-08' },
        generatedAt: NOW.toISOString(),
        hospitals: [
          { hospitalId: A, hospitalName: NAMES[A], bookingsToday: 6, bookingsThisWeek: 9 },
          { hospitalId: C, hospitalName: NAMES[C], bookingsToday: 0, bookingsThisWeek: 0 },
          { hospitalId: B, hospitalName: NAMES[B], bookingsToday: 2, bookingsThisWeek: 2 },
        ],
      });
    });

    it('answers 400 naming the day for a bad day', async () => {
      const { status, body } = await get<{ errors: Array<{ field: string }> }>(
        withMetrics,
        '/api/operations/public?day=2026-13-01',
      );
      expect(status).toBe(400);
      expect(body.errors[0]!.field).toBe('day');
    });
  });

  describe('/metrics', () => {
    function series(text: string, name: string): Record<string, number> {
      const family = parsePrometheusTextFormat(text).find((f) => f.name === name);
      if (!family) throw new Error(`no ${name} in the exposition`);
      return Object.fromEntries(
        family.metrics.map((m) => [Object.values(m.labels ?? {}).join('/'), Number(m.value)]),
      );
    }

    it('exposes the same figures as gauges to the bearer of the metrics token', async () => {
      const { status, body, headers } = await get<string>(
        withMetrics,
        '/metrics',
        `Bearer ${METRICS_TOKEN}`,
      );
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const bookings = series(body, 'qn_bookings_today');
      expect(bookings).toMatchObject({
        [`${A}/noi/booked`]: 2,
        [`${A}/noi/checked-in`]: 2,
        [`${A}/noi/cancelled`]: 1,
        [`${A}/noi/no-show`]: 1,
        [`${A}/nhi/checked-in`]: 1,
        [`${A}/nhi/booked`]: 0,
        [`${B}/ngoai/no-show`]: 1,
        [`${B}/xet-nghiem/booked`]: 0,
        [`${C}/san/booked`]: 0,
      });
      expect(Object.keys(bookings).some((key) => key.includes('dong-cua'))).toBe(false);
      expect(series(body, 'qn_stations_online')).toEqual({ '': 1 });
      expect(series(body, 'qn_station_online')).toEqual({
        'desk-bvdk-01': 0,
        'kiosk-baichay-01': 0,
        'kiosk-bvdk-01': 1,
      });
      expect(series(body, 'qn_ingestion_records_last_7_days')).toEqual({
        [`${A}/loaded`]: 6,
        [`${A}/merged`]: 1,
        [`${A}/rejected`]: 4,
        [`${C}/loaded`]: 0,
        [`${C}/merged`]: 0,
        [`${C}/rejected`]: 0,
        [`${B}/loaded`]: 0,
        [`${B}/merged`]: 2,
        [`${B}/rejected`]: 1,
      });
      // As the figures: A waited 12 and 20 minutes today; nobody was called in at B or C.
      expect(series(body, 'qn_wait_from_checkin_minutes')).toEqual({
        [`${A}/0.5`]: 16,
        [`${A}/0.9`]: 19.2,
      });
      expect(series(body, 'qn_patients_waiting_to_be_seen')).toEqual({
        [`${A}/noi`]: 1,
        [`${A}/nhi`]: 0,
        [`${B}/ngoai`]: 0,
        [`${B}/xet-nghiem`]: 0,
        [`${C}/san`]: 0,
      });
      expect(series(body, 'qn_feedback_received')).toEqual({ [A]: 3, [B]: 1, [C]: 0 });
      expect(series(body, 'qn_feedback_resolved')).toEqual({ [A]: 1, [B]: 1, [C]: 0 });
    });

    it('answers 401 without the token and with a wrong one', async () => {
      expect((await get(withMetrics, '/metrics')).status).toBe(401);
      expect((await get(withMetrics, '/metrics', tokens.admin)).status).toBe(401);
      expect((await get(withMetrics, '/metrics', `Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
    });

    it('answers 404 when no metrics token is configured', async () => {
      expect((await get(withoutMetrics, '/metrics', `Bearer ${METRICS_TOKEN}`)).status).toBe(404);
    });
  });
});
