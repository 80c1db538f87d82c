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
import { healthRoutes, requireUp } from './health/routes.js';
import { openApiDocument } from './openapi/document.js';
import { statusRoutes } from './status/routes.js';
import { staticWebRoutes } from './web/static-web.js';

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
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
    }),
  );
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }));

  app.use(healthRoutes(monitor));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument(context.version));
  });
  app.use(statusRoutes(context));
  app.use('/api/stations', requireUp(monitor, 'mongodb'));
  app.use(kioskRoutes({ kiosk: context.kiosk, displays: context.displays, scheduling: context.scheduling, monitor }));
  app.use(stationRoutes(context.registry));
  app.use('/api/directory', requireUp(monitor, 'hapi-fhir'));
  app.use(directoryRoutes(context.directory));
  app.use(schedulingRoutes(context.scheduling, monitor));
  app.use('/fhir', requireUp(monitor, 'hapi-fhir'));
  app.use(fhirRoutes(context.fhirStore));
  if (config.QN_WEB_ROOT) app.use(staticWebRoutes(config.QN_WEB_ROOT));

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
