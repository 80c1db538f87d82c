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

export const bookingRequestSchema = z
  .object({
    slotId: z.string().min(1).max(200),
    /** Required for staff; a kiosk session books for its own patient and must not send another. */
    patientId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type BookingRequest = z.infer<typeof bookingRequestSchema>;

export const bookingStatusSchema = z.enum(['booked', 'checked-in', 'cancelled', 'no-show']);

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
  /** Sequential per department per day, no gaps, no duplicates. */
  queueNumber: z.number().int().positive(),
  /** Short code printed on the ticket and encoded in its QR code. */
  ticketCode: z.string(),
  /** Where to go, as the patient would be told (building, floor, room). */
  directions: z.string(),
  createdAt: isoTimestamp,
  /** Whether the FHIR Appointment has reached HAPI yet (publishing goes through an outbox). */
  publishedToFhir: z.boolean(),
});
export type Booking = z.infer<typeof bookingSchema>;
