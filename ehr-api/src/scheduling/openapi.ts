import { z } from 'zod';
import {
  availabilityQuerySchema,
  availableSlotSchema,
  bookingRequestSchema,
  bookingSchema,
  holdRequestSchema,
  rescheduleRequestSchema,
  waitlistEntrySchema,
  waitlistJoinRequestSchema,
} from '@qn/contracts';

const schema = (s: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType, description: string): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: schema(s) } },
});
const problem = (description: string, extra?: z.ZodType): Record<string, unknown> => ({
  description,
  content: {
    'application/problem+json': {
      schema: extra
        ? { allOf: [{ $ref: '#/components/schemas/Problem' }, schema(extra)] }
        : { $ref: '#/components/schemas/Problem' },
    },
  },
});
const conflict = problem(
  'Slot full (`/problems/slot-full`), closed (`/problems/slot-closed`), patient already booked that department that day (`/problems/already-booked-that-day`), too many bookings ahead (`/problems/too-many-bookings`), or the same Idempotency-Key still in flight (`/problems/request-in-progress`)',
  z.object({ alternatives: z.array(availableSlotSchema).max(3).optional() }),
);
const staffErrors = {
  '401': problem('No staff sign-in, or it has expired'),
  '403': problem(
    'This role may not do that (or, for check-in, the booking is at another hospital)',
  ),
  '429': problem('Too many requests from this member of staff; Retry-After says when to try again'),
};
const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};
const body = (s: z.ZodType): Record<string, unknown> => ({
  required: true,
  content: { 'application/json': { schema: schema(s) } },
});
const mongoDown = problem('MongoDB is not reachable');
const idParam = (name: string): Record<string, unknown> => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' },
});

const alternatives = z.object({ alternatives: z.array(availableSlotSchema).max(3).optional() });
const keyReused = problem('The Idempotency-Key was used for a different request');
const notReal = problem(
  'Missing Idempotency-Key, malformed body, or a slotId that is not a real slot',
);

interface StaffOperation {
  operationId: string;
  summary: string;
  /** Path parameters by name; each may answer 400 (malformed) and 404 (no such thing). */
  ids?: string[];
  /** What a 404 means, when `ids` name something that may not exist. */
  missing?: string;
  idempotent?: boolean;
  query?: Record<string, unknown>[];
  body?: z.ZodType;
  responses: Record<string, unknown>;
}

/**
 * A staff operation: the staff bearer token, the answers every staff route can give (401, 403, 429,
 * 503), 400 for malformed ids and 404 where something is looked up.
 */
function staff(op: StaffOperation): Record<string, unknown> {
  const ids = op.ids ?? [];
  return {
    operationId: op.operationId,
    summary: op.summary,
    security: [{ staffToken: [] }],
    parameters: [
      ...ids.map(idParam),
      ...(op.idempotent ? [idempotencyHeader] : []),
      ...(op.query ?? []),
    ],
    ...(op.body ? { requestBody: body(op.body) } : {}),
    responses: {
      ...(ids.length > 0 || op.query ? { '400': problem('A parameter is malformed') } : {}),
      ...(op.missing ? { '404': problem(op.missing) } : {}),
      ...(op.idempotent ? { '422': keyReused } : {}),
      ...op.responses,
      ...staffErrors,
      '503': mongoDown,
    },
  };
}

