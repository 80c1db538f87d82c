import * as client from 'openid-client';
import { Schema, type Connection, type Model } from 'mongoose';
import { badRequest, HttpError, serviceUnavailable } from '../errors/http-error.js';
import { isDuplicateKey } from '../scheduling/models.js';
import type { AuthService, SignInSuccess } from './auth-service.js';
import { forbidden } from './middleware.js';

/**
 * Optional sign-in through a province identity provider (OpenID Connect, authorization code with
 * PKCE, through openid-client). The provider proves who the person is; a link (issuer + subject →
 * staff user, made by an admin) says which staff account that is, so roles and hospitals stay ours.
 * After the code exchange the user gets the same session and token as a password sign-in.
 */

/** issuer + subject → staff user. `_id` = `<issuer>|<sub>`: unique, so one identity links to one user. */
export interface OidcLinkDocument {
  _id: string;
  issuer: string;
  subject: string;
  userId: string;
  createdAt: Date;
}

/** One started sign-in: what the callback must match. Deleted when used; `_id` = state. */
export interface OidcFlowDocument {
  _id: string;
  codeVerifier: string;
  nonce: string;
  createdAt: Date;
  expiresAt: Date;
}

const linkSchema = new Schema<OidcLinkDocument>(
  {
    _id: { type: String, required: true },
    issuer: { type: String, required: true },
    subject: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'staff_oidc_links', versionKey: false },
);
linkSchema.index({ userId: 1 });

const flowSchema = new Schema<OidcFlowDocument>(
  {
    _id: { type: String, required: true },
    codeVerifier: { type: String, required: true },
    nonce: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'staff_oidc_flows', versionKey: false },
);
flowSchema.index({ expiresAt: 1 });

export interface OidcModels {
  links: Model<OidcLinkDocument>;
  flows: Model<OidcFlowDocument>;
}

export function oidcModels(connection: Connection): OidcModels {
  return {
    links: (connection.models.StaffOidcLink as Model<OidcLinkDocument> | undefined) ?? connection.model<OidcLinkDocument>('StaffOidcLink', linkSchema),
    flows: (connection.models.StaffOidcFlow as Model<OidcFlowDocument> | undefined) ?? connection.model<OidcFlowDocument>('StaffOidcFlow', flowSchema),
  };
}

export interface OidcOptions {
  /** The identity provider's issuer URL (its discovery document is at /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: the web app's callback page. */
  redirectUri: string;
  scope?: string;
  /** How long a started sign-in may take. */
  flowTtlMs?: number;
  /** Allow an http:// provider (local tests only). */
  allowHttp?: boolean;
  clock?: () => Date;
}

export class OidcSignIn {
  private configuration: Promise<client.Configuration> | undefined;
  private readonly clock: () => Date;

  constructor(
    private readonly auth: AuthService,
    private readonly models: OidcModels,
    private readonly options: OidcOptions,
  ) {
    this.clock = options.clock ?? ((): Date => new Date());
  }

  /** Starts a sign-in: the provider URL to send the browser to. */
  async start(): Promise<{ authorizationUrl: string; expiresAt: Date }> {
    const config = await this.config();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + (this.options.flowTtlMs ?? 10 * 60_000));
    await this.models.flows.create({ _id: state, codeVerifier, nonce, createdAt: now, expiresAt });
    void this.models.flows.deleteMany({ expiresAt: { $lt: now } }).catch(() => undefined);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: this.options.scope ?? 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { authorizationUrl: url.href, expiresAt };
  }

  /**
   * Finishes a sign-in from the URL the provider sent the browser back to (only its query is
   * used). Each started sign-in finishes at most once.
   */
  async finish(callbackUrl: string, meta: { ip?: string; userAgent?: string } = {}): Promise<SignInSuccess> {
    let query: URLSearchParams;
    try {
      query = new URL(callbackUrl, this.options.redirectUri).searchParams;
    } catch {
      throw badRequest('callbackUrl: not a URL', { errors: [{ field: 'callbackUrl', message: 'not a URL' }] });
    }
    const state = query.get('state');
    const flow = state ? await this.models.flows.findOneAndDelete({ _id: state }).lean<OidcFlowDocument>() : null;
    if (!state || !flow || flow.expiresAt.getTime() < this.clock().getTime()) {
      throw badRequest('callbackUrl: this sign-in was not started here, was already used or took too long; start again.', { errors: [{ field: 'callbackUrl', message: 'unknown, used or expired state' }] });
    }
    const config = await this.config();
    const current = new URL(this.options.redirectUri);
    current.search = query.toString();
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.codeVerifier, expectedState: state, expectedNonce: flow.nonce, idTokenExpected: true });
      claims = tokens.claims();
    } catch (error) {
      // openid-client's AuthorizationResponseError carries the provider's own `error` (access_denied...).
      const { error: code, error_description: description } = error as { error?: unknown; error_description?: unknown };
      const said = [code, description].filter((part): part is string => typeof part === 'string').join(': ');
      const reason = said || (error instanceof Error ? error.message : String(error));
      throw new HttpError({ status: 401, code: 'oidc-failed', title: 'Unauthorized', detail: `The identity provider did not confirm this sign-in: ${reason}`, cause: error });
    }
    if (!claims) throw new HttpError({ status: 401, code: 'oidc-failed', title: 'Unauthorized', detail: 'The identity provider returned no ID token.' });
    const link = await this.models.links.findById(linkId(claims.iss, claims.sub)).lean<OidcLinkDocument>();
    const user = link ? await this.auth.users.findById(link.userId) : undefined;
    if (!user?.active) {
      throw forbidden('This identity is not linked to an active staff account here. Ask an administrator to link it.', { reason: 'oidc-unlinked' });
    }
    return this.auth.openSession(user, meta);
  }

  /** Links a provider identity to a staff user (an admin's act). 409 when the identity is linked already. */
  async link(userId: string, subject: string, issuer?: string): Promise<void> {
    const iss = issuer ?? (await this.config()).serverMetadata().issuer;
    if (!(await this.auth.users.findById(userId))) throw badRequest(`userId: there is no staff user ${userId}`, { errors: [{ field: 'userId', message: 'unknown' }] });
    try {
      await this.models.links.create({ _id: linkId(iss, subject), issuer: iss, subject, userId, createdAt: this.clock() });
    } catch (error) {
      if (isDuplicateKey(error)) throw new HttpError({ status: 409, code: 'oidc-already-linked', title: 'Already linked', detail: 'This identity is already linked to a staff user.' });
      throw error;
    }
  }

  /** Discovery once, retried on the next call after a failure. */
  private config(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(new URL(this.options.issuer), this.options.clientId, this.options.clientSecret, undefined, this.options.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw serviceUnavailable('oidc', `The identity provider ${this.options.issuer} cannot be reached, so single sign-on is unavailable; sign in with a password or try again later.`, error);
      });
    return this.configuration;
  }
}

function linkId(issuer: string, subject: string): string {
  return `${issuer}|${subject}`;
}
