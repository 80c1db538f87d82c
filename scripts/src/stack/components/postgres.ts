import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { StepError } from '../progress.js';
import {
  assertPortFree,
  portIsOpen,
  run,
  startProcess,
  waitUntil,
  type ManagedProcess,
} from '../processes.js';

const PG_BIN_CANDIDATES = [
  '/usr/lib/postgresql/17/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/15/bin',
];
const INSTALL_HINT =
  'Install PostgreSQL: `sudo apt-get install -y postgresql` (Debian/Ubuntu), or set QN_FERRETDB_BACKEND=sqlite, or point MONGODB_URI at a MongoDB you run.';

function postgresBin(name: string): string {
  for (const dir of PG_BIN_CANDIDATES) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new StepError(`PostgreSQL's ${name} was not found`, INSTALL_HINT);
}

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` system user. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function makeOwnedByPostgres(folder: string): void {
  mkdirSync(folder, { recursive: true });
  if (!isRoot) return;
  execFileSync('chown', ['-R', 'postgres:postgres', folder]);
  chmodSync(folder, 0o700);
  // The postgres user must be able to walk down to the folder.
  let parent = path.dirname(folder);
  while (parent !== path.dirname(parent)) {
    try {
      execFileSync('chmod', ['o+x', parent]);
    } catch {
      break;
    }
    parent = path.dirname(parent);
  }
}

export const POSTGRES_USER = 'qn';

/** A project-local PostgreSQL cluster on loopback: FerretDB's backend in the local stack. */
export async function startPostgres(options: {
  dataDir: string;
  port: number;
}): Promise<ManagedProcess> {
  const clusterDir = path.join(options.dataDir, 'postgres');
  const socketDir = path.join(options.dataDir, 'postgres-socket');
  makeOwnedByPostgres(socketDir);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    makeOwnedByPostgres(clusterDir);
    const [command, args] = asPostgresUser(postgresBin('initdb'), [
      '-D',
      clusterDir,
      '-U',
      POSTGRES_USER,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ]);
    await run(command, args, { hint: INSTALL_HINT });
  } else if (isRoot) {
    execFileSync('chown', ['-R', 'postgres:postgres', clusterDir]);
  }
  await assertPortFree(options.port, 'PostgreSQL (FerretDB backend)', 'QN_POSTGRES_PORT');
  const [command, args] = asPostgresUser(postgresBin('postgres'), [
    '-D',
    clusterDir,
    '-p',
    String(options.port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${socketDir}`,
    '-c',
    'max_connections=200',
    '-c',
    'fsync=on',
  ]);
  const postgres = startProcess({
    name: 'postgres',
    command,
    args,
    logFile: path.join(options.dataDir, 'logs', 'postgres.log'),
  });
  await waitUntil('PostgreSQL', () => portIsOpen(options.port), {
    timeoutMs: 30_000,
    process: postgres,
    hint: `See the log. ${INSTALL_HINT}`,
  });
  const connect = (database: string): string[] => [
    '-h',
    '127.0.0.1',
    '-p',
    String(options.port),
    '-U',
    POSTGRES_USER,
    '-d',
    database,
  ];
  const psql = (sql: string): Promise<string> =>
    run('psql', [...connect('postgres'), '-tAc', sql], { hint: INSTALL_HINT });
  // Accepting TCP connections comes a moment before accepting queries.
  await waitUntil('PostgreSQL queries', async () => (await psql('select 1')).trim() === '1', {
    timeoutMs: 30_000,
    process: postgres,
    hint: INSTALL_HINT,
  });
  const exists =
    (await psql("select 1 from pg_database where datname = 'ferretdb'")).trim() === '1';
  if (!exists) await psql('create database ferretdb');
  await run(
    'psql',
    [
      ...connect('ferretdb'),
      '-qAt',
      '-v',
      'ON_ERROR_STOP=1',
      '-f',
      fileURLToPath(new URL('ferretdb-gin-twins.sql', import.meta.url)),
    ],
    { hint: INSTALL_HINT },
  );
  return postgres;
}
