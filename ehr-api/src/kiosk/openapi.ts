import { z } from 'zod';
import { availableSlotSchema, bookingSchema, holdRequestSchema, kioskBookingRequestSchema, kioskSessionInfoSchema, rescheduleRequestSchema, stationEventSchema, waitlistEntrySchema, waitlistJoinRequestSchema } from '@qn/contracts';

const schema = (s: z.ZodType): Record<string, unknown> => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType, description: string): Record<string, unknown> => ({ description, content: { 'application/json': { schema: schema(s) } } });
const problem = (description: string): Record<string, unknown> => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const idParam = (name: string): Record<string, unknown> => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' } });
const bearer = [{ kioskSession: [] }];
const noSession = problem('No live kiosk session for this token (card removed, signed out, idle or expired)');
const mongoDown = problem('MongoDB is not reachable');
const badId = problem('The id is not 1 to 64 letters, digits, dashes or dots');

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
          '400': badId, '401': problem('Unknown station or wrong display key'),
          '503': problem('MongoDB is not reachable'),
        },
      },
    },
    '/api/kiosk/session': {
      get: { operationId: 'getKioskSession', summary: 'The session of this token (without the token); refreshes its idle timer', security: bearer, responses: { '200': json(kioskSessionInfoSchema, 'Live session'), '401': noSession, '503': mongoDown } },
    },
    '/api/kiosk/session/end': {
      post: { operationId: 'endKioskSession', summary: 'Sign out: ends the session (station event session.ended, reason sign-out)', security: bearer, responses: { '204': { description: 'Ended' }, '401': noSession, '503': mongoDown } },
    },
    '/api/kiosk/bookings': {
      get: { operationId: 'listKioskBookings', summary: "The session patient's upcoming bookings", security: bearer, responses: { '200': json(z.array(bookingSchema), 'Upcoming bookings'), '401': noSession, '503': mongoDown } },
      post: {
        operationId: 'createKioskBooking',
        summary: "Book a slot for the session's own patient; a body patientId is refused (400)",
        security: bearer,
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } }],
        requestBody: { required: true, content: { 'application/json': { schema: schema(kioskBookingRequestSchema) } } },
        responses: { '201': { ...json(bookingSchema, 'Booked'), links: { cancelKioskBooking: { operationId: 'cancelKioskBooking', parameters: { id: '$response.body#/id' } }, checkInKioskBooking: { operationId: 'checkInKioskBooking', parameters: { id: '$response.body#/id' } } } }, '400': problem('Missing Idempotency-Key, malformed body, or a patientId in the body'), '401': noSession, '409': problem('Slot full or closed, or already booked that department that day'), '413': problem('The body is larger than 8 kB'), '422': problem('The Idempotency-Key was used for a different request'), '429': problem('Too many bookings from this kiosk session; see Retry-After'), '503': mongoDown },
      },
    },
    '/api/kiosk/bookings/{id}/cancel': {
      post: {
        operationId: 'cancelKioskBooking',
        summary: "Cancel one of the session patient's own bookings; another patient's booking answers 404 like a missing one",
        security: bearer,
        parameters: [idParam('id')],
        responses: { '200': json(bookingSchema, 'Cancelled'), '400': badId, '401': noSession, '503': mongoDown, '404': problem('No such booking for this patient'), '409': problem('Booking can no longer be cancelled') },
      },
    },
    '/api/kiosk/bookings/{id}/check-in': {
      post: {
        operationId: 'checkInKioskBooking',
        summary: "Self check-in at a kiosk on the day of one of the session patient's own bookings; another patient's booking answers 404 like a missing one",
        security: bearer,
        parameters: [idParam('id')],
        responses: { '200': json(bookingSchema, 'Checked in'), '400': badId, '401': noSession, '503': mongoDown, '404': problem('No such booking for this patient'), '409': problem('Outside check-in time (from two hours before the start to its end, on the day), or the booking is cancelled or marked no-show') },
      },
    },
    ...kioskLifecyclePaths(),
  };
}

