import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { accessConfigShape, oidcOptionsFrom, resolveSigningKeys } from './config.js';
import { authPaths } from './openapi.js';
import { auditPaths } from '../audit/openapi.js';

describe('accessConfigShape', () => {
  it('runs with none of its variables set: 15-minute tokens, lock-out after 5 failures in 15 minutes', () => {
    const config = z.object(accessConfigShape).parse({});
    expect(config).toMatchObject({ QN_AUTH_JWT_KEYS: '', QN_AUTH_TOKEN_TTL_MS: 900_000, QN_AUTH_LOCKOUT_MAX_FAILURES: 5, QN_AUTH_LOCKOUT_WINDOW_MS: 900_000, QN_AUDIT_PUBLISH_INTERVAL_MS: 2000 });
  });

  it('refuses a zero or negative lifetime, naming the variable', () => {
    const parsed = z.object(accessConfigShape).safeParse({ QN_AUTH_TOKEN_TTL_MS: '0' });
    expect(parsed.error?.issues[0]?.path).toEqual(['QN_AUTH_TOKEN_TTL_MS']);
  });
});

describe('resolveSigningKeys', () => {
  it('uses the configured keys, first one signing', () => {
    expect(resolveSigningKeys(`b:${'x'.repeat(32)},a:${'y'.repeat(32)}`, 'production')).toEqual({ keys: [{ kid: 'b', secret: 'x'.repeat(32) }, { kid: 'a', secret: 'y'.repeat(32) }], ephemeral: false });
  });

  it('makes one random key outside production and refuses to run without keys in production', () => {
    const local = resolveSigningKeys('', 'development');
    expect(local.ephemeral).toBe(true);
    expect(Buffer.byteLength(local.keys[0]!.secret)).toBeGreaterThanOrEqual(32);
    expect(resolveSigningKeys('', 'development').keys[0]!.secret).not.toBe(local.keys[0]!.secret);
    expect(() => resolveSigningKeys('', 'production')).toThrow('QN_AUTH_JWT_KEYS is not set');
  });
});

describe('oidcOptionsFrom', () => {
  const base = z.object(accessConfigShape).parse({});

  it('leaves single sign-on off when no issuer is set', () => {
    expect(oidcOptionsFrom(base)).toBeUndefined();
  });

  it('names what is missing when the issuer is set alone, and builds the options when all are set', () => {
    expect(() => oidcOptionsFrom({ ...base, QN_OIDC_ISSUER: 'https://id.quangninh.gov.vn' })).toThrow('QN_OIDC_REDIRECT_URI and QN_OIDC_CLIENT_SECRET must be set');
    const options = oidcOptionsFrom({ ...base, QN_OIDC_ISSUER: 'https://id.quangninh.gov.vn', QN_OIDC_CLIENT_SECRET: 's', QN_OIDC_REDIRECT_URI: 'https://ehr.quangninh.gov.vn/dang-nhap/callback' });
    expect(options).toEqual({ issuer: 'https://id.quangninh.gov.vn', clientId: 'qn-ehr-api', clientSecret: 's', redirectUri: 'https://ehr.quangninh.gov.vn/dang-nhap/callback', scope: 'openid profile' });
  });
});

describe('OpenAPI paths', () => {
  it('describes sign-in, sign-out, refresh, me and the two audit operations', () => {
    expect(Object.keys(authPaths())).toEqual(['/api/auth/sign-in', '/api/auth/sign-out', '/api/auth/refresh', '/api/auth/me']);
    expect(Object.keys(auditPaths())).toEqual(['/api/audit/patients/{patientId}/access', '/api/audit/events']);
    expect(JSON.stringify(authPaths())).toContain('"password"');
    expect(Object.keys(authPaths({ oidc: true }))).toEqual(expect.arrayContaining(['/api/auth/oidc/start', '/api/auth/oidc/finish', '/api/auth/oidc/links']));
  });
});
