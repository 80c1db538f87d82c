import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import { z } from 'zod';
import { HOSPITAL_CODES, type HospitalCode } from '../ingestion/model.js';
import { STAFF_ROLES, type StaffRole } from './user-model.js';

/**
 * Staff access tokens: short-lived HS256 JWTs signed with jose. Every token names its key (`kid`),
 * so keys rotate without signing anyone out: put the new key first (it signs), keep the old one
 * after it (it still verifies) until the longest token lifetime has passed, then drop it.
 */

export interface SigningKey {
  kid: string;
  secret: string;
}

/** What a staff token says about its holder. */
export interface StaffClaims {
  userId: string;
  sessionId: string;
  role: StaffRole;
  displayName: string;
  hospital?: HospitalCode;
  practitionerId?: string;
}

export type TokenFailure = 'expired' | 'invalid';

export class TokenError extends Error {
  constructor(
    readonly reason: TokenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export class SigningKeyError extends Error {}

const KID = /^[A-Za-z0-9._-]{1,32}$/;
/** HS256 needs a key at least as long as its hash (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

/** Reads `kid:secret,kid:secret`; the first key signs. Errors name the key, never the secret. */
export function parseSigningKeys(value: string): SigningKey[] {
  const keys = value
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const separator = pair.indexOf(':');
      const kid = separator > 0 ? pair.slice(0, separator) : '';
      const secret = separator > 0 ? pair.slice(separator + 1) : '';
      if (!KID.test(kid)) throw new SigningKeyError(`QN_AUTH_JWT_KEYS: each key must be written kid:secret, with a kid of 1 to 32 letters, digits, dots, dashes or underscores`);
      if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) throw new SigningKeyError(`QN_AUTH_JWT_KEYS: the secret of key "${kid}" must be at least ${MIN_SECRET_BYTES} bytes long`);
      return { kid, secret };
    });
  const kids = new Set(keys.map((k) => k.kid));
  if (kids.size !== keys.length) throw new SigningKeyError('QN_AUTH_JWT_KEYS: two keys have the same kid');
  return keys;
}

const payloadSchema = z.object({
  sub: z.string().min(1),
  sid: z.string().min(1),
  role: z.enum(STAFF_ROLES),
  name: z.string(),
  hospital: z.enum(HOSPITAL_CODES).optional(),
  practitioner: z.string().optional(),
});

export interface TokenOptions {
  /** First key signs; all verify. */
  keys: SigningKey[];
  issuer: string;
  audience: string;
  ttlMs: number;
  clock?: () => Date;
}

export class TokenService {
  private readonly keys: Map<string, Uint8Array>;
  private readonly signingKid: string;
  private readonly clock: () => Date;

  constructor(private readonly options: TokenOptions) {
    const first = options.keys[0];
    if (!first) throw new SigningKeyError('QN_AUTH_JWT_KEYS: at least one signing key is needed');
    for (const key of options.keys) {
      if (!KID.test(key.kid)) throw new SigningKeyError(`signing key id "${key.kid}" is not 1 to 32 letters, digits, dots, dashes or underscores`);
      if (Buffer.byteLength(key.secret, 'utf8') < MIN_SECRET_BYTES) throw new SigningKeyError(`the secret of key "${key.kid}" must be at least ${MIN_SECRET_BYTES} bytes long`);
    }
    this.keys = new Map(options.keys.map((key) => [key.kid, new TextEncoder().encode(key.secret)]));
    this.signingKid = first.kid;
    this.clock = options.clock ?? ((): Date => new Date());
  }

  /** Signs a token for these claims, valid for the configured lifetime but never past `notAfter`. */
  async issue(claims: StaffClaims, notAfter?: Date): Promise<{ token: string; expiresAt: Date }> {
    const now = this.clock();
    const iat = Math.floor(now.getTime() / 1000);
    let exp = Math.floor((now.getTime() + this.options.ttlMs) / 1000);
    if (notAfter) exp = Math.min(exp, Math.floor(notAfter.getTime() / 1000));
    const key = this.keys.get(this.signingKid) as Uint8Array;
    const token = await new SignJWT({
      sid: claims.sessionId,
      role: claims.role,
      name: claims.displayName,
      ...(claims.hospital ? { hospital: claims.hospital } : {}),
      ...(claims.practitionerId ? { practitioner: claims.practitionerId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: this.signingKid })
      .setSubject(claims.userId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a token this API signed and that has not expired; throws a TokenError saying why not. */
  async verify(token: string): Promise<StaffClaims> {
    let payload: unknown;
    try {
      const result = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: ['HS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        currentDate: this.clock(),
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      payload = result.payload;
    } catch (error) {
      throw toTokenError(error);
    }
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) throw new TokenError('invalid', 'the token does not carry the claims of a staff token');
    const claims = parsed.data;
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      role: claims.role,
      displayName: claims.name,
      ...(claims.hospital ? { hospital: claims.hospital } : {}),
      ...(claims.practitioner ? { practitionerId: claims.practitioner } : {}),
    };
  }

  private keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = header.kid ? this.keys.get(header.kid) : undefined;
    if (!key) throw new TokenError('invalid', 'the token was signed with a key this server does not know (kid)');
    return key;
  }
}

function toTokenError(error: unknown): TokenError {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JWTExpired) return new TokenError('expired', 'the token has expired');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenError('invalid', 'the token signature does not match');
  if (error instanceof errors.JWTClaimValidationFailed) return new TokenError('invalid', `the token's "${error.claim}" claim is not valid here`);
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenError('invalid', 'the token is not signed with HS256');
  return new TokenError('invalid', 'the token is not a well-formed signed JWT');
}
