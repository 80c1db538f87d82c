import { z } from 'zod';
import { bookingSchema, kioskBookingRequestSchema, kioskSessionInfoSchema, stationEventSchema } from '@qn/contracts';

const schema = (s: z.ZodType): Record<string, unknown> => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType, description: string): Record<string, unknown> => ({ description, content: { 'application/json': { schema: schema(s) } } });
const problem = (description: string): Record<string, unknown> => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const idParam = (name: string): Record<string, unknown> => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' } });
const bearer = [{ kioskSession: [] }];
const noSession = problem('No live kiosk session for this token (card removed, signed out, idle or expired)');

/** The kiosk operations: the station event stream and the session-scoped patient API. */
export function kioskPaths(): Record<string, unknown> {
  return {
    '/api/stations/{stationId}/events': {
      get: {
        operationId: 'streamStationEvents',
        summary: "Server-Sent Events for one station's kiosk page: each event is `data: <StationEvent JSON>`; a comment line every 15 s keeps the stream open",
        parameters: [idParam('stationId'), { name: 'key', in: 'query', required: true, description: "The station's display key", schema: { type: 'string' } }],
        responses: {
          '200': { description: 'Event stream', content: { 'text/event-stream': { schema: schema(stationEventSchema) } } },
          '401': problem('Unknown station or wrong display key'),
          '503': problem('MongoDB is not reachable'),
        },
      },
    },
    '/api/kiosk/session': {
      get: { operationId: 'getKioskSession', summary: 'The session of this token (without the token); refreshes its idle timer', security: bearer, responses: { '200': json(kioskSessionInfoSchema, 'Live session'), '401': noSession } },
    },
    '/api/kiosk/session/end': {
      post: { operationId: 'endKioskSession', summary: 'Sign out: ends the session (station event session.ended, reason sign-out)', security: bearer, responses: { '204': { description: 'Ended' }, '401': noSession } },
    },
    '/api/kiosk/bookings': {
      get: { operationId: 'listKioskBookings', summary: "The session patient's upcoming bookings", security: bearer, responses: { '200': json(z.array(bookingSchema), 'Upcoming bookings'), '401': noSession } },
      post: {
        operationId: 'createKioskBooking',
        summary: "Book a slot for the session's own patient; a body patientId is refused (400)",
        security: bearer,
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } }],
        requestBody: { required: true, content: { 'application/json': { schema: schema(kioskBookingRequestSchema) } } },
        responses: { '201': json(bookingSchema, 'Booked'), '400': problem('Missing Idempotency-Key, malformed body, or a patientId in the body'), '401': noSession, '409': problem('Slot full or closed, or already booked that department that day') },
      },
    },
    '/api/kiosk/bookings/{id}/cancel': {
      post: {
        operationId: 'cancelKioskBooking',
        summary: "Cancel one of the session patient's own bookings; another patient's booking answers 404 like a missing one",
        security: bearer,
        parameters: [idParam('id')],
        responses: { '200': json(bookingSchema, 'Cancelled'), '401': noSession, '404': problem('No such booking for this patient'), '409': problem('Booking can no longer be cancelled') },
      },
    },
  };
}
