import { z } from 'zod';
import {
  consentChangeSchema,
  consentStateSchema,
  patientSearchResultSchema,
  sharedRecordSchema,
} from '@qn/contracts';
import { registrationBody } from './patient-registration.js';
import { breakGlassBody, ID, searchQuery } from './routes.js';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });
const json = (s: z.ZodType, description: string): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: schema(s) } },
});
const problem = (description: string, extra?: z.ZodType): Record<string, unknown> => ({
  description,
  content: {
    'application/problem+json': {
      schema: extra
        ? { allOf: [{ $ref: '#/components/schemas/Problem' }, schema(extra, 'input')] }
        : { $ref: '#/components/schemas/Problem' },
    },
  },
});
const patientIdParam = {
  name: 'patientId',
  in: 'path',
  required: true,
  schema: schema(ID, 'input'),
};
const down = problem('MongoDB or HAPI FHIR is not reachable');
const consentBody = {
  required: true,
  content: { 'application/json': { schema: schema(consentChangeSchema, 'input') } },
};
const noToken = problem('Not signed in, or the token is invalid, expired or its session ended');
const breakGlassRequired = problem(
  'Not a doctor; or (`/problems/break-glass-required`) no booking with this patient at your hospital within the treatment window; or (`/problems/consent-withdrawn`) the patient withdrew consent to share and has no record at your hospital. `breakGlass` names the endpoint to open the record with a reason',
  z.object({ breakGlass: z.string().optional() }),
);

