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

export const sessionEndReasonSchema = z.enum(['card-removed', 'idle', 'sign-out', 'expired', 'replaced']);

/** Server-sent events a kiosk page receives for its station (`GET /api/stations/:id/events`). */
export const stationEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session.started'), session: kioskSessionSchema, at: isoTimestamp }),
  z.object({ type: z.literal('session.ended'), reason: sessionEndReasonSchema, at: isoTimestamp }),
  /** A tap that signed nobody in, with words for the patient (Vietnamese) and a stable code. */
  z.object({ type: z.literal('card.rejected'), code: z.string(), message: z.string(), at: isoTimestamp }),
]);
export type StationEvent = z.infer<typeof stationEventSchema>;
