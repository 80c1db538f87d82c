/**
 * What the operations dashboard and the public figures page read from the API, and only that.
 *
 * The source of truth is the zod schemas in `ehr-api/src/operations/schemas.ts`
 * (`operationsFiguresSchema`, `publicFiguresSchema`); they live in the API, not in
 * `@qn/contracts`, so the fields this app displays are written out here. Fields the app does
 * not show are left out on purpose: if the API drops one of these, the type checker cannot
 * tell, but the specs' fixtures (written after the schema) will stop matching what is drawn.
 */

/** Bookings of one scope counted by status; `total` includes cancelled ones. */
export interface StatusCounts {
  readonly booked: number;
  readonly 'checked-in': number;
  readonly cancelled: number;
  readonly 'no-show': number;
  readonly total: number;
}

/** Every status a booking can have, in the order the dashboard stacks and lists them. */
export const BOOKING_STATUSES = ['checked-in', 'booked', 'no-show', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Time from booking to the slot's start; the minutes are null when there is no booking. */
export interface LeadTime {
  readonly bookings: number;
  readonly medianMinutes: number | null;
  readonly p90Minutes: number | null;
}

/** From check-in to being called in by a doctor; the minutes are null when nobody was called in. */
export interface WaitFromCheckIn {
  readonly seen: number;
  /** Checked in and not called in (yet). */
  readonly notSeen: number;
  readonly medianMinutes: number | null;
  readonly p90Minutes: number | null;
}

export interface Attendance {
  readonly checkedIn: number;
  readonly noShow: number;
  /** noShow / (checkedIn + noShow); null when neither happened. */
  readonly noShowRate: number | null;
}

export interface DepartmentFigures {
  readonly departmentCode: string;
  readonly serviceName: string;
  readonly today: StatusCounts;
  readonly week: StatusCounts;
  /** Patients on the department's waitlist now. */
  readonly waitlist: number;
  /** Checked in on the day and not called in yet. */
  readonly waitingToBeSeen: number;
}

export interface HospitalFigures {
  readonly hospitalId: string;
  readonly hospitalName: string;
  readonly bookings: {
    readonly today: StatusCounts;
    readonly week: StatusCounts;
    /** Every day of the week, Monday first, zeros included. */
    readonly byDay: readonly (StatusCounts & { readonly day: string })[];
  };
  readonly departments: readonly DepartmentFigures[];
  readonly leadTime: { readonly today: LeadTime; readonly week: LeadTime };
  readonly attendance: { readonly today: Attendance; readonly week: Attendance };
  readonly waitFromCheckIn: { readonly today: WaitFromCheckIn; readonly week: WaitFromCheckIn };
}

/** A card-reader station as the API last heard from it (`AgentPresence` in `@qn/contracts`). */
export interface StationFigures {
  readonly deviceId: string;
  readonly online: boolean;
  readonly lastSeenAt?: string;
  readonly readers: readonly string[];
  readonly lastCardEventAt?: string;
}

export interface IngestionCounts {
  readonly loaded: number;
  readonly merged: number;
  readonly rejected: number;
}

export type IngestionJobStatus = 'running' | 'finished' | 'failed';

export interface IngestionJobSummary {
  readonly id: string;
  readonly hospital: string;
  readonly format: string;
  readonly source: string;
  readonly status: IngestionJobStatus;
  readonly error?: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly counts: IngestionCounts;
}

/** `GET /api/operations/figures?day=YYYY-MM-DD` (admin: every hospital; hospital IT: their own). */
export interface OperationsFigures {
  /** Calendar days in Asia/Ho_Chi_Minh, `YYYY-MM-DD`. */
  readonly day: string;
  readonly week: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly hospitals: readonly HospitalFigures[];
  /** Stations now, not as of `day`. */
  readonly stations: {
    readonly online: number;
    readonly total: number;
    readonly list: readonly StationFigures[];
  };
  readonly ingestion: {
    /** The seven days ending with `day`. */
    readonly from: string;
    readonly to: string;
    readonly hospitals: readonly (IngestionCounts & { readonly hospital: string })[];
    /** The ten newest jobs, newest first. */
    readonly latestJobs: readonly IngestionJobSummary[];
  };
}

/** `GET /api/operations/public?day=` (no sign-in): per-hospital counts, nothing about anyone. */
export interface PublicFigures {
  readonly day: string;
  readonly week: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly hospitals: readonly {
    readonly hospitalId: string;
    readonly hospitalName: string;
    /** Not counting cancelled bookings. */
    readonly bookingsToday: number;
    readonly bookingsThisWeek: number;
  }[];
}
