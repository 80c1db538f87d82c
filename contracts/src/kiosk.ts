import { z } from 'zod';

/** Kiosk sessions: a card tap signs one patient in at one station, for a short time. */
const isoTimestamp = z.string().datetime({ offset: true });

export const kioskPatientSchema = z.object({
  id: z.string(),
  /** Name with most letters masked for a public screen, e.g. "Nguyễn T*** L**". */
  maskedName: z.string(),
  /** Birth year only. */
  birthYear: z.number().int().optional(),
});
export type KioskPatient = z.infer<typeof kioskPatientSchema>;

export const kioskSessionSchema = z.object({
  /** Bearer token for the patient-scoped API calls of this session (Authorization: Bearer …). */
  token: z.string(),
  stationId: z.string(),
  patient: kioskPatientSchema,
  expiresAt: isoTimestamp,
});
export type KioskSession = z.infer<typeof kioskSessionSchema>;

export const sessionEndReasonSchema = z.enum([
  'card-removed',
  'idle',
  'sign-out',
  'expired',
  'replaced',
]);

/** Server-sent events a kiosk page receives for its station (`GET /api/stations/:id/events`). */
export const stationEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session.started'), session: kioskSessionSchema, at: isoTimestamp }),
  z.object({ type: z.literal('session.ended'), reason: sessionEndReasonSchema, at: isoTimestamp }),
  /** A tap that signed nobody in, with words for the patient (Vietnamese) and a stable code. */
  z.object({
    type: z.literal('card.rejected'),
    code: z.string(),
    message: z.string(),
    at: isoTimestamp,
  }),
]);
export type StationEvent = z.infer<typeof stationEventSchema>;

/** `GET /api/kiosk/session`: the session as the kiosk page may re-read it (never the token again). */
export const kioskSessionInfoSchema = kioskSessionSchema.omit({ token: true }).extend({
  /** The session ends after this long without an API call. */
  idleTimeoutMs: z.number().int().positive(),
  lastActivityAt: isoTimestamp,
});
export type KioskSessionInfo = z.infer<typeof kioskSessionInfoSchema>;

/** `POST /api/kiosk/bookings`: the session's own patient is booked; a `patientId` is refused. */
export const kioskBookingRequestSchema = z.object({ slotId: z.string().min(1).max(200) }).strict();
export type KioskBookingRequest = z.infer<typeof kioskBookingRequestSchema>;

/** Stable codes of `card.rejected` station events. */
export const TAP_REJECTION_CODES = [
  'not-a-patient-card',
  'unreadable',
  'invalid-cmac',
  'unknown-card',
  'revoked',
  'replaced',
  'expired',
  'replayed',
  'stale-tap',
  'unavailable',
] as const;
