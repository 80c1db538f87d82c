import { Router, type RequestHandler } from 'express';
import { serviceUnavailable, type HttpError } from '../errors/http-error.js';
import type { ComponentName, HealthMonitor } from './health-monitor.js';

const COMPONENT_WORDS: Record<ComponentName, string> = {
  mongodb:
    'The operational database (MongoDB) is not reachable, so this cannot be done right now. Try again in a minute; if it persists, ask IT to check the database service.',
  'hapi-fhir':
    'The clinical record server (HAPI FHIR) is not reachable, so this cannot be done right now. Try again in a minute; if it persists, ask IT to check the HAPI FHIR service.',
};

/** The 503 for work that needs a component which is not reachable. */
export function componentUnavailable(name: ComponentName, cause?: unknown): HttpError {
  return serviceUnavailable(name, COMPONENT_WORDS[name], cause);
}

/** Refuses at once, with 503, a request that needs a component the monitor last saw down. */
export function requireUp(monitor: HealthMonitor, ...components: ComponentName[]): RequestHandler {
  return (_req, _res, next) => {
    const down = components.find((name) => !monitor.isUp(name));
    next(down ? componentUnavailable(down) : undefined);
  };
}

export function healthRoutes(monitor: HealthMonitor): Router {
  const router = Router();
  // Liveness: the process answers. Orchestrators restart on this, so it never depends on other services.
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'alive' });
  });
  // Readiness: which components this instance can reach right now; 503 while any is down.
  router.get('/health/ready', (_req, res) => {
    const readiness = monitor.readiness();
    res.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
  });
  return router;
}
