import { z } from 'zod';
import { cardViewSchema, ID, issueBody, rekeyBody, replaceBody, revokeBody } from './routes.js';

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
const pathId = (name: string): Record<string, unknown> => ({
  name,
  in: 'path',
  required: true,
  schema: schema(ID, 'input'),
});

const bearer = [{ staffToken: [] }];
/** What every card operation can answer besides its own outcomes. */
const common = {
  '401': problem('Not signed in, or the token is invalid, expired or its session ended'),
  '403': problem('A role other than receptionist or admin'),
  '503': problem('MongoDB is not reachable'),
};
const withBody = {
  '400': problem('Malformed JSON, or a field is missing or wrong; `errors` names it'),
  '413': problem('The body is larger than 4 kB'),
};
const notActive = problem('The card is not active (`/problems/card-not-active`)');
/** What personalising on a desk station's reader can answer (see desk-personalisation.ts). */
const atTheDesk = {
  '404': problem('No such station (`/problems/station-not-found`), or no such card'),
  '409': problem(
    'The station is offline, no card was placed, the card was lifted midway (put it back and retry: it continues), another chip or one set up elsewhere is on the reader, or the chip is already issued; the problem type says which, and `step`/`done` say how far it got',
  ),
  '502': problem(
    'The card could not be written or does not verify afterwards (`/problems/card-write-failed`, `/problems/card-verify-failed`)',
  ),
  '504': problem('The station did not answer in time (`/problems/station-timeout`)'),
};
const byCardId = (description: string) => ({
  '404': problem(`No card ${description}`),
});

/** The card lifecycle at reception: issue, list, revoke, replace. */
export function cardPaths(): Record<string, unknown> {
  return {
    '/api/cards': {
      post: {
        operationId: 'issueCard',
        summary:
          "Issue a card to a patient: a registered chip (`uid`), or the blank card on a desk station's reader (`stationId`), which that station's agent personalises (keys, SUN) before the card is stored active; other fields are refused (400)",
        security: bearer,
        requestBody: body(issueBody),
        responses: {
          '201': {
            ...json(cardViewSchema, 'Issued'),
            headers: { Location: { schema: { type: 'string' } } },
            links: {
              revokeCard: {
                operationId: 'revokeCard',
                parameters: { cardId: '$response.body#/cardId' },
              },
              replaceCard: {
                operationId: 'replaceCard',
                parameters: { cardId: '$response.body#/cardId' },
              },
              listPatientCards: {
                operationId: 'listPatientCards',
                parameters: { patientId: '$response.body#/patientId' },
              },
            },
          },
          ...withBody,
          ...atTheDesk,
          '409': problem(
            'A chip with this UID is already issued (`/problems/card-exists`), or personalising at the desk failed in a way the receptionist can fix (station offline, no card, card lifted, wrong card; see the problem type)',
          ),
          ...common,
          '503': problem(
            'MongoDB is not reachable, or card keys are not configured (`/problems/cards-not-configured`)',
          ),
        },
      },
    },
    '/api/patients/{patientId}/cards': {
      get: {
        operationId: 'listPatientCards',
        summary: "A patient's cards, newest first, whatever their status, with their history",
        security: bearer,
        parameters: [pathId('patientId')],
        responses: {
          '200': json(z.array(cardViewSchema), 'Cards'),
          '400': problem('patientId is not a FHIR id'),
          ...common,
        },
      },
    },
    '/api/cards/{cardId}/revoke': {
      post: {
        operationId: 'revokeCard',
        summary: 'Revoke an active card (lost, stolen): every later tap of it is refused',
        security: bearer,
        parameters: [pathId('cardId')],
        requestBody: body(revokeBody),
        responses: {
          '200': json(cardViewSchema, 'Revoked'),
          ...withBody,
          ...byCardId('with this id'),
          '409': notActive,
          ...common,
        },
      },
    },
    '/api/cards/{cardId}/replace': {
      post: {
        operationId: 'replaceCard',
        summary:
          "Issue a new chip to the same patient (a registered `uid`, or the blank card on a desk station's reader with `stationId`); the old card is marked replaced and stops working at once",
        security: bearer,
        parameters: [pathId('cardId')],
        requestBody: body(replaceBody),
        responses: {
          '201': json(z.object({ old: cardViewSchema, card: cardViewSchema }), 'Replaced'),
          ...withBody,
          ...byCardId('with this id'),
          ...atTheDesk,
          '409': problem(
            'The old card is not active (`/problems/card-not-active`), or the new chip is already issued (`/problems/card-exists`)',
          ),
          ...common,
          '503': problem(
            'MongoDB is not reachable, or card keys are not configured (`/problems/cards-not-configured`)',
          ),
        },
      },
    },
    '/api/cards/{cardId}/rekey': {
      post: {
        operationId: 'rekeyCard',
        summary:
          "Re-key an active card on a desk station's reader: the chip gets key version n+1, then the card's key version moves on and taps made with the old keys are refused",
        security: bearer,
        parameters: [pathId('cardId')],
        requestBody: body(rekeyBody),
        responses: {
          '200': json(cardViewSchema, 'Re-keyed'),
          ...withBody,
          ...atTheDesk,
          '409': problem(
            'The card is not active (`/problems/card-not-active`), or personalising at the desk failed in a way the receptionist can fix (see the problem type)',
          ),
          ...common,
          '503': problem(
            'MongoDB is not reachable, or card keys are not configured (`/problems/cards-not-configured`)',
          ),
        },
      },
    },
    '/c': {
      get: {
        operationId: 'cardLandingPage',
        summary:
          "The page a phone opens when held to a patient card (the card's SUN URL, `picc_data` and `cmac` in the query): what the card is, in Vietnamese then English; it verifies and shows nothing of the card",
        security: [],
        parameters: ['picc_data', 'cmac'].map((name) => ({
          name,
          in: 'query',
          required: false,
          schema: { type: 'string', maxLength: 64 },
        })),
        responses: {
          '200': {
            description: 'The page',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
        },
      },
    },
  };
}
