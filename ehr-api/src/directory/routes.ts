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
  return router;
}
