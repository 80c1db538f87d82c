import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { isolatedMongoUri } from '../test-support/stack-env.js';
import { startAccessTestApp, TEST_AUDIENCE, TEST_ISSUER, type AccessTestApp } from './access-test-app.js';
import { TokenService } from './tokens.js';
import type { DemoPasswords } from './user-service.js';

/**
 * Staff sign-in, tokens, sessions, roles, lock-out and rate limits on the real FerretDB, through a
 * small Express app with the real routers and error handler. Two app instances share one database
 * where it matters (sign-out, rate limits), as two API instances would.
 */
const PASSWORDS: DemoPasswords = {
  receptionist: `le-tan-${randomBytes(6).toString('hex')}`,
  doctor: `bac-si-${randomBytes(6).toString('hex')}`,
  'hospital-it': `it-${randomBytes(6).toString('hex')}`,
  admin: `quan-tri-${randomBytes(6).toString('hex')}`,
};
// An hour-long fixed window, so the test does not straddle two windows by chance.
const LIMIT = { limit: 3, windowMs: 3_600_000 };
const RECORD = '/api/test/hospitals/bvdk-tinh-quang-ninh/patients/pt-auth-1/encounters/enc-1';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  reason?: string;
  requestId?: string;
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describe('staff sign-in and access control', () => {
  let a: AccessTestApp;
  let b: AccessTestApp;

  async function signIn(username: string, password: string, app: AccessTestApp = a): Promise<Response> {
    return fetch(`${app.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  }

  async function tokenFor(username: string, password: string): Promise<string> {
    const response = await signIn(username, password);
    expect(response.status).toBe(200);
    return (await json<{ accessToken: string }>(response)).accessToken;
  }

  function get(path: string, token?: string, app: AccessTestApp = a): Promise<Response> {
    return fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  }

  beforeAll(async () => {
    const mongoUri = isolatedMongoUri('auth');
    a = await startAccessTestApp({ mongoUri, rateLimit: LIMIT });
    b = await startAccessTestApp({ mongoUri, keys: a.keys, rateLimit: LIMIT });
    const first = await a.users.seedDemoUsers(PASSWORDS);
    expect(first.created).toHaveLength(10);
  }, 60_000);

  afterAll(async () => {
    await a?.mongo.dropDatabase().catch(() => undefined);
    await b?.stop();
    await a?.stop();
  });

  it('seeds the demo staff once: a second run creates nothing and keeps every password working', async () => {
    const again = await a.users.seedDemoUsers(PASSWORDS);
    expect(again.created).toEqual([]);
    expect(again.existing.sort()).toEqual(['admin', 'doctor.baichay', 'doctor.bvdk', 'doctor.sannhi', 'it.baichay', 'it.bvdk', 'it.sannhi', 'reception.baichay', 'reception.bvdk', 'reception.sannhi']);
    expect(await a.authModels.users.countDocuments()).toBe(10);
    const doctor = await a.users.findByUsername('doctor.bvdk');
    expect(doctor).toMatchObject({ role: 'doctor', hospital: 'bvdk-tinh-quang-ninh', practitionerId: 'bs-nguyen-van-hung', displayName: 'BS. Nguyễn Văn Hùng', active: true });
  });

  it('signs a doctor in with a 15-minute token carrying sub, role, hospital and sid, and /me answers', async () => {
    const before = Date.now();
    const response = await signIn('Doctor.BVDK', PASSWORDS.doctor);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await json<{ accessToken: string; tokenType: string; expiresAt: string; user: Record<string, unknown> }>(response);
    expect(body.tokenType).toBe('Bearer');
    expect(body.user).toMatchObject({ username: 'doctor.bvdk', role: 'doctor', hospital: 'bvdk-tinh-quang-ninh', practitionerId: 'bs-nguyen-van-hung' });
    expect(JSON.stringify(body.user)).not.toMatch(/passwordHash|argon2/);
    const expiresIn = Date.parse(body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(14 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000 + 1000);
    const claims = decodeJwt(body.accessToken);
    expect(claims).toMatchObject({ sub: body.user.id, role: 'doctor', hospital: 'bvdk-tinh-quang-ninh' });
    expect(typeof claims.sid).toBe('string');

    const me = await get('/api/auth/me', body.accessToken, b);
    expect(me.status).toBe(200);
    expect(await json<{ user: { username: string } }>(me)).toMatchObject({ user: { username: 'doctor.bvdk' } });
  });

  it('answers a wrong password and an unknown username with the same 401 problem', async () => {
    const wrong = await signIn('reception.bvdk', 'not the password');
    const unknown = await signIn('nobody.here', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    const [p1, p2] = [await json<Problem>(wrong), await json<Problem>(unknown)];
    const strip = ({ type, title, status, detail }: Problem): Partial<Problem> => ({ type, title, status, detail });
    expect(strip(p1)).toEqual(strip(p2));
    expect(p1.detail).toBe('Wrong username or password.');
  });

  it('refuses a sign-in body without a password with 400 naming the field', async () => {
    const response = await fetch(`${a.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin' }) });
    expect(response.status).toBe(400);
    expect(await json<{ errors: Array<{ field: string }> }>(response)).toMatchObject({ errors: [{ field: 'password' }] });
  });

  it('says in words whether the token is missing, invalid or expired', async () => {
    const missing = await get(RECORD);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await json<Problem>(missing)).toMatchObject({ reason: 'missing', detail: expect.stringContaining('No access token') });

    const token = await tokenFor('doctor.bvdk', PASSWORDS.doctor);
    const tampered = `${token.slice(0, -4)}AAAA`;
    const invalid = await get(RECORD, tampered);
    expect(invalid.status).toBe(401);
    expect(invalid.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await json<Problem>(invalid)).toMatchObject({ reason: 'invalid', detail: expect.stringContaining('not valid') });

    // The same keys and session, signed as if 20 minutes ago: a token that has run out.
    const claims = decodeJwt(token);
    const past = new TokenService({ keys: a.keys, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlMs: 15 * 60_000, clock: () => new Date(Date.now() - 20 * 60_000) });
    const { token: expired } = await past.issue({ userId: String(claims.sub), sessionId: String(claims.sid), role: 'doctor', displayName: 'x', hospital: 'bvdk-tinh-quang-ninh' });
    const response = await get(RECORD, expired);
    expect(response.status).toBe(401);
    expect(await json<Problem>(response)).toMatchObject({ reason: 'expired', type: '/problems/token-expired', detail: expect.stringContaining('expired') });
  });

  it('refuses a signed-out token on every instance at once', async () => {
    const token = await tokenFor('it.sannhi', PASSWORDS['hospital-it']);
    expect((await get('/api/auth/me', token, b)).status).toBe(200);
    const out = await fetch(`${a.url}/api/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(204);
    for (const app of [a, b]) {
      const me = await get('/api/auth/me', token, app);
      expect(me.status).toBe(401);
      expect(await json<Problem>(me)).toMatchObject({ reason: 'ended', detail: expect.stringContaining('signed out') });
    }
    // A new sign-in of the same user is a new session and works.
    expect((await get('/api/auth/me', await tokenFor('it.sannhi', PASSWORDS['hospital-it']))).status).toBe(200);
  });

  it('ends the sessions of a deactivated user, and refuses them a new sign-in with the usual 401', async () => {
    const token = await tokenFor('it.baichay', PASSWORDS['hospital-it']);
    const user = await a.users.findByUsername('it.baichay');
    await a.auth.deactivate(user!.id);
    const me = await get('/api/auth/me', token);
    expect(await json<Problem>(me)).toMatchObject({ status: 401, reason: 'ended', detail: expect.stringContaining('deactivated') });
    const again = await signIn('it.baichay', PASSWORDS['hospital-it']);
    expect(again.status).toBe(401);
    expect((await json<Problem>(again)).detail).toBe('Wrong username or password.');
  });

  it('gives a new token for an open session on refresh, and none after sign-out', async () => {
    const token = await tokenFor('reception.sannhi', PASSWORDS.receptionist);
    const refreshed = await fetch(`${a.url}/api/auth/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(refreshed.status).toBe(200);
    const next = (await json<{ accessToken: string }>(refreshed)).accessToken;
    expect(decodeJwt(next).sid).toBe(decodeJwt(token).sid);
    await fetch(`${a.url}/api/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${next}` } });
    const after = await fetch(`${a.url}/api/auth/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('answers 403 with problem details when the role is wrong', async () => {
    const token = await tokenFor('reception.bvdk', PASSWORDS.receptionist);
    const response = await get(RECORD, token);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await json<Problem & { requiredRoles: string[] }>(response)).toMatchObject({ type: '/problems/forbidden', reason: 'role', requiredRoles: ['doctor', 'admin'], detail: expect.stringContaining('receptionist') });
  });

  it("answers 403 to a doctor opening another hospital's record, and lets an admin in", async () => {
    const doctor = await tokenFor('doctor.baichay', PASSWORDS.doctor);
    const other = await get(RECORD, doctor);
    expect(other.status).toBe(403);
    expect(await json<Problem>(other)).toMatchObject({ reason: 'hospital', detail: expect.stringContaining('bvdk-tinh-quang-ninh') });
    const own = await get('/api/test/hospitals/bv-bai-chay/patients/pt-auth-1/encounters/enc-1', doctor);
    expect(own.status).toBe(200);
    const admin = await tokenFor('admin', PASSWORDS.admin);
    expect((await get(RECORD, admin)).status).toBe(200);
  });

  it('locks a username after 3 failures, even for the right password, with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('doctor.sannhi', `wrong-${i}`)).status).toBe(401);
    const locked = await signIn('doctor.sannhi', PASSWORDS.doctor);
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await json<Problem>(locked)).toMatchObject({ type: '/problems/sign-in-locked', detail: expect.stringContaining('Too many failed sign-ins') });
    // Other users are not affected.
    expect((await signIn('doctor.baichay', PASSWORDS.doctor)).status).toBe(200);
  });

  it('locks an unknown username the same way, so a lock tells nothing about who exists', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('ghost.user', `wrong-${i}`)).status).toBe(401);
    expect((await signIn('ghost.user', 'wrong-again')).status).toBe(429);
  });

  it('checks no more than 3 guesses in the window when 12 arrive at once on two instances', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn('reception.baichay', `guess-${i}`, i % 2 === 0 ? a : b)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // Refused guesses do not count; checked ones do: the window allows 3 checked guesses in all.
    const checked = statuses.filter((s) => s === 401).length;
    for (let i = checked; i < 3; i++) expect((await signIn('reception.baichay', `late-guess-${i}`)).status).toBe(401);
    expect((await signIn('reception.baichay', PASSWORDS.receptionist)).status).toBe(429);
  });

  it('counts rate-limited requests across two instances and answers the 4th with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (const app of [a, b, a]) statuses.push((await get('/api/test/limited', undefined, app)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await get('/api/test/limited', undefined, b);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(limited.headers.get('ratelimit')).toContain('r=0');
    expect(await json<Problem & { retryAfterSeconds: number }>(limited)).toMatchObject({ status: 429, type: '/problems/too-many-requests', retryAfterSeconds: retryAfter });
    // Counting stops just past the limit; every later request is still refused, on both instances.
    const later: number[] = [];
    for (const app of [a, b, a, b, a, b]) later.push((await get('/api/test/limited', undefined, app)).status);
    expect(later).toEqual([429, 429, 429, 429, 429, 429]);
  });
});
