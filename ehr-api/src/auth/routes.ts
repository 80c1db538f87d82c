import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { auditAccess, auditTarget } from '../audit/audit-log.js';
import { badRequest, HttpError } from '../errors/http-error.js';
import { parseInput } from '../errors/parse-input.js';
import { AuthError, type AuthService, type SignInSuccess } from './auth-service.js';
import { authProblem, requireRole } from './middleware.js';
import type { OidcSignIn } from './oidc.js';
import type { StaffPrincipal } from './principal.js';
import type { StaffUser } from './user-service.js';

export const signInRequestSchema = z.object({
  username: z
    .string({ error: 'required, a string' })
    .min(1, 'required')
    .max(128, 'at most 128 characters'),
  password: z
    .string({ error: 'required, a string' })
    .min(1, 'required')
    .max(1024, 'at most 1024 characters'),
});

/** What sign-in and refresh answer. */
export interface SignInResponse {
  accessToken: string;
  tokenType: 'Bearer';
  /** ISO instant; the token is refused after it. */
  expiresAt: string;
  user: StaffUser;
}

/** The same words for an unknown username, a wrong password and an inactive user: none tells which. */
const WRONG_CREDENTIALS = 'Wrong username or password.';

function response(result: SignInSuccess): SignInResponse {
  return {
    accessToken: result.accessToken,
    tokenType: 'Bearer',
    expiresAt: result.expiresAt.toISOString(),
    user: result.user,
  };
}

function staff(req: Request): StaffPrincipal {
  const principal = req.principal;
  if (principal?.kind !== 'staff')
    throw new HttpError({
      status: 403,
      code: 'forbidden',
      title: 'Forbidden',
      detail: 'This is for staff signed in with a staff access token.',
    });
  return principal;
}

/**
 * Staff sign-in, sign-out, refresh and who-am-I. Needs `useAudit(log)` mounted before it (sign-ins
 * and sign-outs are audited). `authenticate` is the app's `authenticate(authService)`;
 * `signInLimit` an optional per-client rate limit on sign-in, on top of the per-username lock-out.
 * With `oidc`, also single sign-on: GET /api/auth/oidc/start gives the provider URL to send the
 * browser to; the web app's callback page posts the URL it was sent back to, to
 * POST /api/auth/oidc/finish, and gets the same answer as a password sign-in.
 */
