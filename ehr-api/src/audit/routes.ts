import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { forbidden, requireRole } from '../auth/middleware.js';
import { badRequest, type HttpError } from '../errors/http-error.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction } from './audit-model.js';
import { auditAccess, auditTarget, type AuditLog, type AuditRecord } from './audit-log.js';

const ID = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: 1 to 64 letters, digits, dashes or dots');
const limit = z.coerce.number({ error: 'a whole number' }).int('a whole number').min(1, 'at least 1').max(500, 'at most 500').default(50);
const instant = z.iso.datetime({ offset: true, error: 'a date-time with its offset, e.g. 2026-03-01T08:00:00+07:00' }).transform((value) => new Date(value));
const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'the `next` value of the previous page');

/** Actions that show a patient's record being looked at or changed. */
const RECORD_ACCESS: AuditAction[] = ['read', 'search', 'break-glass', 'create', 'update', 'delete', 'restore'];

function invalid(error: z.ZodError): HttpError {
  const errors = error.issues.map((issue) => ({ field: issue.path.join('.') || 'query', message: issue.message }));
  return badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

const accessQuery = z.object({ limit, before: cursor.optional() });
const eventsQuery = z
  .object({
    patientId: ID.optional(),
    userId: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a staff user id (usr-…)').optional(),
    from: instant.optional(),
    to: instant.optional(),
    action: z.enum(AUDIT_ACTIONS, { error: `one of ${AUDIT_ACTIONS.join(', ')}` }).optional(),
    outcome: z.enum(AUDIT_OUTCOMES, { error: `one of ${AUDIT_OUTCOMES.join(', ')}` }).optional(),
    limit,
    before: cursor.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });

/** One access as the patient (or an admin) sees it: who, in which role and hospital, did what, when. */
export interface PatientAccess {
  at: string;
  action: AuditAction;
  who: { displayName?: string; role?: string; hospital?: string };
  /** Break-glass: the reason the doctor gave. */
  purpose?: string;
}

function toAccess(record: AuditRecord): PatientAccess {
  return {
    at: record.recorded,
    action: record.action,
    who: {
      ...(record.who.displayName ? { displayName: record.who.displayName } : {}),
      ...(record.who.role ? { role: record.who.role } : {}),
      ...(record.who.hospital ? { hospital: record.who.hospital } : {}),
    },
    ...(record.purpose ? { purpose: record.purpose } : {}),
  };
}

/**
 * The audit log's own API. Mount after `useAudit(log)`; `authenticate` must resolve kiosk session
 * tokens too (its `otherTokens`) for patients to see their own record's accesses. Reading the log
 * is itself recorded.
 */
export function auditRoutes(deps: { audit: AuditLog; authenticate: RequestHandler }): Router {
  const { audit, authenticate } = deps;
  const router = Router();

  /**
   * Who has looked at or changed a patient's record: for that patient, the doctors who may open it, and admins. Staff
   * reading this audit trail are on record too, but are not shown as having opened the record.
   */
  router.get('/api/audit/patients/:patientId/access', authenticate, requireRole('patient', 'doctor', 'admin'), async (req: Request, res) => {
    const patientId = parse(ID, req.params.patientId);
    auditTarget(req, { action: 'search', patientIds: [patientId], resource: { type: 'AuditEvent', query: `patient=${patientId}` } });
    const principal = req.principal;
    if (principal?.kind === 'patient' && principal.patientId !== patientId) {
      throw forbidden("A patient can see who opened their own record only, not another patient's.", { reason: 'patient' });
    }
    const query = parse(accessQuery, req.query);
    const page = await audit.search({ patientId, actions: RECORD_ACCESS, outcome: 'success', actorKind: 'staff', notResourceType: 'AuditEvent', limit: query.limit, ...(query.before ? { before: query.before } : {}) });
    await auditAccess(req, { action: 'search', patientIds: [patientId], resource: { type: 'AuditEvent', query: `patient=${patientId}` } });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ patientId, accesses: page.events.map(toAccess), ...(page.next ? { next: page.next } : {}) });
  });

  /** Admins: the audit records matching every filter given, newest first. */
  router.get('/api/audit/events', authenticate, requireRole('admin'), async (req: Request, res) => {
    const query = parse(eventsQuery, req.query);
    const text = new URLSearchParams(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
    const page = await audit.search({
      limit: query.limit,
      ...(query.patientId ? { patientId: query.patientId } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.action ? { actions: [query.action] } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.before ? { before: query.before } : {}),
    });
    await auditAccess(req, { action: 'search', ...(query.patientId ? { patientIds: [query.patientId] } : {}), resource: { type: 'AuditEvent', query: text } });
    res.setHeader('Cache-Control', 'no-store');
    res.json(page);
  });

  return router;
}
