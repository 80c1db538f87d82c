import { z } from 'zod';

/**
 * Scheduling and booking shapes shared by ehr-api and booking-web.
 * Times are ISO 8601 in UTC on the wire; the web app shows them in Asia/Ho_Chi_Minh.
 */
const isoTimestamp = z.string().datetime({ offset: true });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const availabilityQuerySchema = z.object({
  /** Department code from the province's department CodeSystem, e.g. `kham-benh`, `nhi`. */
  department: z.string().min(1).max(64).optional(),
  /** Organization id of one hospital; absent: all three, earliest first. */
  hospital: z.string().min(1).max(64).optional(),
  /** First and last day to search, in Vietnam's local calendar (UTC+7). */
  from: isoDate,
  to: isoDate,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AvailabilityQuery = z.infer<typeof availabilityQuerySchema>;

export const availableSlotSchema = z.object({
  /** Opaque id of the slot; pass it back to book. */
  slotId: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  departmentCode: z.string(),
  start: isoTimestamp,
  end: isoTimestamp,
  seatsLeft: z.number().int().nonnegative(),
});
export type AvailableSlot = z.infer<typeof availableSlotSchema>;

/** The per-patient rules an administrator may set aside for one booking. */
export const bookingRuleSchema = z.enum(['one-per-department-day', 'max-future-bookings']);
export type BookingRule = z.infer<typeof bookingRuleSchema>;

/** An administrator's decision to set rules aside for one booking; the reason is kept with it. */
export const ruleOverrideRequestSchema = z
  .object({
    rules: z.array(bookingRuleSchema).min(1).max(2),
    reason: z
      .string()
      .trim()
      .min(10, 'say why in at least 10 characters (it is kept with the booking)')
      .max(500),
  })
  .strict();

export const bookingRequestSchema = z
  .object({
    slotId: z.string().min(1).max(200),
    /** Required for staff; a kiosk session books for its own patient and must not send another. */
    patientId: z.string().min(1).max(64).optional(),
    /** Administrators only. */
    override: ruleOverrideRequestSchema.optional(),
  })
  .strict();
export type BookingRequest = z.infer<typeof bookingRequestSchema>;

/** Hold a seat for a few minutes while the patient makes up their mind; confirm it to book. */
export const holdRequestSchema = z
  .object({
    slotId: z.string().min(1).max(200),
    patientId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type HoldRequest = z.infer<typeof holdRequestSchema>;

/** Move a booking to another slot: the new seat is taken before the old one is let go. */
export const rescheduleRequestSchema = z.object({ slotId: z.string().min(1).max(200) }).strict();
export type RescheduleRequest = z.infer<typeof rescheduleRequestSchema>;

/**
 * `held`: a seat kept until confirmed (or a waitlist offer); `expired`: a hold that lapsed or was let go.
 */
export const bookingStatusSchema = z.enum([
  'held',
  'expired',
  'booked',
  'checked-in',
  'cancelled',
  'no-show',
]);
export type BookingStatus = z.infer<typeof bookingStatusSchema>;

export const bookingSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  departmentCode: z.string(),
  start: isoTimestamp,
  end: isoTimestamp,
  status: bookingStatusSchema,
  /** Sequential per department per day, no gaps, no duplicates; 0 while only held. */
  queueNumber: z.number().int().nonnegative(),
  /** Short code printed on the ticket and encoded in its QR code. */
  ticketCode: z.string(),
  /** Where to go, as the patient would be told (building, floor, room). */
  directions: z.string(),
  createdAt: isoTimestamp,
  /** Whether the FHIR Appointment has reached HAPI yet (publishing goes through an outbox). */
  publishedToFhir: z.boolean(),
  /** Until when a held seat is kept (holds and waitlist offers only). */
  holdExpiresAt: isoTimestamp.optional(),
  /** When the patient arrived (checked in at reception, by card tap, or as a walk-in). */
  checkedInAt: isoTimestamp.optional(),
  /** When a doctor (or the desk) called the checked-in patient in to be seen. */
  seenAt: isoTimestamp.optional(),
  /** The waitlist entry a held seat was offered to. */
  waitlistEntryId: z.string().optional(),
  /** The booking this one replaced, and the one that replaced it. */
  rescheduledFrom: z.string().optional(),
  rescheduledTo: z.string().optional(),
  /** Rules an administrator set aside for this booking, and why. */
  overrides: z
    .array(
      z.object({ rule: bookingRuleSchema, reason: z.string(), by: z.string(), at: isoTimestamp }),
    )
    .optional(),
});
export type Booking = z.infer<typeof bookingSchema>;

const localDay = isoDate;

export const waitlistJoinRequestSchema = z
  .object({
    /** Required for staff; a kiosk session joins for its own patient. */
    patientId: z.string().min(1).max(64).optional(),
    /** The department at one hospital (HealthcareService id), e.g. `hs-bvdk-tinh-quang-ninh-kham-benh`. */
    serviceId: z.string().min(1).max(120),
    fromDay: localDay,
    toDay: localDay,
  })
  .strict();
export type WaitlistJoinRequest = z.infer<typeof waitlistJoinRequestSchema>;

export const waitlistEntryStatusSchema = z.enum([
  'waiting',
  'offered',
  'booked',
  'withdrawn',
  'lapsed',
]);

export const waitlistEntrySchema = z.object({
  id: z.string(),
  patientId: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  fromDay: localDay,
  toDay: localDay,
  status: waitlistEntryStatusSchema,
  /** 1 for the first waiting patient of this department; absent unless waiting. */
  position: z.number().int().positive().optional(),
  /** The seat offered now (a hold to confirm before it expires). */
  offer: z.object({ bookingId: z.string(), start: isoTimestamp, until: isoTimestamp }).optional(),
  createdAt: isoTimestamp,
});
export type WaitlistEntry = z.infer<typeof waitlistEntrySchema>;
