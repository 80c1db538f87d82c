import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Booking } from '@qn/contracts';
import { parseInput } from '../errors/parse-input.js';
import { forbidden, requireRole } from '../auth/middleware.js';
import { auditAccess, auditTarget } from '../audit/audit-log.js';
import { z } from 'zod';
import {
  availabilityQuerySchema,
  bookingRequestSchema,
  holdRequestSchema,
  rescheduleRequestSchema,
  waitlistJoinRequestSchema,
} from '@qn/contracts';
import { badRequest } from '../errors/http-error.js';
import { requireUp } from '../health/routes.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import { requireIdempotencyKey } from './idempotency.js';
import { isLocalDay } from './local-time.js';
import type { BookingActor, SchedulingService } from './scheduling-service.js';
import type { Waitlist } from './waitlist.js';

const parse = parseInput;

const ID = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'an id of 1 to 64 letters, digits, dashes or dots');
const upcomingSchema = z.object({ upcoming: z.enum(['true', 'false']).optional() });
const waitlistQuery = z.object({ serviceId: ID });
const walkInBody = z.object({ patientId: ID, serviceId: ID }).strict();
const dayListQuery = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
    .refine(isLocalDay, 'not a calendar day'),
  department: z
    .string()
    .regex(/^[a-z-]{2,40}$/, 'a department code such as kham-benh')
    .optional(),
});

function pathParam(req: Request, name: string): string {
  return parse(ID, req.params[name], name);
}