/** The scheduling operations of the API's OpenAPI document, from the zod schemas in @qn/contracts. */
export function schedulingPaths(): Record<string, unknown> {
  const query = schema(availabilityQuerySchema) as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  const bookingOut = (description: string): Record<string, unknown> =>
    json(bookingSchema, description);
  return {
    '/api/availability': {
      get: {
        operationId: 'getAvailability',
        summary:
          'Free slots of the departments, earliest first across the three hospitals (computed from weekly templates; public holidays, full slots, slots inside the minimum notice and past the horizon left out)',
        parameters: Object.entries(query.properties).map(([name, s]) => ({
          name,
          in: 'query',
          required: query.required?.includes(name) ?? false,
          schema: s,
        })),
        responses: {
          '200': json(z.array(availableSlotSchema), 'Free slots'),
          '400': problem('A query parameter is malformed; `errors` names it'),
          '503': mongoDown,
        },
      },
    },
    '/api/bookings': {
      post: staff({
        operationId: 'createBooking',
        summary:
          'Staff (receptionist, doctor, admin) book a seat of a slot for a patient; patientId required; `override` (administrators only) sets per-patient rules aside with a reason. The same Idempotency-Key with the same body replays the first answer.',
        idempotent: true,
        body: bookingRequestSchema,
        responses: {
          '201': bookingOut(
            'Booked (also the replay of an earlier 201 with the same key, marked Idempotent-Replayed: true)',
          ),
          '400': notReal,
          '409': conflict,
        },
      }),
    },
    '/api/bookings/{id}': {
      get: staff({
        operationId: 'getBooking',
        summary: 'One booking',
        ids: ['id'],
        missing: 'No such booking',
        responses: { '200': bookingOut('The booking') },
      }),
    },
    '/api/bookings/{id}/cancel': {
      post: staff({
        operationId: 'cancelBooking',
        summary: 'Cancel a booking and free its seat; cancelling again answers the same',
        ids: ['id'],
        missing: 'No such booking',
        responses: {
          '200': bookingOut('The cancelled booking'),
          '409': problem('The booking is checked in or marked no-show'),
        },
      }),
    },
    '/api/bookings/{id}/check-in': {
      post: staff({
        operationId: 'checkInBooking',
        summary:
          'The patient has arrived (on the day, from two hours before the start until its end); reception of its own hospital',
        ids: ['id'],
        missing: 'No such booking',
        responses: {
          '200': bookingOut('Checked in'),
          '409': problem(
            'Not the time to check in (`/problems/not-check-in-time`), or already cancelled or no-show',
          ),
        },
      }),
    },
    '/api/bookings/{id}/no-show': {
      post: staff({
        operationId: 'markBookingNoShow',
        summary:
          'The patient did not come (only once the slot is over); reception of its own hospital',
        ids: ['id'],
        missing: 'No such booking',
        responses: {
          '200': bookingOut('Marked no-show'),
          '409': problem(
            'The slot is not over (`/problems/slot-not-over`), or already checked in or cancelled',
          ),
        },
      }),
    },
    '/api/bookings/{id}/seen': {
      post: staff({
        operationId: 'markBookingSeen',
        summary:
          'A doctor calls the checked-in patient in to be seen (the first call is kept; calling again answers the same); staff of its own hospital',
        ids: ['id'],
        missing: 'No such booking',
        responses: {
          '200': bookingOut('Called in; `seenAt` says when'),
          '409': problem(
            'Not checked in (`/problems/not-checked-in`): booked, cancelled or no-show',
          ),
        },
      }),
    },
    '/api/bookings/{id}/reschedule': {
      post: staff({
        operationId: 'rescheduleBooking',
        summary:
          'Move a booking to another slot: the new seat is taken before the old booking is cancelled. Answers the new booking (`rescheduledFrom` names the old one).',
        ids: ['id'],
        missing: 'No such booking',
        idempotent: true,
        body: rescheduleRequestSchema,
        responses: { '201': bookingOut('The new booking'), '400': notReal, '409': conflict },
      }),
    },
    '/api/patients/{patientId}/bookings': {
      get: staff({
        operationId: 'listPatientBookings',
        summary:
          "A patient's bookings, earliest first; upcoming=true: only those not yet over and not cancelled (live holds included)",
        ids: ['patientId'],
        query: [
          {
            name: 'upcoming',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        ],
        responses: { '200': json(z.array(bookingSchema), 'Bookings') },
      }),
    },
    '/api/hospitals/{hospitalId}/day-list': {
      get: staff({
        operationId: 'getDayList',
        summary:
          "One hospital's bookings of one local day, by department, time and queue number (reception's own hospital only; admins any)",
        ids: ['hospitalId'],
        query: [
          {
            name: 'date',
            in: 'query',
            required: true,
            schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          },
          {
            name: 'department',
            in: 'query',
            required: false,
            schema: { type: 'string', pattern: '^[a-z-]{2,40}$' },
          },
        ],
        responses: { '200': json(z.array(bookingSchema), 'The day list') },
      }),
    },
    '/api/walk-ins': {
      post: staff({
        operationId: 'receiveWalkIn',
        summary:
          "A patient who came without a booking: the first seat of the department still open today (minimum notice waived), checked in at once; the desk's own hospital only",
        body: z.object({ patientId: z.string(), serviceId: z.string() }).strict(),
        responses: {
          '201': bookingOut('Checked in, with the queue number'),
          '400': problem('Malformed body or unknown department'),
          '409': problem(
            'No seat left today (`/problems/no-seat-today`), with the next alternatives; or the patient already has a booking there today',
            alternatives,
          ),
        },
      }),
    },
    '/api/holds': {
      post: staff({
        operationId: 'createHold',
        summary:
          'Keep a seat for a patient for a few minutes (QN_HOLD_MINUTES, default 5) while they decide; confirm it to book. The per-patient rules apply as for a booking.',
        idempotent: true,
        body: holdRequestSchema,
        responses: {
          '201': bookingOut('Held: status `held`, `holdExpiresAt` says until when'),
          '400': notReal,
          '409': conflict,
        },
      }),
    },
    '/api/holds/{id}/confirm': {
      post: staff({
        operationId: 'confirmHold',
        summary: 'Book the held seat; confirming again answers the same',
        ids: ['id'],
        missing: 'No such hold',
        responses: {
          '200': bookingOut('Booked, with its queue number'),
          '409': problem(
            'The hold lapsed or was let go (`/problems/hold-expired`), with alternatives',
            alternatives,
          ),
        },
      }),
    },
    '/api/holds/{id}/release': {
      post: staff({
        operationId: 'releaseHold',
        summary: 'Let the held seat go at once',
        ids: ['id'],
        missing: 'No such hold',
        responses: {
          '200': bookingOut('The hold, now `expired`'),
          '409': problem(
            'Already confirmed into a booking (`/problems/hold-confirmed`): cancel it instead',
          ),
        },
      }),
    },
    '/api/waitlist': {
      post: staff({
        operationId: 'joinWaitlist',
        summary:
          'Put a patient on the waitlist of one department for a range of days; the first freed seat is held for them and they are told',
        body: waitlistJoinRequestSchema,
        responses: {
          '201': json(waitlistEntrySchema, 'Waiting, with the place in the queue'),
          '400': problem('Malformed body, days in the wrong order or past, unknown department'),
          '409': problem(
            'Seats are still free on those days (`/problems/seats-available`, with alternatives), or the patient already waits for that department (`/problems/already-waiting`)',
            alternatives,
          ),
        },
      }),
      get: staff({
        operationId: 'listWaitlist',
        summary: "One department's waitlist, first in line first",
        query: [{ name: 'serviceId', in: 'query', required: true, schema: { type: 'string' } }],
        responses: {
          '200': json(z.array(waitlistEntrySchema), 'Entries waiting or offered a seat'),
        },
      }),
    },
    '/api/waitlist/{id}': {
      get: staff({
        operationId: 'getWaitlistEntry',
        summary: 'One waitlist entry, with its place or the seat it is offered',
        ids: ['id'],
        missing: 'No such entry',
        responses: { '200': json(waitlistEntrySchema, 'The entry') },
      }),
    },
    '/api/waitlist/{id}/withdraw': {
      post: staff({
        operationId: 'withdrawFromWaitlist',
        summary: 'Leave the waitlist; a seat on offer goes to the next patient',
        ids: ['id'],
        missing: 'No such entry',
        responses: { '200': json(waitlistEntrySchema, 'The entry, now `withdrawn`') },
      }),
    },
    '/api/patients/{patientId}/waitlist': {
      get: staff({
        operationId: 'listPatientWaitlist',
        summary: "A patient's waitlist entries, newest first",
        ids: ['patientId'],
        responses: { '200': json(z.array(waitlistEntrySchema), 'Entries') },
      }),
    },
  };
}