/** Patient search, the doctor's shared record with break-glass, and the kiosk's own record. */
export function recordPaths(): Record<string, unknown> {
  const query = schema(searchQuery, 'input') as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  return {
    '/api/patients': {
      get: {
        operationId: 'searchPatients',
        summary:
          'Find patients across the three hospitals by name (with or without diacritics), CCCD, BHYT number, phone, birth date, MRN or patient id',
        security: [{ staffToken: [] }],
        parameters: Object.entries(query.properties).map(([name, s]) => ({
          name,
          in: 'query',
          required: query.required?.includes(name) ?? false,
          schema: s,
        })),
        responses: {
          '200': {
            ...json(z.array(patientSearchResultSchema), 'Matching patients, best first'),
            links: {
              getSharedRecord: {
                operationId: 'getSharedRecord',
                parameters: { patientId: '$response.body#/0/patientId' },
              },
              breakGlassSharedRecord: {
                operationId: 'breakGlassSharedRecord',
                parameters: { patientId: '$response.body#/0/patientId' },
              },
              listPatientCards: {
                operationId: 'listPatientCards',
                parameters: { patientId: '$response.body#/0/patientId' },
              },
            },
          },
          '400': problem('q is missing, shorter than 2 characters, or limit is out of range'),
          '401': noToken,
          '403': problem('A role other than receptionist, doctor or admin'),
          '503': down,
        },
      },
      post: {
        operationId: 'registerPatient',
        summary:
          "Reception: register a patient new to the desk's hospital (an administrator names the hospital). The record goes through the ingestion pipeline: the same checks, a FHIR Patient, identity matching across the hospitals",
        security: [{ staffToken: [] }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schema(registrationBody, 'input') } },
        },
        responses: {
          '201': json(
            z.object({
              patient: patientSearchResultSchema,
              alsoKnownAt: z.array(z.object({ id: z.string(), name: z.string() })),
            }),
            'Registered: the patient as search shows them, and the hospitals that know the same person',
          ),
          '400': problem(
            'A field is missing or breaks a rule (`errors` names each): e.g. a CCCD whose sex or birth-year digits disagree with the record, a BHYT number of the wrong form, a future birth date; or an administrator did not name the hospital',
          ),
          '401': noToken,
          '403': problem('A role other than receptionist or admin'),
          '409': problem(
            'The CCCD is already registered at this hospital (`/problems/patient-already-registered`): `patientId` names that patient',
            z.object({ patientId: z.string(), mrn: z.string() }),
          ),
          '413': problem('The body is larger than 4 kB'),
          '503': down,
        },
      },
    },
    '/api/patients/{patientId}/record': {
      get: {
        operationId: 'getSharedRecord',
        summary:
          "Doctors: the patient's record across the hospitals, for a patient they treat (a booking at their hospital from 30 days before to 7 days after today)",
        security: [{ staffToken: [] }],
        parameters: [patientIdParam],
        responses: {
          '200': json(sharedRecordSchema, 'The shared record'),
          '400': problem('patientId is not a FHIR id'),
          '401': noToken,
          '403': breakGlassRequired,
          '404': problem('No such patient'),
          '503': down,
        },
      },
    },
    '/api/patients/{patientId}/record/break-glass': {
      post: {
        operationId: 'breakGlassSharedRecord',
        summary:
          'Doctors: open the record without a treatment relationship, giving a reason that is audited and reviewed',
        security: [{ staffToken: [] }],
        parameters: [patientIdParam],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schema(breakGlassBody, 'input') } },
        },
        responses: {
          '200': json(sharedRecordSchema, 'The shared record, access.basis break-glass'),
          '400': problem('Malformed JSON, patientId not a FHIR id, or the reason missing or short'),
          '401': noToken,
          '403': problem('Not a doctor'),
          '404': problem('No such patient'),
          '413': problem('The body is larger than 4 kB'),
          '503': down,
        },
      },
    },
    '/api/kiosk/consent': {
      get: {
        operationId: 'getKioskConsent',
        summary:
          "The kiosk session patient's decision on sharing their record between the hospitals (not recorded: shared for treatment, the province's default)",
        security: [{ kioskSession: [] }],
        responses: {
          '200': json(consentStateSchema, 'The latest decision over every linked hospital record'),
          '401': noToken,
          '403': problem('Not a kiosk session'),
          '503': down,
        },
      },
      put: {
        operationId: 'setKioskConsent',
        summary:
          'The patient permits (`share: true`) or withdraws (`false`) sharing between the hospitals; kept as a FHIR Consent, in force from the next read',
        security: [{ kioskSession: [] }],
        requestBody: consentBody,
        responses: {
          '200': json(consentStateSchema, 'The decision as recorded'),
          '400': problem('Malformed JSON, or `share` missing or not true/false'),
          '401': noToken,
          '403': problem('Not a kiosk session'),
          '413': problem('The body is larger than 1 kB'),
          '503': down,
        },
      },
    },
    '/api/patients/{patientId}/consent': {
      get: {
        operationId: 'getPatientConsent',
        summary: "Staff: the patient's decision on sharing their record between the hospitals",
        security: [{ staffToken: [] }],
        parameters: [patientIdParam],
        responses: {
          '200': json(consentStateSchema, 'The latest decision over every linked hospital record'),
          '400': problem('patientId is not a FHIR id'),
          '401': noToken,
          '403': problem('A role other than receptionist, doctor or admin'),
          '503': down,
        },
      },
      put: {
        operationId: 'setPatientConsent',
        summary:
          "Reception: record the patient's decision (a form signed at the desk) to permit or withdraw sharing between the hospitals",
        security: [{ staffToken: [] }],
        parameters: [patientIdParam],
        requestBody: consentBody,
        responses: {
          '200': json(consentStateSchema, "The decision as recorded, at the desk's hospital"),
          '400': problem('Malformed JSON, patientId not a FHIR id, or `share` missing'),
          '401': noToken,
          '403': problem('A role other than receptionist or admin'),
          '404': problem('No such patient'),
          '413': problem('The body is larger than 1 kB'),
          '503': down,
        },
      },
    },
    '/api/kiosk/record': {
      get: {
        operationId: 'getKioskRecord',
        summary:
          "The kiosk session patient's own record summary: visits, results and conditions (at most 30), and allergies",
        security: [{ kioskSession: [] }],
        responses: {
          '200': json(sharedRecordSchema, 'The summary, access.basis self'),
          '401': noToken,
          '403': problem('A staff token: only a kiosk session reads its own record here'),
          '404': problem("The session's patient is no longer in HAPI FHIR"),
          '503': down,
        },
      },
    },
  };
}
