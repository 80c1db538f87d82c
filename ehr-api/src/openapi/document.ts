import { z } from 'zod';
import { schedulingPaths } from '../scheduling/openapi.js';
import { kioskPaths } from '../kiosk/openapi.js';
import { authPaths, staffTokenScheme } from '../auth/openapi.js';
import { auditPaths } from '../audit/openapi.js';
import { metricsTokenScheme, operationsPaths } from '../operations/openapi.js';
import { feedbackPaths } from '../feedback/openapi.js';
import { ingestionPaths } from '../ingestion/openapi.js';
import { identityPaths } from '../identity/openapi.js';
import { recordPaths } from '../record/openapi.js';
import { cardPaths } from '../cards/openapi.js';
import {
  agentPresenceSchema,
  departmentSummarySchema,
  facilitySchema,
  hospitalSummarySchema,
  readinessSchema,
  systemStatusSchema,
} from '@qn/contracts';

// RFC 9457 problem details; extension members (`errors`, `reason`, `component`…) are allowed.
const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string().optional() }))
      .optional()
      .describe('Each input field at fault and the rule it breaks'),
  })
  .loose();

const json = (schema: z.ZodType, description: string): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12' }) } },
});
const problem = (description: string): Record<string, unknown> => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The API's OpenAPI 3.1 document, built from the same zod schemas that type the responses. */
export function openApiDocument(
  version: string,
  options: { oidc?: boolean } = {},
): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Quang Ninh EHR API',
      version,
      description:
        'Application API of the Quang Ninh health record and appointment-card system. Errors are RFC 9457 problem details. The FHIR R4 facade lives under /fhir and answers with OperationOutcome.',
    },
    paths: {
      ...schedulingPaths(),
      ...kioskPaths(),
      ...authPaths(options),
      ...auditPaths(),
      ...operationsPaths(),
      ...feedbackPaths(),
      ...ingestionPaths(),
      ...identityPaths(),
      ...recordPaths(),
      ...cardPaths(),
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'This document',
          responses: { '200': json(z.object({ openapi: z.string() }).loose(), 'OpenAPI 3.1') },
        },
      },
      '/health/live': {
        get: {
          operationId: 'getLiveness',
          summary: 'The process answers',
          responses: { '200': json(z.object({ status: z.literal('alive') }), 'Alive') },
        },
      },
      '/health/ready': {
        get: {
          operationId: 'getReadiness',
          summary: 'Which components this instance can reach',
          responses: {
            '200': json(readinessSchema, 'Every component is up'),
            '503': json(readinessSchema, 'At least one component is down; each says why'),
          },
        },
      },
      '/api/status': {
        get: {
          operationId: 'getSystemStatus',
          summary: 'Status of the running system for the status pages',
          responses: { '200': json(systemStatusSchema, 'Current status') },
        },
      },
      '/api/stations': {
        get: {
          operationId: 'listStations',
          summary: 'Card-reader stations: online, readers, last card event',
          responses: {
            '200': json(z.array(agentPresenceSchema), 'Stations'),
            '503': problem('MongoDB is not reachable'),
          },
        },
      },
      '/api/directory/departments': {
        get: {
          operationId: 'listDepartments',
          summary: 'Active departments and clinics of the three hospitals, with directions',
          responses: {
            '200': json(z.array(departmentSummarySchema), 'Departments'),
            '503': problem('HAPI FHIR is not reachable'),
          },
        },
      },
      '/api/directory/hospitals': {
        get: {
          operationId: 'listHospitals',
          summary: 'The three hospitals with department and practitioner counts',
          responses: {
            '200': json(z.array(hospitalSummarySchema), 'Hospitals'),
            '503': problem('HAPI FHIR is not reachable'),
          },
        },
      },
      '/api/directory/facilities': {
        get: {
          operationId: 'listFacilities',
          summary:
            'Public directory: each hospital with its address, coordinates, phone/email/website and active departments with directions (no sign-in)',
          responses: {
            '200': json(z.array(facilitySchema), 'Hospitals with their departments'),
            '503': problem('HAPI FHIR is not reachable'),
          },
        },
      },
    },
    components: {
      schemas: { Problem: z.toJSONSchema(problemSchema, { target: 'draft-2020-12' }) },
      securitySchemes: {
        kioskSession: {
          type: 'http',
          scheme: 'bearer',
          description: 'Kiosk session token from the session.started station event',
        },
        staffToken: staffTokenScheme,
        metricsToken: metricsTokenScheme,
      },
    },
  };
}
