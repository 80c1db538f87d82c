import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import {
  kioskUrl,
  localSecrets,
  localSecretsFile,
  startAgent,
  startApi,
  systemApiEnv,
} from './stack/app-processes.js';
import { buildWorkspaces } from './stack/builds.js';
import { ferretdbBinary } from './stack/components/ferretdb.js';
import { VPCD_PORTS, VPCD_READERS } from './stack/components/pcscd.js';
import { stackConfig } from './stack/config.js';
import { REPO_ROOT, repoPath } from './stack/paths.js';
import { formatDuration, reportFailure, step } from './stack/progress.js';
import { run, type ManagedProcess } from './stack/processes.js';
import { buildStackTools, startStack, type RunningStack } from './stack/stack.js';
import {
  readJestResult,
  readJunitResult,
  readKarmaResult,
  summarise,
  type SuiteResult,
} from './stack/test-results.js';

/**
 * `./dev test`: every suite, against the real stack. Unit tests and the Angular specs first, then
 * the stack (FerretDB on PostgreSQL, HAPI FHIR, pcscd with the virtual reader) for the integration
 * tests, then the whole system for the browser tests. Ends with `Total: N passed, N failed`.
 */
const RESULTS_DIR = repoPath('.test-results');

async function jestProjects(): Promise<string[]> {
  const config = (await import(repoPath('jest.config.js'))) as {
    default: { projects: Array<{ displayName?: string }> };
  };
  return config.default.projects.map((p) => p.displayName ?? '').filter(Boolean);
}

async function runJest(
  suite: string,
  projects: string[],
  env: NodeJS.ProcessEnv,
  options: { inBand: boolean },
): Promise<SuiteResult> {
  if (projects.length === 0)
    return { suite, passed: 0, failed: 0, skipped: 0, error: 'no test projects found' };
  const outputFile = path.join(RESULTS_DIR, `${suite.replace(/\W+/g, '-')}.json`);
  rmSync(outputFile, { force: true });
  const args = [
    '--experimental-vm-modules',
    repoPath('node_modules', 'jest', 'bin', 'jest.js'),
    '--config',
    repoPath('jest.config.js'),
    '--selectProjects',
    ...projects,
    '--json',
    `--outputFile=${outputFile}`,
    '--ci',
  ];
  // The stack-bound suites hold native PC/SC handles (nfc-pcsc never releases pcsclite), so Jest is
  // told to exit once every result is written instead of waiting on them.
  // Their tests wait on real servers, a browser and pcscd's polling: give them time (Jest's timeout
  // is global, so a per-project testTimeout would be ignored).
  if (options.inBand) args.push('--runInBand', '--forceExit', '--testTimeout=60000');
  await step(`${suite} (${projects.join(', ')})`, () => runVisible(process.execPath, args, env), {
    heartbeatMs: 60_000,
  });
  return readJestResult(suite, outputFile);
}

/**
 * Runs a test runner with its output on our console; a failing exit code is read from its results
 * instead. With `quiet`, the output also goes to `quiet.logFile` in full, and the console gets every
 * line but those `quiet.hide` matches.
 */
function runVisible(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  quiet?: { logFile: string; hide: RegExp },
): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
    });
    const log = quiet && createWriteStream(quiet.logFile);
    for (const stream of [child.stdout, child.stderr]) {
      if (!quiet || !log || !stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        log.write(`${line}\n`);
        if (!quiet.hide.test(line.trim())) console.log(line);
      });
    }
    const finish = (code: number): void => {
      if (log) log.end(() => resolve(code));
      else resolve(code);
    };
    child.once('close', (code) => finish(code ?? 1));
    child.once('error', () => finish(1));
  });
}

/**
 * Schemathesis closes with pytest's banner ("==== 3 warnings in 107.01s ===="), which CI reads as
 * pytest ending on no test run: the console leaves those lines out, and our own summary line
 * closes the suite as before.
 */
const PYTEST_BANNER = /^=+ .* =+$/;

