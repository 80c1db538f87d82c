import type { StaffUser } from '../app/core/auth/auth-types';
import type {
  HospitalFigures,
  LeadTime,
  OperationsFigures,
  PublicFigures,
  StatusCounts,
  WaitFromCheckIn,
} from '../app/features/operations/operations-types';

/**
 * Figures as `GET /api/operations/figures?day=2025-11-24` answers them (shapes of
 * `ehr-api/src/operations/schemas.ts`), for Monday 24/11/2025, the first day of its week.
 * The week and attendance figures are added up from the days here, as the API does, so every
 * number a spec expects can be worked out from the `days` below.
 */

export const adminUser: StaffUser = {
  id: 'usr-admin-1',
  username: 'qt.minh',
  displayName: 'Trần Văn Minh',
  role: 'admin',
};

export const hospitalItUser: StaffUser = {
  id: 'usr-it-1',
  username: 'it.bc',
  displayName: 'Lê Thu Hà',
  role: 'hospital-it',
  hospital: 'bv-bai-chay',
};

export const WEEK_DAYS = [
  '2025-11-24',
  '2025-11-25',
  '2025-11-26',
  '2025-11-27',
  '2025-11-28',
  '2025-11-29',
  '2025-11-30',
];

type Counts = Partial<Omit<StatusCounts, 'total'>>;

function counts(c: Counts = {}): StatusCounts {
  const booked = c.booked ?? 0;
  const checkedIn = c['checked-in'] ?? 0;
  const cancelled = c.cancelled ?? 0;
  const noShow = c['no-show'] ?? 0;
  return {
    booked,
    'checked-in': checkedIn,
    cancelled,
    'no-show': noShow,
    total: booked + checkedIn + cancelled + noShow,
  };
}

function add(a: StatusCounts, b: StatusCounts): StatusCounts {
  return counts({
    booked: a.booked + b.booked,
    'checked-in': a['checked-in'] + b['checked-in'],
    cancelled: a.cancelled + b.cancelled,
    'no-show': a['no-show'] + b['no-show'],
  });
}

function attendance(c: StatusCounts): HospitalFigures['attendance']['today'] {
  const seen = c['checked-in'] + c['no-show'];
  return {
    checkedIn: c['checked-in'],
    noShow: c['no-show'],
    noShowRate: seen === 0 ? null : c['no-show'] / seen,
  };
}

function hospital(options: {
  id: string;
  name: string;
  /** Monday first; missing days have no booking. */
  days: Counts[];
  departments: { code: string; name: string; today: Counts; waitingToBeSeen?: number }[];
  leadTime: { today: LeadTime; week: LeadTime };
  wait: { today: WaitFromCheckIn; week: WaitFromCheckIn };
}): HospitalFigures {
  const byDay = WEEK_DAYS.map((day, i) => ({ day, ...counts(options.days[i]) }));
  const week = byDay.reduce((acc, d) => add(acc, d), counts());
  const today = counts(options.days[0]);
  return {
    hospitalId: options.id,
    hospitalName: options.name,
    bookings: { today, week, byDay },
    departments: options.departments.map((d) => ({
      departmentCode: d.code,
      serviceName: d.name,
      today: counts(d.today),
      // Not drawn anywhere; the API sends it, so the fixture does too.
      week: counts(d.today),
      // Two waiting for Khám bệnh (the busiest department), none elsewhere.
      waitlist: d.code === 'kham-benh' ? 2 : 0,
      waitingToBeSeen: d.waitingToBeSeen ?? 0,
    })),
    leadTime: options.leadTime,
    attendance: { today: attendance(today), week: attendance(week) },
    waitFromCheckIn: options.wait,
  };
}

export const BVDK_ID = 'bvdk-tinh-quang-ninh';
export const SAN_NHI_ID = 'bv-san-nhi-quang-ninh';
export const BAI_CHAY_ID = 'bv-bai-chay';

export function bvdkFigures(): HospitalFigures {
  return hospital({
    id: BVDK_ID,
    name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
    days: [
      { booked: 20, 'checked-in': 30, cancelled: 5, 'no-show': 10 },
      { booked: 50, cancelled: 5 },
      { booked: 30, cancelled: 10 },
    ],
    departments: [
      {
        code: 'noi',
        name: 'Khoa Nội tổng hợp',
        today: { booked: 8, 'checked-in': 10, cancelled: 2, 'no-show': 5 },
      },
      {
        code: 'kham-benh',
        name: 'Khoa Khám bệnh',
        today: { booked: 12, 'checked-in': 20, cancelled: 3, 'no-show': 5 },
        waitingToBeSeen: 4,
      },
    ],
    leadTime: {
      today: { bookings: 65, medianMinutes: 1500, p90Minutes: 4380 },
      week: { bookings: 160, medianMinutes: 2880, p90Minutes: 8640 },
    },
    // 30 checked in today: 26 called in, 4 still waiting at Khám bệnh.
    wait: {
      today: { seen: 26, notSeen: 4, medianMinutes: 22, p90Minutes: 65 },
      week: { seen: 26, notSeen: 4, medianMinutes: 22, p90Minutes: 65 },
    },
  });
}

