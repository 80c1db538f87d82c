import { randomBytes, randomUUID } from 'node:crypto';
import { serviceUnavailable } from '../errors/http-error.js';
import type { StaffPrincipal } from './principal.js';
import { TokenError, type StaffClaims, type TokenService } from './tokens.js';
import type { AuthModels, SignInAttemptDocument, StaffSessionDocument } from './user-model.js';
import { normalizeUsername, type StaffUser, type UserService } from './user-service.js';

export interface AuthOptions {
  /** Hard end of a sign-in, however often its token is refreshed. */
  sessionMaxMs: number;
  /** Lock a username after this many failed sign-ins within the window (since its last success). */
  lockout: { maxFailures: number; windowMs: number };
  clock?: () => Date;
}

export interface SignInSuccess {
  ok: true;
  accessToken: string;
  expiresAt: Date;
  user: StaffUser;
  principal: StaffPrincipal;
}

export interface SignInFailure {
  ok: false;
  /** wrong-credentials covers an unknown username, a wrong password and an inactive user alike. */
  reason: 'wrong-credentials' | 'locked';
  /** locked: seconds until the oldest counted failure leaves the window. */
  retryAfterSeconds?: number;
}

export type SignInOutcome = SignInSuccess | SignInFailure;

/** Why a request's credentials were refused; the middleware says it in words. */
export type AuthFailure = 'missing' | 'invalid' | 'expired' | 'ended';

