import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../errors/http-error.js';
import type { HospitalCode } from '../ingestion/model.js';
import { AuthError, type AuthFailure } from './auth-service.js';
import { roleOf, type AccessRole, type Principal, type StaffPrincipal } from './principal.js';

/** What `authenticate` needs from the auth service. */
export interface TokenAuthenticator {
  authenticateToken(token: string): Promise<StaffPrincipal>;
  /** `authenticateToken` in two halves, for `deferSessionCheck` (without them it waits for both). */
  verifyToken?(token: string): Promise<StaffPrincipal>;
  checkSession?(principal: StaffPrincipal): Promise<void>;
}

export interface AuthenticateOptions {
  /**
   * Resolves a bearer token that is not a staff JWT (a kiosk session token, say) to its principal,
   * or undefined when it is not one either.
   */
  otherTokens?: (token: string, req: Request) => Promise<Principal | undefined>;
  /**
   * For a staff token, go on as soon as its signature and expiry are checked, and check its session
   * (one database read) meanwhile: the route starts its slow part (a HAPI read) at once and must
   * `await sessionChecked(req)` before it answers anything. Only for routes that change nothing.
   */
  deferSessionCheck?: boolean;
}

/** Session checks still running for requests let through early (`deferSessionCheck`). */
const pendingSessionChecks = new WeakMap<Request, Promise<void>>();

/**
 * Settles when the request's staff session is known to be open, and rejects with its 401 when it
 * is not; at once for a request whose session was checked before it reached the route.
 */
export function sessionChecked(req: Request): Promise<void> {
  return pendingSessionChecks.get(req) ?? Promise.resolve();
}

/**
 * `work`'s result once the session check has passed. The check decides first: a request whose
 * session was ended gets its 401 even when `work` failed, so an ended session learns nothing.
 */
export async function afterSessionCheck<T>(req: Request, work: Promise<T>): Promise<T> {
  const [result, check] = await Promise.allSettled([work, sessionChecked(req)]);
  if (check.status === 'rejected') throw check.reason;
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

const WORDS: Record<AuthFailure, { code: string; detail: string; rfc6750?: string }> = {
  missing: {
    code: 'token-missing',
    detail:
      'No access token: send Authorization: Bearer <accessToken>, as POST /api/auth/sign-in returns it.',
  },
  invalid: {
    code: 'token-invalid',
    detail: 'The access token is not valid',
    rfc6750: 'invalid_token',
  },
  expired: {
    code: 'token-expired',
    detail: 'The access token has expired: sign in again (or refresh the token before it ends)',
    rfc6750: 'invalid_token',
  },
  ended: {
    code: 'session-ended',
    detail: 'The session of this access token has ended: sign in again',
    rfc6750: 'invalid_token',
  },
};

/** 401 problem details saying which of missing / invalid / expired / ended, in words and in `reason`. */
export function authProblem(res: Response, reason: AuthFailure, why?: string): HttpError {
  const words = WORDS[reason];
  const detail = reason === 'missing' || !why ? words.detail : `${words.detail} (${why}).`;
  // RFC 6750 §3: tell the client which scheme, and for a bad token, that the token is the problem.
  res.setHeader('WWW-Authenticate', words.rfc6750 ? `Bearer error="${words.rfc6750}"` : 'Bearer');
  return new HttpError({
    status: 401,
    code: words.code,
    title: 'Unauthorized',
    detail: detail.endsWith('.') ? detail : `${detail}.`,
    extra: { reason },
  });
}

export function forbidden(detail: string, extra?: Record<string, unknown>): HttpError {
  return new HttpError({
    status: 403,
    code: 'forbidden',
    title: 'Forbidden',
    detail,
    ...(extra ? { extra } : {}),
  });
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Attaches `req.principal` from a bearer token: a staff JWT (signature, expiry, open session), or
 * whatever `otherTokens` maps. A principal set earlier (kiosk, device) is kept. 401 otherwise,
 * saying whether the token was missing, invalid, expired or its session ended.
 */
export function authenticate(
  service: TokenAuthenticator,
  options: AuthenticateOptions = {},
): RequestHandler {
  return async (req, res, next) => {
    if (req.principal) {
      next();
      return;
    }
    const token = bearer(req);
    if (!token) throw authProblem(res, 'missing');
    if (!JWT_SHAPE.test(token)) {
      const other = options.otherTokens ? await options.otherTokens(token, req) : undefined;
      if (!other)
        throw authProblem(
          res,
          'invalid',
          'it is neither a staff access token nor a live session token',
        );
      req.principal = other;
      next();
      return;
    }
    const asProblem = (error: unknown): unknown =>
      error instanceof AuthError ? authProblem(res, error.reason, error.message) : error;
    try {
      if (options.deferSessionCheck && service.verifyToken && service.checkSession) {
        const principal = await service.verifyToken(token);
        const check = service.checkSession(principal).catch((error: unknown) => {
          // As if it had been checked first: nobody is signed in on this request (also for the
          // audit record of the refusal).
          if (req.principal === principal) delete req.principal;
          throw asProblem(error);
        });
        // Handled here so that a route failing first leaves no unhandled rejection behind.
        check.catch(() => undefined);
        pendingSessionChecks.set(req, check);
        req.principal = principal;
      } else {
        req.principal = await service.authenticateToken(token);
      }
    } catch (error) {
      throw asProblem(error);
    }
    next();
  };
}

/** 403 unless the principal has one of these roles (`patient` and `device` name those kinds). 401 when nobody is signed in. */
export function requireRole(...roles: AccessRole[]): RequestHandler {
  const allowed = new Set<AccessRole>(roles);
  return (req, res, next) => {
    const principal = req.principal;
    if (!principal) throw authProblem(res, 'missing');
    const role = roleOf(principal);
    if (!allowed.has(role)) {
      throw forbidden(`This needs the role ${roles.join(' or ')}; you are signed in as ${role}.`, {
        reason: 'role',
        requiredRoles: roles,
        role,
      });
    }
    next();
  };
}

/**
 * Object-level check: 403 unless the staff principal works for the hospital the object belongs to.
 * Admins work province-wide and pass. An object that names no hospital passes only for admins
 * (fail closed). Patients and devices never pass: their own checks are elsewhere.
 */
export function requireSameHospital(
  getHospital: (req: Request) => HospitalCode | undefined | Promise<HospitalCode | undefined>,
): RequestHandler {
  return async (req, res, next) => {
    const principal = req.principal;
    if (!principal) throw authProblem(res, 'missing');
    if (principal.kind !== 'staff')
      throw forbidden(`This is for hospital staff; a ${principal.kind} cannot open it.`, {
        reason: 'hospital',
      });
    if (principal.role === 'admin') {
      next();
      return;
    }
    const hospital = await getHospital(req);
    if (!hospital)
      throw forbidden('This record belongs to no hospital, so only an admin may open it.', {
        reason: 'hospital',
      });
    if (hospital !== principal.hospital) {
      throw forbidden(
        `This record belongs to ${hospital}; you work for ${principal.hospital ?? 'no hospital'}.`,
        { reason: 'hospital', hospital },
      );
    }
    next();
  };
}
