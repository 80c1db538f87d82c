import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { OidcOptions } from './oidc.js';
import { parseSigningKeys, type SigningKey } from './tokens.js';

const milliseconds = z.coerce.number().int().positive();

/**
 * The settings of staff access and audit, as a zod shape to spread into the API's config schema
 * (config.ts), each with a default that runs locally with none of them set.
 */
export const accessConfigShape = {
  /**
   * Token signing keys, `kid:secret` pairs separated by commas; the first signs, all verify (to
   * rotate: put the new key first, drop the old one after QN_AUTH_TOKEN_TTL_MS). Secrets of at
   * least 32 bytes. Unset: a random key per process (tokens die on restart; fine locally, refused
   * in production).
   */
  QN_AUTH_JWT_KEYS: z.string().default(''),
  /** `iss` and `aud` of staff tokens. */
  QN_AUTH_ISSUER: z.string().min(1).default('qn-ehr-api'),
  QN_AUTH_AUDIENCE: z.string().min(1).default('qn-staff'),
  /** Lifetime of one access token. */
  QN_AUTH_TOKEN_TTL_MS: milliseconds.default(15 * 60_000),
  /** Hard end of one sign-in, however often its token is refreshed. */
  QN_AUTH_SESSION_MAX_MS: milliseconds.default(12 * 60 * 60_000),
  /** Lock a username after this many failed sign-ins within QN_AUTH_LOCKOUT_WINDOW_MS. */
  QN_AUTH_LOCKOUT_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  QN_AUTH_LOCKOUT_WINDOW_MS: milliseconds.default(15 * 60_000),
  /** Sign-in requests allowed per client address per window, across all API instances. */
  QN_AUTH_SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  QN_AUTH_SIGN_IN_RATE_WINDOW_MS: milliseconds.default(60_000),
  /**
   * Single sign-on through an OpenID Connect provider: set the issuer to turn it on (with the
   * client id and secret registered there, and the web app's callback page as redirect URI).
   */
  QN_OIDC_ISSUER: z.string().url().optional(),
  QN_OIDC_CLIENT_ID: z.string().default('qn-ehr-api'),
  QN_OIDC_CLIENT_SECRET: z.string().default(''),
  QN_OIDC_REDIRECT_URI: z.string().url().optional(),
  QN_OIDC_SCOPE: z.string().default('openid profile'),
  /** How often each instance sends pending audit records to HAPI FHIR as AuditEvents. */
  QN_AUDIT_PUBLISH_INTERVAL_MS: milliseconds.default(2000),
  /** Longest wait between two attempts to publish one audit record while HAPI refuses it. */
  QN_AUDIT_MAX_BACKOFF_MS: milliseconds.default(60_000),
};

export type AccessConfig = z.infer<z.ZodObject<typeof accessConfigShape>>;

/**
 * The signing keys to use. With none configured: in production an error (every instance must
 * share the keys, or tokens from one are refused by the others); elsewhere one random key for
 * this process, and `ephemeral` says so, for a warning.
 */
export function resolveSigningKeys(value: string, nodeEnv: string): { keys: SigningKey[]; ephemeral: boolean } {
  const keys = parseSigningKeys(value);
  if (keys.length > 0) return { keys, ephemeral: false };
  if (nodeEnv === 'production') throw new Error('QN_AUTH_JWT_KEYS is not set: in production every API instance needs the same token signing keys (kid:secret, secret of 32 bytes or more)');
  return { keys: [{ kid: `ephemeral-${randomBytes(3).toString('hex')}`, secret: randomBytes(32).toString('base64url') }], ephemeral: true };
}

/** OpenID Connect options from the settings, or undefined when QN_OIDC_ISSUER is not set. */
export function oidcOptionsFrom(config: Pick<AccessConfig, 'QN_OIDC_ISSUER' | 'QN_OIDC_CLIENT_ID' | 'QN_OIDC_CLIENT_SECRET' | 'QN_OIDC_REDIRECT_URI' | 'QN_OIDC_SCOPE'>): OidcOptions | undefined {
  if (!config.QN_OIDC_ISSUER) return undefined;
  const missing = [!config.QN_OIDC_REDIRECT_URI && 'QN_OIDC_REDIRECT_URI', !config.QN_OIDC_CLIENT_SECRET && 'QN_OIDC_CLIENT_SECRET'].filter(Boolean);
  if (missing.length > 0 || !config.QN_OIDC_REDIRECT_URI) throw new Error(`QN_OIDC_ISSUER is set, so ${missing.join(' and ')} must be set too`);
  return { issuer: config.QN_OIDC_ISSUER, clientId: config.QN_OIDC_CLIENT_ID, clientSecret: config.QN_OIDC_CLIENT_SECRET, redirectUri: config.QN_OIDC_REDIRECT_URI, scope: config.QN_OIDC_SCOPE };
}
