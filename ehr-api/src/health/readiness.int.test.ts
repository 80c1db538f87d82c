import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readiness } from '@qn/contracts';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { requiredEnv, testHapiUrl } from '../test-support/stack-env.js';
import { freePort, OwnFerretdb } from '../test-support/own-ferretdb.js';
import { TcpProxy } from '../test-support/tcp-proxy.js';

/**
 * Stops the database and HAPI FHIR under a running API and brings them back. The database is a
 * FerretDB process of this test's own, really killed and restarted; HAPI is the suite's shared
 * server, cut off behind a TCP proxy (restarting it would take a minute), which to the API is the
 * same as HAPI being stopped: connections refused, or accepted and never answered.
 */
async function readiness(url: string): Promise<{ status: number; body: Readiness; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/health/ready`);
  return {
    status: response.status,
    body: (await response.json()) as Readiness,
    ms: performance.now() - started,
  };
}

/** Polls readiness until `accept`; returns how long it took. */
async function timeUntil(
  url: string,
  accept: (r: Readiness) => boolean,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (accept((await readiness(url)).body)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `readiness did not change within ${timeoutMs} ms: ${JSON.stringify((await readiness(url)).body)}`,
  );
}

const component = (r: Readiness, name: string): string | undefined =>
  r.components.find((c) => c.name === name)?.status;

describe('readiness and fail-fast when the database or HAPI FHIR stops', () => {
  let server: RunningServer;
  let ferretdb: OwnFerretdb;
  let hapiProxy: TcpProxy;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'qn-ferretdb-'));
    ferretdb = new OwnFerretdb(requiredEnv('QN_TEST_FERRETDB_BIN'), await freePort(), stateDir);
    await ferretdb.start();
    const hapi = new URL(testHapiUrl());
    hapiProxy = new TcpProxy(hapi.hostname, Number(hapi.port));
    await hapiProxy.open();
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: `mongodb://127.0.0.1:${ferretdb.port}/readiness`,
        HAPI_FHIR_URL: `http://127.0.0.1:${hapiProxy.port}${hapi.pathname}`,
        QN_HAPI_TIMEOUT_MS: '2000',
        QN_LOG_LEVEL: 'silent',
      }),
    );
    await timeUntil(server.url, (r) => r.status === 'ready', 10_000);
  });

  afterAll(async () => {
    await server?.stop();
    await hapiProxy?.close();
    await ferretdb?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reports MongoDB down within 5 s of the database stopping, answers 503 at once, and recovers by itself', async () => {
    expect((await fetch(`${server.url}/api/stations`)).status).toBe(200);

    await ferretdb.stop();
    const detectedMs = await timeUntil(server.url, (r) => component(r, 'mongodb') === 'down', 5000);
    expect(detectedMs).toBeLessThan(5000);
    const ready = await readiness(server.url);
    expect(ready.status).toBe(503);
    expect(ready.body.components.find((c) => c.name === 'mongodb')?.detail).toContain(
      'MongoDB is not reachable',
    );
    expect(component(ready.body, 'hapi-fhir')).toBe('up');

    const started = performance.now();
    const refused = await fetch(`${server.url}/api/stations`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { detail: string }).detail).toMatch(
      /database \(MongoDB\) is not reachable/,
    );

    await ferretdb.start();
    await timeUntil(server.url, (r) => r.status === 'ready', 20_000);
    expect((await fetch(`${server.url}/api/stations`)).status).toBe(200);
  });

  it('reports HAPI FHIR down within 5 s of it becoming unreachable, answers 503 at once on /fhir and /api, and recovers by itself', async () => {
    expect((await fetch(`${server.url}/fhir/Organization?_count=1`)).status).toBe(200);

    await hapiProxy.close();
    const detectedMs = await timeUntil(
      server.url,
      (r) => component(r, 'hapi-fhir') === 'down',
      5000,
    );
    expect(detectedMs).toBeLessThan(5000);

    const started = performance.now();
    const fhir = await fetch(`${server.url}/fhir/Organization`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(fhir.status).toBe(503);
    const outcome = (await fhir.json()) as {
      resourceType: string;
      issue: Array<{ code: string; diagnostics: string }>;
    };
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]?.code).toBe('transient');
    expect(outcome.issue[0]?.diagnostics).toContain('HAPI FHIR');
    const api = await fetch(`${server.url}/api/directory/hospitals`);
    expect(api.status).toBe(503);
    expect(((await api.json()) as { component: string }).component).toBe('hapi-fhir');
    expect(component((await readiness(server.url)).body, 'mongodb')).toBe('up');

    await hapiProxy.open();
    await timeUntil(server.url, (r) => r.status === 'ready', 10_000);
    expect((await fetch(`${server.url}/fhir/Organization?_count=1`)).status).toBe(200);
  });

  it('gives up on a HAPI that accepts connections but never answers within its time-out, with a 503', async () => {
    hapiProxy.hang();
    try {
      const started = performance.now();
      const response = await fetch(`${server.url}/fhir/Organization`);
      const elapsed = performance.now() - started;
      expect(response.status).toBe(503);
      // QN_HAPI_TIMEOUT_MS is 2000 here (or the monitor saw it first and refused at once).
      expect(elapsed).toBeLessThan(3000);
      await timeUntil(server.url, (r) => component(r, 'hapi-fhir') === 'down', 5000);
    } finally {
      hapiProxy.forward();
    }
    await timeUntil(server.url, (r) => r.status === 'ready', 10_000);
  });
});
