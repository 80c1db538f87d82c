import { Router } from 'express';
import type { SystemStatus } from '@qn/contracts';
import type { DeviceRegistry } from '../agents/device-registry.js';
import type { DirectoryService } from '../directory/directory-service.js';
import type { HealthMonitor } from '../health/health-monitor.js';

/** What every face's status page shows. Answers 200 even when components are down: it reports them. */
export function statusRoutes(deps: { monitor: HealthMonitor; registry: DeviceRegistry; directory: DirectoryService; version: string; startedAt: Date }): Router {
  const router = Router();
  router.get('/api/status', async (_req, res) => {
    const { monitor, registry, directory } = deps;
    const [agents, hospitals] = await Promise.all([
      monitor.isUp('mongodb') ? registry.presence(new Date()).catch(() => []) : Promise.resolve([]),
      monitor.isUp('hapi-fhir') ? directory.hospitalSummaries().catch(() => null) : Promise.resolve(null),
    ]);
    const status: SystemStatus = {
      service: 'ehr-api',
      version: deps.version,
      startedAt: deps.startedAt.toISOString(),
      readiness: monitor.readiness(),
      agents,
      hospitals,
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(status);
  });
  return router;
}
