import express, { Router, type Request, type RequestHandler } from 'express';
import { requireRole } from '../auth/middleware.js';
import { auditAccess, auditTarget } from '../audit/audit-log.js';
import { z } from 'zod';
import { availabilityQuerySchema, bookingRequestSchema } from '@qn/contracts';
import { badRequest } from '../errors/http-error.js';
import { requireUp } from '../health/routes.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import { idempotencyKeyProblem } from './idempotency.js';
import { isLocalDay } from './local-time.js';
import type { BookingActor, SchedulingService } from './scheduling-service.js';

/** Parses with a zod schema; a failure becomes a 400 naming each field and what is wrong with it. */
function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || where,
    message: issue.message,
  }));
  throw badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

const ID = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'an id of 1 to 64 letters, digits, dashes or dots');
const upcomingSchema = z.object({ upcoming: z.enum(['true', 'false']).optional() });

function pathParam(req: Request, name: string): string {
  return parse(ID, req.params[name], name);
}

/** The signed-in member of staff, for the booking's record. */
function staffActor(req: Request): BookingActor {
  return req.principal?.kind === 'staff'
    ? { kind: 'staff', id: req.principal.userId }
    : { kind: 'anonymous' };
}

/**
 * `/api/availability` (public: free seats carry no patient data) and the staff booking endpoints:
 * receptionists book, cancel and list for any patient at any hospital (doctors and admins too).
 * Patients book through their kiosk session (`/api/kiosk/bookings`). Every booking read or change
 * is in the audit log.
 */
export function schedulingRoutes(
  scheduling: SchedulingService,
  monitor: HealthMonitor,
  authenticate: RequestHandler,
): Router {
  const router = Router();
  const mongoUp = requireUp(monitor, 'mongodb');
  const staff = [authenticate, requireRole('receptionist', 'doctor', 'admin')];
  router.use('/api/bookings', mongoUp, ...staff, express.json({ limit: '16kb', strict: true }));
  router.use('/api/patients/:patientId/bookings', mongoUp, ...staff);

  router.get('/api/availability', mongoUp, async (req, res) => {
    const query = parse(availabilityQuerySchema, req.query, 'query');
    for (const field of ['from', 'to'] as const) {
      if (!isLocalDay(query[field]))
        throw badRequest(`${field}: ${query[field]} is not a calendar day`, {
          errors: [{ field, message: 'not a calendar day' }],
        });
    }
    res.json(await scheduling.availability(query));
  });

  router.post('/api/bookings', mongoUp, async (req, res) => {
    const header = req.get('Idempotency-Key');
    const keyProblem = idempotencyKeyProblem(header);
    if (keyProblem || header === undefined)
      throw badRequest(keyProblem ?? 'Idempotency-Key missing', {
        errors: [{ field: 'Idempotency-Key', message: keyProblem }],
      });
    const body = parse(bookingRequestSchema, req.body, 'body');
    if (!body.patientId)
      throw badRequest(
        'patientId: required: name the patient the booking is for (patients book at a kiosk through their own session)',
        { errors: [{ field: 'patientId', message: 'required' }] },
      );
    auditTarget(req, {
      action: 'create',
      patientIds: [body.patientId],
      resource: { type: 'Appointment' },
    });
    const result = await scheduling.book({
      patientId: body.patientId,
      slotId: body.slotId,
      idempotencyKey: header,
      actor: staffActor(req),
    });
    await auditAccess(req, {
      action: 'create',
      patientIds: [body.patientId],
      resource: { type: 'Appointment', id: result.booking.id },
      ...(result.status >= 400
        ? { outcome: 'failed' as const, reason: `HTTP ${result.status}` }
        : {}),
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.status).location(`/api/bookings/${result.booking.id}`).json(result.booking);
  });

  router.get('/api/bookings/:id', async (req, res) => {
    const booking = await scheduling.get(pathParam(req, 'id'));
    await auditAccess(req, {
      action: 'read',
      patientIds: [booking.patientId],
      resource: { type: 'Appointment', id: booking.id },
    });
    res.json(booking);
  });

  router.post('/api/bookings/:id/cancel', async (req, res) => {
    const booking = await scheduling.cancel(pathParam(req, 'id'), staffActor(req));
    await auditAccess(req, {
      action: 'update',
      patientIds: [booking.patientId],
      resource: { type: 'Appointment', id: booking.id },
    });
    res.json(booking);
  });

  router.get('/api/patients/:patientId/bookings', async (req, res) => {
    const patientId = pathParam(req, 'patientId');
    const { upcoming } = parse(upcomingSchema, req.query, 'query');
    const bookings = await scheduling.forPatient(patientId, upcoming === 'true');
    await auditAccess(req, {
      action: 'search',
      patientIds: [patientId],
      resource: { type: 'Appointment', query: `patient=${patientId}` },
    });
    res.json(bookings);
  });

  return router;
}