export function authRoutes(deps: {
  auth: AuthService;
  authenticate: RequestHandler;
  signInLimit?: RequestHandler;
  oidc?: OidcSignIn;
}): Router {
  const { auth, authenticate } = deps;
  const router = Router();
  router.use('/api/auth', express.json({ limit: '4kb', strict: true }));

  const signInChain: RequestHandler[] = deps.signInLimit ? [deps.signInLimit] : [];
  router.post('/api/auth/sign-in', ...signInChain, async (req, res) => {
    const body = { data: parseInput(signInRequestSchema, req.body ?? {}, 'body') };
    const userAgent = req.get('user-agent');
    const result = await auth.signIn({
      ...body.data,
      ...(req.ip ? { ip: req.ip } : {}),
      ...(userAgent ? { userAgent } : {}),
    });
    res.setHeader('Cache-Control', 'no-store');
    if (!result.ok) {
      const locked = result.reason === 'locked';
      await auditAccess(req, {
        action: 'sign-in',
        outcome: locked ? 'denied' : 'failed',
        reason: locked ? 'locked out after repeated failures' : 'wrong username or password',
        username: body.data.username.slice(0, 128),
      });
      if (locked) {
        const seconds = result.retryAfterSeconds ?? 60;
        res.setHeader('Retry-After', String(seconds));
        throw new HttpError({
          status: 429,
          code: 'sign-in-locked',
          title: 'Too many failed sign-ins',
          detail: `Too many failed sign-ins for this username. Wait ${Math.ceil(seconds / 60)} minute(s) and try again, or ask IT to reset the password.`,
          extra: { retryAfterSeconds: seconds },
        });
      }
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new HttpError({
        status: 401,
        code: 'sign-in-failed',
        title: 'Unauthorized',
        detail: WRONG_CREDENTIALS,
      });
    }
    req.principal = result.principal;
    await auditAccess(req, {
      action: 'sign-in',
      resource: { type: 'StaffUser', id: result.user.id },
    });
    res.json(response(result));
  });

  const oidc = deps.oidc;
  if (oidc) {
    router.get('/api/auth/oidc/start', ...signInChain, async (_req, res) => {
      const started = await oidc.start();
      res.setHeader('Cache-Control', 'no-store');
      res.json({
        authorizationUrl: started.authorizationUrl,
        expiresAt: started.expiresAt.toISOString(),
      });
    });

    router.post('/api/auth/oidc/finish', ...signInChain, async (req, res) => {
      const body = z
        .object({
          callbackUrl: z
            .string({ error: 'required, a string' })
            .min(1, 'required')
            .max(4096, 'at most 4096 characters'),
        })
        .safeParse(req.body ?? {});
      if (!body.success)
        throw badRequest(
          'callbackUrl: required, the URL the identity provider sent the browser back to',
          { errors: [{ field: 'callbackUrl', message: 'required' }] },
        );
      // A refusal (unlinked identity, 403) is recorded by auditDenials as a denied sign-in.
      auditTarget(req, { action: 'sign-in' });
      const userAgent = req.get('user-agent');
      let result: SignInSuccess;
      try {
        result = await oidc.finish(body.data.callbackUrl, {
          ...(req.ip ? { ip: req.ip } : {}),
          ...(userAgent ? { userAgent } : {}),
        });
      } catch (error) {
        if (error instanceof HttpError && error.status === 401)
          await auditAccess(req, {
            action: 'sign-in',
            outcome: 'failed',
            reason: error.detail.slice(0, 500),
          });
        throw error;
      }
      req.principal = result.principal;
      await auditAccess(req, {
        action: 'sign-in',
        resource: { type: 'StaffUser', id: result.user.id },
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json(response(result));
    });

    /** Admins: link a provider identity (its `sub`) to a staff user. */
    router.post('/api/auth/oidc/links', authenticate, requireRole('admin'), async (req, res) => {
      const body = {
        data: parseInput(
          z.object({
            userId: z
              .string({ error: 'required, a string' })
              .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a staff user id (usr-…)'),
            subject: z
              .string({ error: 'required, a string' })
              .min(1, 'required')
              .max(255, 'at most 255 characters'),
          }),
          req.body ?? {},
          'body',
        ),
      };
      await oidc.link(body.data.userId, body.data.subject);
      await auditAccess(req, {
        action: 'create',
        resource: { type: 'StaffOidcLink', id: body.data.userId },
      });
      res.status(201).json({ userId: body.data.userId, subject: body.data.subject });
    });
  }

  router.post('/api/auth/sign-out', authenticate, async (req, res) => {
    const principal = staff(req);
    await auth.signOut(principal);
    await auditAccess(req, {
      action: 'sign-out',
      resource: { type: 'StaffUser', id: principal.userId },
    });
    res.status(204).end();
  });

  router.post('/api/auth/refresh', authenticate, async (req, res) => {
    try {
      const result = await auth.refresh(staff(req));
      res.setHeader('Cache-Control', 'no-store');
      res.json(response(result));
    } catch (error) {
      if (error instanceof AuthError) throw authProblem(res, error.reason, error.message);
      throw error;
    }
  });

  router.get('/api/auth/me', authenticate, async (req, res) => {
    const principal = staff(req);
    const user = await auth.users.findById(principal.userId);
    if (!user?.active)
      throw authProblem(res, 'ended', 'the user no longer exists or was deactivated');
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user });
  });

  return router;
}
