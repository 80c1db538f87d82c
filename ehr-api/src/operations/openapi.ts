import { z } from 'zod';
import { HOSPITAL_CODES } from '../ingestion/model.js';
import { operationsFiguresSchema, publicFiguresSchema } from './schemas.js';

const schema = (s: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' });
const json = (s: z.ZodType, description: string): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: schema(s) } },
});
const problem = (description: string): Record<string, unknown> => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const dayParam = {
  name: 'day',
  in: 'query',
  required: false,
  description: 'A calendar day in Asia/Ho_Chi_Minh, YYYY-MM-DD (default: today there)',
  schema: { type: 'string', format: 'date' },
};

/** For `components.securitySchemes.metricsToken` of the document. */
export const metricsTokenScheme = {
  type: 'http',
  scheme: 'bearer',
  description: 'The metrics token the API is configured with (QN_METRICS_TOKEN)',
} as const;

/** The operations centre's endpoints. */
export function operationsPaths(): Record<string, unknown> {
  return {
    '/api/operations/figures': {
      get: {
        operationId: 'getOperationsFigures',
        summary:
          'Bookings, lead times, attendance, stations and ingestion for a day and its week: admins (every hospital) and hospital IT (their own)',
        security: [{ staffToken: [] }],
        parameters: [
          dayParam,
          {
            name: 'hospital',
            in: 'query',
            required: false,
            description: 'Only this hospital (hospital IT: their own only)',
            schema: { type: 'string', enum: [...HOSPITAL_CODES] },
          },
        ],
        responses: {
          '200': json(operationsFiguresSchema, 'The figures'),
          '400': problem('A bad day or hospital; `errors` names the field'),
          '401': problem('Not signed in'),
          '403': problem("A role other than admin or hospital IT, or another hospital's figures"),
          '503': problem('MongoDB is not reachable'),
        },
      },
    },
    '/api/operations/public': {
      get: {
        operationId: 'getPublicOperationsFigures',
        summary:
          'Per-hospital booking counts for a day and its week, for the public page: no personal data',
        parameters: [dayParam],
        responses: {
          '200': json(publicFiguresSchema, 'Counts per hospital'),
          '400': problem('A bad day; `errors` names the field'),
          '429': problem('More than 60 requests a minute from this address; see Retry-After'),
          '503': problem('MongoDB is not reachable'),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'getMetrics',
        summary:
          "Prometheus text exposition of today's bookings, stations and seven days of ingestion; 404 when no metrics token is configured",
        security: [{ metricsToken: [] }],
        responses: {
          '200': {
            description: 'Prometheus text format 0.0.4',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          '401': problem('No or wrong metrics token'),
          '404': problem('Metrics are not enabled (QN_METRICS_TOKEN unset)'),
        },
      },
    },
  };
}