async function main(): Promise<number> {
  const started = Date.now();
  const config = stackConfig('test');
  const logDir = path.join(config.dataDir, 'logs');
  mkdirSync(RESULTS_DIR, { recursive: true });
  const results: SuiteResult[] = [];
  console.log(`Quang Ninh health system: running every test (stack data in ${config.dataDir})\n`);

  await buildWorkspaces(logDir);
  await buildStackTools(config);

  const typecheck = await step('type check (tsc --noEmit, every workspace)', () =>
    run('npm', ['run', 'typecheck', '--workspaces', '--if-present'], {
      hint: 'Run `npm run typecheck` to see every error.',
    }).then(
      () => ({ suite: 'type check', passed: 1, failed: 0, skipped: 0 }),
      (error: unknown) => {
        reportFailure(error);
        return { suite: 'type check', passed: 0, failed: 1, skipped: 0 };
      },
    ),
  );
  results.push(typecheck);
  results.push(
    await step('lint (ESLint, type-aware, every Node workspace)', () =>
      run('npx', ['eslint', '.'], { hint: 'Run `npx eslint .` to see every problem.' }).then(
        () => ({ suite: 'lint', passed: 1, failed: 0, skipped: 0 }),
        (error: unknown) => {
          reportFailure(error);
          return { suite: 'lint', passed: 0, failed: 1, skipped: 0 };
        },
      ),
    ),
  );

  const projects = await jestProjects();
  const unitProjects = projects.filter((name) => !name.includes(':'));
  const intProjects = projects.filter((name) => name.endsWith(':int'));
  const e2eProjects = projects.filter((name) => name.endsWith(':e2e'));

  results.push(await runJest('unit tests', unitProjects, {}, { inBand: false }));

  const karmaFile = repoPath('booking-web', '.test-results', 'karma.json');
  rmSync(karmaFile, { force: true });
  await step(
    'Angular specs (Karma in Chromium)',
    () =>
      runVisible('npm', ['test', '-w', 'booking-web'], {
        CHROME_BIN: process.env.CHROME_BIN ?? '/usr/bin/chromium',
      }),
    { heartbeatMs: 60_000 },
  );
  results.push(readKarmaResult('Angular specs (Karma)', karmaFile));

  let stack: RunningStack | undefined;
  const apps: ManagedProcess[] = [];
  const stopAll = async (): Promise<void> => {
    for (const app of apps.splice(0).reverse()) await app.stop();
    await stack?.stop();
    stack = undefined;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: stopping the test stack…`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  try {
    try {
      stack = await startStack(config, { pcscd: true });
    } catch (error) {
      reportFailure(error);
      results.push({
        suite: 'integration tests',
        passed: 0,
        failed: 0,
        skipped: 0,
        error: 'the stack did not start (see above)',
      });
      results.push({
        suite: 'end-to-end tests',
        passed: 0,
        failed: 0,
        skipped: 0,
        error: 'the stack did not start (see above)',
      });
      return finish(results, started);
    }

    const stackEnv: NodeJS.ProcessEnv = {
      QN_TEST_MONGODB_URI: stack.mongoUri,
      QN_TEST_HAPI_FHIR_URL: stack.hapiUrl,
      HAPI_FHIR_URL: stack.hapiUrl,
      QN_TEST_FERRETDB_BIN: config.mongoUri ? '' : ferretdbBinary(),
      QN_TEST_POSTGRES_PORT: String(config.postgresPort),
      QN_TEST_FERRETDB_BACKEND: config.ferretBackend,
      QN_TEST_DATA_DIR: config.dataDir,
      QN_VPCD_PORTS: VPCD_PORTS.join(','),
    };
    results.push(await runJest('integration tests', intProjects, stackEnv, { inBand: true }));

    const secrets = localSecrets(config.dataDir);
    const env = {
      ...systemApiEnv(config.apiPort, stack, secrets),
      // The fuzzing run signs in and books far more than one person could; the limits themselves
      // are tested in the integration suite.
      QN_AUTH_SIGN_IN_RATE_LIMIT: '100000',
      QN_STAFF_BOOKING_LIMIT: '100000',
    };
    try {
      const api = await step(`ehr-api with the web app on 127.0.0.1:${config.apiPort}`, () =>
        startApi({ dataDir: config.dataDir, env, port: config.apiPort }),
      );
      apps.push(api.process);
      await step(
        "demo data into the test stack (directory, the hospitals' exports through ingestion, cards, staff)",
        () =>
          run(process.execPath, [repoPath('ehr-api', 'dist', 'cli.js'), 'seed-demo'], {
            env,
            hint: 'See the seed output above.',
          }),
      );
      // One agent per virtual reader, as at a real site (and as `./dev start` runs them): the
      // kiosk's taps on reader 0, the reception desk's reader 1 where blank cards are issued. An
      // agent on every reader would report a card lying on the desk as a kiosk tap.
      const [kiosk, desk] = secrets.stations;
      if (kiosk)
        apps.push(
          startAgent({
            dataDir: config.dataDir,
            apiUrl: api.url,
            station: kiosk,
            reader: VPCD_READERS[0],
          }),
        );
      if (desk)
        apps.push(
          startAgent({
            dataDir: config.dataDir,
            apiUrl: api.url,
            station: desk,
            reader: VPCD_READERS[1],
          }),
        );
      results.push(
        await runJest(
          'end-to-end tests',
          e2eProjects,
          {
            ...stackEnv,
            QN_E2E_BASE_URL: api.url,
            QN_E2E_STATION_ID: kiosk?.deviceId ?? '',
            QN_E2E_DESK_STATION_ID: desk?.deviceId ?? '',
            QN_E2E_KIOSK_URL: kiosk ? kioskUrl(api.url, kiosk) : '',
            QN_E2E_SECRETS_FILE: localSecretsFile(config.dataDir),
            CHROME_BIN: process.env.CHROME_BIN ?? '/usr/bin/chromium',
          },
          { inBand: true },
        ),
      );
      results.push(await fuzzApi(api.url, localSecretsFile(config.dataDir), config));
    } catch (error) {
      reportFailure(error);
      results.push({
        suite: 'end-to-end tests',
        passed: 0,
        failed: 0,
        skipped: 0,
        error: 'the system did not start (see above)',
      });
    }
  } finally {
    await stopAll();
  }
  return finish(results, started);
}

/**
 * Schemathesis against the running system's OpenAPI document (its short run: 50 cases per
 * operation and phase, stateful sequences on), last because it revokes cards and signs people out.
 * One result per operation: failed when any request got a 5xx or an answer outside the document.
 */
async function fuzzApi(
  apiUrl: string,
  secretsFile: string,
  config: { dataDir: string },
): Promise<SuiteResult> {
  const reportDir = path.join(config.dataDir, 'schemathesis', 'report-test');
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(path.dirname(reportDir), { recursive: true });
  await step(
    'API fuzzing (schemathesis --short against the OpenAPI document)',
    () =>
      runVisible(
        'bash',
        [repoPath('scripts', 'schemathesis', 'run.sh'), apiUrl, secretsFile, '--short'],
        {
          QN_DATA_DIR: config.dataDir,
          QN_SCHEMATHESIS_REPORT_DIR: reportDir,
        },
        { logFile: `${reportDir}.log`, hide: PYTEST_BANNER },
      ),
    { heartbeatMs: 60_000 },
  );
  const junit = existsSync(reportDir)
    ? readdirSync(reportDir).find((name) => name.startsWith('junit') && name.endsWith('.xml'))
    : undefined;
  return readJunitResult('API fuzzing (schemathesis)', junit && path.join(reportDir, junit));
}

function finish(results: SuiteResult[], started: number): number {
  const { lines, ok } = summarise(results);
  console.log(`\nTest results (${formatDuration(Date.now() - started)}):`);
  for (const line of lines) console.log(line);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    reportFailure(error);
    console.log('\nTotal: 0 passed, 1 failed');
    process.exit(1);
  },
);
