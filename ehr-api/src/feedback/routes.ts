import { Router, type Request, type RequestHandler } from 'express';
import { jsonBody } from '../hardening/json-body.js';
import { z } from 'zod';
import {
  feedbackBodySchema,
  feedbackReplyRequestSchema,
  feedbackResolveRequestSchema,
  feedbackStatusSchema,
  kioskFeedbackRequestSchema,
} from '@qn/contracts';
import { auditAccess, auditTarget, type AuditAccess } from '../audit/audit-log.js';
import { clientAddressKey, rateLimit } from '../auth/rate-limit.js';
import { forbidden, requireRole } from '../auth/middleware.js';
import type { PatientPrincipal } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { HttpError, notFound } from '../errors/http-error.js';
import { parseInput } from '../errors/parse-input.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import { requireUp } from '../health/routes.js';
import { HOSPITAL_CODES } from '../ingestion/model.js';
import { isLocalDay } from '../scheduling/local-time.js';
import { FeedbackService, noBooking, type VisitOwner } from './feedback-service.js';
import type { FeedbackStaffRef } from './models.js';

export interface FeedbackRoutesOptions {
  feedback: FeedbackService;
  authenticate: RequestHandler;
  /** Answers 503 at once while MongoDB is down. */
  monitor?: HealthMonitor;
  /** In front of the public figures: anyone may ask, and each answer reads the window. */
  publicLimit?: RequestHandler;
  /** In front of the ticket-link endpoints, which need no sign-in. */
  linkLimit?: RequestHandler;
}

const ID = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'an id of 1 to 64 letters, digits, dashes or dots');
const hospitalParam = z.enum(HOSPITAL_CODES, {
  error: `must be one of ${HOSPITAL_CODES.join(', ')}`,
});
const queueQuery = z
  .object({
    department: z
      .string()
      .regex(/^[a-z0-9-]{2,40}$/, 'a department code such as kham-benh')
      .optional(),
    status: feedbackStatusSchema.optional(),
    limit: z.coerce
      .number({ error: 'a whole number from 1 to 200' })
      .int('a whole number from 1 to 200')
      .min(1, 'a whole number from 1 to 200')
      .max(200, 'a whole number from 1 to 200')
      .default(50),
    before: z
      .string()
      .regex(/^[A-Za-z0-9_-]{4,200}$/, 'the `next` cursor of the previous page')
      .optional(),
  })
  .strict();
const publicQuery = z
  .object({
    day: z
      .string()
      .refine(isLocalDay, { message: 'must be a calendar day written YYYY-MM-DD' })
      .optional(),
  })
  .strict();
const LINK_TOKEN = /^[A-Za-z0-9-]{1,64}\.[A-Za-z0-9_-]{22}$/;

const INVALID_LINK =
  'Liên kết đánh giá này không đúng. Vui lòng quét lại mã QR trên phiếu khám. (This feedback link is not valid; scan the QR code on the ticket again.)';

function pathParam(req: Request, name: string): string {
  return parseInput(ID, req.params[name], name);
}

function patientOf(req: Request): PatientPrincipal {
  const principal = req.principal;
  if (principal?.kind !== 'patient')
    throw forbidden('Only a kiosk session can rate its own visits here.', { reason: 'role' });
  return principal;
}

function staffOf(req: Request): FeedbackStaffRef {
  const principal = req.principal;
  if (principal?.kind !== 'staff')
    throw forbidden('This is for hospital staff.', { reason: 'role' });
  return { userId: principal.userId, displayName: principal.displayName, role: principal.role };
}

/** Staff work on their own hospital's feedback; admins on any hospital's. */
function requireHospital(req: Request, hospitalId: string, what: string): void {
  const principal = req.principal;
  if (
    principal?.kind === 'staff' &&
    principal.role !== 'admin' &&
    principal.hospital !== hospitalId
  ) {
    throw forbidden(
      `${what} is for ${hospitalId}; you work at ${principal.hospital ?? 'no hospital'}. That hospital's own staff handle it.`,
      { reason: 'hospital', hospital: hospitalId },
    );
  }
}

/** Records a refused or failed attempt, then passes the error on. */
async function auditFailure(req: Request, access: AuditAccess, error: unknown): Promise<never> {
  if (error instanceof HttpError && error.status < 500) {
    await auditAccess(req, {
      ...access,
      outcome: error.status === 403 ? 'denied' : 'failed',
      reason: `HTTP ${error.status} ${error.code}`,
    });
  }
  throw error;
}

