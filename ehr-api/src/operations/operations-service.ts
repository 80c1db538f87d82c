import type { Connection, Model } from 'mongoose';
import type { AgentPresence } from '@qn/contracts';
import { HOSPITAL_CODES, type HospitalCode } from '../ingestion/model.js';
import {
  ingestionModels,
  RECORD_STATES,
  type IngestionJob,
  type IngestionModels,
  type RecordState,
} from '../ingestion/models.js';
import { localDayOf, type LocalDay } from '../scheduling/local-time.js';
import {
  schedulingModels,
  type BookingDocument,
  type BookingStatus,
} from '../scheduling/models.js';
import type { ScheduleTemplate } from '../scheduling/template.js';
import { attendanceOf, leadTimeOf, periodsOf, type Periods } from './periods.js';
import type {
  DepartmentFigures,
  HospitalFigures,
  IngestionCounts,
  IngestionJobSummary,
  OperationsFigures,
  PublicFigures,
  StatusCounts,
} from './schemas.js';

export const BOOKING_STATUSES: readonly BookingStatus[] = [
  'booked',
  'checked-in',
  'cancelled',
  'no-show',
];

/**
 * Display names of the three hospitals. The codes are fixed (HOSPITAL_CODES); the names are kept
 * here so a hospital with no booking yet still shows by name on the public page.
 */
export const HOSPITAL_NAMES: Record<HospitalCode, string> = {
  'bvdk-tinh-quang-ninh': 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
  'bv-san-nhi-quang-ninh': 'Bệnh viện Sản Nhi Quảng Ninh',
  'bv-bai-chay': 'Bệnh viện Bãi Cháy',
};

const LATEST_JOBS = 10;
const WAIT_NOT_AVAILABLE =
  'Bookings record their status but neither when the patient checked in nor when they were seen, so no wait can be computed from the data.';

/** Where station presence comes from: the device registry (same online rule as /api/stations). */
export interface StationPresence {
  presence(now: Date): Promise<AgentPresence[]>;
}

export interface OperationsServiceOptions {
  mongo: Connection;
  stations: StationPresence;
  clock?: () => Date;
}

/** Which hospital's figures: one (hospital IT, or an admin narrowing down) or all three. */
export interface FiguresScope {
  hospital?: HospitalCode;
}

/** Today's bookings of one department by status, for the Prometheus gauges. */
export interface BookingCountRow {
  hospitalId: HospitalCode;
  departmentCode: string;
  status: BookingStatus;
  count: number;
}

/** What one Prometheus scrape needs, read in one go. */
export interface MetricsSnapshot {
  day: LocalDay;
  bookingsToday: BookingCountRow[];
  stations: AgentPresence[];
  /** Records that got their state in the seven local days ending today. */
  ingestion: Array<{ hospital: HospitalCode; state: RecordState; count: number }>;
}

interface BookingGroup {
  _id: {
    hospitalId: HospitalCode;
    departmentCode: string;
    serviceName: string;
    localDay: LocalDay;
    status: BookingStatus;
  };
  n: number;
}

type LeadTimeInput = Pick<BookingDocument, 'hospitalId' | 'localDay' | 'start' | 'createdAt'>;
type Department = Pick<ScheduleTemplate, 'hospitalId' | 'departmentCode' | 'serviceName'>;

function emptyCounts(): StatusCounts {
  return { booked: 0, 'checked-in': 0, cancelled: 0, 'no-show': 0, total: 0 };
}

function addTo(counts: StatusCounts, status: BookingStatus, n: number): void {
  // A status this code does not know still counts in the total, so totals match the collection.
  if (BOOKING_STATUSES.includes(status)) counts[status] += n;
  counts.total += n;
}

function emptyIngestion(): IngestionCounts {
  return { loaded: 0, merged: 0, rejected: 0 };
}

function isHospital(value: string): value is HospitalCode {
  return (HOSPITAL_CODES as readonly string[]).includes(value);
}

/**
 * The operations centre's figures, computed from the operational data in MongoDB (bookings,
 * schedule templates, devices, ingestion jobs and records) on each call.
 *
 * Written for FerretDB 1.24, measured on it: of the `$group` accumulators only `$sum` and `$count`
 * exist (`$avg`, `$min`, `$max`, `$first`, `$last`, `$push`, `$addToSet`, `$median`, `$percentile`
 * answer NotImplemented), expression operators (`$cond`, `$subtract`, `$dateToString`,
 * `$dateTrunc`, `$switch`) are missing, and `$project`/`$addFields` copy a `'$field'` path as the
 * literal string. So the pipelines here are `$match` (ranges on stored fields) + `$group` with
 * `$sum: 1` keyed on stored fields (`localDay` is stored with each booking), plus `$project` of
 * plain fields (inclusion only); day buckets of instants are separate range queries, and lead-time
 * quantiles are taken in Node over the projected week (bounded by the week's range).
 */
