import { Router } from 'express';
import type { DeviceRegistry } from './device-registry.js';

export function stationRoutes(registry: DeviceRegistry): Router {
  const router = Router();
  /** Card-reader stations and where each last stood: online, readers, last card event. */
  router.get('/api/stations', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await registry.presence(new Date()));
  });
  return router;
}
