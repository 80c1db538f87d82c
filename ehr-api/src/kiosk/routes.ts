import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  bookingRequestSchema,
  holdRequestSchema,
  rescheduleRequestSchema,
  waitlistJoinRequestSchema,
  type StationEvent,
} from '@qn/contracts';
import { parseInput } from '../errors/parse-input.js';
import { badRequest, notFound, unauthorized, HttpError } from '../errors/http-error.js';
import { requireUp } from '../health/routes.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import { requireIdempotencyKey } from '../scheduling/idempotency.js';
import type { SchedulingService } from '../scheduling/scheduling-service.js';
import type { Waitlist } from '../scheduling/waitlist.js';
import type { KioskService } from './kiosk-service.js';
import type { KioskSessionDocument } from './session-model.js';
import type { StationDisplays } from './station-displays.js';

const HEARTBEAT_MS = 15_000;
const ID = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'an id of 1 to 64 letters, digits, dashes or dots');

function bearerToken(req: Request): string {
  const header = req.get('authorization');
  const match = header ? /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header) : null;
  if (!match?.[1])
    throw unauthorized(
      'Send the kiosk session token as Authorization: Bearer <token> (it comes with the session.started event).',
    );
  return match[1];
}

function param(req: Request, name: string): string {
  const parsed = ID.safeParse(req.params[name]);
  if (!parsed.success)
    throw badRequest(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      errors: [{ field: name, message: 'invalid' }],
    });
  return parsed.data;
}

/** Open SSE streams, so a shutting-down server can end them (they would hold `server.close()` open). */
const openStreams = new Set<Response>();

export function closeStationStreams(): void {
  for (const res of openStreams) res.end();
  openStreams.clear();
}

/**
 * Kiosk routes: the station event stream the kiosk page listens to, and the patient-scoped API a
 * session token opens. A session can only ever see and book for its own patient.
 */