export function sanNhiFigures(): HospitalFigures {
  return hospital({
    id: SAN_NHI_ID,
    name: 'Bệnh viện Sản Nhi Quảng Ninh',
    days: [{ booked: 10, 'checked-in': 12, cancelled: 2, 'no-show': 3 }, { booked: 8 }],
    departments: [
      {
        code: 'kham-benh',
        name: 'Khoa Khám bệnh',
        today: { booked: 6, 'checked-in': 7, cancelled: 1, 'no-show': 2 },
      },
      {
        code: 'nhi',
        name: 'Khoa Nhi tổng hợp',
        today: { booked: 4, 'checked-in': 5, cancelled: 1, 'no-show': 1 },
      },
    ],
    leadTime: {
      today: { bookings: 27, medianMinutes: 45, p90Minutes: 185 },
      week: { bookings: 35, medianMinutes: 60.4, p90Minutes: 1440 },
    },
    wait: {
      today: { seen: 12, notSeen: 0, medianMinutes: 15, p90Minutes: 40 },
      week: { seen: 12, notSeen: 0, medianMinutes: 15, p90Minutes: 40 },
    },
  });
}

export function baiChayFigures(): HospitalFigures {
  return hospital({
    id: BAI_CHAY_ID,
    name: 'Bệnh viện Bãi Cháy',
    days: [{ booked: 5, 'checked-in': 8, cancelled: 1, 'no-show': 2 }],
    departments: [
      {
        code: 'kham-benh',
        name: 'Khoa Khám bệnh',
        today: { booked: 5, 'checked-in': 8, cancelled: 1, 'no-show': 2 },
      },
      { code: 'da-lieu', name: 'Khoa Da liễu', today: {} },
    ],
    leadTime: {
      today: { bookings: 0, medianMinutes: null, p90Minutes: null },
      week: { bookings: 16, medianMinutes: 30, p90Minutes: 90 },
    },
    // Nobody pressed "call in" at Bãi Cháy today: the 8 checked in have no wait to show.
    wait: {
      today: { seen: 0, notSeen: 8, medianMinutes: null, p90Minutes: null },
      week: { seen: 0, notSeen: 8, medianMinutes: null, p90Minutes: null },
    },
  });
}

/**
 * What an admin sees for Monday 24/11/2025 at 14:05 in Viet Nam. Totals of the day: 100
 * bookings not cancelled (60 + 25 + 15), 8 cancelled, 50 checked in, 15 no-shows (15/65 =
 * 23.1 %); of the week: 188 bookings (140 + 33 + 15).
 */
export function operationsFigures(overrides: Partial<OperationsFigures> = {}): OperationsFigures {
  return {
    day: '2025-11-24',
    week: { from: '2025-11-24', to: '2025-11-30' },
    generatedAt: '2025-11-24T07:05:00.000Z',
    hospitals: [bvdkFigures(), sanNhiFigures(), baiChayFigures()],
    stations: {
      online: 1,
      total: 2,
      list: [
        {
          deviceId: 'kiosk-bvdk-01',
          online: true,
          lastSeenAt: '2025-11-24T07:04:58.000Z',
          readers: ['ACS ACR1252 1S CL Reader PICC 0'],
          lastCardEventAt: '2025-11-24T02:15:00.000Z',
        },
        {
          deviceId: 'kiosk-bc-02',
          online: false,
          lastSeenAt: '2025-11-23T10:00:00.000Z',
          readers: [],
        },
      ],
    },
    ingestion: {
      from: '2025-11-18',
      to: '2025-11-24',
      hospitals: [
        { hospital: BVDK_ID, loaded: 1200, merged: 300, rejected: 12 },
        { hospital: SAN_NHI_ID, loaded: 800, merged: 150, rejected: 0 },
        { hospital: BAI_CHAY_ID, loaded: 400, merged: 90, rejected: 7 },
      ],
      latestJobs: [
        {
          id: 'job-3',
          hospital: BAI_CHAY_ID,
          format: 'xml130',
          source: 'bc-2025-11-24.xml',
          status: 'failed',
          error: 'XML không đọc được ở dòng 12',
          startedAt: '2025-11-24T06:00:00.000Z',
          finishedAt: '2025-11-24T06:00:03.000Z',
          counts: { loaded: 0, merged: 0, rejected: 0 },
        },
        {
          id: 'job-2',
          hospital: BVDK_ID,
          format: 'csv',
          source: 'bvdk-2025-11-24.csv',
          status: 'finished',
          startedAt: '2025-11-24T05:00:00.000Z',
          finishedAt: '2025-11-24T05:01:10.000Z',
          counts: { loaded: 1200, merged: 300, rejected: 12 },
        },
      ],
    },
    ...overrides,
  };
}

/** What hospital IT of Bãi Cháy sees: their hospital only. */
export function baiChayOnlyFigures(): OperationsFigures {
  const all = operationsFigures();
  return {
    ...all,
    hospitals: [baiChayFigures()],
    ingestion: {
      ...all.ingestion,
      hospitals: all.ingestion.hospitals.filter((h) => h.hospital === BAI_CHAY_ID),
      latestJobs: all.ingestion.latestJobs.filter((j) => j.hospital === BAI_CHAY_ID),
    },
  };
}

/** `GET /api/operations/public` for the same Monday. */
export function publicFigures(overrides: Partial<PublicFigures> = {}): PublicFigures {
  return {
    day: '2025-11-24',
    week: { from: '2025-11-24', to: '2025-11-30' },
    generatedAt: '2025-11-24T07:05:00.000Z',
    hospitals: [
      {
        hospitalId: BVDK_ID,
        hospitalName: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
        bookingsToday: 60,
        bookingsThisWeek: 1140,
      },
      {
        hospitalId: SAN_NHI_ID,
        hospitalName: 'Bệnh viện Sản Nhi Quảng Ninh',
        bookingsToday: 25,
        bookingsThisWeek: 33,
      },
      {
        hospitalId: BAI_CHAY_ID,
        hospitalName: 'Bệnh viện Bãi Cháy',
        bookingsToday: 15,
        bookingsThisWeek: 15,
      },
    ],
    ...overrides,
  };
}
