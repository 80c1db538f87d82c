import { z } from 'zod';
import { HOSPITAL_CODES, SOURCE_FORMATS } from './model.js';
import { RECORD_STATES } from './models.js';
import { jobIdParam, jobsQuery, pageQuery, uploadQuery } from './routes.js';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });
const json = (s: z.ZodType, description: string): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: schema(s) } },
});
const problem = (description: string): Record<string, unknown> => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
/** Query parameters of a zod object schema, each with its own JSON schema. */
const queryParameters = (s: z.ZodType): Record<string, unknown>[] => {
  const object = schema(s, 'input') as { properties: Record<string, unknown>; required?: string[] };
  return Object.entries(object.properties).map(([name, each]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    schema: each,
  }));
};
const jobId = { name: 'id', in: 'path', required: true, schema: schema(jobIdParam, 'input') };

/*
 * The wire shapes of models.ts's IngestionJob and IngestionRecord (dates as ISO strings). Those are
 * TypeScript interfaces of the mongoose models with no runtime schema, so the document spells them out.
 */
const countsSchema = z.object({
  received: z.number().int(),
  loaded: z.number().int(),
  merged: z.number().int(),
  rejected: z.number().int(),
});
const jobSchema = z.object({
  _id: z.string(),
  hospital: z.enum(HOSPITAL_CODES),
  format: z.enum(SOURCE_FORMATS),
  source: z.string().describe('"upload:<name>", a file name, or "mllp:<peer>"'),
  status: z.enum(['running', 'finished', 'failed']),
  error: z.string().optional(),
  createdBy: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  counts: countsSchema.optional().describe('Written when the job ends'),
});
const jobWithCountsSchema = jobSchema.extend({
  counts: countsSchema.describe('Counted from the records, so a running job shows live figures'),
});
const issueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  location: z.string(),
  message: z.string(),
  code: z.string(),
});
const recordSchema = z.object({
  _id: z.string(),
  jobId: z.string(),
  sequence: z.number().int(),
  hospital: z.enum(HOSPITAL_CODES),
  format: z.enum(SOURCE_FORMATS),
  sourceRecordId: z.string(),
  state: z.enum(RECORD_STATES),
  patientId: z.string().optional(),
  personId: z.string().optional(),
  identityStatus: z.string().optional(),
  resourceCount: z.number().int().optional(),
  outcome: z
    .object({ resourceType: z.literal('OperationOutcome'), issue: z.array(z.unknown()) })
    .loose()
    .optional()
    .describe('Why it was rejected (ours or HAPI FHIR)'),
  raw: z.string().optional().describe('The record as received'),
  warnings: z.array(issueSchema).optional(),
  at: z.iso.datetime(),
});

const common = {
  '401': problem('Not signed in, or the token is invalid, expired or its session ended'),
  '403': problem("A role other than hospital IT or admin, or another hospital's exports"),
  '503': problem('MongoDB or HAPI FHIR is not reachable'),
};

/** Hospital IT's upload of an export file and the ingestion job endpoints. */
export function ingestionPaths(): Record<string, unknown> {
  const byJob = (description: string): Record<string, unknown> => ({
    '404': problem(`No ingestion job ${description}`),
  });
  return {
    '/api/ingestion/jobs': {
      post: {
        operationId: 'uploadIngestionFile',
        summary:
          'Load one export file (HL7 v2, Decision 130 XML, CSV) of a hospital: processed before answering, so the answer has the final counts; rejected records are kept with their reason',
        security: [{ staffToken: [] }],
        parameters: queryParameters(uploadQuery),
        requestBody: {
          required: true,
          description: 'The export file itself, in whatever content type',
          content: {
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
            'text/plain': { schema: { type: 'string' } },
          },
        },
        responses: {
          '201': {
            ...json(jobWithCountsSchema, 'The finished job with its counts'),
            headers: { Location: { schema: { type: 'string' } } },
            links: {
              getIngestionJob: {
                operationId: 'getIngestionJob',
                parameters: { id: '$response.body#/_id' },
              },
              listRejectedRecords: {
                operationId: 'listRejectedRecords',
                parameters: { id: '$response.body#/_id' },
              },
            },
          },
          '400': problem(
            'A bad hospital, format or name, an empty body, or no CSV column mapping for the hospital',
          ),
          '413': problem(
            'The file is larger than QN_INGEST_MAX_UPLOAD_BYTES (50 MB by default): load it with the CLI',
          ),
          ...common,
          '503': problem(
            'MongoDB or HAPI FHIR is not reachable, or the job stopped part-way (records stored so far keep their state; sending the same file again is safe)',
          ),
        },
      },
      get: {
        operationId: 'listIngestionJobs',
        summary: 'Recent jobs, newest first (hospital IT: their own hospital)',
        security: [{ staffToken: [] }],
        parameters: queryParameters(jobsQuery),
        responses: {
          '200': json(z.array(jobSchema), 'Jobs'),
          '400': problem('A bad hospital or limit'),
          ...common,
        },
      },
    },
    '/api/ingestion/jobs/{id}': {
      get: {
        operationId: 'getIngestionJob',
        summary: 'One job with its counts',
        security: [{ staffToken: [] }],
        parameters: [jobId],
        responses: {
          '200': json(jobWithCountsSchema, 'The job'),
          '400': problem('A bad job id'),
          ...byJob('with this id'),
          ...common,
        },
      },
    },
    '/api/ingestion/jobs/{id}/rejected': {
      get: {
        operationId: 'listRejectedRecords',
        summary:
          "A page of a job's rejected records, in file order, each with its reason and raw text",
        security: [{ staffToken: [] }],
        parameters: [jobId, ...queryParameters(pageQuery)],
        responses: {
          '200': json(
            z.object({
              total: z.number().int(),
              offset: z.number().int(),
              limit: z.number().int(),
              records: z.array(recordSchema),
            }),
            'Rejected records',
          ),
          '400': problem('A bad job id, offset or limit'),
          ...byJob('with this id'),
          ...common,
        },
      },
    },
  };
}
