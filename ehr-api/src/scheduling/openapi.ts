import { z } from 'zod';
import {
  availabilityQuerySchema,
  availableSlotSchema,
  bookingRequestSchema,
  bookingSchema,
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
  'Slot full (`/problems/slot-full`), closed (`/problems/slot-closed`), patient already booked that department that day (`/problems/already-booked-that-day`), or the same Idempotency-Key still in flight (`/problems/request-in-progress`)',
  z.object({ alternatives: z.array(availableSlotSchema).max(3).optional() }),
);
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
          '422': problem('The Idempotency-Key was used for a different request'),
          '503': mongoDown,
        },
      },
    },
    '/api/bookings/{id}': {
      get: {
        operationId: 'getBooking',
        summary: 'One booking',
        parameters: [idParam('id')],
        responses: {
          '200': json(bookingSchema, 'The booking'),
          '404': problem('No such booking'),
          '503': mongoDown,
        },
      },
    },
    '/api/bookings/{id}/cancel': {
      post: {
        operationId: 'cancelBooking',
        summary: 'Cancel a booking and free its seat; cancelling again answers the same',
        parameters: [idParam('id')],
        responses: {
          '200': json(bookingSchema, 'The cancelled booking'),
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
        parameters: [
          idParam('patientId'),
          {
            name: 'upcoming',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        ],
        responses: { '200': json(z.array(bookingSchema), 'Bookings'), '503': mongoDown },
      },
    },
  };
}
