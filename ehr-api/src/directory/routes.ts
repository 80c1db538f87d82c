import { Router } from 'express';
import type { DirectoryService } from './directory-service.js';

export function directoryRoutes(directory: DirectoryService): Router {
  const router = Router();
  router.get('/api/directory/hospitals', async (_req, res) => {
    res.json(await directory.hospitalSummaries());
  });
  router.get('/api/directory/departments', async (_req, res) => {
    res.json(await directory.departments());
  });
  // Public, like the two above: the directory page for everyone (`/co-so-kham-benh`) reads it.
  router.get('/api/directory/facilities', async (_req, res) => {
    res.json(await directory.facilities());
  });
  return router;
}
