import { createHash, timingSafeEqual } from 'node:crypto';
import type { AdmissionGate } from '../hardening/admission.js';
import { Router, type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { forbidden, requireRole } from '../auth/middleware.js';
import { badRequest, HttpError } from '../errors/http-error.js';
import type { HospitalCode } from '../ingestion/model.js';
import { operationsMetrics } from './metrics.js';
import type { OperationsService } from './operations-service.js';
import { figuresQuerySchema, publicQuerySchema } from './schemas.js';

export interface OperationsRoutesOptions {
  operations: OperationsService;
  authenticate: RequestHandler;
  /** Bearer token the IOC's Prometheus sends to /metrics; unset: /metrics is not served (404). */
  metricsToken?: string | undefined;
  /** Put in front of the public endpoint, e.g. a rate limit; it runs database aggregations for anyone. */
  publicLimit?: RequestHandler;
  /** The instance's admission gate, whose load /metrics reports. */
  admission?: Pick<AdmissionGate, 'load'>;
}

/** Parses a query with zod; a failure becomes a 400 naming each field and what is wrong with it. */
function parseQuery<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(query)',
    message: issue.message,
  }));
  throw badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/**
 * Whose figures a request may see: an admin sees every hospital or the one asked for; hospital IT
 * sees their own hospital only, whether or not they ask for it.
 */
function scopeOf(req: Request, asked: HospitalCode | undefined): HospitalCode | undefined {
  const principal = req.principal;
  if (principal?.kind !== 'staff' || principal.role === 'admin') return asked;
  if (!principal.hospital)
    throw forbidden(
      'Your account belongs to no hospital, so there are no hospital figures for you.',
      { reason: 'hospital' },
    );
  if (asked && asked !== principal.hospital) {
    throw forbidden(
      `You are hospital IT of ${principal.hospital}: you can see that hospital's figures only.`,
      { reason: 'hospital', hospital: asked },
    );
  }
  return principal.hospital;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compared as fixed-length digests, so neither the content nor the length of the token leaks by timing. */
function tokenMatches(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

/**
 * `GET /api/operations/figures` for admins and hospital IT, `GET /api/operations/public` for anyone
 * (per-hospital counts only), and `GET /metrics` for the IOC's Prometheus behind its own token.
 */
export function operationsRoutes(options: OperationsRoutesOptions): Router {
  const { operations, authenticate } = options;
  const router = Router();

  router.get(
    '/api/operations/figures',
    authenticate,
    requireRole('admin', 'hospital-it'),
    async (req, res) => {
      const query = parseQuery(figuresQuerySchema, req.query);
      const hospital = scopeOf(req, query.hospital);
      res.setHeader('Cache-Control', 'no-store');
      res.json(
        await operations.figures(query.day ?? operations.today(), hospital ? { hospital } : {}),
      );
    },
  );

  router.get(
    '/api/operations/public',
    ...(options.publicLimit ? [options.publicLimit] : []),
    async (req, res) => {
      const query = parseQuery(publicQuerySchema, req.query);
      res.setHeader('Cache-Control', 'public, max-age=60');
      res.json(await operations.publicFigures(query.day ?? operations.today()));
    },
  );

  if (options.metricsToken) {
    const expected = digest(options.metricsToken);
    const registry = operationsMetrics(operations, options.admission);
    router.get('/metrics', async (req, res) => {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
      if (!match || !tokenMatches(match[1]!, expected)) {
        res.setHeader('WWW-Authenticate', match ? 'Bearer error="invalid_token"' : 'Bearer');
        throw new HttpError({
          status: 401,
          code: match ? 'token-invalid' : 'token-missing',
          title: 'Unauthorized',
          detail: match
            ? 'That is not the metrics token.'
            : 'Send the metrics token (QN_METRICS_TOKEN) as Authorization: Bearer <token>.',
        });
      }
      const text = await registry.metrics();
      res.setHeader('Content-Type', registry.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.send(text);
    });
  }
  return router;
}
