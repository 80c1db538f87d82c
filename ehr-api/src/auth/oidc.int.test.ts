import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { decodeJwt, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { isolatedMongoUri } from '../test-support/stack-env.js';
import { startAccessTestApp, type AccessTestApp } from './access-test-app.js';
import type { DemoPasswords } from './user-service.js';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider, started here on a free
 * port): authorization code with PKCE, the ID token checked by openid-client, the subject mapped
 * to a staff user through an admin's link. The test walks the browser's redirects itself and
 * logs in whichever account `nextAccount` names.
 */
const SUFFIX = randomBytes(3).toString('hex');
const PASSWORDS: DemoPasswords = { receptionist: `le-tan-${SUFFIX}-x`, doctor: `bac-si-${SUFFIX}-x`, 'hospital-it': `it-${SUFFIX}-xxx`, admin: `quan-tri-${SUFFIX}` };
const CLIENT = { id: 'qn-ehr-api-it', secret: randomBytes(24).toString('base64url') };
const REDIRECT_URI = 'http://127.0.0.1:4999/dang-nhap/callback';

describe('OpenID Connect sign-in', () => {
  let idp: Server;
  let issuer: string;
  let app: AccessTestApp;
  let nextAccount = 'idp-doctor';

  /** Follows redirects like a browser with cookies, from the provider URL until it sends the browser back to us. */
  async function browse(start: string): Promise<string> {
    const jar = new Map<string, string>();
    let url = start;
    for (let hop = 0; hop < 12; hop++) {
      if (url.startsWith(REDIRECT_URI)) return url;
      const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const cookie of response.headers.getSetCookie()) {
        const pair = cookie.split(';')[0] ?? '';
        const eq = pair.indexOf('=');
        const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
        if (value) jar.set(name, value);
        else jar.delete(name);
      }
      const location = response.headers.get('location');
      if (!location) throw new Error(`no redirect from ${url}: ${response.status} ${await response.text()}`);
      url = new URL(location, url).href;
    }
    throw new Error('too many redirects');
  }

  async function startSignIn(): Promise<string> {
    const response = await fetch(`${app.url}/api/auth/oidc/start`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { authorizationUrl: string }).authorizationUrl;
  }

  function finish(callbackUrl: string): Promise<Response> {
    return fetch(`${app.url}/api/auth/oidc/finish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callbackUrl }) });
  }

  beforeAll(async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    idp = createServer();
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const address = idp.address();
    issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const provider = new Provider(issuer, {
      clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'] }],
      jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'it' }] },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      features: { devInteractions: { enabled: false } },
      ttl: { Session: 600, Grant: 600, Interaction: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    });
    const handle = provider.callback();
    idp.on('request', (req, res) => {
      if (!req.url?.startsWith('/interaction/')) {
        void handle(req, res);
        return;
      }
      // The provider's login and consent pages, answered at once for `nextAccount`.
      void (async () => {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          await provider.interactionFinished(req, res, { login: { accountId: nextAccount } }, { mergeWithLastSubmission: false });
          return;
        }
        const grant = new provider.Grant({ accountId: details.session?.accountId ?? nextAccount, clientId: String(details.params.client_id) });
        grant.addOIDCScope('openid profile');
        await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      })().catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });

    app = await startAccessTestApp({ mongoUri: isolatedMongoUri('oidc'), oidc: { issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUri: REDIRECT_URI, allowHttp: true } });
    await app.users.seedDemoUsers(PASSWORDS);
    const doctor = await app.users.findByUsername('doctor.sannhi');
    await app.oidc!.link(doctor!.id, 'idp-doctor');
  }, 60_000);

  afterAll(async () => {
    await app?.mongo.dropDatabase().catch(() => undefined);
    await app?.stop();
    await new Promise<void>((resolve) => {
      idp?.close(() => resolve());
      idp?.closeAllConnections();
    });
  });

  it("signs a linked identity in as its staff user, with the same token as a password sign-in", async () => {
    nextAccount = 'idp-doctor';
    const authorizationUrl = new URL(await startSignIn());
    expect(authorizationUrl.origin).toBe(issuer);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await browse(authorizationUrl.href);
    expect(new URL(callback).searchParams.get('code')).toBeTruthy();
    const response = await finish(callback);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { accessToken: string; user: { username: string } };
    expect(body.user.username).toBe('doctor.sannhi');
    expect(decodeJwt(body.accessToken)).toMatchObject({ role: 'doctor', hospital: 'bv-san-nhi-quang-ninh', practitioner: 'bs-le-thi-huong' });
    const me = await fetch(`${app.url}/api/auth/me`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.status).toBe(200);
  });

  it('answers 400 when the same callback is used twice', async () => {
    nextAccount = 'idp-doctor';
    const callback = await browse(await startSignIn());
    expect((await finish(callback)).status).toBe(200);
    const again = await finish(callback);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { detail: string }).detail).toContain('already used');
  });

  it('answers 400 to a callback whose state was never issued here', async () => {
    const callback = await browse(await startSignIn());
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-ours');
    expect((await finish(forged.href)).status).toBe(400);
  });

  it('refuses an identity that no admin linked with 403, and records the refusal', async () => {
    nextAccount = `stranger-${SUFFIX}`;
    const response = await finish(await browse(await startSignIn()));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { detail: string }).detail).toContain('not linked');
    const refused = await app.audit.search({ actions: ['sign-in'], outcome: 'denied', limit: 10 });
    expect(refused.events).toHaveLength(1);
    expect(refused.events[0]?.outcomeReason).toContain('not linked');
  });

  it('lets an admin link that identity, after which it signs in; a second link of it answers 409', async () => {
    nextAccount = `stranger-${SUFFIX}`;
    const admin = await fetch(`${app.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORDS.admin }) });
    const token = ((await admin.json()) as { accessToken: string }).accessToken;
    const reception = await app.users.findByUsername('reception.sannhi');
    const link = (userId: string): Promise<Response> =>
      fetch(`${app.url}/api/auth/oidc/links`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ userId, subject: nextAccount }) });
    expect((await link(reception!.id)).status).toBe(201);
    expect((await link(reception!.id)).status).toBe(409);
    const response = await finish(await browse(await startSignIn()));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: { username: string } }).user.username).toBe('reception.sannhi');
  });

  it('answers 401 when the provider reports an error instead of a code', async () => {
    const callback = new URL(REDIRECT_URI);
    const authorizationUrl = new URL(await startSignIn());
    callback.searchParams.set('error', 'access_denied');
    callback.searchParams.set('state', authorizationUrl.searchParams.get('state')!);
    callback.searchParams.set('iss', issuer);
    const response = await finish(callback.href);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { detail: string }).detail).toContain('access_denied');
  });
});