/**
 * Patient feedback: the kiosk session rates its own visits and reads the replies, the ticket link
 * rates its one booking without sign-in, the hospital's staff work their queue, and anyone reads
 * the public figures. Every read and change of a patient's feedback is in the audit log.
 */
export function feedbackRoutes(options: FeedbackRoutesOptions): Router {
  const { feedback, authenticate } = options;
  const pass: RequestHandler = (_req, _res, next) => next();
  const publicLimit = options.publicLimit ?? pass;
  const linkLimit = options.linkLimit ?? pass;
  const router = Router();
  const paths = [
    '/api/kiosk/feedback',
    '/api/feedback',
    '/api/feedback-links',
    '/api/hospitals/:hospitalId/feedback',
  ];
  if (options.monitor) router.use(paths, requireUp(options.monitor, 'mongodb'));
  // A comment of 2,000 Vietnamese letters is about 6 kB of UTF-8.
  router.use(paths, jsonBody({ limit: '16kb' }));

  const patient = [authenticate, requireRole('patient')];
  const staff = [authenticate, requireRole('receptionist', 'doctor', 'admin')];

  /** The session patient's own booking; another patient's answers exactly like a missing one. */
  async function ownBooking(
    req: Request,
    self: PatientPrincipal,
    bookingId: string,
  ): Promise<VisitOwner> {
    const owner = await feedback.visitOwner(bookingId);
    if (!owner) throw noBooking(bookingId);
    if (owner.patientId !== self.patientId) {
      await auditAccess(req, {
        action: 'read',
        outcome: 'denied',
        reason: "a kiosk session asked for another patient's booking",
        patientIds: [owner.patientId],
        resource: { type: 'Appointment', id: bookingId },
      });
      throw noBooking(bookingId);
    }
    return owner;
  }

  router.get('/api/kiosk/feedback', ...patient, async (req, res) => {
    const self = patientOf(req);
    const overview = await feedback.overview(self.patientId);
    await auditAccess(req, {
      action: 'read',
      patientIds: [self.patientId],
      resource: { type: 'Feedback', query: `patient=${self.patientId}` },
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(overview);
  });

  router.post('/api/kiosk/feedback', ...patient, async (req, res) => {
    const self = patientOf(req);
    const body = parseInput(kioskFeedbackRequestSchema, req.body, 'body');
    const { bookingId, ...rating } = body;
    await ownBooking(req, self, bookingId);
    const access: AuditAccess = {
      action: 'create',
      patientIds: [self.patientId],
      resource: { type: 'Feedback', id: bookingId },
    };
    const created = await feedback
      .submit(bookingId, rating, 'kiosk')
      .catch((error: unknown) => auditFailure(req, access, error));
    await auditAccess(req, access);
    res.status(201).location(`/api/kiosk/feedback/${bookingId}`).json(created);
  });

  router.get('/api/kiosk/feedback/links/:bookingId', ...patient, async (req, res) => {
    const self = patientOf(req);
    const bookingId = pathParam(req, 'bookingId');
    await ownBooking(req, self, bookingId);
    const link = await feedback.linkFor(bookingId);
    await auditAccess(req, {
      action: 'read',
      patientIds: [self.patientId],
      resource: { type: 'FeedbackLink', id: bookingId },
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(link);
  });

  /** The booking of a ticket link, and its patient; 404 for a link that is not ours. */
  async function linkedVisit(req: Request): Promise<VisitOwner> {
    const token = typeof req.params.token === 'string' ? req.params.token : '';
    const bookingId = LINK_TOKEN.test(token) ? await feedback.bookingOfLink(token) : undefined;
    if (!bookingId) throw notFound(INVALID_LINK);
    const owner = await feedback.visitOwner(bookingId);
    if (!owner) throw notFound(INVALID_LINK);
    return owner;
  }

  router.get('/api/feedback-links/:token', linkLimit, async (req, res) => {
    const owner = await linkedVisit(req);
    const info = await feedback.linkInfo(owner.bookingId);
    await auditAccess(req, {
      action: 'read',
      patientIds: [owner.patientId],
      resource: { type: 'Feedback', id: owner.bookingId, query: 'by ticket link' },
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(info);
  });

  router.post('/api/feedback-links/:token', linkLimit, async (req, res) => {
    const owner = await linkedVisit(req);
    const body = parseInput(feedbackBodySchema, req.body, 'body');
    const access: AuditAccess = {
      action: 'create',
      patientIds: [owner.patientId],
      resource: { type: 'Feedback', id: owner.bookingId, query: 'by ticket link' },
    };
    const created = await feedback
      .submit(owner.bookingId, body, 'web')
      .catch((error: unknown) => auditFailure(req, access, error));
    await auditAccess(req, access);
    res.status(201).json(created);
  });

  router.get(
    '/api/feedback/links/:bookingId',
    authenticate,
    requireRole('receptionist', 'admin'),
    async (req, res) => {
      const bookingId = pathParam(req, 'bookingId');
      const owner = await feedback.visitOwner(bookingId);
      if (!owner) throw noBooking(bookingId);
      auditTarget(req, {
        action: 'read',
        patientIds: [owner.patientId],
        resource: { type: 'FeedbackLink', id: bookingId },
      });
      requireHospital(req, owner.hospitalId, 'This booking');
      const link = await feedback.linkFor(bookingId);
      await auditAccess(req, {
        action: 'read',
        patientIds: [owner.patientId],
        resource: { type: 'FeedbackLink', id: bookingId },
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json(link);
    },
  );

  router.get('/api/feedback/public', publicLimit, async (req, res) => {
    const query = parseInput(publicQuery, req.query, 'query');
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json(await feedback.publicFigures(query.day ?? feedback.today()));
  });

  router.get('/api/hospitals/:hospitalId/feedback', ...staff, async (req, res) => {
    const hospitalId = parseInput(hospitalParam, req.params.hospitalId, 'hospitalId');
    const query = parseInput(queueQuery, req.query, 'query');
    const described = `hospital=${hospitalId}${query.department ? `&department=${query.department}` : ''}${query.status ? `&status=${query.status}` : ''}`;
    auditTarget(req, { action: 'search', resource: { type: 'Feedback', query: described } });
    requireHospital(req, hospitalId, 'This queue');
    const page = await feedback.queue(hospitalId, {
      department: query.department,
      status: query.status,
      limit: query.limit,
      before: query.before,
    });
    await auditAccess(req, {
      action: 'search',
      patientIds: [...new Set(page.items.map((item) => item.patientId))],
      resource: { type: 'Feedback', query: described },
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(page);
  });

  /** The feedback of `:id`, checked to be of the caller's hospital, with the audit target set. */
  async function staffFeedback(req: Request): Promise<VisitOwner> {
    const id = pathParam(req, 'id');
    const owner = await feedback.feedbackOwner(id);
    if (!owner) throw notFound(`There is no feedback ${id}.`);
    auditTarget(req, {
      action: 'update',
      patientIds: [owner.patientId],
      resource: { type: 'Feedback', id },
    });
    requireHospital(req, owner.hospitalId, 'This feedback');
    return owner;
  }

  router.post('/api/feedback/:id/replies', ...staff, async (req, res) => {
    const owner = await staffFeedback(req);
    const { text } = parseInput(feedbackReplyRequestSchema, req.body, 'body');
    const access: AuditAccess = {
      action: 'update',
      patientIds: [owner.patientId],
      resource: { type: 'Feedback', id: owner.bookingId, query: 'reply' },
    };
    const updated = await feedback
      .reply(owner.bookingId, staffOf(req), text)
      .catch((error: unknown) => auditFailure(req, access, error));
    await auditAccess(req, access);
    res.status(201).json(updated);
  });

  router.post('/api/feedback/:id/resolve', ...staff, async (req, res) => {
    const owner = await staffFeedback(req);
    const { note } = parseInput(feedbackResolveRequestSchema, req.body ?? {}, 'body');
    const access: AuditAccess = {
      action: 'update',
      patientIds: [owner.patientId],
      resource: { type: 'Feedback', id: owner.bookingId, query: 'resolve' },
    };
    const updated = await feedback
      .resolve(owner.bookingId, staffOf(req), note)
      .catch((error: unknown) => auditFailure(req, access, error));
    await auditAccess(req, access);
    res.json(updated);
  });

  return router;
}

/**
 * The feedback routes as the app mounts them: the service on the app's database, and the two
 * unauthenticated entry points (public figures, ticket links) rate-limited per client address.
 */
export function feedbackRoutesFor(
  context: Pick<AppContext, 'mongo' | 'monitor' | 'rateLimitHits' | 'logger'>,
  authenticate: RequestHandler,
): Router {
  const limit = (name: string, perMinute: number): RequestHandler =>
    rateLimit({
      hits: context.rateLimitHits,
      name,
      key: clientAddressKey,
      limit: perMinute,
      windowMs: 60_000,
      logger: context.logger,
    });
  return feedbackRoutes({
    feedback: new FeedbackService({ mongo: context.mongo }),
    authenticate,
    monitor: context.monitor,
    publicLimit: limit('feedback-public', 60),
    // A waiting room's patients may share one address (hospital Wi-Fi), so this is generous.
    linkLimit: limit('feedback-link', 120),
  });
}
