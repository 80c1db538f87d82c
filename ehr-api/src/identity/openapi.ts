import { z } from 'zod';
import { HOSPITAL_CODES } from '../ingestion/model.js';
import { decisionBody, mrnParam, reviewIdParam, reviewsQuery, unlinkBody } from './routes.js';

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
const body = (s: z.ZodType): Record<string, unknown> => ({
  required: true,
  content: { 'application/json': { schema: schema(s, 'input') } },
});

/*
 * The wire shapes of identity-service.ts's ReviewItem, PersonLink and LinkEvent (dates as ISO
 * strings). Those are TypeScript interfaces with no runtime schema, so the document spells them out.
 */
const hospital = z.enum(HOSPITAL_CODES);
const reviewItemSchema = z.object({
  id: z.string(),
  hospital,
  mrn: z.string(),
  personId: z.string().describe("The member's person now"),
  candidatePersonId: z.string().describe('The person it may be, now'),
  candidate: z.object({ hospital, mrn: z.string() }).optional(),
  score: z.number().optional(),
  reasons: z.array(z.string()),
  status: z.enum(['open', 'decided']),
  decision: z.enum(['same-person', 'different-people']).optional(),
  decidedBy: z.string().optional(),
  decisionReason: z.string().optional(),
  decidedAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
});
const personLinkSchema = z.object({
  personId: z.string(),
  hospital,
  mrn: z.string(),
  status: z.enum(['active', 'merged']),
  mergedInto: z.string().optional().describe("Survivor's MRN when merged away by ADT A40"),
  kind: z.enum(['new', 'linked', 'review', 'unlinked', 'merged']),
  reason: z.string(),
  reasons: z.array(z.string()),
  score: z.number().optional(),
  linkedAt: z.iso.datetime(),
  linkedBy: z.string(),
});
const linkEventSchema = z.object({
  type: z.enum(['linked', 'unlinked', 'reviewed', 'merged', 'persons-joined']),
  hospital: hospital.optional(),
  mrn: z.string().optional(),
  personId: z.string(),
  otherPersonId: z.string().optional(),
  reason: z.string(),
  reasons: z.array(z.string()).optional(),
  score: z.number().optional(),
  reviewId: z.string().optional(),
  decision: z.enum(['same-person', 'different-people']).optional(),
  by: z.string(),
  at: z.iso.datetime(),
});

const common = {
  '401': problem('Not signed in, or the token is invalid, expired or its session ended'),
  '403': problem('A role other than hospital IT or admin'),
  '503': problem('MongoDB or HAPI FHIR is not reachable'),
};
const withBody = {
  '400': problem('Malformed JSON, or a field is missing or wrong; `errors` names it'),
  '413': problem('The body is larger than 8 kB'),
};

/** The review queue of uncertain matches and undoing a wrong link. */
export function identityPaths(): Record<string, unknown> {
  return {
    '/api/identity/reviews': {
      get: {
        operationId: 'listIdentityReviews',
        summary: 'Possible links a person must decide, oldest first',
        security: [{ staffToken: [] }],
        parameters: [
          {
            name: 'status',
            in: 'query',
            required: false,
            schema: (schema(reviewsQuery, 'input') as { properties: Record<string, unknown> })
              .properties.status,
          },
        ],
        responses: {
          '200': {
            ...json(z.array(reviewItemSchema), 'Reviews'),
            links: {
              decideIdentityReview: {
                operationId: 'decideIdentityReview',
                parameters: { id: '$response.body#/0/id' },
              },
              getIdentityLinkHistory: {
                operationId: 'getIdentityLinkHistory',
                parameters: {
                  hospital: '$response.body#/0/hospital',
                  mrn: '$response.body#/0/mrn',
                },
              },
            },
          },
          '400': problem('status is not open or decided'),
          ...common,
        },
      },
    },
    '/api/identity/reviews/{id}/decision': {
      post: {
        operationId: 'decideIdentityReview',
        summary:
          "Decide a review once: same-person joins the two persons, different-people only records it; both persons' FHIR Person are republished",
        security: [{ staffToken: [] }],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: schema(reviewIdParam, 'input') },
        ],
        requestBody: body(decisionBody),
        responses: {
          '200': json(reviewItemSchema, 'The decided review'),
          ...withBody,
          '400': problem(
            'Malformed JSON, a bad review id, or a field missing or wrong; `errors` names it',
          ),
          '404': problem('No such review (`/problems/unknown-review`)'),
          '409': problem('The review was already decided (`/problems/already-decided`)'),
          ...common,
        },
      },
    },
    '/api/identity/unlink': {
      post: {
        operationId: 'unlinkIdentity',
        summary:
          'Undo a wrong link: the hospital patient gets a person of its own; both FHIR Person are republished',
        security: [{ staffToken: [] }],
        requestBody: body(unlinkBody),
        responses: {
          '200': json(
            z.object({ ok: z.literal(true), personId: z.string(), previousPersonId: z.string() }),
            'Unlinked: the new person and the one it left',
          ),
          ...withBody,
          '404': problem('No such patient in the identity index (`/problems/unknown-patient`)'),
          ...common,
        },
      },
    },
    '/api/identity/members/{hospital}/{mrn}/history': {
      get: {
        operationId: 'getIdentityLinkHistory',
        summary: "A hospital patient's current link and every change to it, oldest first",
        security: [{ staffToken: [] }],
        parameters: [
          { name: 'hospital', in: 'path', required: true, schema: schema(hospital, 'input') },
          { name: 'mrn', in: 'path', required: true, schema: schema(mrnParam, 'input') },
        ],
        responses: {
          '200': json(
            z.object({ link: personLinkSchema, history: z.array(linkEventSchema) }),
            'Link and history',
          ),
          '400': problem('hospital is not one of the three, or mrn is empty or too long'),
          '404': problem('No such patient in the identity index'),
          ...common,
        },
      },
    },
  };
}
