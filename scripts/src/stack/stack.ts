import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StackConfig } from './config.js';
import { startFerretdb, ensureFerretdbBuilt } from './components/ferretdb.js';
import { startHapi, ensureHapiBuilt } from './components/hapi.js';
import { ensurePcscd } from './components/pcscd.js';
import { startMemoryServer } from './components/memory-server.js';
import { startPostgres } from './components/postgres.js';
import { info, step } from './progress.js';
import type { ManagedProcess } from './processes.js';

/** Connections each client of the stack's FerretDB may open (its driver's maxPoolSize). */
const MONGO_CLIENT_POOL = 40;

export interface RunningStack {
  mongoUri: string;
  hapiUrl: string;
  /** The processes this runner started, in start order. */
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

/** Builds what the stack needs, once; later runs find it built and skip. */
export async function buildStackTools(config: StackConfig): Promise<void> {
  if (!config.mongoUri && config.mongoProvider === 'ferretdb')
    await step('FerretDB binary (built once from the Go module proxy)', () =>
      ensureFerretdbBuilt(),
    );
  if (!config.hapiUrl)
    await step(
      'HAPI FHIR launcher (built once with Maven; the first build downloads for several minutes)',
      () => ensureHapiBuilt(path.join(config.dataDir, 'logs')),
      { heartbeatMs: 30_000 },
    );
}

/**
 * Starts the real components the system runs on: a MongoDB-wire server, HAPI FHIR and pcscd with
 * its virtual reader. A MONGODB_URI or HAPI_FHIR_URL from the environment replaces the local one.
 */
export async function startStack(
  config: StackConfig,
  options: { pcscd: boolean },
): Promise<RunningStack> {
  mkdirSync(config.dataDir, { recursive: true });
  const processes: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const child of [...processes].reverse()) await child.stop();
  };
  try {
    let mongoUri = config.mongoUri;
    if (mongoUri) {
      info(`MongoDB: using MONGODB_URI (${redact(mongoUri)})`);
    } else if (config.mongoProvider === 'memory-server') {
      const mongod = await step(
        `mongod from mongodb-memory-server on 127.0.0.1:${config.mongoPort}`,
        () => startMemoryServer({ dataDir: config.dataDir, port: config.mongoPort }),
      );
      processes.push(mongod.process);
      mongoUri = mongod.uri;
    } else {
      if (config.ferretBackend === 'postgresql') {
        processes.push(
          await step(`PostgreSQL on 127.0.0.1:${config.postgresPort} (FerretDB's backend)`, () =>
            startPostgres({ dataDir: config.dataDir, port: config.postgresPort }),
          ),
        );
      }
      processes.push(
        await step(`FerretDB (MongoDB wire protocol) on 127.0.0.1:${config.mongoPort}`, () =>
          startFerretdb({
            dataDir: config.dataDir,
            port: config.mongoPort,
            backend: config.ferretBackend,
            postgresPort: config.postgresPort,
          }),
        ),
      );
      // Each client keeps its pool below FerretDB's deadlock line (see FERRETDB_POSTGRES_CONNECTIONS).
      mongoUri = `mongodb://127.0.0.1:${config.mongoPort}/quangninh?maxPoolSize=${MONGO_CLIENT_POOL}`;
    }

    let hapiUrl = config.hapiUrl;
    if (hapiUrl) {
      info(`HAPI FHIR: using HAPI_FHIR_URL (${hapiUrl})`);
    } else {
      const hapi = await step(
        `HAPI FHIR on 127.0.0.1:${config.hapiPort} (H2 database in ${path.join(config.dataDir, 'hapi')})`,
        () =>
          startHapi({ dataDir: config.dataDir, port: config.hapiPort, heapMb: config.hapiHeapMb }),
        { heartbeatMs: 20_000 },
      );
      processes.push(hapi.process);
      hapiUrl = hapi.url;
    }

    if (options.pcscd) {
      const pcscd = await step('pcscd with the vsmartcard virtual readers', () =>
        ensurePcscd({ dataDir: config.dataDir }),
      );
      if (pcscd) processes.push(pcscd);
      else info('pcscd: already running, reused');
    }
    return { mongoUri, hapiUrl, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