export class OperationsService {
  private readonly bookings: Model<BookingDocument>;
  private readonly templates: Model<ScheduleTemplate>;
  private readonly ingestion: IngestionModels;
  private readonly stations: StationPresence;
  private readonly clock: () => Date;

  constructor(options: OperationsServiceOptions) {
    const scheduling = schedulingModels(options.mongo);
    this.bookings = scheduling.bookings;
    this.templates = scheduling.templates;
    this.ingestion = ingestionModels(options.mongo);
    this.stations = options.stations;
    this.clock = options.clock ?? ((): Date => new Date());
  }

  /** Today in Vietnam. */
  today(): LocalDay {
    return localDayOf(this.clock());
  }

  /** Every figure for `day` and its week, for all hospitals or the one in `scope`. */
  async figures(day: LocalDay, scope: FiguresScope = {}): Promise<OperationsFigures> {
    const now = this.clock();
    const periods = periodsOf(day);
    const hospitals = scope.hospital ? [scope.hospital] : [...HOSPITAL_CODES];
    const [groups, leadTimes, departments, stations, ingestionDays, latestJobs] = await Promise.all(
      [
        this.bookingGroups(periods.weekStart, periods.weekEnd, scope),
        this.leadTimes(periods, scope),
        this.departments(scope),
        this.stations.presence(now),
        Promise.all(periods.lastSevenDays.map((d) => this.ingestionOn(d, scope))),
        this.latestJobs(periods.ingestionEnd, scope),
      ],
    );

    const perHospital = new Map<HospitalCode, HospitalFigures>();
    const perDepartment = new Map<string, DepartmentFigures & { hospitalId: HospitalCode }>();
    for (const hospitalId of hospitals) {
      perHospital.set(hospitalId, {
        hospitalId,
        hospitalName: HOSPITAL_NAMES[hospitalId],
        bookings: {
          today: emptyCounts(),
          week: emptyCounts(),
          byDay: periods.weekDays.map((d) => ({ day: d, ...emptyCounts() })),
        },
        departments: [],
        leadTime: { today: leadTimeOf([]), week: leadTimeOf([]) },
        attendance: { today: attendanceOf(0, 0), week: attendanceOf(0, 0) },
      });
    }
    const department = (
      hospitalId: HospitalCode,
      departmentCode: string,
      serviceName: string,
    ): DepartmentFigures => {
      const key = `${hospitalId}|${departmentCode}`;
      let figures = perDepartment.get(key);
      if (!figures) {
        figures = {
          hospitalId,
          departmentCode,
          serviceName,
          today: emptyCounts(),
          week: emptyCounts(),
        };
        perDepartment.set(key, figures);
      }
      return figures;
    };
    // Active departments first, so one with no booking still shows (at zero).
    for (const d of departments) {
      if (isHospital(d.hospitalId) && perHospital.has(d.hospitalId))
        department(d.hospitalId, d.departmentCode, d.serviceName);
    }

    for (const { _id: g, n } of groups) {
      const hospital = perHospital.get(g.hospitalId);
      if (!hospital) continue;
      const dept = department(g.hospitalId, g.departmentCode, g.serviceName);
      addTo(hospital.bookings.week, g.status, n);
      addTo(dept.week, g.status, n);
      const dayCounts = hospital.bookings.byDay.find((row) => row.day === g.localDay);
      if (dayCounts) addTo(dayCounts, g.status, n);
      if (g.localDay === day) {
        addTo(hospital.bookings.today, g.status, n);
        addTo(dept.today, g.status, n);
      }
    }
    for (const dept of perDepartment.values()) {
      const { hospitalId, ...figures } = dept;
      perHospital.get(hospitalId)?.departments.push(figures);
    }
    for (const hospital of perHospital.values()) {
      hospital.departments.sort((a, b) => a.departmentCode.localeCompare(b.departmentCode));
      const mine = leadTimes.filter((b) => b.hospitalId === hospital.hospitalId);
      hospital.leadTime = {
        today: leadTimeOf(mine.filter((b) => b.localDay === day).map(leadMs)),
        week: leadTimeOf(mine.map(leadMs)),
      };
      const { today, week } = hospital.bookings;
      hospital.attendance = {
        today: attendanceOf(today['checked-in'], today['no-show']),
        week: attendanceOf(week['checked-in'], week['no-show']),
      };
    }

    return {
      day,
      week: { from: periods.weekFrom, to: periods.weekTo },
      timeZone: 'Asia/Ho_Chi_Minh',
      generatedAt: now.toISOString(),
      hospitals: [...perHospital.values()],
      waitFromCheckIn: { available: false, reason: WAIT_NOT_AVAILABLE },
      stations: {
        online: stations.filter((s) => s.online).length,
        total: stations.length,
        list: stations,
      },
      ingestion: {
        from: periods.lastSevenDays[0]!,
        to: day,
        hospitals: hospitals.map((hospital) => {
          const byDay = periods.lastSevenDays.map((d, i) => ({
            day: d,
            ...(ingestionDays[i]!.get(hospital) ?? emptyIngestion()),
          }));
          const total = emptyIngestion();
          for (const row of byDay) for (const state of RECORD_STATES) total[state] += row[state];
          return { hospital, ...total, byDay };
        }),
        latestJobs,
      },
    };
  }

