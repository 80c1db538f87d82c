import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from '../paths.js';
import { StepError } from '../progress.js';
import {
  assertPortFree,
  portIsOpen,
  run,
  startProcess,
  waitUntil,
  type ManagedProcess,
} from '../processes.js';
import { POSTGRES_USER } from './postgres.js';

/**
 * FerretDB v1.24.1 (the version the brief names) is not served by the Go module proxy;
 * v1.24.0 is, and is the newest v1 (v2 needs PostgreSQL with Microsoft's DocumentDB extension).
 */
export const FERRETDB_VERSION = 'v1.24.0';
const MODULE = 'github.com/FerretDB/FerretDB';
const GO_HINT =
  'Install Go (`sudo apt-get install -y golang` or from your distribution) with access to the Go module proxy, or set MONGODB_URI to a MongoDB you run.';

export function ferretdbBinary(): string {
  return path.join(CACHE_DIR, 'ferretdb', FERRETDB_VERSION, 'ferretdb');
}

/** Builds FerretDB from the Go module proxy into the project cache, once. */
export async function ensureFerretdbBuilt(): Promise<string> {
  const binary = ferretdbBinary();
  if (existsSync(binary)) return binary;
  const workDir = path.join(CACHE_DIR, 'ferretdb', FERRETDB_VERSION);
  mkdirSync(workDir, { recursive: true });
  const downloaded = JSON.parse(
    await run('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], {
      cwd: workDir,
      env: { GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
      hint: GO_HINT,
    }),
  ) as { Dir?: string; Error?: string };
  if (!downloaded.Dir)
    throw new StepError(
      `go mod download of ${MODULE}@${FERRETDB_VERSION} failed: ${downloaded.Error ?? 'no folder'}`,
      GO_HINT,
    );
  // The module as published lacks build/version/version.txt, which FerretDB's own build generates
  // from git; without it the binary panics at start (FerretDB issue #2982). Build from a copy with it.
  const sourceDir = path.join(workDir, 'src');
  rmSync(sourceDir, { recursive: true, force: true });
  cpSync(downloaded.Dir, sourceDir, { recursive: true });
  // Module cache files are read-only; the copy must be writable to add the version file.
  execFileSync('chmod', ['-R', 'u+w', sourceDir]);
  writeFileSync(path.join(sourceDir, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  await run('go', ['build', '-trimpath', '-o', binary, './cmd/ferretdb'], {
    cwd: sourceDir,
    env: { GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
    hint: GO_HINT,
  });
  rmSync(sourceDir, { recursive: true, force: true });
  return binary;
}

/**
 * FerretDB's pool of PostgreSQL connections (its default is 50). An update holds one connection
 * and may wait for a second, so once as many updates run at once as the pool has connections,
 * they all wait on each other for ever: the booking benchmark hung with the driver's default pool
 * of 100. Kept at least twice the clients' pools together (see MONGO_CLIENT_POOL in stack.ts)
 * and below PostgreSQL's max_connections (200, see postgres.ts).
 */
export const FERRETDB_POSTGRES_CONNECTIONS = 180;

export async function startFerretdb(options: {
  dataDir: string;
  port: number;
  backend: 'postgresql' | 'sqlite';
  postgresPort: number;
}): Promise<ManagedProcess> {
  const binary = await ensureFerretdbBuilt();
  await assertPortFree(options.port, 'FerretDB (MongoDB wire protocol)', 'QN_MONGO_PORT');
  const stateDir = path.join(options.dataDir, 'ferretdb');
  mkdirSync(path.join(stateDir, 'sqlite'), { recursive: true });
  const args = [
    `--listen-addr=127.0.0.1:${options.port}`,
    `--handler=${options.backend}`,
    `--state-dir=${stateDir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
    options.backend === 'postgresql'
      ? `--postgresql-url=postgres://${POSTGRES_USER}@127.0.0.1:${options.postgresPort}/ferretdb?pool_max_conns=${FERRETDB_POSTGRES_CONNECTIONS}`
      : `--sqlite-url=file:${path.join(stateDir, 'sqlite')}/`,
  ];
  const ferretdb = startProcess({
    name: 'ferretdb',
    command: binary,
    args,
    logFile: path.join(options.dataDir, 'logs', 'ferretdb.log'),
  });
  await waitUntil('FerretDB', () => portIsOpen(options.port), {
    timeoutMs: 30_000,
    process: ferretdb,
    hint: 'See the FerretDB log; delete the cached binary under .cache/ferretdb to rebuild it.',
  });
  return ferretdb;
}
