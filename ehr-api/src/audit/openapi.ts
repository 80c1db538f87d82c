import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from './audit-model.js';

const schema = (s: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType, description: string): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: schema(s) } },
});
const problem = (description: string): Record<string, unknown> => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const query = (
  name: string,
  description: string,
  extra: Record<string, unknown> = { type: 'string' },
): Record<string, unknown> => ({ name, in: 'query', required: false, description, schema: extra });

const accessSchema = z.object({
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  who: z.object({
    displayName: z.string().optional(),
    role: z.string().optional(),
    hospital: z.string().optional(),
  }),
  purpose: z.string().optional().describe('Break-glass reason'),
});

const recordSchema = z.object({
  eventId: z
    .string()
    .describe('Also the id of the FHIR AuditEvent (suffixed -1, -2… when several patients)'),
  recorded: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  outcomeReason: z.string().optional(),
  who: z.object({
    kind: z.enum(['staff', 'patient', 'device', 'anonymous']),
    userId: z.string().optional(),
    username: z.string().optional(),
    displayName: z.string().optional(),
    role: z.string().optional(),
    hospital: z.string().optional(),
    patientId: z.string().optional(),
  }),
  stationId: z.string().optional(),
  patientIds: z.array(z.string()),
  resource: z
    .object({
      type: z.string().optional(),
      id: z.string().optional(),
      query: z.string().optional(),
    })
    .optional(),
  endpoint: z.string().optional(),
  requestId: z.string().optional(),
  publishedToFhir: z.boolean(),
});

const limit = query('limit', 'Page size, 1 to 500 (default 50)', {
  type: 'integer',
  minimum: 1,
  maximum: 500,
});
const before = query('before', 'The `next` value of the previous page');

/** The audit log's operations (security: staffToken; the access list also takes the kiosk session token). */
export function auditPaths(): Record<string, unknown> {
  return {
    '/api/audit/patients/{patientId}/access': {
      get: {
        operationId: 'listPatientRecordAccess',
        summary:
          "Who opened or changed a patient's record, newest first: for that patient (kiosk session) and for admins",
        security: [{ staffToken: [] }, { kioskSession: [] }],
        parameters: [
          {
            name: 'patientId',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' },
          },
          limit,
          before,
        ],
        responses: {
          '200': json(
            z.object({
              patientId: z.string(),
              accesses: z.array(accessSchema),
              next: z.string().optional(),
            }),
            'Accesses',
          ),
          '400': problem('patientId, limit or before is malformed (errors name each field)'),
          '401': problem('Not signed in'),
          '403': problem("Another patient's list, or a staff role other than admin"),
          '503': problem('MongoDB is not reachable'),
        },
      },
    },
    '/api/audit/events': {
      get: {
        operationId: 'searchAuditEvents',
        summary: 'Admins: audit records matching every filter given, newest first',
        security: [{ staffToken: [] }],
        parameters: [
          query('patientId', 'FHIR Patient id'),
          query('userId', 'Staff user id'),
          query('from', 'Recorded at or after (date-time with offset)', {
            type: 'string',
            format: 'date-time',
          }),
          query('to', 'Recorded before (date-time with offset)', {
            type: 'string',
            format: 'date-time',
          }),
          query('action', 'One action', { type: 'string', enum: [...AUDIT_ACTIONS] }),
          query('outcome', 'One outcome', { type: 'string', enum: [...AUDIT_OUTCOMES] }),
          limit,
          before,
        ],
        responses: {
          '200': json(
            z.object({ events: z.array(recordSchema), next: z.string().optional() }),
            'Records',
          ),
          '400': problem('A filter is malformed (errors name each field)'),
          '401': problem('Not signed in'),
          '403': problem('Not an admin'),
          '503': problem('MongoDB is not reachable'),
        },
      },
    },
  };
}