  /** Per-hospital booking counts for the public page: no patient, no department, no status. */
  async publicFigures(day: LocalDay): Promise<PublicFigures> {
    const periods = periodsOf(day);
    const groups = await this.bookings.aggregate<{
      _id: { hospitalId: string; localDay: LocalDay };
      n: number;
    }>([
      {
        $match: {
          start: { $gte: periods.weekStart, $lt: periods.weekEnd },
          status: { $ne: 'cancelled' },
        },
      },
      { $group: { _id: { hospitalId: '$hospitalId', localDay: '$localDay' }, n: { $sum: 1 } } },
    ]);
    return {
      day,
      week: { from: periods.weekFrom, to: periods.weekTo },
      generatedAt: this.clock().toISOString(),
      hospitals: HOSPITAL_CODES.map((hospitalId) => {
        const mine = groups.filter((g) => g._id.hospitalId === hospitalId);
        return {
          hospitalId,
          hospitalName: HOSPITAL_NAMES[hospitalId],
          bookingsToday: mine
            .filter((g) => g._id.localDay === day)
            .reduce((sum, g) => sum + g.n, 0),
          bookingsThisWeek: mine.reduce((sum, g) => sum + g.n, 0),
        };
      }),
    };
  }

  /** The few series Prometheus scrapes: today's bookings, stations, seven days of ingestion. */
  async metricsSnapshot(): Promise<MetricsSnapshot> {
    const now = this.clock();
    const day = localDayOf(now);
    const periods = periodsOf(day);
    const [groups, departments, stations, ingestion] = await Promise.all([
      this.bookingGroups(periods.dayStart, periods.dayEnd, {}),
      this.departments({}),
      this.stations.presence(now),
      this.ingestionBetween(periods.ingestionStart, periods.ingestionEnd, {}),
    ]);
    const rows = new Map<string, BookingCountRow>();
    const row = (
      hospitalId: HospitalCode,
      departmentCode: string,
      status: BookingStatus,
    ): BookingCountRow => {
      const key = `${hospitalId}|${departmentCode}|${status}`;
      let found = rows.get(key);
      if (!found) {
        found = { hospitalId, departmentCode, status, count: 0 };
        rows.set(key, found);
      }
      return found;
    };
    // Every known department shows, at zero too: a missing series and a quiet department differ.
    for (const d of departments)
      if (isHospital(d.hospitalId))
        for (const status of BOOKING_STATUSES) row(d.hospitalId, d.departmentCode, status);
    for (const { _id: g, n } of groups)
      if (isHospital(g.hospitalId)) row(g.hospitalId, g.departmentCode, g.status).count += n;
    return {
      day,
      bookingsToday: [...rows.values()],
      stations,
      ingestion: HOSPITAL_CODES.flatMap((hospital) =>
        RECORD_STATES.map((state) => ({
          hospital,
          state,
          count: ingestion.get(hospital)?.[state] ?? 0,
        })),
      ),
    };
  }

  /** Bookings with a slot starting in [from, to), counted by hospital, department, local day and status. */
  private bookingGroups(from: Date, to: Date, scope: FiguresScope): Promise<BookingGroup[]> {
    return this.bookings.aggregate<BookingGroup>([
      {
        $match: {
          start: { $gte: from, $lt: to },
          ...(scope.hospital ? { hospitalId: scope.hospital } : {}),
        },
      },
      {
        $group: {
          _id: {
            hospitalId: '$hospitalId',
            departmentCode: '$departmentCode',
            serviceName: '$serviceName',
            localDay: '$localDay',
            status: '$status',
          },
          n: { $sum: 1 },
        },
      },
    ]);
  }

