import type {
  FeedbackGroupFigures,
  FeedbackQueue,
  FeedbackVisit,
  KioskFeedbackOverview,
  PatientFeedback,
  PublicFeedbackFigures,
  StaffFeedback,
} from '@qn/contracts';

/** A visit of the kiosk patient, checked in on Monday 24/11/2025 at 08:30 (Viet Nam). */
export function visitToRate(overrides: Partial<FeedbackVisit> = {}): FeedbackVisit {
  return {
    bookingId: 'bk-visit-1',
    hospitalName: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
    serviceName: 'Khoa Nội',
    departmentCode: 'noi',
    start: '2025-11-24T01:30:00.000Z',
    status: 'checked-in',
    rateUntil: '2025-12-24T01:30:00.000Z',
    ...overrides,
  };
}

export function patientFeedback(overrides: Partial<PatientFeedback> = {}): PatientFeedback {
  return {
    id: 'bk-old-1',
    hospitalName: 'Bệnh viện Bãi Cháy',
    serviceName: 'Khám bệnh',
    visitDay: '2025-11-10',
    ratings: { waitingTime: 2, staff: 4, cleanliness: 5, overall: 3 },
    comment: 'Phải chờ ở quầy thu ngân rất lâu.',
    status: 'replied',
    createdAt: '2025-11-10T05:00:00.000Z',
    replies: [
      {
        text: 'Bệnh viện xin lỗi; quầy thu ngân đã mở thêm một cửa.',
        at: '2025-11-11T02:15:00.000Z',
      },
    ],
    ...overrides,
  };
}

export function kioskOverview(
  overrides: Partial<KioskFeedbackOverview> = {},
): KioskFeedbackOverview {
  return { visits: [visitToRate()], feedback: [patientFeedback()], ...overrides };
}

export function staffFeedback(overrides: Partial<StaffFeedback> = {}): StaffFeedback {
  return {
    id: 'bk-fb-1',
    patientId: 'bc-pat-77',
    hospitalId: 'bv-bai-chay',
    hospitalName: 'Bệnh viện Bãi Cháy',
    departmentCode: 'kham-benh',
    serviceName: 'Khám bệnh',
    visitStart: '2025-11-20T01:30:00.000Z',
    visitDay: '2025-11-20',
    visitStatus: 'checked-in',
    ticketCode: 'QN-KB01-AA',
    ratings: { waitingTime: 1, staff: 4, cleanliness: 3, overall: 2 },
    comment: 'Chờ hơn hai tiếng mới được khám.',
    channel: 'kiosk',
    status: 'open',
    createdAt: '2025-11-20T06:00:00.000Z',
    replies: [],
    ...overrides,
  };
}

export function feedbackQueue(items: StaffFeedback[] = [staffFeedback()]): FeedbackQueue {
  return {
    hospitalId: 'bv-bai-chay',
    counts: { open: items.length, replied: 0, resolved: 0, total: items.length },
    items,
  };
}

const averages = (
  waitingTime: number,
  staff: number,
  cleanliness: number,
  overall: number,
): FeedbackGroupFigures['averages'] => ({ waitingTime, staff, cleanliness, overall });

const withheld: FeedbackGroupFigures = {
  suppressed: true,
  feedback: null,
  resolved: null,
  resolvedShare: null,
  medianHoursToResolve: null,
  averages: { waitingTime: null, staff: null, cleanliness: null, overall: null },
};

/** Đa khoa tỉnh with one department alone and three pooled; Bãi Cháy too small; Sản Nhi none. */
export function publicFeedbackFigures(): PublicFeedbackFigures {
  return {
    from: '2025-08-27',
    to: '2025-11-24',
    generatedAt: '2025-11-24T07:05:00.000Z',
    minGroupSize: 5,
    hospitals: [
      {
        hospitalId: 'bvdk-tinh-quang-ninh',
        hospitalName: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
        total: {
          suppressed: false,
          feedback: 19,
          resolved: 6,
          resolvedShare: 0.3158,
          medianHoursToResolve: 4.5,
          averages: averages(2.74, 4.11, 4.16, 3.74),
        },
        departments: [
          {
            departments: [{ departmentCode: 'ngoai', serviceName: 'Khoa Ngoại' }],
            pooled: false,
            figures: {
              suppressed: false,
              feedback: 9,
              resolved: 4,
              resolvedShare: 0.4444,
              medianHoursToResolve: 2.5,
              averages: averages(3, 4.56, 4, 4.44),
            },
          },
          {
            departments: [
              { departmentCode: 'mat', serviceName: 'Khoa Mắt' },
              { departmentCode: 'nhi', serviceName: 'Khoa Nhi' },
              { departmentCode: 'noi', serviceName: 'Khoa Nội' },
            ],
            pooled: true,
            figures: {
              suppressed: false,
              feedback: 10,
              resolved: 2,
              resolvedShare: 0.2,
              medianHoursToResolve: 50,
              averages: averages(2.5, 3.7, 4.3, 3.1),
            },
          },
        ],
      },
      {
        hospitalId: 'bv-bai-chay',
        hospitalName: 'Bệnh viện Bãi Cháy',
        total: withheld,
        departments: [
          {
            departments: [{ departmentCode: 'kham-benh', serviceName: 'Khám bệnh' }],
            pooled: false,
            figures: withheld,
          },
        ],
      },
      {
        hospitalId: 'bv-san-nhi-quang-ninh',
        hospitalName: 'Bệnh viện Sản Nhi Quảng Ninh',
        total: {
          suppressed: false,
          feedback: 0,
          resolved: 0,
          resolvedShare: null,
          medianHoursToResolve: null,
          averages: { waitingTime: null, staff: null, cleanliness: null, overall: null },
        },
        departments: [],
      },
    ],
  };
}
