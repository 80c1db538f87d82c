import type express from 'express';
import { Router, type RequestHandler } from 'express';
import { parseInput } from '../errors/parse-input.js';
import { z } from 'zod';
import { HttpError, notFound } from '../errors/http-error.js';
import { requireRole } from '../auth/middleware.js';
import { auditAccess } from '../audit/audit-log.js';
import { HOSPITAL_CODES } from '../ingestion/model.js';
import type { IngestionService } from '../ingestion/ingestion-service.js';
import type { IdentityRejection, IdentityService } from './identity-service.js';
import { jsonBody } from '../hardening/json-body.js';

export const reviewsQuery = z.object({ status: z.enum(['open', 'decided']).default('open') });
export const decisionBody = z
  .object({
    decision: z.enum(['same-person', 'different-people']),
    reason: z.string().trim().min(3).max(2000),
  })
  .strict();
/** Path parameters: a review id and a hospital's patient number, as identity stores them. */
export const reviewIdParam = z.string().min(1).max(200);
export const mrnParam = z.string().trim().min(1).max(64);
export const unlinkBody = z
  .object({
    hospital: z.enum(HOSPITAL_CODES),
    mrn: z.string().trim().min(1).max(64),
    reason: z.string().trim().min(3).max(2000),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  return parseInput(schema, value, '(body)');
}

function refused(rejection: IdentityRejection): HttpError {
  const status =
    rejection.code === 'unknown-patient' || rejection.code === 'unknown-review'
      ? 404
      : rejection.code === 'already-decided'
        ? 409
        : 400;
  return new HttpError({
    status,
    code: rejection.code,
    title: 'Identity change refused',
    detail: `${rejection.field}: ${rejection.message}`,
    extra: { errors: [{ field: rejection.field, message: rejection.message }] },
  });
}

/**
 * The review queue of uncertain matches, and undoing a wrong link (hospital IT and administrators).
 * Each change republishes the FHIR Person of both persons concerned.
 */
export function identityRoutes(deps: {
  identity: IdentityService;
  ingestion: IngestionService;
  authenticate: RequestHandler;
}): Router {
  const { identity, ingestion, authenticate } = deps;
  const router = Router();
  router.use(
    '/api/identity',
    authenticate,
    requireRole('hospital-it', 'admin'),
    jsonBody({ limit: '8kb' }),
  );
  const actor = (req: express.Request): string =>
    req.principal?.kind === 'staff' ? `user:${req.principal.userId}` : 'unknown';

  router.get('/api/identity/reviews', async (req, res) => {
    const query = parse(reviewsQuery, req.query);
    const reviews = await identity.listReviews({ status: query.status });
    await auditAccess(req, {
      action: 'search',
      resource: { type: 'IdentityReview', query: `status=${query.status}` },
    });
    res.json(reviews);
  });

  router.post('/api/identity/reviews/:id/decision', async (req, res) => {
    const reviewId = parseInput(reviewIdParam, req.params.id, 'id');
    const body = parse(decisionBody, req.body ?? {});
    const outcome = await identity.decideReview(reviewId, {
      decision: body.decision,
      decidedBy: actor(req),
      reason: body.reason,
    });
    if (!outcome.ok) throw refused(outcome);
    await ingestion.publishPersons([
      ...new Set([outcome.personId, outcome.review.personId, outcome.review.candidatePersonId]),
    ]);
    await auditAccess(req, {
      action: 'update',
      resource: { type: 'IdentityReview', id: reviewId },
    });
    res.json(outcome.review);
  });

  router.post('/api/identity/unlink', async (req, res) => {
    const body = parse(unlinkBody, req.body ?? {});
    const outcome = await identity.unlink(body.hospital, body.mrn, {
      by: actor(req),
      reason: body.reason,
    });
    if (!outcome.ok) throw refused(outcome);
    await ingestion.publishPersons([outcome.personId, outcome.previousPersonId]);
    await auditAccess(req, {
      action: 'update',
      resource: { type: 'IdentityLink', id: `${body.hospital}|${body.mrn}` },
    });
    res.json(outcome);
  });

  router.get('/api/identity/members/:hospital/:mrn/history', async (req, res) => {
    const hospital = parseInput(z.enum(HOSPITAL_CODES), req.params.hospital, 'hospital');
    const mrn = parseInput(mrnParam, req.params.mrn, 'mrn');
    const link = await identity.personOf(hospital, mrn);
    if (!link) throw notFound(`No patient ${mrn} at ${hospital} in the identity index.`);
    res.json({ link, history: await identity.linkHistory(hospital, mrn) });
  });

  return router;
}
