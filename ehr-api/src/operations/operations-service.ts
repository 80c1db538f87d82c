import { LRUCache } from 'lru-cache';
import type { Connection, Model } from 'mongoose';
import type { AgentPresence } from '@qn/contracts';
import { feedbackModels, type FeedbackModels } from '../feedback/models.js';
import { HOSPITAL_CODES, HOSPITAL_NAMES, type HospitalCode } from '../ingestion/model.js';
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
  type WaitlistEntryDocument,
  type BookingDocument,
  type BookingStatus,
} from '../scheduling/models.js';
import type { ScheduleTemplate } from '../scheduling/template.js';
import { attendanceOf, leadTimeOf, periodsOf, waitOf } from './periods.js';
import type {
  DepartmentFigures,
  HospitalFigures,
  IngestionCounts,
  IngestionJobSummary,
  OperationsFigures,
  PublicFigures,
  StatusCounts,
  WaitFromCheckIn,
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
const LATEST_JOBS = 10;
/** How long a public answer is reused: the public page is open to anyone and each answer costs seven queries. */
const PUBLIC_CACHE_MS = 30_000;

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
  /** Today's wait from check-in to being called in, per hospital (every hospital listed). */
  waitToday: Array<{ hospitalId: HospitalCode; wait: WaitFromCheckIn }>;
  /** Checked in today and not called in yet, per active department (at zero too). */
  waitingToBeSeen: Array<{ hospitalId: HospitalCode; departmentCode: string; count: number }>;
  /** Pieces of feedback received and resolved, ever, per hospital (every hospital listed). */
  feedback: Array<{ hospitalId: HospitalCode; received: number; resolved: number }>;
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

type BookingRow = Pick<
  BookingDocument,
  | 'departmentCode'
  | 'serviceName'
  | 'localDay'
  | 'status'
  | 'start'
  | 'createdAt'
  | 'checkedInAt'
  | 'seenAt'
> & {
  hospitalId: HospitalCode;
};
type Department = Pick<ScheduleTemplate, 'hospitalId' | 'departmentCode' | 'serviceName'>;

/** Holds (and lapsed holds) were never bookings: the figures leave them out. */
const bookingsOnly = { status: { $in: BOOKING_STATUSES } };

function emptyCounts(): StatusCounts {
  return { booked: 0, 'checked-in': 0, cancelled: 0, 'no-show': 0, total: 0 };
}

function addTo(counts: StatusCounts, status: BookingStatus, n: number): void {
  // A status this code does not know still counts in the total, so totals match the collection.
  if (status in counts && status !== 'held' && status !== 'expired') counts[status] += n;
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
 * The pipelines run on FerretDB 1.24 (local and test stack) and on MongoDB (production), and were
 * measured on FerretDB:
 * - Of the `$group` accumulators only `$sum` and `$count` exist there (`$avg`, `$min`, `$max`,
 *   `$first`, `$last`, `$push`, `$addToSet`, `$median`, `$percentile` answer NotImplemented);
 *   expression operators (`$cond`, `$subtract`, `$dateToString`, `$dateTrunc`, `$switch`) are
 *   missing; `$project`/`$addFields` copy a `'$field'` path as the literal string. So: `$match`,
 *   `$group` with `$sum: 1` keyed on stored fields, and `$project` of plain fields (inclusion).
 * - Only equality on a top-level field reaches PostgreSQL; ranges and `$in` are filtered in Go
 *   after every document is read (a week by `start` range: 3 s over 14,000 bookings; the same
 *   week as seven `localDay` equalities: 1.4 s). So bookings are read one local day at a time by
 *   the stored `localDay`, and one hospital by `hospitalId` equality.
 * - The figures read the week's bookings once, projected, and count them and take the lead-time
 *   quantiles in Node; the public counts and the metrics, which need no list, `$group` instead.
 */
export class OperationsService {
  private readonly bookings: Model<BookingDocument>;
  private readonly templates: Model<ScheduleTemplate>;
  private readonly waitlist: Model<WaitlistEntryDocument>;
  private readonly ingestion: IngestionModels;
  private readonly feedback: FeedbackModels;
  private readonly stations: StationPresence;
  private readonly clock: () => Date;
  private readonly publicCache: LRUCache<LocalDay, PublicFigures>;

  constructor(options: OperationsServiceOptions) {
    const scheduling = schedulingModels(options.mongo);
    this.bookings = scheduling.bookings;
    this.templates = scheduling.templates;
    this.waitlist = scheduling.waitlist;
    this.ingestion = ingestionModels(options.mongo);
    this.feedback = feedbackModels(options.mongo);
    this.stations = options.stations;
    this.clock = options.clock ?? ((): Date => new Date());
    // fetchMethod also makes concurrent requests for one day share one computation.
    this.publicCache = new LRUCache<LocalDay, PublicFigures>({
      max: 64,
      ttl: PUBLIC_CACHE_MS,
      fetchMethod: (day) => this.computePublicFigures(day),
    });
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
    const [bookings, departments, stations, ingestion, latestJobs, waiting] = await Promise.all([
      this.bookingRows(periods.weekDays, scope),
      this.departments(scope),
      this.stations.presence(now),
      this.ingestionBetween(periods.ingestionStart, periods.ingestionEnd, scope),
      this.latestJobs(periods.ingestionEnd, scope),
      this.waitlistLengths(scope),
    ]);

    const perHospital = new Map<HospitalCode, HospitalFigures>();
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
        waitFromCheckIn: { today: waitOf([], 0), week: waitOf([], 0) },
      });
    }
    const perDepartment = new Map<string, DepartmentFigures>();
    const department = (
      hospital: HospitalFigures,
      code: string,
      name: string,
    ): DepartmentFigures => {
      const key = `${hospital.hospitalId}|${code}`;
      let figures = perDepartment.get(key);
      if (!figures) {
        figures = {
          departmentCode: code,
          serviceName: name,
          today: emptyCounts(),
          week: emptyCounts(),
          waitlist: waiting.get(`hs-${hospital.hospitalId}-${code}`) ?? 0,
          waitingToBeSeen: 0,
        };
        perDepartment.set(key, figures);
        hospital.departments.push(figures);
      }
      return figures;
    };
    // Active departments first, so one with no booking still shows (at zero).
    for (const d of departments) {
      const hospital = isHospital(d.hospitalId) ? perHospital.get(d.hospitalId) : undefined;
      if (hospital) department(hospital, d.departmentCode, d.serviceName);
    }
    for (const b of bookings) {
      const hospital = perHospital.get(b.hospitalId);
      if (!hospital) continue;
      const dept = department(hospital, b.departmentCode, b.serviceName);
      addTo(hospital.bookings.week, b.status, 1);
      addTo(dept.week, b.status, 1);
      const dayCounts = hospital.bookings.byDay.find((row) => row.day === b.localDay);
      if (dayCounts) addTo(dayCounts, b.status, 1);
      if (b.localDay === day) {
        addTo(hospital.bookings.today, b.status, 1);
        addTo(dept.today, b.status, 1);
        if (b.status === 'checked-in' && b.checkedInAt && !b.seenAt) dept.waitingToBeSeen++;
      }
    }
    for (const hospital of perHospital.values()) {
      hospital.departments.sort((a, b) => a.departmentCode.localeCompare(b.departmentCode));
      const mine = bookings.filter((b) => b.hospitalId === hospital.hospitalId);
      hospital.leadTime = {
        today: leadTimeOf(mine.filter((b) => b.localDay === day).map(leadMs)),
        week: leadTimeOf(mine.map(leadMs)),
      };
      hospital.waitFromCheckIn = {
        today: waitFrom(mine.filter((b) => b.localDay === day)),
        week: waitFrom(mine),
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
      stations: {
        online: stations.filter((s) => s.online).length,
        total: stations.length,
        list: stations,
      },
      ingestion: {
        from: periods.lastSevenDays[0]!,
        to: day,
        hospitals: hospitals.map((hospital) => ({
          hospital,
          ...(ingestion.get(hospital) ?? emptyIngestion()),
        })),
        latestJobs,
      },
    };
  }

  /**
   * Per-hospital booking counts for the public page: no patient, no department, no status.
   * Reused for 30 seconds per day, so anyone's refreshing cannot load the database.
   */
  async publicFigures(day: LocalDay): Promise<PublicFigures> {
    const figures = await this.publicCache.fetch(day);
    if (!figures) throw new Error(`no public figures for ${day}`);
    return figures;
  }

  private async computePublicFigures(day: LocalDay): Promise<PublicFigures> {
    const periods = periodsOf(day);
    const groups = await this.bookingGroups(periods.weekDays, {});
    const active = groups.filter((g) => g._id.status !== 'cancelled');
    const sum = (rows: BookingGroup[]): number => rows.reduce((total, g) => total + g.n, 0);
    return {
      day,
      week: { from: periods.weekFrom, to: periods.weekTo },
      generatedAt: this.clock().toISOString(),
      hospitals: HOSPITAL_CODES.map((hospitalId) => {
        const mine = active.filter((g) => g._id.hospitalId === hospitalId);
        return {
          hospitalId,
          hospitalName: HOSPITAL_NAMES[hospitalId],
          bookingsToday: sum(mine.filter((g) => g._id.localDay === day)),
          bookingsThisWeek: sum(mine),
        };
      }),
    };
  }

  /**
   * The series Prometheus scrapes: today's bookings, waits and queues, stations, seven days of
   * ingestion, feedback. Today's bookings are read once, projected, as for the figures.
   */
  async metricsSnapshot(): Promise<MetricsSnapshot> {
    const now = this.clock();
    const day = localDayOf(now);
    const periods = periodsOf(day);
    const [today, departments, stations, ingestion, feedback] = await Promise.all([
      this.bookingRows([day], {}),
      this.departments({}),
      this.stations.presence(now),
      this.ingestionBetween(periods.ingestionStart, periods.ingestionEnd, {}),
      this.feedbackCounts(),
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
    for (const d of departments) {
      if (isHospital(d.hospitalId))
        for (const status of BOOKING_STATUSES) row(d.hospitalId, d.departmentCode, status);
    }
    const waiting = new Map<
      string,
      { hospitalId: HospitalCode; departmentCode: string; count: number }
    >();
    const queue = (hospitalId: HospitalCode, departmentCode: string) => {
      const key = `${hospitalId}|${departmentCode}`;
      let found = waiting.get(key);
      if (!found) {
        found = { hospitalId, departmentCode, count: 0 };
        waiting.set(key, found);
      }
      return found;
    };
    for (const d of departments)
      if (isHospital(d.hospitalId)) queue(d.hospitalId, d.departmentCode);
    for (const b of today) {
      if (!isHospital(b.hospitalId)) continue;
      row(b.hospitalId, b.departmentCode, b.status).count++;
      if (b.status === 'checked-in' && b.checkedInAt && !b.seenAt)
        queue(b.hospitalId, b.departmentCode).count++;
    }
    return {
      day,
      bookingsToday: [...rows.values()],
      waitToday: HOSPITAL_CODES.map((hospitalId) => ({
        hospitalId,
        wait: waitFrom(today.filter((b) => b.hospitalId === hospitalId)),
      })),
      waitingToBeSeen: [...waiting.values()],
      feedback: HOSPITAL_CODES.map((hospitalId) => ({
        hospitalId,
        received: feedback.received.get(hospitalId) ?? 0,
        resolved: feedback.resolved.get(hospitalId) ?? 0,
      })),
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

  /**
   * Feedback per hospital: received from the feedback, resolved from the resolutions (the record
   * of truth; the feedback's own status is a copy that may lag, see feedback/models.ts).
   */
  private async feedbackCounts(): Promise<{
    received: Map<string, number>;
    resolved: Map<string, number>;
  }> {
    const byHospital = [{ $group: { _id: '$hospitalId', n: { $sum: 1 } } }];
    const [received, resolved] = await Promise.all([
      this.feedback.feedback.aggregate<{ _id: string; n: number }>(byHospital),
      this.feedback.resolutions.aggregate<{ _id: string; n: number }>(byHospital),
    ]);
    return {
      received: new Map(received.map((g) => [g._id, g.n])),
      resolved: new Map(resolved.map((g) => [g._id, g.n])),
    };
  }

  /** Patients on each department's waitlist now, by serviceId (`hs-<hospital>-<department>`). */
  private async waitlistLengths(scope: FiguresScope): Promise<Map<string, number>> {
    const groups = await this.waitlist.aggregate<{ _id: string; n: number }>([
      {
        $match: {
          status: { $in: ['waiting', 'offered'] },
          ...(scope.hospital ? { hospitalId: scope.hospital } : {}),
        },
      },
      { $group: { _id: '$serviceId', n: { $sum: 1 } } },
    ]);
    return new Map(groups.map((g) => [g._id, g.n]));
  }

  /** Bookings of these local days (by slot), counted by hospital, department, day and status. */
  private async bookingGroups(days: LocalDay[], scope: FiguresScope): Promise<BookingGroup[]> {
    const perDay = await Promise.all(
      days.map((localDay) =>
        this.bookings.aggregate<BookingGroup>([
          {
            $match: {
              localDay,
              ...bookingsOnly,
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
        ]),
      ),
    );
    return perDay.flat();
  }

  /**
   * The bookings of these local days (by slot), with just what the figures need. One read serves
   * both the counts and the lead-time quantiles: on FerretDB a `$group` costs the same document
   * reads as this projection, so counting here halves the work.
   */
  private async bookingRows(days: LocalDay[], scope: FiguresScope): Promise<BookingRow[]> {
    const perDay = await Promise.all(
      days.map((localDay) =>
        this.bookings.aggregate<BookingRow>([
          {
            $match: {
              localDay,
              ...bookingsOnly,
              ...(scope.hospital ? { hospitalId: scope.hospital } : {}),
            },
          },
          {
            $project: {
              _id: 0,
              hospitalId: 1,
              departmentCode: 1,
              serviceName: 1,
              localDay: 1,
              status: 1,
              start: 1,
              createdAt: 1,
              checkedInAt: 1,
              seenAt: 1,
            },
          },
        ]),
      ),
    );
    return perDay.flat();
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

  /** Ingestion records that got their state in [from, to), by hospital and state. */
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

  /** The newest jobs started before `before`; a running job's counts come from its records. */
  private async latestJobs(before: Date, scope: FiguresScope): Promise<IngestionJobSummary[]> {
    const jobs = await this.ingestion.jobs
      .find({ startedAt: { $lt: before }, ...(scope.hospital ? { hospital: scope.hospital } : {}) })
      .sort({ startedAt: -1 })
      .limit(LATEST_JOBS)
      .lean<IngestionJob[]>();
    const running = await Promise.all(
      jobs
        .filter((job) => !job.counts)
        .map(async (job) => [job._id, await this.jobCounts(job._id)] as const),
    );
    const live = new Map(running);
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

  /** A job's records by state (by `jobId` equality, which FerretDB passes on to PostgreSQL). */
  private async jobCounts(jobId: string): Promise<IngestionCounts> {
    const groups = await this.ingestion.records.aggregate<{ _id: RecordState; n: number }>([
      { $match: { jobId } },
      { $group: { _id: '$state', n: { $sum: 1 } } },
    ]);
    const counts = emptyIngestion();
    for (const { _id, n } of groups) if (RECORD_STATES.includes(_id)) counts[_id] += n;
    return counts;
  }
}

/** The waits of the checked-in bookings among `rows`: check-in to call-in, never negative. */
function waitFrom(rows: readonly BookingRow[]): WaitFromCheckIn {
  const arrived = rows.filter((b) => b.status === 'checked-in' && b.checkedInAt);
  const waits = arrived
    .filter((b) => b.seenAt)
    .map((b) => Math.max(0, new Date(b.seenAt!).getTime() - new Date(b.checkedInAt!).getTime()));
  return waitOf(waits, arrived.length - waits.length);
}

function leadMs(booking: Pick<BookingDocument, 'start' | 'createdAt'>): number {
  return new Date(booking.start).getTime() - new Date(booking.createdAt).getTime();
}
