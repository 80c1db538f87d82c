import { z } from 'zod';
import { agentPresenceSchema } from '@qn/contracts';
import { HOSPITAL_CODES } from '../ingestion/model.js';
import { isLocalDay } from '../scheduling/local-time.js';

/**
 * The shapes the operations endpoints answer with, as zod schemas: the TypeScript types are
 * inferred from them and the OpenAPI document is generated from them, so the three cannot drift.
 */

const count = z.number().int().nonnegative();
const localDay = z.string().describe('A calendar day in Asia/Ho_Chi_Minh, YYYY-MM-DD');

/** Bookings of one scope counted by status; `total` includes cancelled ones. */
export const statusCountsSchema = z.object({
  booked: count,
  'checked-in': count,
  cancelled: count,
  'no-show': count,
  total: count,
});
export type StatusCounts = z.infer<typeof statusCountsSchema>;

/** Time from booking (createdAt) to the slot's start, over the bookings of a period (any status). */
export const leadTimeSchema = z.object({
  bookings: count,
  /** Null when there is no booking; quantiles are linear-interpolation (R type 7, numpy's default). */
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});
export type LeadTime = z.infer<typeof leadTimeSchema>;

/** From check-in to being called in by a doctor, over the patients checked in in a period. */
export const waitFromCheckInSchema = z.object({
  /** Checked in and called in: the waits the quantiles are taken over. */
  seen: count,
  /** Checked in and not called in (yet): still waiting, or seen without anyone pressing "call in". */
  notSeen: count,
  /** Null when nobody was called in; linear-interpolation quantiles as for lead times. */
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});
export type WaitFromCheckIn = z.infer<typeof waitFromCheckInSchema>;

export const attendanceSchema = z.object({
  checkedIn: count,
  noShow: count,
  /** noShow / (checkedIn + noShow); null when neither happened. */
  noShowRate: z.number().nullable(),
});
export type Attendance = z.infer<typeof attendanceSchema>;

export const departmentFiguresSchema = z.object({
  departmentCode: z.string(),
  serviceName: z.string(),
  today: statusCountsSchema,
  week: statusCountsSchema,
  /** Patients on the department's waitlist now (waiting, or offered a seat not yet taken). */
  waitlist: count,
  /** Checked in on `day` and not called in yet: the queue in front of the doctors. */
  waitingToBeSeen: count,
});
export type DepartmentFigures = z.infer<typeof departmentFiguresSchema>;

export const hospitalFiguresSchema = z.object({
  hospitalId: z.enum(HOSPITAL_CODES),
  hospitalName: z.string(),
  bookings: z.object({
    today: statusCountsSchema,
    week: statusCountsSchema,
    /** Every day of the week, Monday first, zeros included. */
    byDay: z.array(statusCountsSchema.extend({ day: localDay })),
  }),
  departments: z.array(departmentFiguresSchema),
  leadTime: z.object({ today: leadTimeSchema, week: leadTimeSchema }),
  attendance: z.object({ today: attendanceSchema, week: attendanceSchema }),
  waitFromCheckIn: z.object({ today: waitFromCheckInSchema, week: waitFromCheckInSchema }),
});
export type HospitalFigures = z.infer<typeof hospitalFiguresSchema>;

export const ingestionCountsSchema = z.object({ loaded: count, merged: count, rejected: count });
export type IngestionCounts = z.infer<typeof ingestionCountsSchema>;

export const ingestionJobSummarySchema = z.object({
  id: z.string(),
  hospital: z.enum(HOSPITAL_CODES),
  format: z.string(),
  source: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  error: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Counted from the records for a running job, so it moves while the job runs. */
  counts: ingestionCountsSchema,
});
export type IngestionJobSummary = z.infer<typeof ingestionJobSummarySchema>;

export const operationsFiguresSchema = z.object({
  day: localDay,
  /** The ISO week (Monday to Sunday) holding `day`. */
  week: z.object({ from: localDay, to: localDay }),
  timeZone: z.literal('Asia/Ho_Chi_Minh'),
  generatedAt: z.string(),
  /** The hospitals these figures cover: all three, or the one hospital of a hospital-IT user. */
  hospitals: z.array(hospitalFiguresSchema),
  /** Card-reader stations now (not as of `day`): stations belong to no hospital in the data. */
  stations: z.object({ online: count, total: count, list: z.array(agentPresenceSchema) }),
  ingestion: z.object({
    /** The seven days ending with `day`, by the time each record got its state. */
    from: localDay,
    to: localDay,
    hospitals: z.array(ingestionCountsSchema.extend({ hospital: z.enum(HOSPITAL_CODES) })),
    /** The ten newest jobs started before the end of `day`, newest first. */
    latestJobs: z.array(ingestionJobSummarySchema),
  }),
});
export type OperationsFigures = z.infer<typeof operationsFiguresSchema>;

/** What the public page may show: per-hospital counts, nothing about anyone. */
export const publicFiguresSchema = z.object({
  day: localDay,
  week: z.object({ from: localDay, to: localDay }),
  generatedAt: z.string(),
  hospitals: z.array(
    z.object({
      hospitalId: z.enum(HOSPITAL_CODES),
      hospitalName: z.string(),
      /** Bookings for slots on `day` / in its week, not counting cancelled ones. */
      bookingsToday: count,
      bookingsThisWeek: count,
    }),
  ),
});
export type PublicFigures = z.infer<typeof publicFiguresSchema>;

/** `?day=` (optional: today in Vietnam) and, for admins, `?hospital=` to narrow the figures. */
export const figuresQuerySchema = z.object({
  day: z
    .string()
    .refine(isLocalDay, { message: 'must be a calendar day written YYYY-MM-DD' })
    .optional(),
  hospital: z
    .enum(HOSPITAL_CODES, { error: `must be one of ${HOSPITAL_CODES.join(', ')}` })
    .optional(),
});
export const publicQuerySchema = figuresQuerySchema.pick({ day: true });
