import { z } from 'zod';
import { HOSPITAL_CODES } from '../ingestion/model.js';
import { signInRequestSchema } from './routes.js';
import { STAFF_ROLES } from './user-model.js';

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

export const staffUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
  hospital: z.enum(HOSPITAL_CODES).optional(),
  practitionerId: z.string().optional(),
  active: z.boolean(),
});

export const signInResponseSchema = z.object({
  accessToken: z
    .string()
    .describe('HS256 JWT: sub, role, hospital, sid; send as Authorization: Bearer'),
  tokenType: z.literal('Bearer'),
  expiresAt: z.string().describe('ISO instant after which the token is refused'),
  user: staffUserSchema,
});

/** The staff security scheme, to add to components.securitySchemes as `staffToken`. */
export const staffTokenScheme = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'Staff access token from POST /api/auth/sign-in',
} as const;

const bearer = [{ staffToken: [] }];
const noToken = problem(
  'Token missing, invalid or expired, or its session ended (`reason` says which)',
);
const notStaff = problem('A kiosk session token: this is for staff');
const mongoDown = problem('MongoDB is not reachable');

/** The staff sign-in operations; with `oidc`, the single sign-on ones too. */
export function authPaths(options: { oidc?: boolean } = {}): Record<string, unknown> {
  const oidc = {
    '/api/auth/oidc/start': {
      get: {
        operationId: 'startOidcSignIn',
        summary: 'Starts single sign-on: the identity provider URL to send the browser to',
        responses: {
          '200': json(z.object({ authorizationUrl: z.string(), expiresAt: z.string() }), 'Started'),
          '429': problem('Too many sign-ins from this address; see Retry-After'),
          '503': problem('The identity provider or MongoDB cannot be reached'),
        },
      },
    },
    '/api/auth/oidc/finish': {
      post: {
        operationId: 'finishOidcSignIn',
        summary: 'Finishes single sign-on with the URL the provider sent the browser back to',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: schema(z.object({ callbackUrl: z.string() })) },
          },
        },
        responses: {
          '200': json(signInResponseSchema, 'Signed in'),
          '400': problem('Unknown, used or expired sign-in'),
          '401': problem('The provider did not confirm the sign-in'),
          '403': problem('The identity is not linked to an active staff user'),
          '413': problem('The body is larger than 4 kB'),
          '429': problem('Too many sign-ins from this address; see Retry-After'),
          '503': mongoDown,
        },
      },
    },
    '/api/auth/oidc/links': {
      post: {
        operationId: 'linkOidcIdentity',
        summary: 'Admins: link a provider identity (sub) to a staff user',
        security: bearer,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: schema(z.object({ userId: z.string(), subject: z.string() })),
            },
          },
        },
        responses: {
          '201': json(z.object({ userId: z.string(), subject: z.string() }), 'Linked'),
          '400': problem('Unknown user or malformed body'),
          '401': noToken,
          '403': problem('Not an admin'),
          '409': problem('Identity already linked'),
          '413': problem('The body is larger than 4 kB'),
          '503': mongoDown,
        },
      },
    },
  };
  return {
    ...(options.oidc ? oidc : {}),
    '/api/auth/sign-in': {
      post: {
        operationId: 'signIn',
        summary: 'Sign a member of staff in: a short-lived access token and a new session',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schema(signInRequestSchema) } },
        },
        responses: {
          '200': json(signInResponseSchema, 'Signed in'),
          '400': problem('username or password missing'),
          '401': problem('Wrong username or password (the same answer for an unknown username)'),
          '413': problem('The body is larger than 4 kB'),
          '429': problem(
            'Too many failed sign-ins for this username, or too many sign-ins from this address; see Retry-After',
          ),
          '503': mongoDown,
        },
      },
    },
    '/api/auth/sign-out': {
      post: {
        operationId: 'signOut',
        summary: "Ends the token's session on every API instance",
        security: bearer,
        responses: {
          '204': { description: 'Signed out' },
          '401': noToken,
          '403': notStaff,
          '503': mongoDown,
        },
      },
    },
    '/api/auth/refresh': {
      post: {
        operationId: 'refreshToken',
        summary: 'A new token for the same open session, with the current role and hospital',
        security: bearer,
        responses: {
          '200': json(signInResponseSchema, 'New token'),
          '401': noToken,
          '403': notStaff,
          '503': mongoDown,
        },
      },
    },
    '/api/auth/me': {
      get: {
        operationId: 'getMe',
        summary: 'The signed-in member of staff',
        security: bearer,
        responses: {
          '200': json(z.object({ user: staffUserSchema }), 'Who is signed in'),
          '401': noToken,
          '403': notStaff,
          '503': mongoDown,
        },
      },
    },
  };
}
