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

/** The scheduling operations of the API's OpenAPI document, from the zod schemas in @qn/contracts. */
export function schedulingPaths(): Record<string, unknown> {
  const query = schema(availabilityQuerySchema) as {
    properties: Record<string, unknown>;
    required?: string[];
  };
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
      post: {
        operationId: 'createBooking',
        summary:
          'Staff (receptionist, doctor, admin) book a seat of a slot for a patient; patientId required. The same Idempotency-Key with the same body replays the first answer.',
        security: [{ staffToken: [] }],
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schema(bookingRequestSchema) } },
        },
        responses: {
          '201': json(
            bookingSchema,
            'Booked (also the replay of an earlier 201 with the same key, marked Idempotent-Replayed: true)',
          ),
          '400': problem(
            'Missing Idempotency-Key, malformed body, or a slotId that is not a real slot',
          ),
          '409': conflict,
          ...staffErrors,
          '422': problem('The Idempotency-Key was used for a different request'),
          '503': mongoDown,
        },
      },
    },
    '/api/bookings/{id}': {
      get: {
        operationId: 'getBooking',
        summary: 'One booking',
        security: [{ staffToken: [] }],
        parameters: [idParam('id')],
        responses: {
          '200': json(bookingSchema, 'The booking'),
          '400': problem('Malformed id'),
          ...staffErrors,
          '404': problem('No such booking'),
          '503': mongoDown,
        },
      },
    },
    '/api/bookings/{id}/cancel': {
      post: {
        operationId: 'cancelBooking',
        summary: 'Cancel a booking and free its seat; cancelling again answers the same',
        security: [{ staffToken: [] }],
        parameters: [idParam('id')],
        responses: {
          '200': json(bookingSchema, 'The cancelled booking'),
          '400': problem('Malformed id'),
          ...staffErrors,
          '404': problem('No such booking'),
          '409': problem('The booking is checked in or marked no-show'),
          '503': mongoDown,
        },
      },
    },
    '/api/patients/{patientId}/bookings': {
      get: {
        operationId: 'listPatientBookings',
        summary:
          "A patient's bookings, earliest first; upcoming=true: only those not yet over and not cancelled",
        security: [{ staffToken: [] }],
        parameters: [
          idParam('patientId'),
          {
            name: 'upcoming',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        ],
        responses: {
          '200': json(z.array(bookingSchema), 'Bookings'),
          '400': problem('A parameter is malformed'),
          ...staffErrors,
          '503': mongoDown,
        },
      },
    },
    ...decisionPaths(),
    '/api/hospitals/{hospitalId}/day-list': {
      get: {
        operationId: 'getDayList',
        summary:
          "One hospital's bookings of one local day, by department, time and queue number (reception's own hospital only; admins any)",
        security: [{ staffToken: [] }],
        parameters: [
          idParam('hospitalId'),
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
        responses: {
          '200': json(z.array(bookingSchema), 'The day list'),
          '400': problem('date or department malformed'),
          ...staffErrors,
          '503': mongoDown,
        },
      },
    },
    '/api/walk-ins': {
      post: {
        operationId: 'receiveWalkIn',
        summary:
          "A patient who came without a booking: the first seat of the department still open today (minimum notice waived), checked in at once; the desk's own hospital only",
        security: [{ staffToken: [] }],
        requestBody: body(z.object({ patientId: z.string(), serviceId: z.string() }).strict()),
        responses: {
          '201': json(bookingSchema, 'Checked in, with the queue number'),
          '400': problem('Malformed body or unknown department'),
          ...staffErrors,
          '409': problem(
            'No seat left today (`/problems/no-seat-today`), with the next alternatives; or the patient already has a booking there today',
            z.object({ alternatives: z.array(availableSlotSchema).max(3).optional() }),
          ),
          '503': mongoDown,
        },
      },
    },
    '/api/holds': {
      post: {
        operationId: 'createHold',
        summary:
          'Keep a seat for a patient for a few minutes (QN_HOLD_MINUTES, default 5) while they decide; confirm it to book. The per-patient rules apply as for a booking.',
        security: [{ staffToken: [] }],
        parameters: [idempotencyHeader],
        requestBody: body(holdRequestSchema),
        responses: {
          '201': json(bookingSchema, 'Held: status `held`, `holdExpiresAt` says until when'),
          '400': problem('Missing Idempotency-Key, malformed body, or not a real slot'),
          ...staffErrors,
          '409': conflict,
          '422': problem('The Idempotency-Key was used for a different request'),
          '503': mongoDown,
        },
      },
    },
    '/api/holds/{id}/confirm': {
      post: {
        operationId: 'confirmHold',
        summary: 'Book the held seat; confirming again answers the same',
        security: [{ staffToken: [] }],
        parameters: [idParam('id')],
        responses: {
          '200': json(bookingSchema, 'Booked, with its queue number'),
          '400': problem('Malformed id'),
          ...staffErrors,
          '404': problem('No such hold'),
          '409': problem(
            'The hold lapsed or was let go (`/problems/hold-expired`), with alternatives',
            z.object({ alternatives: z.array(availableSlotSchema).max(3).optional() }),
          ),
          '503': mongoDown,
        },
      },
    },
    '/api/holds/{id}/release': {
      post: {
        operationId: 'releaseHold',
        summary: 'Let the held seat go at once',
        security: [{ staffToken: [] }],
        parameters: [idParam('id')],
        responses: {
          '200': json(bookingSchema, 'The hold, now `expired`'),
          '400': problem('Malformed id'),
          ...staffErrors,
          '404': problem('No such hold'),
          '409': problem(
            'Already confirmed into a booking (`/problems/hold-confirmed`): cancel it instead',
          ),
          '503': mongoDown,
        },
      },
    },
    '/api/bookings/{id}/reschedule': {
      post: {
        operationId: 'rescheduleBooking',
        summary:
          'Move a booking to another slot: the new seat is taken before the old booking is cancelled. Answers the new booking (`rescheduledFrom` names the old one).',
        security: [{ staffToken: [] }],
        parameters: [idParam('id'), idempotencyHeader],
        requestBody: body(rescheduleRequestSchema),
        responses: {
          '201': json(bookingSchema, 'The new booking'),
          '400': problem('Missing Idempotency-Key, malformed body, or not a real slot'),
          ...staffErrors,
          '404': problem('No such booking'),
          '409': conflict,
          '422': problem('The Idempotency-Key was used for a different request'),
          '503': mongoDown,
        },
      },
    },
    '/api/waitlist': {
      post: {
        operationId: 'joinWaitlist',
        summary:
          'Put a patient on the waitlist of one department for a range of days; the first freed seat is held for them and they are told',
        security: [{ staffToken: [] }],
        requestBody: body(waitlistJoinRequestSchema),
        responses: {
          '201': json(waitlistEntrySchema, 'Waiting, with the place in the queue'),
          '400': problem('Malformed body, days in the wrong order or past, unknown department'),
          ...staffErrors,
          '409': problem(
            'Seats are still free on those days (`/problems/seats-available`, with alternatives), or the patient already waits for that department (`/problems/already-waiting`)',
          ),
          '503': mongoDown,
        },
      },
      get: {
        operationId: 'listWaitlist',
        summary: "One department's waitlist, first in line first",
        security: [{ staffToken: [] }],
        parameters: [
          { name: 'serviceId', in: 'query', required: true, schema: { type: 'string' } },
        ],
        responses: {
          '200': json(z.array(waitlistEntrySchema), 'Entries waiting or offered a seat'),
          '400': problem('serviceId missing or malformed'),
          ...staffErrors,
          '503': mongoDown,
        },
      },
    },
    '/api/waitlist/{id}': {
      get: {
        operationId: 'getWaitlistEntry',
        summary: 'One waitlist entry, with its place or the seat it is offered',
        security: [{ staffToken: [] }],
        parameters: [idParam('id')],
        responses: {
          '200': json(waitlistEntrySchema, 'The entry'),
          '400': problem('Malformed id'),
          ...staffErrors,
          '404': problem('No such entry'),
          '503': mongoDown,
        },
      },
    },
    '/api/waitlist/{id}/withdraw': {
      post: {
        operationId: 'withdrawFromWaitlist',
        summary: 'Leave the waitlist; a seat on offer goes to the next patient',
        security: [{ staffToken: [] }],
        parameters: [idParam('id')],
        responses: {
          '200': json(waitlistEntrySchema, 'The entry, now `withdrawn`'),
          '400': problem('Malformed id'),
          ...staffErrors,
          '404': problem('No such entry'),
          '503': mongoDown,
        },
      },
    },
    '/api/patients/{patientId}/waitlist': {
      get: {
        operationId: 'listPatientWaitlist',
        summary: "A patient's waitlist entries, newest first",
        security: [{ staffToken: [] }],
        parameters: [idParam('patientId')],
        responses: {
          '200': json(z.array(waitlistEntrySchema), 'Entries'),
          '400': problem('Malformed id'),
          ...staffErrors,
          '503': mongoDown,
        },
      },
    },
  };
}

/** Check-in and no-show: reception of the booking's own hospital (or an admin). */
function decisionPaths(): Record<string, unknown> {
  const decision = (
    operationId: string,
    summary: string,
    conflictText: string,
  ): Record<string, unknown> => ({
    post: {
      operationId,
      summary,
      security: [{ staffToken: [] }],
      parameters: [idParam('id')],
      responses: {
        '200': json(bookingSchema, 'The booking'),
        '400': problem('Malformed id'),
        ...staffErrors,
        '404': problem('No such booking'),
        '409': problem(conflictText),
        '503': mongoDown,
      },
    },
  });
  return {
    '/api/bookings/{id}/check-in': decision(
      'checkInBooking',
      'The patient has arrived (on the day, from two hours before the start until its end)',
      'Not the time to check in (`/problems/not-check-in-time`), or already cancelled or no-show',
    ),
    '/api/bookings/{id}/no-show': decision(
      'markBookingNoShow',
      'The patient did not come (only once the slot is over)',
      'The slot is not over (`/problems/slot-not-over`), or already checked in or cancelled',
    ),
  };
}