  /** Booked-at and slot start of every booking with a slot in the week: the inputs of the lead-time quantiles. */
  private leadTimes(periods: Periods, scope: FiguresScope): Promise<LeadTimeInput[]> {
    return this.bookings.aggregate<LeadTimeInput>([
      {
        $match: {
          start: { $gte: periods.weekStart, $lt: periods.weekEnd },
          ...(scope.hospital ? { hospitalId: scope.hospital } : {}),
        },
      },
      { $project: { _id: 0, hospitalId: 1, localDay: 1, start: 1, createdAt: 1 } },
    ]);
  }

  /** The departments taking bookings, so a department with none still shows (at zero). */
  private departments(scope: FiguresScope): Promise<Department[]> {
    return this.templates
      .find(
        { active: true, ...(scope.hospital ? { hospitalId: scope.hospital } : {}) },
        { _id: 0, hospitalId: 1, departmentCode: 1, serviceName: 1 },
      )
      .lean<Department[]>();
  }

  /** Ingestion records that got their state on one local day, by hospital and state. */
  private ingestionOn(
    day: LocalDay,
    scope: FiguresScope,
  ): Promise<Map<HospitalCode, IngestionCounts>> {
    const { dayStart, dayEnd } = periodsOf(day);
    return this.ingestionBetween(dayStart, dayEnd, scope);
  }

  private async ingestionBetween(
    from: Date,
    to: Date,
    scope: FiguresScope,
  ): Promise<Map<HospitalCode, IngestionCounts>> {
    const groups = await this.ingestion.records.aggregate<{
      _id: { hospital: string; state: RecordState };
      n: number;
    }>([
      {
        $match: {
          at: { $gte: from, $lt: to },
          ...(scope.hospital ? { hospital: scope.hospital } : {}),
        },
      },
      { $group: { _id: { hospital: '$hospital', state: '$state' }, n: { $sum: 1 } } },
    ]);
    const counts = new Map<HospitalCode, IngestionCounts>();
    for (const { _id, n } of groups) {
      if (!isHospital(_id.hospital) || !RECORD_STATES.includes(_id.state)) continue;
      const row = counts.get(_id.hospital) ?? emptyIngestion();
      row[_id.state] += n;
      counts.set(_id.hospital, row);
    }
    return counts;
  }

  /** The newest jobs started before the end of the day; a running job's counts come from its records. */
  private async latestJobs(before: Date, scope: FiguresScope): Promise<IngestionJobSummary[]> {
    const jobs = await this.ingestion.jobs
      .find({ startedAt: { $lt: before }, ...(scope.hospital ? { hospital: scope.hospital } : {}) })
      .sort({ startedAt: -1 })
      .limit(LATEST_JOBS)
      .lean<IngestionJob[]>();
    const uncounted = jobs.filter((job) => !job.counts).map((job) => job._id);
    const live = new Map<string, IngestionCounts>();
    if (uncounted.length > 0) {
      const groups = await this.ingestion.records.aggregate<{
        _id: { jobId: string; state: RecordState };
        n: number;
      }>([
        { $match: { jobId: { $in: uncounted } } },
        { $group: { _id: { jobId: '$jobId', state: '$state' }, n: { $sum: 1 } } },
      ]);
      for (const { _id, n } of groups) {
        const row = live.get(_id.jobId) ?? emptyIngestion();
        if (RECORD_STATES.includes(_id.state)) row[_id.state] += n;
        live.set(_id.jobId, row);
      }
    }
    return jobs.map((job) => ({
      id: job._id,
      hospital: job.hospital,
      format: job.format,
      source: job.source,
      status: job.status,
      ...(job.error ? { error: job.error } : {}),
      startedAt: job.startedAt.toISOString(),
      ...(job.finishedAt ? { finishedAt: job.finishedAt.toISOString() } : {}),
      counts: job.counts
        ? { loaded: job.counts.loaded, merged: job.counts.merged, rejected: job.counts.rejected }
        : (live.get(job._id) ?? emptyIngestion()),
    }));
  }
}

function leadMs(booking: Pick<BookingDocument, 'start' | 'createdAt'>): number {
  return new Date(booking.start).getTime() - new Date(booking.createdAt).getTime();
}
