import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppContext } from './context.js';
import { stationRoutes } from './agents/routes.js';
import { directoryRoutes } from './directory/routes.js';
import { schedulingRoutes } from './scheduling/routes.js';
import { kioskRoutes } from './kiosk/routes.js';
import { errorHandler, notFoundHandler } from './errors/error-handler.js';
import { fhirRoutes } from './fhir/routes.js';
import { requestDeadline } from './hardening/request-deadline.js';
import { requestForLog } from './request-log.js';
import { fhirSchedulingRoutes } from './fhir/scheduling-operations.js';
import { healthRoutes, requireUp } from './health/routes.js';
import { openApiDocument } from './openapi/document.js';
import { statusRoutes } from './status/routes.js';
import { staticWebRoutes } from './web/static-web.js';
import { authenticate, type AuthenticateOptions } from './auth/middleware.js';
import { authRoutes } from './auth/routes.js';
import { clientAddressKey, rateLimit } from './auth/rate-limit.js';
import { auditDenials, useAudit } from './audit/audit-log.js';
import { auditRoutes } from './audit/routes.js';
import { ingestionRoutes } from './ingestion/routes.js';
import { recordRoutes } from './record/routes.js';
import { PatientSearch } from './record/patient-search.js';
import { identityRoutes } from './identity/routes.js';
import { cardRoutes } from './cards/routes.js';
import { sunLandingRoutes } from './cards/sun-landing.js';
import { PatientRegistration } from './record/patient-registration.js';
import { hashToken } from './kiosk/kiosk-service.js';
import { operationsRoutes } from './operations/routes.js';
import { feedbackRoutesFor } from './feedback/routes.js';
import type { Principal } from './auth/principal.js';

/** Builds the Express app without listening, so tests can drive it on any port. */
export function createApp(context: AppContext): Express {
  const { config, logger, monitor } = context;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.QN_TRUST_PROXY);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
      // No secret in the access log: a card's SUN message, a kiosk's display key (request-log.ts).
      serializers: { req: requestForLog },
    }),
  );
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }));

  app.use(healthRoutes(monitor));
  app.use(context.admission);
  app.use(requestDeadline(config.QN_REQUEST_DEADLINE_MS, logger));
  app.use(useAudit(context.audit));
  // One bearer scheme for everyone: staff JWTs, and the kiosk session tokens a card tap opens.
  const authnOptions: AuthenticateOptions = {
    otherTokens: async (token): Promise<Principal | undefined> => {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
      const session = await context.kiosk.touch(token).catch(() => undefined);
      return session
        ? {
            kind: 'patient',
            patientId: session.patientId,
            kioskSessionId: String(session._id),
            stationId: String(session._id),
          }
        : undefined;
    },
  };
  const authn = authenticate(context.auth, authnOptions);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument(context.version, { oidc: Boolean(context.oidc) }));
  });
  app.use(statusRoutes(context));
  app.use('/api/stations', requireUp(monitor, 'mongodb'));
  app.use(
    kioskRoutes({
      kiosk: context.kiosk,
      displays: context.displays,
      scheduling: context.scheduling,
      waitlist: context.waitlist,
      monitor,
      // Keyed by the session token's hash: a patient books a few visits, not a hospital's day.
      bookingLimit: rateLimit({
        hits: context.rateLimitHits,
        name: 'kiosk-booking',
        key: (req) => hashToken(req.get('authorization') ?? 'none'),
        limit: config.QN_KIOSK_BOOKING_LIMIT,
        windowMs: 10 * 60_000,
        logger,
        detail:
          'Ki-ốt này đã đặt nhiều lịch trong thời gian ngắn. Vui lòng đến quầy tiếp đón. (Too many bookings from this kiosk session.)',
      }),
    }),
  );
  app.use(stationRoutes(context.registry));
  app.use('/api/directory', requireUp(monitor, 'hapi-fhir'));
  app.use(directoryRoutes(context.directory));
  app.use(
    schedulingRoutes(
      context.scheduling,
      context.waitlist,
      monitor,
      authn,
      // Per member of staff: a desk books all day, but no script behind one account takes every seat.
      rateLimit({
        hits: context.rateLimitHits,
        name: 'staff-booking',
        key: (req) =>
          req.principal?.kind === 'staff' ? req.principal.userId : clientAddressKey(req),
        limit: config.QN_STAFF_BOOKING_LIMIT,
        windowMs: 60_000,
        logger,
      }),
    ),
  );
  app.use(
    [
      '/api/auth',
      '/api/audit',
      '/api/identity',
      '/api/ingestion',
      '/api/patients',
      '/api/kiosk/record',
      '/api/cards',
    ],
    requireUp(monitor, 'mongodb'),
  );
  app.use(
    authRoutes({
      auth: context.auth,
      authenticate: authn,
      signInLimit: rateLimit({
        hits: context.rateLimitHits,
        name: 'sign-in',
        key: clientAddressKey,
        limit: config.QN_AUTH_SIGN_IN_RATE_LIMIT,
        windowMs: config.QN_AUTH_SIGN_IN_RATE_WINDOW_MS,
        logger,
      }),
      ...(context.oidc ? { oidc: context.oidc } : {}),
    }),
  );
  app.use(auditRoutes({ audit: context.audit, authenticate: authn }));
  app.use(['/api/operations', '/metrics'], requireUp(monitor, 'mongodb'));
  app.use(
    operationsRoutes({
      operations: context.operations,
      authenticate: authn,
      admission: context.admission,
      ...(config.QN_METRICS_TOKEN ? { metricsToken: config.QN_METRICS_TOKEN } : {}),
      publicLimit: rateLimit({
        hits: context.rateLimitHits,
        name: 'operations-public',
        key: clientAddressKey,
        limit: 60,
        windowMs: 60_000,
        logger,
      }),
    }),
  );
  app.use(feedbackRoutesFor(context, authn));
  app.use(
    ['/api/ingestion', '/api/patients/:patientId/record', '/api/kiosk/record'],
    requireUp(monitor, 'hapi-fhir'),
  );
  app.use(
    ingestionRoutes(context.ingestion, context.adapters, authn, {
      maxUploadBytes: config.QN_INGEST_MAX_UPLOAD_BYTES,
    }),
  );
  app.use(
    recordRoutes({
      records: context.records,
      search: new PatientSearch(context.mongo, context.fhirStore),
      scheduling: context.scheduling,
      authenticate: authn,
      registration: new PatientRegistration(context.mongo, context.ingestion),
      consent: context.consent,
    }),
  );
  app.use(cardRoutes(context.cards, authn));
  app.use(sunLandingRoutes());
  app.use(
    identityRoutes({
      identity: context.identity,
      ingestion: context.ingestion,
      authenticate: authn,
    }),
  );
  app.use(fhirSchedulingRoutes(context, authn));
  app.use('/fhir', requireUp(monitor, 'hapi-fhir'));
  // The facade's reads ask HAPI while the staff session is checked (see fhirRoutes).
  app.use(
    fhirRoutes(
      context.fhirStore,
      authenticate(context.auth, { ...authnOptions, deferSessionCheck: true }),
      {
        ...(config.QN_PUBLIC_URL ? { publicUrl: config.QN_PUBLIC_URL } : {}),
        directoryCache: context.directoryCache,
      },
    ),
  );
  if (config.QN_WEB_ROOT) app.use(staticWebRoutes(config.QN_WEB_ROOT));

  app.use(notFoundHandler());
  app.use(auditDenials(logger));
  app.use(errorHandler(logger, (detail) => monitor.reportFailure('mongodb', detail)));
  return app;
}
