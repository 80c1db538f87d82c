import path from 'node:path';
import { repoPath } from './paths.js';

export type ProfileName = 'demo' | 'test' | 'bench';

/**
 * Where each local component listens and keeps its data. The demo and the test suite use
 * different ports and folders, so tests can run while the demo is up. Every value can be
 * overridden from the environment (see the README's configuration table).
 */
export interface StackConfig {
  profile: ProfileName;
  dataDir: string;
  /** When set, the runner uses this MongoDB and starts none of its own. */
  mongoUri: string | undefined;
  mongoPort: number;
  /** Which local MongoDB-wire server to run when no URI is given. */
  mongoProvider: 'ferretdb' | 'memory-server';
  ferretBackend: 'postgresql' | 'sqlite';
  postgresPort: number;
  /** When set, the runner uses this HAPI FHIR server and starts none of its own. */
  hapiUrl: string | undefined;
  hapiPort: number;
  hapiHeapMb: number;
  apiPort: number;
}

const DEFAULT_PORTS: Record<
  ProfileName,
  { mongo: number; postgres: number; hapi: number; api: number }
> = {
  demo: { mongo: 27027, postgres: 54329, hapi: 8090, api: 3000 },
  test: { mongo: 37027, postgres: 55329, hapi: 18090, api: 13000 },
  bench: { mongo: 47027, postgres: 56329, hapi: 28090, api: 23000 },
};

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`${name}=${value} is not a port number (1-65535)`);
  }
  return port;
}

export function stackConfig(
  profile: ProfileName,
  env: NodeJS.ProcessEnv = process.env,
): StackConfig {
  const ports = DEFAULT_PORTS[profile];
  const base = env.QN_DATA_DIR ? path.resolve(env.QN_DATA_DIR) : repoPath('.data');
  const backend = env.QN_FERRETDB_BACKEND ?? 'postgresql';
  if (backend !== 'postgresql' && backend !== 'sqlite') {
    throw new Error(`QN_FERRETDB_BACKEND=${backend}: use postgresql or sqlite`);
  }
  const provider = env.QN_MONGO_PROVIDER ?? 'ferretdb';
  if (provider !== 'ferretdb' && provider !== 'memory-server') {
    throw new Error(`QN_MONGO_PROVIDER=${provider}: use ferretdb or memory-server`);
  }
  // The test and bench profiles ignore the demo's port variables; they read QN_TEST_* / QN_BENCH_*.
  const prefix = { demo: 'QN_', test: 'QN_TEST_', bench: 'QN_BENCH_' }[profile];
  return {
    profile,
    dataDir: path.join(base, profile),
    mongoUri: (profile === 'demo' ? env.MONGODB_URI : env[`${prefix}MONGODB_URI`]) || undefined,
    mongoPort: portFrom(env, `${prefix}MONGO_PORT`, ports.mongo),
    mongoProvider: provider,
    ferretBackend: backend,
    postgresPort: portFrom(env, `${prefix}POSTGRES_PORT`, ports.postgres),
    hapiUrl: (profile === 'demo' ? env.HAPI_FHIR_URL : env[`${prefix}HAPI_FHIR_URL`]) || undefined,
    hapiPort: portFrom(env, `${prefix}HAPI_PORT`, ports.hapi),
    hapiHeapMb: Number(env.QN_HAPI_HEAP_MB ?? 1024),
    apiPort: portFrom(env, `${prefix}API_PORT`, ports.api),
  };
}
