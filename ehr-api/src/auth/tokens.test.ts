import { describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from 'jose';
import { parseSigningKeys, SigningKeyError, TokenError, TokenService, type StaffClaims } from './tokens.js';

const OLD = { kid: 'k2025', secret: 'o'.repeat(40) };
const NEW = { kid: 'k2026', secret: 'n'.repeat(40) };
const CLAIMS: StaffClaims = { userId: 'usr-1', sessionId: 'sid-1', role: 'doctor', displayName: 'BS. Nguyễn Văn Hùng', hospital: 'bv-bai-chay', practitionerId: 'bs-hoang-van-long' };

function service(keys = [NEW, OLD], now = new Date('2026-03-02T01:00:00Z'), ttlMs = 15 * 60_000): TokenService {
  return new TokenService({ keys, issuer: 'qn-ehr-api', audience: 'qn-staff', ttlMs, clock: () => now });
}

async function failure(promise: Promise<unknown>): Promise<TokenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenError) return error;
    throw error;
  }
  throw new Error('expected a TokenError');
}

describe('TokenService', () => {
  it('signs HS256 with the first key, names it in kid, and carries sub, role, hospital and sid', async () => {
    const { token, expiresAt } = await service().issue(CLAIMS);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k2026' });
    const payload = decodeJwt(token);
    expect(payload).toMatchObject({ sub: 'usr-1', sid: 'sid-1', role: 'doctor', hospital: 'bv-bai-chay', practitioner: 'bs-hoang-van-long', iss: 'qn-ehr-api', aud: 'qn-staff' });
    expect(payload.exp! - payload.iat!).toBe(15 * 60);
    expect(expiresAt.toISOString()).toBe('2026-03-02T01:15:00.000Z');
    await expect(service().verify(token)).resolves.toEqual(CLAIMS);
  });

  it('never lets a token outlive its session when the session ends sooner', async () => {
    const { expiresAt } = await service().issue(CLAIMS, new Date('2026-03-02T01:05:00Z'));
    expect(expiresAt.toISOString()).toBe('2026-03-02T01:05:00.000Z');
  });

  it('still accepts a token of the previous key while it is listed after the new one', async () => {
    const { token } = await service([OLD]).issue(CLAIMS);
    await expect(service([NEW, OLD]).verify(token)).resolves.toEqual(CLAIMS);
    expect((await failure(service([NEW]).verify(token))).message).toContain('kid');
  });

  it('says expired when the token is past its exp', async () => {
    const { token } = await service().issue(CLAIMS);
    const later = service(undefined, new Date('2026-03-02T01:16:00Z'));
    const error = await failure(later.verify(token));
    expect(error.reason).toBe('expired');
  });

  it('says invalid for a changed payload, another secret, alg none or another audience', async () => {
    const { token } = await service().issue(CLAIMS);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), role: 'admin' })).toString('base64url');
    expect((await failure(service().verify(`${header}.${forged}.${signature}`))).reason).toBe('invalid');

    const otherSecret = await new SignJWT({ sid: 's', role: 'admin', name: 'x' }).setProtectedHeader({ alg: 'HS256', kid: 'k2026' }).setSubject('usr-1').setIssuer('qn-ehr-api').setAudience('qn-staff').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(40)));
    expect((await failure(service(undefined, new Date()).verify(otherSecret))).message).toContain('signature');

    const unsecured = new UnsecuredJWT({ sid: 's', role: 'admin', name: 'x' }).setSubject('usr-1').setIssuer('qn-ehr-api').setAudience('qn-staff').setIssuedAt().setExpirationTime('5m').encode();
    expect((await failure(service(undefined, new Date()).verify(unsecured))).reason).toBe('invalid');

    const elsewhere = new TokenService({ keys: [NEW], issuer: 'qn-ehr-api', audience: 'another-app', ttlMs: 60_000 });
    const { token: foreign } = await elsewhere.issue(CLAIMS);
    expect((await failure(service(undefined, new Date()).verify(foreign))).message).toContain('"aud"');
  });

  it('says invalid for a signed token without the staff claims, and for garbage', async () => {
    const noRole = await new SignJWT({ sid: 's', name: 'x' }).setProtectedHeader({ alg: 'HS256', kid: 'k2026' }).setSubject('usr-1').setIssuer('qn-ehr-api').setAudience('qn-staff').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(NEW.secret));
    expect((await failure(service(undefined, new Date()).verify(noRole))).message).toContain('claims of a staff token');
    expect((await failure(service().verify('not.a.jwt'))).reason).toBe('invalid');
  });

  it('refuses to start without a key or with a short secret', () => {
    expect(() => service([])).toThrow(SigningKeyError);
    expect(() => service([{ kid: 'k', secret: 'short' }])).toThrow('at least 32 bytes');
  });
});

describe('parseSigningKeys', () => {
  it('reads kid:secret pairs, keeping colons inside secrets, first key first', () => {
    expect(parseSigningKeys(` a:${'x'.repeat(32)} , b:${'y:'.repeat(16)}`)).toEqual([
      { kid: 'a', secret: 'x'.repeat(32) },
      { kid: 'b', secret: 'y:'.repeat(16) },
    ]);
    expect(parseSigningKeys('')).toEqual([]);
  });

  it('names the key, never the secret, when a pair is wrong', () => {
    expect(() => parseSigningKeys(`${'s'.repeat(40)}`)).toThrow('kid:secret');
    expect(() => parseSigningKeys('weak:tooshortsecret')).toThrow('"weak" must be at least 32 bytes');
    expect(() => parseSigningKeys('weak:tooshortsecret')).not.toThrow('tooshortsecret');
    expect(() => parseSigningKeys(`a:${'x'.repeat(32)},a:${'y'.repeat(32)}`)).toThrow('same kid');
  });
});
