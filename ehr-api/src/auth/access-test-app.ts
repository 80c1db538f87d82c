import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express, { type Express, type Request } from 'express';
import mongoose, { type Connection } from 'mongoose';
import { auditModels, type AuditModels } from '../audit/audit-model.js';
import { auditAccess, auditDenials, AuditLog, auditTarget, useAudit } from '../audit/audit-log.js';
import { auditRoutes } from '../audit/routes.js';
import { errorHandler, notFoundHandler } from '../errors/error-handler.js';
import { HOSPITAL_CODES, type HospitalCode } from '../ingestion/model.js';
import { createLogger } from '../logger.js';
import { AuthService, type AuthOptions } from './auth-service.js';
import { authenticate, requireRole, requireSameHospital } from './middleware.js';
import { OidcSignIn, oidcModels, type OidcOptions } from './oidc.js';
import type { PatientPrincipal } from './principal.js';
import { clientAddressKey, rateLimit, rateLimitHitModel } from './rate-limit.js';
import { authRoutes } from './routes.js';
import { TokenService, type SigningKey } from './tokens.js';
import { authModels, type AuthModels } from './user-model.js';
import { UserService } from './user-service.js';

/**
 * A small app for the integration tests of auth/ and audit/: the real routers, the real error
 * handler, and dummy protected routes, on one MongoDB database. Test support only.
 */
export interface AccessTestApp {
  url: string;
  mongo: Connection;
  users: UserService;
  auth: AuthService;
  audit: AuditLog;
  auditModels: AuditModels;
  authModels: AuthModels;
  keys: SigningKey[];
  /** Kiosk-like tokens the test hands out: token → patient principal. */
  kioskTokens: Map<string, PatientPrincipal>;
  oidc?: OidcSignIn;
  stop(): Promise<void>;
}

export const TEST_ISSUER = 'qn-ehr-api';
export const TEST_AUDIENCE = 'qn-staff';

export async function startAccessTestApp(options: {
  mongoUri: string;
  keys?: SigningKey[];
  auth?: Partial<AuthOptions>;
  ttlMs?: number;
  rateLimit?: { limit: number; windowMs: number };
  signInLimit?: { limit: number; windowMs: number };
  oidc?: OidcOptions;
}): Promise<AccessTestApp> {
  const logger = createLogger(process.env.QN_TEST_LOG_LEVEL ?? 'silent');
  const mongo = await mongoose.createConnection(options.mongoUri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  const keys = options.keys ?? [{ kid: 'it-1', secret: randomBytes(32).toString('base64url') }];
  const models = authModels(mongo);
  const users = new UserService(models);
  await users.ready();
  const tokens = new TokenService({ keys, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlMs: options.ttlMs ?? 15 * 60_000 });
  const auth = new AuthService(users, models, tokens, { sessionMaxMs: 12 * 3600_000, lockout: { maxFailures: 3, windowMs: 15 * 60_000 }, ...options.auth });
  const aModels = auditModels(mongo);
  const audit = new AuditLog(aModels);
  await audit.ready();
  const hits = rateLimitHitModel(mongo);
  await hits.createIndexes();
  const kioskTokens = new Map<string, PatientPrincipal>();
  const authn = authenticate(auth, { otherTokens: (token) => Promise.resolve(kioskTokens.get(token)) });

  const oidc = options.oidc ? new OidcSignIn(auth, oidcModels(mongo), options.oidc) : undefined;

  const app: Express = express();
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    req.id = randomUUID();
    res.setHeader('X-Request-Id', String(req.id));
    next();
  });
  app.use(useAudit(audit));
  const signIn = options.signInLimit;
  app.use(authRoutes({ auth, authenticate: authn, ...(oidc ? { oidc } : {}), ...(signIn ? { signInLimit: rateLimit({ hits, name: 'sign-in', key: clientAddressKey, ...signIn }) } : {}) }));
  app.use(auditRoutes({ audit, authenticate: authn }));

  const hospitalParam = (req: Request): HospitalCode | undefined => {
    const value = req.params.hospital;
    return HOSPITAL_CODES.find((code) => code === value);
  };
  // A stand-in for a clinical read: doctors (and admins) of the record's hospital only, audited.
  app.get(
    '/api/test/hospitals/:hospital/patients/:patientId/encounters/:encounterId',
    authn,
    (req, _res, next) => {
      auditTarget(req, { action: 'read', patientIds: [String(req.params.patientId)], resource: { type: 'Encounter', id: String(req.params.encounterId) } });
      next();
    },
    requireRole('doctor', 'admin'),
    requireSameHospital(hospitalParam),
    async (req, res) => {
      await auditAccess(req, { action: 'read', patientIds: [String(req.params.patientId)], resource: { type: 'Encounter', id: String(req.params.encounterId) } });
      res.json({ encounterId: req.params.encounterId, principal: req.principal });
    },
  );
  const limit = options.rateLimit ?? { limit: 3, windowMs: 60_000 };
  app.get('/api/test/limited', rateLimit({ hits, name: 'it-limited', key: clientAddressKey, ...limit }), (_req, res) => {
    res.json({ ok: true });
  });
  app.use(notFoundHandler());
  app.use(auditDenials(logger));
  app.use(errorHandler(logger));

  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    mongo,
    users,
    auth,
    audit,
    auditModels: aModels,
    authModels: models,
    keys,
    kioskTokens,
    ...(oidc ? { oidc } : {}),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await mongo.close();
    },
  };
}
