import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { availabilityQuerySchema, bookingRequestSchema } from '@qn/contracts';
import { badRequest } from '../errors/http-error.js';
import { requireUp } from '../health/routes.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import { idempotencyKeyProblem } from './idempotency.js';
import { isLocalDay } from './local-time.js';
import type { SchedulingService } from './scheduling-service.js';

/** Parses with a zod schema; a failure becomes a 400 naming each field and what is wrong with it. */
function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({ field: issue.path.join('.') || where, message: issue.message }));
  throw badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

const ID = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'an id of 1 to 64 letters, digits, dashes or dots');
const upcomingSchema = z.object({ upcoming: z.enum(['true', 'false']).optional() });

function pathParam(req: Request, name: string): string {
  return parse(ID, req.params[name], name);
}

/**
 * `/api/availability` and `/api/bookings`. No sign-in yet: anyone who can reach the API can book
 * for any patient id (the access component adds authentication and roles).
 */
export function schedulingRoutes(scheduling: SchedulingService, monitor: HealthMonitor): Router {
  const router = Router();
  const mongoUp = requireUp(monitor, 'mongodb');
  router.use('/api/bookings', express.json({ limit: '16kb', strict: true }));

  router.get('/api/availability', mongoUp, async (req, res) => {
    const query = parse(availabilityQuerySchema, req.query, 'query');
    for (const field of ['from', 'to'] as const) {
      if (!isLocalDay(query[field])) throw badRequest(`${field}: ${query[field]} is not a calendar day`, { errors: [{ field, message: 'not a calendar day' }] });
    }
    res.json(await scheduling.availability(query));
  });

  router.post('/api/bookings', mongoUp, async (req, res) => {
    const header = req.get('Idempotency-Key');
    const keyProblem = idempotencyKeyProblem(header);
    if (keyProblem || header === undefined) throw badRequest(keyProblem ?? 'Idempotency-Key missing', { errors: [{ field: 'Idempotency-Key', message: keyProblem }] });
    const body = parse(bookingRequestSchema, req.body, 'body');
    if (!body.patientId) throw badRequest('patientId: required (until kiosk sessions supply it, every booking names its patient)', { errors: [{ field: 'patientId', message: 'required' }] });
    const result = await scheduling.book({ patientId: body.patientId, slotId: body.slotId, idempotencyKey: header, actor: { kind: 'anonymous' } });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.status).location(`/api/bookings/${result.booking.id}`).json(result.booking);
  });

  router.get('/api/bookings/:id', mongoUp, async (req, res) => {
    res.json(await scheduling.get(pathParam(req, 'id')));
  });

  router.post('/api/bookings/:id/cancel', mongoUp, async (req, res) => {
    res.json(await scheduling.cancel(pathParam(req, 'id'), { kind: 'anonymous' }));
  });

  router.get('/api/patients/:patientId/bookings', mongoUp, async (req, res) => {
    const { upcoming } = parse(upcomingSchema, req.query, 'query');
    res.json(await scheduling.forPatient(pathParam(req, 'patientId'), upcoming === 'true'));
  });

  return router;
}
