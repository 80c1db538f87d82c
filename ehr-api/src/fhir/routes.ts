import express, { Router } from 'express';
import type { FhirResource } from 'fhir/r4.js';
import { badRequest } from '../errors/http-error.js';
import type { FhirStore } from './fhir-store.js';

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;

function checkType(type: string): string {
  if (!RESOURCE_TYPE.test(type)) throw badRequest(`"${type}" is not a FHIR resource type. Use a type name such as Patient or Organization.`);
  return type;
}

function checkId(id: string): string {
  if (!RESOURCE_ID.test(id)) throw badRequest(`"${id}" is not a valid FHIR id: use 1 to 64 letters, digits, "-" or ".".`);
  return id;
}

function checkBody(body: unknown, type: string, id?: string): FhirResource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Send one FHIR resource as a JSON object (Content-Type: application/fhir+json).');
  }
  const resource = body as { resourceType?: unknown; id?: unknown };
  if (resource.resourceType !== type) {
    throw badRequest(`The body's resourceType is ${JSON.stringify(resource.resourceType ?? null)}, but the URL says ${type}. Make them the same.`);
  }
  if (id !== undefined && resource.id !== id) {
    throw badRequest(`The body's id is ${JSON.stringify(resource.id ?? null)}, but the URL says ${id}. Make them the same.`);
  }
  return body as FhirResource;
}

function searchParams(query: Record<string, unknown>): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string') params[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) params[key] = value;
    else throw badRequest(`Search parameter "${key}" must be plain text.`);
  }
  return params;
}

/**
 * FHIR R4 facade over HAPI FHIR: read, search, create and update, answering in FHIR JSON with
 * HAPI's own OperationOutcome when HAPI refuses. Access control arrives with the access issue.
 */
export function fhirRoutes(store: FhirStore): Router {
  const router = Router();
  router.use('/fhir', express.json({ type: ['application/json', 'application/fhir+json'], limit: '2mb', strict: true }));
  const send = (res: express.Response, status: number, resource: unknown): void => {
    res.status(status).type('application/fhir+json; charset=utf-8').send(JSON.stringify(resource));
  };

  router.get('/fhir/:type', async (req, res) => {
    const type = checkType(req.params.type);
    send(res, 200, await store.search(type, searchParams(req.query)));
  });
  router.get('/fhir/:type/:id', async (req, res) => {
    const type = checkType(req.params.type);
    send(res, 200, await store.read(type as FhirResource['resourceType'], checkId(req.params.id)));
  });
  router.post('/fhir/:type', async (req, res) => {
    const type = checkType(req.params.type);
    const created = await store.create(checkBody(req.body, type));
    res.location(`/fhir/${type}/${created.id ?? ''}`);
    send(res, 201, created);
  });
  router.put('/fhir/:type/:id', async (req, res) => {
    const type = checkType(req.params.type);
    const id = checkId(req.params.id);
    const resource = checkBody(req.body, type, id) as FhirResource & { id: string };
    send(res, 200, await store.update(resource));
  });
  return router;
}