function requirePatientId(patientId: string | undefined): string {
  if (!patientId)
    throw badRequest(
      'patientId: required: name the patient the booking is for (patients book at a kiosk through their own session)',
      { errors: [{ field: 'patientId', message: 'required' }] },
    );
  return patientId;
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
  waitlist: Waitlist,
  monitor: HealthMonitor,
  authenticate: RequestHandler,
  bookingLimit: RequestHandler = (_req, _res, next) => next(),
): Router {
  const router = Router();
  const mongoUp = requireUp(monitor, 'mongodb');
  const staff = [authenticate, requireRole('receptionist', 'doctor', 'admin')];
  router.use('/api/bookings', mongoUp, ...staff, express.json({ limit: '16kb', strict: true }));
  router.use('/api/patients/:patientId/bookings', mongoUp, ...staff);
  router.use('/api/holds', mongoUp, ...staff, express.json({ limit: '16kb', strict: true }));
  router.use('/api/waitlist', mongoUp, ...staff, express.json({ limit: '16kb', strict: true }));
  router.use('/api/patients/:patientId/waitlist', mongoUp, ...staff);

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

  router.post('/api/bookings', mongoUp, bookingLimit, async (req, res) => {
    const header = requireIdempotencyKey(req.get('Idempotency-Key'));
    const body = parse(bookingRequestSchema, req.body, 'body');
    const patientId = requirePatientId(body.patientId);
    if (body.override && req.principal?.kind === 'staff' && req.principal.role !== 'admin')
      throw forbidden(
        'override: only an administrator may set a booking rule aside; ask one, with the reason.',
        { reason: 'role' },
      );
    auditTarget(req, {
      action: 'create',
      patientIds: [patientId],
      resource: { type: 'Appointment' },
    });
    const result = await scheduling.book({
      patientId,
      slotId: body.slotId,
      idempotencyKey: header,
      actor: staffActor(req),
      ...(body.override ? { override: body.override } : {}),
    });
    await auditAccess(req, {
      action: 'create',
      patientIds: [patientId],
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

  /** Reception works on its own hospital's bookings (admins on any): checking in, no-shows, the day list. */
  function requireBookingHospital(req: Request, hospitalId: string): void {
    const principal = req.principal;
    if (
      principal?.kind === 'staff' &&
      principal.role !== 'admin' &&
      principal.hospital !== hospitalId
    ) {
      throw forbidden(
        `This booking is at ${hospitalId}; you work at ${principal.hospital ?? 'no hospital'}. Its own reception checks it in.`,
        { reason: 'hospital' },
      );
    }
  }

  // What the booking's own hospital does on the day: reception checks in and marks no-shows; a
  // doctor (or the desk, for a doctor without a screen) calls a checked-in patient in.
  const dayActions = [
    {
      path: 'check-in',
      roles: ['receptionist', 'admin'],
      act: (id: string, actor: BookingActor) => scheduling.checkIn(id, actor),
    },
    {
      path: 'no-show',
      roles: ['receptionist', 'admin'],
      act: (id: string, actor: BookingActor) => scheduling.markNoShow(id, actor),
    },
    {
      path: 'seen',
      roles: ['doctor', 'receptionist', 'admin'],
      act: (id: string, actor: BookingActor) => scheduling.markSeen(id, actor),
    },
  ] as const;
  for (const { path, roles, act } of dayActions) {
    router.post(`/api/bookings/:id/${path}`, requireRole(...roles), async (req, res) => {
      const id = pathParam(req, 'id');
      const existing = await scheduling.get(id);
      auditTarget(req, {
        action: 'update',
        patientIds: [existing.patientId],
        resource: { type: 'Appointment', id },
      });
      requireBookingHospital(req, existing.hospitalId);
      const booking = await act(id, staffActor(req));
      await auditAccess(req, {
        action: 'update',
        patientIds: [booking.patientId],
        resource: { type: 'Appointment', id },
      });
      res.json(booking);
    });
  }

  // A patient who came without a booking: a seat today and checked in, at the desk's own hospital.
  router.post(
    '/api/walk-ins',
    mongoUp,
    authenticate,
    requireRole('receptionist', 'admin'),
    express.json({ limit: '16kb', strict: true }),
    bookingLimit,
    async (req, res) => {
      const body = parse(walkInBody, req.body, 'body');
      auditTarget(req, {
        action: 'create',
        patientIds: [body.patientId],
        resource: { type: 'Appointment' },
      });
      const booking = await scheduling.walkIn(
        body.patientId,
        body.serviceId,
        staffActor(req),
        (h) => requireBookingHospital(req, h),
      );
      res.location(`/api/bookings/${booking.id}`);
      await answer(req, res, booking, 'create', 201);
    },
  );

  router.get(
    '/api/hospitals/:hospitalId/day-list',
    mongoUp,
    authenticate,
    requireRole('receptionist', 'doctor', 'admin'),
    async (req, res) => {
      const hospitalId = pathParam(req, 'hospitalId');
      const { date, department } = parse(dayListQuery, req.query, 'query');
      auditTarget(req, {
        action: 'search',
        resource: { type: 'Appointment', query: `hospital=${hospitalId}&date=${date}` },
      });
      requireBookingHospital(req, hospitalId);
      const bookings = await scheduling.dayList(
        hospitalId,
        date,
        department ? `hs-${hospitalId}-${department}` : undefined,
      );
      await auditAccess(req, {
        action: 'search',
        patientIds: [...new Set(bookings.map((b) => b.patientId))],
        resource: { type: 'Appointment', query: `hospital=${hospitalId}&date=${date}` },
      });
      res.json(bookings);
    },
  );

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

  /** Records the access to one booking (or hold) and answers it. */
  async function answer(
    req: Request,
    res: Response,
    booking: Booking,
    action: 'create' | 'update',
    status = 200,
  ): Promise<void> {
    await auditAccess(req, {
      action,
      patientIds: [booking.patientId],
      resource: { type: 'Appointment', id: booking.id },
    });
    res.status(status).json(booking);
  }

  router.post('/api/holds', bookingLimit, async (req, res) => {
    const header = requireIdempotencyKey(req.get('Idempotency-Key'));
    const body = parse(holdRequestSchema, req.body, 'body');
    const patientId = requirePatientId(body.patientId);
    auditTarget(req, {
      action: 'create',
      patientIds: [patientId],
      resource: { type: 'Appointment' },
    });
    const result = await scheduling.hold({
      patientId,
      slotId: body.slotId,
      idempotencyKey: header,
      actor: staffActor(req),
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.location(`/api/bookings/${result.booking.id}`);
    await answer(req, res, result.booking, 'create', result.status);
  });

  for (const [path, action] of [
    ['confirm', (id: string, actor: BookingActor) => scheduling.confirmHold(id, actor)],
    ['release', (id: string, actor: BookingActor) => scheduling.releaseHold(id, actor)],
  ] as const) {
    router.post(`/api/holds/:id/${path}`, async (req, res) => {
      const id = pathParam(req, 'id');
      auditTarget(req, { action: 'update', resource: { type: 'Appointment', id } });
      await answer(req, res, await action(id, staffActor(req)), 'update');
    });
  }

  router.post('/api/bookings/:id/reschedule', bookingLimit, async (req, res) => {
    const id = pathParam(req, 'id');
    const header = requireIdempotencyKey(req.get('Idempotency-Key'));
    const body = parse(rescheduleRequestSchema, req.body, 'body');
    auditTarget(req, { action: 'update', resource: { type: 'Appointment', id } });
    const result = await scheduling.reschedule({
      bookingId: id,
      slotId: body.slotId,
      idempotencyKey: header,
      actor: staffActor(req),
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.location(`/api/bookings/${result.booking.id}`);
    await answer(req, res, result.booking, 'create', result.status);
  });

  router.post('/api/waitlist', async (req, res) => {
    const body = parse(waitlistJoinRequestSchema, req.body, 'body');
    const patientId = requirePatientId(body.patientId);
    auditTarget(req, {
      action: 'create',
      patientIds: [patientId],
      resource: { type: 'Appointment' },
    });
    const entry = await waitlist.join({ ...body, patientId, actor: staffActor(req) });
    await auditAccess(req, {
      action: 'create',
      patientIds: [patientId],
      resource: { type: 'Appointment', query: `waitlist=${entry.id}` },
    });
    res.status(201).location(`/api/waitlist/${entry.id}`).json(entry);
  });

  router.get('/api/waitlist', async (req, res) => {
    const { serviceId } = parse(waitlistQuery, req.query, 'query');
    const entries = await waitlist.queue(serviceId);
    await auditAccess(req, {
      action: 'search',
      patientIds: [...new Set(entries.map((e) => e.patientId))],
      resource: { type: 'Appointment', query: `waitlist&service=${serviceId}` },
    });
    res.json(entries);
  });

  router.get('/api/waitlist/:id', async (req, res) => {
    const entry = await waitlist.get(pathParam(req, 'id'));
    await auditAccess(req, {
      action: 'read',
      patientIds: [entry.patientId],
      resource: { type: 'Appointment', query: `waitlist=${entry.id}` },
    });
    res.json(entry);
  });

  router.post('/api/waitlist/:id/withdraw', async (req, res) => {
    const entry = await waitlist.withdraw(pathParam(req, 'id'), staffActor(req));
    await auditAccess(req, {
      action: 'update',
      patientIds: [entry.patientId],
      resource: { type: 'Appointment', query: `waitlist=${entry.id}` },
    });
    res.json(entry);
  });

  router.get('/api/patients/:patientId/waitlist', async (req, res) => {
    const patientId = pathParam(req, 'patientId');
    const entries = await waitlist.forPatient(patientId);
    await auditAccess(req, {
      action: 'search',
      patientIds: [patientId],
      resource: { type: 'Appointment', query: `waitlist&patient=${patientId}` },
    });
    res.json(entries);
  });

  return router;
}