export class AuthError extends Error {
  constructor(
    readonly reason: AuthFailure,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

const ATTEMPT_RETENTION_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 10 * 60 * 1000;

/**
 * Staff sign-in: password check, lock-out, one session document per sign-in, short-lived tokens.
 * Every write here is an insert, except ending a session, which only its sign-out (or the user's
 * deactivation) does: nothing else ever updates a session, so FerretDB's lost updates cannot bite.
 */
export class AuthService {
  private readonly clock: () => Date;
  private lastPurge = 0;

  constructor(
    readonly users: UserService,
    private readonly models: AuthModels,
    private readonly tokens: TokenService,
    private readonly options: AuthOptions,
  ) {
    this.clock = options.clock ?? ((): Date => new Date());
  }

  async signIn(input: {
    username: string;
    password: string;
    ip?: string;
    userAgent?: string;
  }): Promise<SignInOutcome> {
    const username = normalizeUsername(input.username).slice(0, 128);
    // The attempt is recorded as a failure before the password is checked, and the lock counts it:
    // of many guesses sent at once, each sees those inserted before it, so no more than the limit
    // get through. Unknown usernames lock the same way, so a lock tells nothing about the user.
    const attemptId = randomUUID();
    await this.models.attempts.create({
      _id: attemptId,
      username,
      at: this.clock(),
      ok: false,
      ...(input.ip ? { ip: input.ip } : {}),
    });
    const retryAfterSeconds = await this.lockedFor(username);
    if (retryAfterSeconds !== undefined) {
      // Tries while locked do not count, or a user who tried again too early would stay locked.
      await this.models.attempts.deleteOne({ _id: attemptId });
      return { ok: false, reason: 'locked', retryAfterSeconds };
    }
    const user = await this.users.verifyPassword(username, input.password);
    if (user) await this.recordSuccess(username, input.ip);
    this.purgeNowAndThen();
    if (!user) return { ok: false, reason: 'wrong-credentials' };
    return this.openSession(user, input);
  }

  /**
   * Opens a session for a user whose identity was proved elsewhere (OpenID Connect) or just now,
   * and signs its first token. The user must be active.
   */
  async openSession(
    user: StaffUser,
    meta: { ip?: string; userAgent?: string } = {},
  ): Promise<SignInSuccess> {
    if (!user.active) throw new AuthError('ended', 'the user is deactivated');
    const now = this.clock();
    const session: StaffSessionDocument = {
      _id: randomBytes(16).toString('base64url'),
      userId: user.id,
      role: user.role,
      ...(user.hospital ? { hospital: user.hospital } : {}),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.options.sessionMaxMs),
      ...(meta.ip ? { ip: meta.ip } : {}),
      ...(meta.userAgent ? { userAgent: meta.userAgent.slice(0, 300) } : {}),
    };
    await this.models.sessions.create(session);
    const claims = claimsOf(user, session._id);
    const { token, expiresAt } = await this.tokens.issue(claims, session.expiresAt);
    return { ok: true, accessToken: token, expiresAt, user, principal: principalOf(claims) };
  }

  /**
   * The staff member a bearer token speaks for. Checks the signature and expiry, then that its
   * session is still open (one findOne by id): a signed-out token is refused at once.
   */
  async authenticateToken(token: string): Promise<StaffPrincipal> {
    const principal = await this.verifyToken(token);
    await this.checkSession(principal);
    return principal;
  }

  /**
   * The first half of `authenticateToken`: signature, audience and expiry, no database. The token is
   * ours and current, but its session may have been ended since: nothing may be answered on it
   * before `checkSession` says the session is open.
   */
  async verifyToken(token: string): Promise<StaffPrincipal> {
    try {
      return principalOf(await this.tokens.verify(token));
    } catch (error) {
      if (error instanceof TokenError) throw new AuthError(error.reason, error.message);
      throw error;
    }
  }

  /** The second half: the token's session exists, belongs to its user, and was not ended. */
  async checkSession(principal: StaffPrincipal): Promise<void> {
    let session: StaffSessionDocument | undefined;
    try {
      // Read on every request, never cached, so a sign-out counts on every instance for the very
      // next request. By _id alone: FerretDB finds that by its primary key (an `$in` of several
      // sessions it would answer by reading them all).
      session =
        (await this.models.sessions
          .findById(principal.sessionId, { userId: 1, expiresAt: 1, endedAt: 1, endReason: 1 })
          .lean<StaffSessionDocument>()) ?? undefined;
    } catch (error) {
      throw serviceUnavailable(
        'mongodb',
        'Your sign-in cannot be checked right now because the database is not reachable. Try again in a minute; if it persists, ask IT to check MongoDB.',
        error,
      );
    }
    if (!session || session.userId !== principal.userId)
      throw new AuthError('ended', 'the session of this token does not exist');
    if (session.endedAt)
      throw new AuthError(
        'ended',
        session.endReason === 'deactivated'
          ? 'the user was deactivated, which ended this session'
          : 'the session of this token was signed out',
      );
    if (session.expiresAt.getTime() <= this.clock().getTime())
      throw new AuthError('expired', 'the session of this token has reached its time limit');
  }

  /** Ends the principal's session: its tokens stop working on every API instance at once. */
  async signOut(principal: StaffPrincipal): Promise<void> {
    await this.models.sessions.updateOne(
      { _id: principal.sessionId, endedAt: { $exists: false } },
      { $set: { endedAt: this.clock(), endReason: 'sign-out' } },
    );
  }

  /**
   * A fresh token for a session that is still open, carrying the user's current role and hospital;
   * never valid past the session's hard end. A deactivated user's session ends here.
   */
  async refresh(principal: StaffPrincipal): Promise<SignInSuccess> {
    const user = await this.users.findById(principal.userId);
    if (!user?.active) {
      await this.endSessions(principal.userId, 'deactivated');
      throw new AuthError('ended', 'the user was deactivated, which ended this session');
    }
    const session = await this.models.sessions
      .findById(principal.sessionId)
      .lean<StaffSessionDocument>();
    if (!session || session.endedAt)
      throw new AuthError('ended', 'the session of this token was signed out');
    const claims = claimsOf(user, session._id);
    const { token, expiresAt } = await this.tokens.issue(claims, session.expiresAt);
    return { ok: true, accessToken: token, expiresAt, user, principal: principalOf(claims) };
  }

  /** Turns a user off and ends every open session of theirs. */
  async deactivate(userId: string): Promise<void> {
    await this.users.setActive(userId, false);
    await this.endSessions(userId, 'deactivated');
  }

  private async endSessions(
    userId: string,
    reason: StaffSessionDocument['endReason'],
  ): Promise<void> {
    await this.models.sessions.updateMany(
      { userId, endedAt: { $exists: false } },
      { $set: { endedAt: this.clock(), endReason: reason } },
    );
  }

  /** Seconds the username must wait, or undefined when it may try (counting the attempt just recorded). */
  private async lockedFor(username: string): Promise<number | undefined> {
    const { maxFailures, windowMs } = this.options.lockout;
    const now = this.clock().getTime();
    const windowStart = new Date(now - windowMs);
    const lastSuccess = await this.models.attempts
      .findOne({ username, ok: true, at: { $gt: windowStart } }, { at: 1 })
      .sort({ at: -1 })
      .lean<SignInAttemptDocument>();
    const since = lastSuccess ? lastSuccess.at : windowStart;
    const failures = await this.models.attempts
      .find({ username, ok: false, at: { $gt: since } }, { at: 1 })
      .sort({ at: 1 })
      .limit(maxFailures + 1)
      .lean<SignInAttemptDocument[]>();
    const first = failures[0];
    if (failures.length <= maxFailures || !first) return undefined;
    return Math.max(1, Math.ceil((first.at.getTime() + windowMs - now) / 1000));
  }

  /** A success is a record of its own (attempts are never updated); failures before it stop counting. */
  private async recordSuccess(username: string, ip: string | undefined): Promise<void> {
    await this.models.attempts.create({
      _id: randomUUID(),
      username,
      at: this.clock(),
      ok: true,
      ...(ip ? { ip } : {}),
    });
  }

  /** FerretDB has no TTL index: old attempts are removed now and then by whichever instance is signing someone in. */
  private purgeNowAndThen(): void {
    const now = this.clock().getTime();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    const keep = Math.max(ATTEMPT_RETENTION_MS, this.options.lockout.windowMs);
    void this.models.attempts
      .deleteMany({ at: { $lt: new Date(now - keep) } })
      .catch(() => undefined);
  }
}

function claimsOf(user: StaffUser, sessionId: string): StaffClaims {
  return {
    userId: user.id,
    sessionId,
    role: user.role,
    displayName: user.displayName,
    ...(user.hospital ? { hospital: user.hospital } : {}),
    ...(user.practitionerId ? { practitionerId: user.practitionerId } : {}),
  };
}

function principalOf(claims: StaffClaims): StaffPrincipal {
  return {
    kind: 'staff',
    userId: claims.userId,
    role: claims.role,
    sessionId: claims.sessionId,
    displayName: claims.displayName,
    ...(claims.hospital ? { hospital: claims.hospital } : {}),
    ...(claims.practitionerId ? { practitionerId: claims.practitionerId } : {}),
  };
}
