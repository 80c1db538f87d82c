import type express from 'express';
import { Router, type RequestHandler } from 'express';
import {
  afterSessionCheck,
  authProblem,
  forbidden,
  requireRole,
  sessionChecked,
} from '../auth/middleware.js';
import { auditAccess, auditTarget } from '../audit/audit-log.js';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { badRequest } from '../errors/http-error.js';
import type { FhirStore } from './fhir-store.js';
import { jsonBody } from '../hardening/json-body.js';
import { DIRECTORY_TYPES, type DirectoryCache } from './directory-cache.js';

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;

function checkType(type: string): string {
  if (!RESOURCE_TYPE.test(type))
    throw badRequest(
      `"${type}" is not a FHIR resource type. Use a type name such as Patient or Organization.`,
    );
  return type;
}

function checkId(id: string): string {
  if (!RESOURCE_ID.test(id))
    throw badRequest(`"${id}" is not a valid FHIR id: use 1 to 64 letters, digits, "-" or ".".`);
  return id;
}

function checkBody(body: unknown, type: string, id?: string): FhirResource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(
      'Send one FHIR resource as a JSON object (Content-Type: application/fhir+json).',
    );
  }
  const resource = body as { resourceType?: unknown; id?: unknown };
  if (resource.resourceType !== type) {
    throw badRequest(
      `The body's resourceType is ${JSON.stringify(resource.resourceType ?? null)}, but the URL says ${type}. Make them the same.`,
    );
  }
  if (id !== undefined && resource.id !== id) {
    throw badRequest(
      `The body's id is ${JSON.stringify(resource.id ?? null)}, but the URL says ${id}. Make them the same.`,
    );
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

/** The patient a request is about, when its URL or body says so (for the audit record). */
function patientIdsOf(
  type: string,
  id: string | undefined,
  query: Record<string, unknown>,
  body?: unknown,
): string[] {
  if (type === 'Patient' && id) return [id];
  const fromQuery = ['patient', 'subject', 'beneficiary']
    .map((name) => query[name])
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => value.split(','))
    .map((value) => value.replace(/^Patient\//, ''));
  if (type === 'Patient' && typeof query._id === 'string') fromQuery.push(...query._id.split(','));
  const resource = body as
    { subject?: { reference?: string }; patient?: { reference?: string } } | undefined;
  const fromBody = [resource?.subject?.reference, resource?.patient?.reference]
    .filter((r): r is string => r?.startsWith('Patient/') ?? false)
    .map((r) => r.slice(8));
  return [...new Set([...fromQuery, ...fromBody])];
}

/** The patients a page of search results is about (for the audit record). */
function patientIdsOfBundle(bundle: Bundle): string[] {
  const ids = (bundle.entry ?? []).flatMap((entry) =>
    entry.resource
      ? patientIdsOf(entry.resource.resourceType, entry.resource.id, {}, entry.resource)
      : [],
  );
  return [...new Set(ids)];
}

/**
 * The bundle with HAPI's address replaced by the facade's in its links and fullUrls, so that a
 * client pages and follows references through the facade (with its access checks and audit) and
 * never learns where HAPI lives. Written here: two fields, a prefix each.
 */
function rebased(bundle: Bundle, hapiBase: string, publicBase: string): Bundle {
  const swap = (url: string): string =>
    url === hapiBase || url.startsWith(`${hapiBase}/`) || url.startsWith(`${hapiBase}?`)
      ? publicBase + url.slice(hapiBase.length)
      : url;
  return {
    ...bundle,
    ...(bundle.link ? { link: bundle.link.map((link) => ({ ...link, url: swap(link.url) })) } : {}),
    ...(bundle.entry
      ? {
          entry: bundle.entry.map((entry) =>
            entry.fullUrl ? { ...entry, fullUrl: swap(entry.fullUrl) } : entry,
          ),
        }
      : {}),
  };
}

/** HAPI's paging parameters: a page of an earlier search, as the `next` link of its bundle says. */
function pageParams(query: Record<string, unknown>): Record<string, string | string[]> {
  const params = searchParams(query);
  if (typeof params._getpages !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(params._getpages))
    throw badRequest(
      "GET /fhir answers only the pages of an earlier search (`_getpages`, as in its bundle's `next` link). To search, name a resource type: GET /fhir/{type}?…",
    );
  return params;
}

export interface FhirRoutesOptions {
  /** Where clients reach the API (QN_PUBLIC_URL); the request's own host when unset. */
  publicUrl?: string;
  /** Answers to directory reads and searches, kept for a short time; without it, HAPI is asked each time. */
  directoryCache?: DirectoryCache;
}

/**
 * FHIR R4 facade over HAPI FHIR: read, search, create and update, answering in FHIR JSON with
 * HAPI's own OperationOutcome when HAPI refuses. The directory types are public to read. Everything
 * else (patients and their records) is for connected systems signed in as hospital IT or an
 * administrator, and every call is audited; doctors read records through
 * /api/patients/:id/record, where their treatment relationship is checked.
 */
export function fhirRoutes(
  store: FhirStore,
  authenticate: RequestHandler,
  options: FhirRoutesOptions = {},
): Router {
  const router = Router();
  const hapiBase = store.baseUrl.replace(/\/+$/, '');
  const publicBase = (req: express.Request): string =>
    options.publicUrl
      ? `${options.publicUrl.replace(/\/+$/, '')}/fhir`
      : `${req.protocol}://${req.get('host') ?? 'localhost'}/fhir`;
  const sendBundle = (req: express.Request, res: express.Response, bundle: Bundle): void => {
    send(res, 200, rebased(bundle, hapiBase, publicBase(req)));
  };
  router.use(
    '/fhir',
    jsonBody({ type: ['application/json', 'application/fhir+json'], limit: '2mb' }),
  );
  const send = (res: express.Response, status: number, resource: unknown): void => {
    res.status(status).type('application/fhir+json; charset=utf-8').send(JSON.stringify(resource));
  };
  const directoryOnly: RequestHandler = (req, _res, next) => {
    next(DIRECTORY_TYPES.has(String(req.params.type)) ? undefined : 'route');
  };

  /**
   * A directory answer, from the cache while it is fresh. The key holds the public base, as the
   * answer's links do, and the whole URL with its query as the client sent it.
   */
  const sendDirectory = async (
    req: express.Request,
    res: express.Response,
    load: (base: string) => Promise<unknown>,
  ): Promise<void> => {
    const base = publicBase(req);
    const json = async (): Promise<string> => JSON.stringify(await load(base));
    const { body, ageSeconds } = options.directoryCache
      ? await options.directoryCache.answer(`${base} ${req.originalUrl}`, json)
      : { body: await json(), ageSeconds: 0 };
    if (ageSeconds > 0) res.set('Age', String(ageSeconds));
    res.status(200).type('application/fhir+json; charset=utf-8').send(body);
  };

  router.get('/fhir/:type', directoryOnly, async (req, res) => {
    const type = checkType(String(req.params.type));
    const params = searchParams(req.query);
    await sendDirectory(req, res, async (base) =>
      rebased(await store.search(type, params), hapiBase, base),
    );
  });
  // A page of a directory search is public too; any other page needs the sign-in below.
  router.get('/fhir', async (req, res, next) => {
    if (req.get('authorization')) {
      next();
      return;
    }
    const page = await store.page(pageParams(req.query));
    if (!(page.entry ?? []).every((e) => DIRECTORY_TYPES.has(e.resource?.resourceType ?? '')))
      throw authProblem(res, 'missing');
    sendBundle(req, res, page);
  });
  router.get('/fhir/:type/:id', directoryOnly, async (req, res) => {
    const type = checkType(String(req.params.type)) as FhirResource['resourceType'];
    const id = checkId(String(req.params.id));
    await sendDirectory(req, res, () => store.read(type, id));
  });

  // Name what is being asked for before the access checks, so that a refusal is audited against it.
  router.use('/fhir', (req, _res, next) => {
    const [type = '', id] = req.path.split('/').filter(Boolean);
    const action =
      req.method === 'POST' ? 'create' : req.method === 'PUT' ? 'update' : id ? 'read' : 'search';
    auditTarget(req, {
      action,
      patientIds: patientIdsOf(type, id, req.query),
      resource: { type, ...(id ? { id } : { query: Object.keys(req.query).join(',') }) },
    });
    next();
  });
  router.use('/fhir', authenticate, requireRole('hospital-it', 'admin'));
  // `authenticate` may let a staff token through before its session is checked (the app passes
  // `deferSessionCheck`), so that a read asks HAPI meanwhile; reads answer through
  // afterSessionCheck. Anything that writes waits for the check before it starts.
  router.use('/fhir', (req, _res, next) => {
    if (req.method === 'GET') next();
    else sessionChecked(req).then(() => next(), next);
  });
  // A patient's consent to share decides who reads their record: only the patient (at a kiosk)
  // or the desk of a hospital holding their record changes it, through /api/…/consent.
  router.use('/fhir/Consent', (req, _res, next) => {
    next(
      req.method === 'GET'
        ? undefined
        : forbidden(
            "Consent is recorded through PUT /api/patients/{id}/consent (reception, from the patient's signed form) or by the patient at a kiosk, not written here.",
            { reason: 'consent' },
          ),
    );
  });

  router.get('/fhir/:type', async (req, res) => {
    const type = checkType(req.params.type);
    const params = searchParams(req.query);
    const bundle = await afterSessionCheck(req, store.search(type, params));
    await auditAccess(req, {
      action: 'search',
      patientIds: patientIdsOf(type, undefined, req.query),
      resource: { type, query: Object.keys(params).join(',') },
    });
    sendBundle(req, res, bundle);
  });
  router.get('/fhir', async (req, res) => {
    const params = pageParams(req.query);
    const page = await afterSessionCheck(req, store.page(params));
    await auditAccess(req, {
      action: 'search',
      patientIds: patientIdsOfBundle(page),
      resource: {
        type: page.entry?.[0]?.resource?.resourceType ?? 'Bundle',
        query: Object.keys(params).join(','),
      },
    });
    sendBundle(req, res, page);
  });
  router.get('/fhir/:type/:id', async (req, res) => {
    const type = checkType(req.params.type);
    const id = checkId(req.params.id);
    auditTarget(req, {
      action: 'read',
      patientIds: patientIdsOf(type, id, {}),
      resource: { type, id },
    });
    const resource = await afterSessionCheck(
      req,
      store.read(type as FhirResource['resourceType'], id),
    );
    await auditAccess(req, {
      action: 'read',
      patientIds: patientIdsOf(type, id, {}, resource),
      resource: { type, id },
    });
    send(res, 200, resource);
  });
  router.post('/fhir/:type', async (req, res) => {
    const type = checkType(req.params.type);
    const created = await store.create(checkBody(req.body, type));
    await auditAccess(req, {
      action: 'create',
      patientIds: patientIdsOf(type, created.id, {}, created),
      resource: { type, ...(created.id ? { id: created.id } : {}) },
    });
    res.location(`/fhir/${type}/${created.id ?? ''}`);
    send(res, 201, created);
  });
  router.put('/fhir/:type/:id', async (req, res) => {
    const type = checkType(req.params.type);
    const id = checkId(req.params.id);
    const resource = checkBody(req.body, type, id) as FhirResource & { id: string };
    const updated = await store.update(resource);
    await auditAccess(req, {
      action: 'update',
      patientIds: patientIdsOf(type, id, {}, updated),
      resource: { type, id },
    });
    send(res, 200, updated);
  });
  return router;
}