const idempotencyKey = { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } };
const withAlternatives = (description: string): Record<string, unknown> => ({
  description,
  content: { 'application/problem+json': { schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, schema(z.object({ alternatives: z.array(availableSlotSchema).max(3).optional() }))] } } },
});
const ownOnly = problem('No such booking, hold or entry for this patient (another patient\'s answers the same)');
const body = (s: z.ZodType): Record<string, unknown> => ({ required: true, content: { 'application/json': { schema: schema(s) } } });

/** Holds, reschedule and the waitlist for the session's own patient (the same rules as the staff API). */
function kioskLifecyclePaths(): Record<string, unknown> {
  const common = { '401': noSession, '503': mongoDown };
  return {
    '/api/kiosk/holds': {
      post: {
        operationId: 'createKioskHold',
        summary: "Keep a seat for the session's own patient for a few minutes while they check the summary; a body patientId is refused (400)",
        security: bearer,
        parameters: [idempotencyKey],
        requestBody: body(holdRequestSchema),
        responses: { '201': json(bookingSchema, 'Held (`holdExpiresAt`)'), '400': problem('Missing Idempotency-Key, malformed body, or a patientId in the body'), '409': withAlternatives('Slot full or closed, already booked that day, or too many bookings ahead'), '422': problem('The Idempotency-Key was used for a different request'), '429': problem('Too many bookings from this kiosk session; see Retry-After'), ...common },
      },
    },
    '/api/kiosk/holds/{id}/confirm': {
      post: { operationId: 'confirmKioskHold', summary: 'Book the held seat', security: bearer, parameters: [idParam('id')], responses: { '200': json(bookingSchema, 'Booked'), '400': badId, '404': ownOnly, '409': withAlternatives('The hold lapsed or was let go (`/problems/hold-expired`)'), ...common } },
    },
    '/api/kiosk/holds/{id}/release': {
      post: { operationId: 'releaseKioskHold', summary: 'Let the held seat go', security: bearer, parameters: [idParam('id')], responses: { '200': json(bookingSchema, 'The hold, now `expired`'), '400': badId, '404': ownOnly, '409': problem('Already confirmed into a booking'), ...common } },
    },
    '/api/kiosk/bookings/{id}/reschedule': {
      post: {
        operationId: 'rescheduleKioskBooking',
        summary: "Move one of the session patient's bookings to another slot (the new seat first, then the old one let go)",
        security: bearer,
        parameters: [idParam('id'), idempotencyKey],
        requestBody: body(rescheduleRequestSchema),
        responses: { '201': json(bookingSchema, 'The new booking'), '400': problem('Missing Idempotency-Key, malformed body or id'), '404': ownOnly, '409': withAlternatives('Slot full or closed, or the booking can no longer be moved'), '422': problem('The Idempotency-Key was used for a different request'), '429': problem('Too many bookings from this kiosk session; see Retry-After'), ...common },
      },
    },
    '/api/kiosk/waitlist': {
      get: { operationId: 'listKioskWaitlist', summary: "The session patient's waitlist entries, newest first", security: bearer, responses: { '200': json(z.array(waitlistEntrySchema), 'Entries'), ...common } },
      post: {
        operationId: 'joinKioskWaitlist',
        summary: "Put the session's own patient on a department's waitlist for a range of days",
        security: bearer,
        requestBody: body(waitlistJoinRequestSchema),
        responses: { '201': json(waitlistEntrySchema, 'Waiting, with the place in the queue'), '400': problem('Malformed body, days in the wrong order or past, unknown department, or a patientId in the body'), '409': withAlternatives('Seats are still free on those days, or already waiting for that department'), ...common },
      },
    },
    '/api/kiosk/waitlist/{id}/withdraw': {
      post: { operationId: 'withdrawKioskWaitlist', summary: 'Leave the waitlist; a seat on offer goes to the next patient', security: bearer, parameters: [idParam('id')], responses: { '200': json(waitlistEntrySchema, 'The entry, now `withdrawn`'), '400': badId, '404': ownOnly, ...common } },
    },
  };
}
