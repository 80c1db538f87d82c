import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoPath } from '../paths.js';
import { StepError } from '../progress.js';
import {
  assertPortFree,
  httpOk,
  run,
  startProcess,
  waitUntil,
  type ManagedProcess,
} from '../processes.js';

const LAUNCHER_DIR = repoPath('docker', 'hapi-fhir');
export const HAPI_JAR = path.join(LAUNCHER_DIR, 'target', 'hapi-fhir-launcher.jar');
export const IG_PACKAGE = repoPath('fhir-profiles', 'build', 'package.tgz');
const JAVA_HINT =
  'Install JDK 17 and Maven (`sudo apt-get install -y openjdk-17-jdk-headless maven`) with access to Maven Central, or set HAPI_FHIR_URL to a HAPI FHIR server you run.';

function newestChange(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds our HAPI FHIR launcher with Maven when the jar is missing or older than its sources. */
export async function ensureHapiBuilt(logDir: string): Promise<string> {
  const sourcesChanged = Math.max(
    statSync(path.join(LAUNCHER_DIR, 'pom.xml')).mtimeMs,
    newestChange(path.join(LAUNCHER_DIR, 'src', 'main')),
  );
  if (existsSync(HAPI_JAR) && statSync(HAPI_JAR).mtimeMs >= sourcesChanged) return HAPI_JAR;
  mkdirSync(logDir, { recursive: true });
  await run(
    'mvn',
    ['-q', '-B', '-f', path.join(LAUNCHER_DIR, 'pom.xml'), 'package', '-DskipTests'],
    { hint: JAVA_HINT, logFile: path.join(logDir, 'hapi-build.log') },
  );
  if (!existsSync(HAPI_JAR))
    throw new StepError(
      `Maven finished but ${HAPI_JAR} is missing`,
      'See docker/hapi-fhir/README.md.',
    );
  return HAPI_JAR;
}

export async function startHapi(options: {
  dataDir: string;
  port: number;
  heapMb: number;
}): Promise<{ process: ManagedProcess; url: string }> {
  const logDir = path.join(options.dataDir, 'logs');
  const jar = await ensureHapiBuilt(logDir);
  if (!existsSync(IG_PACKAGE)) {
    throw new StepError(
      `the FHIR profiles package ${IG_PACKAGE} is missing`,
      'Build it with `npm run build -w fhir-profiles`.',
    );
  }
  await assertPortFree(options.port, 'HAPI FHIR', 'QN_HAPI_PORT');
  const hapiDataDir = path.join(options.dataDir, 'hapi');
  mkdirSync(hapiDataDir, { recursive: true });
  const hapi = startProcess({
    name: 'hapi-fhir',
    command: 'java',
    // The full JIT: C1 alone started a second faster but left HAPI's validation of each booking
    // about a quarter slower once warm. GC pauses go to the log (a stall there explains a 503).
    args: [`-Xmx${options.heapMb}m`, '-XX:+UseSerialGC', '-Xlog:gc:stdout', '-jar', jar],
    env: {
      HAPI_BIND_ADDRESS: '127.0.0.1',
      HAPI_PORT: String(options.port),
      HAPI_DATA_DIR: hapiDataDir,
      HAPI_IG_PACKAGES: IG_PACKAGE,
    },
    logFile: path.join(logDir, 'hapi-fhir.log'),
  });
  const url = `http://127.0.0.1:${options.port}/fhir`;
  await waitUntil('HAPI FHIR', () => httpOk(`${url}/metadata`, 5000), {
    timeoutMs: Number(process.env.QN_HAPI_START_TIMEOUT_MS ?? 300_000),
    intervalMs: 1000,
    process: hapi,
    hint: `See the HAPI log; it needs about 1 GB of memory (QN_HAPI_HEAP_MB). To start from an empty database, delete ${hapiDataDir}.`,
  });
  return { process: hapi, url };
}
