import { describe, expect, it } from '@jest/globals';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { createLogger } from '../logger.js';
import { openApiDocument } from '../openapi/document.js';

/**
 * Every route the Express app registers is in the OpenAPI document, and every documented operation
 * is served: the document is what schemathesis and client generators trust, so a route missing
 * from it is never fuzzed and a stale entry sends clients to a 404.
 */

/** Routes that are deliberately not in the document, each with the reason. */
const NOT_DOCUMENTED: Array<{ pattern: RegExp; reason: string }> = [
  {
    pattern: /^\/fhir(\/|$)/,
    reason:
      'the FHIR R4 facade speaks FHIR (OperationOutcome, CapabilityStatement), described by HAPI and fhir-profiles, not by this document',
  },
  {
    pattern: /^\/(vi|en)?(\/\{splat\})?$/,
    reason: 'the built booking-web app, served as static files when QN_WEB_ROOT is set',
  },
];

/**
 * Operations the app serves that their module's openapi.ts does not describe yet. Empty: every
 * operation is documented. An entry must come with its reason; the last test fails as soon as it
 * is documented, so the entry is removed then rather than left to hide a later gap.
 */
const KNOWN_GAPS: string[] = [];

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: RouterLayer[] };
  rawPath?: string | string[];
}

/** Every `METHOD /path` the app answers, in OpenAPI path syntax (`:id` → `{id}`, `*splat` → `{splat}`). */
function registeredOperations(app: Express): string[] {
  const found = new Set<string>();
  const walk = (stack: RouterLayer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (!on) continue;
            const full = `${prefix}${path}`.replace(/[:*](\w+)/g, '{$1}');
            found.add(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${full}`);
          }
        }
      } else if (layer.handle.stack) {
        const mount =
          typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, `${prefix}${mount}`);
      }
    }
  };
  const router = (app as unknown as { router: { stack: RouterLayer[] } }).router;
  walk(router.stack, '');
  return [...found].sort();
}

function documentedOperations(document: Record<string, unknown>): string[] {
  const paths = document.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/**
 * A stand-in for every service of the context: building the app only hands them to the routers,
 * which call them per request, so any property is a function that is never called here.
 */
function inertService(): unknown {
  const handler: ProxyHandler<() => void> = {
    get: (_target, property) => (property === 'then' ? undefined : inertService()),
    apply: () => undefined,
  };
  return new Proxy(() => undefined, handler);
}

function appWith(options: { oidc: boolean }): Express {
  const config = loadConfig({ QN_LOG_LEVEL: 'silent', QN_METRICS_TOKEN: 'a-metrics-token-of-16+' });
  const context = new Proxy(
    {
      config,
      logger: createLogger('silent'),
      mongo: mongoose.createConnection(),
      version: 'test',
      startedAt: new Date(),
      oidc: options.oidc ? inertService() : undefined,
    } as Partial<AppContext>,
    {
      get: (target, property: string) =>
        property in target ? target[property as keyof AppContext] : inertService(),
    },
  ) as AppContext;
  return createApp(context);
}

describe('the OpenAPI document', () => {
  for (const oidc of [false, true]) {
    describe(oidc ? 'with single sign-on' : 'without single sign-on', () => {
      const registered = registeredOperations(appWith({ oidc }));
      const documented = documentedOperations(openApiDocument('test', { oidc }));
      const servedHere = registered.filter(
        (operation) =>
          !NOT_DOCUMENTED.some(({ pattern }) => pattern.test(operation.split(' ')[1] ?? '')),
      );

      it('describes every route the app registers, outside the allow-list', () => {
        const missing = servedHere.filter(
          (operation) => !documented.includes(operation) && !KNOWN_GAPS.includes(operation),
        );
        expect(missing).toEqual([]);
      });

      it('describes no operation the app does not serve', () => {
        expect(documented.filter((operation) => !registered.includes(operation))).toEqual([]);
      });

      it('finds the routes of every module, so the walk itself is not blind', () => {
        expect(registered).toEqual(
          expect.arrayContaining([
            'POST /api/ingestion/jobs',
            'GET /api/identity/members/{hospital}/{mrn}/history',
            'POST /api/patients/{patientId}/record/break-glass',
            'POST /api/cards/{cardId}/replace',
            'GET /fhir/{type}/{id}',
            'GET /api/stations',
          ]),
        );
        expect(registered.includes('POST /api/auth/oidc/finish')).toBe(oidc);
      });

      it('still lacks each known gap, so a closed gap is taken off the list', () => {
        expect(KNOWN_GAPS.filter((operation) => documented.includes(operation))).toEqual([]);
        expect(KNOWN_GAPS.filter((operation) => !registered.includes(operation))).toEqual([]);
      });
    });
  }

  it('gives every operation an operationId, a 401 when it needs a token, and problem details for its 4xx answers', () => {
    const document = openApiDocument('test', { oidc: true });
    const paths = document.paths as Record<
      string,
      Record<
        string,
        {
          operationId?: string;
          security?: unknown[];
          responses: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
    const ids = new Set<string>();
    const problems: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        if (!operation.operationId) problems.push(`${name}: no operationId`);
        else if (ids.has(operation.operationId))
          problems.push(`${name}: operationId ${operation.operationId} used twice`);
        else ids.add(operation.operationId);
        const statuses = Object.keys(operation.responses);
        if (operation.security?.length && !statuses.includes('401'))
          problems.push(`${name}: needs a token but documents no 401`);
        for (const status of statuses.filter((s) => s.startsWith('4'))) {
          if (!operation.responses[status]?.content?.['application/problem+json'])
            problems.push(`${name}: ${status} is not problem+json`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
