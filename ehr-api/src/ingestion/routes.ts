import express, { Router, type RequestHandler } from 'express';
import { parseInput } from '../errors/parse-input.js';
import { z } from 'zod';
import { badRequest, notFound, serviceUnavailable } from '../errors/http-error.js';
import { forbidden, requireRole } from '../auth/middleware.js';
import { HOSPITAL_CODES, SOURCE_FORMATS } from './model.js';
import { JobStoppedError, type IngestionService } from './ingestion-service.js';
import type { AdapterRegistry } from './adapters.js';

export const uploadQuery = z.object({
  hospital: z.enum(HOSPITAL_CODES, {
    error: `hospital must be one of ${HOSPITAL_CODES.join(', ')}`,
  }),
  format: z.enum(SOURCE_FORMATS, { error: `format must be one of ${SOURCE_FORMATS.join(', ')}` }),
  name: z.string().max(200).optional(),
});
export const pageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const jobIdParam = z.string().min(1).max(100);
export const jobsQuery = z.object({
  hospital: z.enum(HOSPITAL_CODES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  return parseInput(schema, value, '(query)');
}

/** Hospital IT works on their own hospital's exports; administrators on every hospital's. */
function requireOwnHospital(req: express.Request, hospital: string): void {
  const principal = req.principal;
  if (
    principal?.kind === 'staff' &&
    principal.role === 'hospital-it' &&
    principal.hospital !== hospital
  ) {
    throw forbidden(
      `You are hospital IT of ${principal.hospital ?? 'no hospital'}: you can load and read that hospital's exports only.`,
      { reason: 'hospital' },
    );
  }
}

function actor(req: express.Request): string {
  return req.principal?.kind === 'staff' ? `user:${req.principal.userId}` : 'unknown';
}

/**
 * Hospital IT's upload endpoint and the job endpoints. The upload is processed before answering,
 * so the answer carries the final counts; large backfills go through the CLI, which shows progress.
 */
export function ingestionRoutes(
  service: IngestionService,
  adapters: AdapterRegistry,
  authenticate: RequestHandler,
  options: { maxUploadBytes: number },
): Router {
  const router = Router();
  router.use('/api/ingestion', authenticate, requireRole('hospital-it', 'admin'));
  const raw = express.raw({ type: () => true, limit: options.maxUploadBytes });

  router.post('/api/ingestion/jobs', raw, async (req, res) => {
    const query = parse(uploadQuery, req.query);
    requireOwnHospital(req, query.hospital);
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw badRequest(
        'The request body is empty: send the export file itself as the body (any content type).',
      );
    const adapter = adapters.forFormat(query.format, query.hospital);
    const source = `upload:${query.name ?? 'unnamed'}`;
    const outcomes = adapter.parse(body, {
      hospital: query.hospital,
      sourceName: query.name ?? 'upload',
    });
    const summary = await service
      .ingest(outcomes, {
        hospital: query.hospital,
        format: query.format,
        source,
        createdBy: actor(req),
      })
      .catch((error: unknown) => {
        // HAPI or MongoDB went away part-way: the client may retry the same file, so 503, not 500.
        if (error instanceof JobStoppedError)
          throw serviceUnavailable('ingestion', error.message, error);
        throw error;
      });
    res
      .status(201)
      .location(`/api/ingestion/jobs/${summary.job._id}`)
      .json({ ...summary.job, counts: summary.counts });
  });

  router.get('/api/ingestion/jobs', async (req, res) => {
    const query = parse(jobsQuery, req.query);
    const principal = req.principal;
    const hospital =
      query.hospital ??
      (principal?.kind === 'staff' && principal.role === 'hospital-it'
        ? principal.hospital
        : undefined);
    requireOwnHospital(req, hospital ?? '');
    res.json(await service.listJobs({ ...(hospital ? { hospital } : {}), limit: query.limit }));
  });

  router.get('/api/ingestion/jobs/:id', async (req, res) => {
    const id = parseInput(jobIdParam, req.params.id, 'id');
    const summary = await service.getJob(id);
    if (!summary) throw notFound(`No ingestion job ${id}.`);
    requireOwnHospital(req, summary.job.hospital);
    res.json({ ...summary.job, counts: summary.counts });
  });

  router.get('/api/ingestion/jobs/:id/rejected', async (req, res) => {
    const id = parseInput(jobIdParam, req.params.id, 'id');
    const page = parse(pageQuery, req.query);
    const summary = await service.getJob(id);
    if (!summary) throw notFound(`No ingestion job ${id}.`);
    requireOwnHospital(req, summary.job.hospital);
    res.json({
      total: summary.counts.rejected,
      ...page,
      records: await service.rejectedRecords(summary.job._id, page),
    });
  });

  return router;
}