export function kioskRoutes(deps: {
  kiosk: KioskService;
  displays: StationDisplays;
  scheduling: SchedulingService;
  waitlist: Waitlist;
  monitor: HealthMonitor;
  /** Limits bookings per kiosk session, so one card (or a script holding its token) cannot take every seat. */
  bookingLimit?: RequestHandler;
}): Router {
  const { kiosk, displays, scheduling, waitlist, monitor } = deps;
  const bookingLimit: RequestHandler = deps.bookingLimit ?? ((_req, _res, next) => next());
  const router = Router();
  const mongoUp = requireUp(monitor, 'mongodb');

  /** Server-Sent Events for one station's kiosk page; `?key=` is the station's display key. */
  router.get('/api/stations/:stationId/events', mongoUp, async (req, res) => {
    const stationId = param(req, 'stationId');
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    if (key === '' || !(await displays.check(stationId, key))) {
      throw unauthorized(
        'Unknown station or wrong display key: open the kiosk page with the URL printed for this station (?station=…&key=…).',
      );
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 2000\n: connected to station ${stationId}\n\n`);
    openStreams.add(res);
    const unsubscribe = kiosk.events.subscribe(stationId, (event: StationEvent) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(
      () => res.write(`: heartbeat ${new Date().toISOString()}\n\n`),
      HEARTBEAT_MS,
    );
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      openStreams.delete(res);
    });
  });

  router.use('/api/kiosk', mongoUp, express.json({ limit: '8kb', strict: true }));

  async function session(req: Request): Promise<KioskSessionDocument> {
    return kiosk.touch(bearerToken(req));
  }

  router.get('/api/kiosk/session', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(kiosk.info(await session(req)));
  });

  router.post('/api/kiosk/session/end', async (req, res) => {
    await kiosk.signOut(bearerToken(req));
    res.status(204).end();
  });

  router.get('/api/kiosk/bookings', async (req, res) => {
    const current = await session(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await scheduling.forPatient(current.patientId, true));
  });

  router.post('/api/kiosk/bookings', bookingLimit, async (req, res) => {
    const current = await session(req);
    const header = requireIdempotencyKey(req.get('Idempotency-Key'));
    const body = ownRequest(parseInput(bookingRequestSchema, req.body, 'body'));
    if (body.override)
      throw badRequest('override: only an administrator may set a booking rule aside.', {
        errors: [{ field: 'override', message: 'not allowed with a kiosk session' }],
      });
    const result = await scheduling.book({
      patientId: current.patientId,
      slotId: body.slotId,
      idempotencyKey: header,
      actor: { kind: 'kiosk', id: current._id },
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.booking);
  });

  /** The kiosk asks for its own patient only: a body naming a patient is refused. */
  function ownRequest<T extends { patientId?: string | undefined }>(body: T): T {
    if (body.patientId !== undefined)
      throw badRequest(
        'patientId: a kiosk session acts only for its own patient; leave patientId out.',
        { errors: [{ field: 'patientId', message: 'not allowed with a kiosk session' }] },
      );
    return body;
  }

  /** The session's own booking; another patient's answers exactly like one that does not exist. */
  async function ownBooking(req: Request, current: KioskSessionDocument): Promise<string> {
    const id = param(req, 'id');
    const missing = notFound(`There is no booking ${id}.`);
    let booking;
    try {
      booking = await scheduling.get(id);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) throw missing;
      throw error;
    }
    if (booking.patientId !== current.patientId) throw missing;
    return id;
  }

  router.post('/api/kiosk/bookings/:id/cancel', async (req, res) => {
    const current = await session(req);
    res.json(
      await scheduling.cancel(await ownBooking(req, current), { kind: 'kiosk', id: current._id }),
    );
  });

  // Self check-in: the patient taps their card at a kiosk of the hospital on the day of the visit.
  router.post('/api/kiosk/bookings/:id/check-in', async (req, res) => {
    const current = await session(req);
    res.json(
      await scheduling.checkIn(await ownBooking(req, current), { kind: 'kiosk', id: current._id }),
    );
  });

  // Hold a seat while the patient reviews the ticket; confirm books it, release lets it go.
  router.post('/api/kiosk/holds', bookingLimit, async (req, res) => {
    const current = await session(req);
    const header = requireIdempotencyKey(req.get('Idempotency-Key'));
    const body = ownRequest(parseInput(holdRequestSchema, req.body, 'body'));
    const result = await scheduling.hold({
      patientId: current.patientId,
      slotId: body.slotId,
      idempotencyKey: header,
      actor: { kind: 'kiosk', id: current._id },
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.booking);
  });

  router.post('/api/kiosk/holds/:id/confirm', async (req, res) => {
    const current = await session(req);
    const id = await ownBooking(req, current);
    res.json(await scheduling.confirmHold(id, { kind: 'kiosk', id: current._id }));
  });

  router.post('/api/kiosk/holds/:id/release', async (req, res) => {
    const current = await session(req);
    const id = await ownBooking(req, current);
    res.json(await scheduling.releaseHold(id, { kind: 'kiosk', id: current._id }));
  });

  router.post('/api/kiosk/bookings/:id/reschedule', bookingLimit, async (req, res) => {
    const current = await session(req);
    const header = requireIdempotencyKey(req.get('Idempotency-Key'));
    const body = parseInput(rescheduleRequestSchema, req.body, 'body');
    const result = await scheduling.reschedule({
      bookingId: await ownBooking(req, current),
      slotId: body.slotId,
      idempotencyKey: header,
      actor: { kind: 'kiosk', id: current._id },
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.booking);
  });

  router.get('/api/kiosk/waitlist', async (req, res) => {
    const current = await session(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await waitlist.forPatient(current.patientId));
  });

  router.post('/api/kiosk/waitlist', async (req, res) => {
    const current = await session(req);
    const body = ownRequest(parseInput(waitlistJoinRequestSchema, req.body, 'body'));
    const entry = await waitlist.join({
      ...body,
      patientId: current.patientId,
      actor: { kind: 'kiosk', id: current._id },
    });
    res.status(201).json(entry);
  });

  router.post('/api/kiosk/waitlist/:id/withdraw', async (req, res) => {
    const current = await session(req);
    const id = param(req, 'id');
    const entry = await waitlist.get(id).catch(() => undefined);
    if (entry?.patientId !== current.patientId) throw notFound(`There is no waitlist entry ${id}.`);
    res.json(await waitlist.withdraw(id, { kind: 'kiosk', id: current._id }));
  });

  return router;
}
