/**
 * The web budgets benchmark (issue 8): (1) the JavaScript the kiosk page needs before its idle
 * screen, raw and gzipped, from a fresh production build; (2) largest contentful paint of the kiosk
 * page in Chromium with the CPU throttled 4×, over cold loads, beside the same loads unthrottled.
 *
 * The page is served the way production serves it without Docker: the production build (both
 * locales, as `npm run build -w booking-web` makes it) by the ehr-api itself (`QN_WEB_ROOT`), on
 * loopback, with MongoDB and HAPI behind it so the kiosk's station feed and status panel answer.
 * In Docker Compose nginx serves the same files gzipped at level 5; both gzip levels are reported.
 *
 * Run alone: `npx tsx bench/web.ts` (starts the QN_BENCH_* stack unless QN_BENCH_MONGODB_URI and
 * QN_BENCH_HAPI_FHIR_URL are set; writes nothing but its Markdown to stdout).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import { chromium, type Browser } from 'playwright-core';
import { startApiChild, type ApiChild } from './lib/api-child.js';
import { summarise, type LatencySummary } from './lib/measure.js';

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(REPO, 'booking-web');
/** The kiosk's idle screen ("Chạm thẻ để bắt đầu"): the page is usable once this is visible. */
const IDLE_SCREEN = '[data-testid="card-prompt"] h1';

export interface WebBenchOptions {
  mongoUri: string;
  hapiUrl: string;
  /** The API's log and the build's log go here. */
  logDir: string;
  /**
   * Where the production build is written, emptied first; default booking-web/dist/bench-web
   * (booking-web/dist/booking-web, which `./dev start` serves, is left alone). Not inside a
   * dot-folder: the ehr-api's index.html fallback (`res.sendFile`) answers 404 for any path with one.
   */
  buildDir?: string;
  /** Cold loads per configuration (throttled, unthrottled); default 10. */
  loads?: number;
  /** CDP Emulation.setCPUThrottlingRate for the budget figure; default 4, the issue's. */
  cpuThrottle?: number;
  /** Chromium to drive; default CHROME_BIN or /usr/bin/chromium. */
  chromiumPath?: string;
  logLevel?: string;
  onProgress?: (line: string) => void;
}

export interface ScriptFile {
  file: string;
  raw: number;
  /** node:zlib gzip, level 9 (the budget's figure). */
  gzip9: number;
  /** node:zlib gzip, level 5: what nginx (`gzip_comp_level 5` in booking-web/nginx.conf) sends. */
  gzip5: number;
}

export interface ScriptSet {
  files: ScriptFile[];
  raw: number;
  gzip9: number;
  gzip5: number;
}

export interface Contributor {
  name: string;
  bytes: number;
}

export interface LoadSeries {
  cpuThrottle: number;
  /** Largest contentful paint per load, ms from navigation start. */
  lcpMs: number[];
  lcp: LatencySummary;
  fcp: LatencySummary;
  /** What the LCP element was, and in how many loads. */
  lcpElements: Record<string, number>;
}

export interface WebBenchResult {
  startedAt: Date;
  buildMs: number;
  chromium: string;
  /**
   * The comparison: what the same kiosk screen loads when started from the full app's bundle (its
   * main.ts, then the kiosk shell's chunk), as it was before the kiosk got a build of its own:
   * both entry chunks and everything they import statically, from the build's metafile.
   */
  fromFullApp: ScriptSet;
  /** Scripts the page started fetching before the kiosk idle screen's heading was in the DOM. */
  kioskRoute: ScriptSet;
  /** Scripts requested after the idle screen showed (within the settle time), if any. */
  afterIdle: string[];
  /** The API calls of all measured loads, `<path> <status>` → count: shows the API was up. */
  apiAnswers: Record<string, number>;
  /** The kiosk route's bytes by package / source folder (minified bytes, from the build's metafile). */
  byPackage: Contributor[];
  /** Its largest single modules. */
  largestModules: Contributor[];
  throttled: LoadSeries;
  unthrottled: LoadSeries;
}

function scriptSet(folder: string, files: string[]): ScriptSet {
  const entries = files.map((file) => {
    const body = readFileSync(path.join(folder, file));
    return {
      file,
      raw: body.length,
      gzip9: gzipSync(body, { level: 9 }).length,
      gzip5: gzipSync(body, { level: 5 }).length,
    };
  });
  const sum = (k: 'raw' | 'gzip9' | 'gzip5'): number => entries.reduce((n, e) => n + e[k], 0);
  return {
    files: entries.sort((a, b) => b.raw - a.raw),
    raw: sum('raw'),
    gzip9: sum('gzip9'),
    gzip5: sum('gzip5'),
  };
}

/**
 * `npm run build`'s script (booking-web/scripts/build.mjs: the full app and the kiosk's own
 * build, both locales, merged) with esbuild's metafile, into buildDir.
 */
async function buildWeb(buildDir: string, logFile: string): Promise<number> {
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(WEB, 'scripts', 'build.mjs'), '--stats-json', '--output-path', buildDir],
    {
      cwd: WEB,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
    },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the booking-web build failed (exit ${code}); see ${logFile}`);
  return performance.now() - t0;
}

interface Metafile {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      inputs: Record<string, { bytesInOutput: number }>;
      imports?: { path: string; kind: string }[];
    }
  >;
}

/**
 * The full app's way to the kiosk: its polyfills, its main (src/main.ts) and the kiosk shell's
 * chunk (kiosk-main.ts), with every chunk those import statically (fetched before they run).
 */
function kioskFromFullApp(metafile: Metafile): string[] {
  const outputs = Object.entries(metafile.outputs);
  const byEntry = (entry: string): string => {
    const found = outputs.find(([, o]) => o.entryPoint === entry)?.[0];
    if (!found) throw new Error(`the build's metafile has no output for ${entry}`);
    return found;
  };
  const files = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const i of metafile.outputs[file]?.imports ?? [])
      if (i.kind === 'import-statement') visit(i.path);
  };
  visit(byEntry('angular:polyfills:angular:polyfills'));
  visit(byEntry('src/main.ts'));
  visit(byEntry('src/app/kiosk-shell/kiosk-main.ts'));
  return [...files];
}

/** Who the bytes of these output files belong to: npm packages, or folders of our own source. */
function attribute(
  metafile: Metafile,
  files: string[],
): { byPackage: Contributor[]; modules: Contributor[] } {
  const byPackage = new Map<string, number>();
  const modules = new Map<string, number>();
  for (const file of files) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]?.inputs ?? {})) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      const group = pkg ?? input.split('/').slice(0, 4).join('/');
      byPackage.set(group, (byPackage.get(group) ?? 0) + bytesInOutput);
      const name = input.replace(/^.*node_modules\//, '');
      modules.set(name, (modules.get(name) ?? 0) + bytesInOutput);
    }
  }
  const top = (m: Map<string, number>, n: number): Contributor[] =>
    [...m.entries()]
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, n);
  return { byPackage: top(byPackage, 12), modules: top(modules, 12) };
}

interface PageFigures {
  lcp: number;
  fcp: number;
  element: string;
}

/**
 * Runs in the page: the last largest-contentful-paint entry (buffered, so the ones from before this
 * call count), first contentful paint, and which element the LCP was. A string, because the
 * benchmark compiles without the DOM library.
 */
const READ_PAINTS = `new Promise((resolve) => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
  new PerformanceObserver((list) => {
    const last = list.getEntries().at(-1);
    const el = last?.element;
    const cls = el && typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
    const element = el ? el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls : '(removed)';
    resolve({ lcp: last?.startTime ?? NaN, fcp, element });
  }).observe({ type: 'largest-contentful-paint', buffered: true });
})`;

/** Runs in the page: when the idle screen appeared, and each script fetched with its start time. */
const READ_SCRIPTS = `({
  idleAt: window.__idleScreenAt ?? Infinity,
  fetched: performance
    .getEntriesByType('resource')
    .filter((e) => new URL(e.name).pathname.endsWith('.js'))
    .map((e) => [e.name, e.startTime]),
})`;

interface OneLoad {
  lcpMs: number;
  fcpMs: number;
  lcpElement: string;
  scriptsBeforeIdle: string[];
  scriptsAfterIdle: string[];
  /** The API calls the page made, as `<path> <status>` (the kiosk's station feed and status). */
  apiAnswers: string[];
}

/** One cold load: a fresh browser context (empty HTTP cache), CPU throttled through CDP. */
async function coldLoad(browser: Browser, url: string, cpuThrottle: number): Promise<OneLoad> {
  const context = await browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
    const apiAnswers: string[] = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.startsWith('/api/')) apiAnswers.push(`${pathname} ${response.status()}`);
    });
    // The moment the idle screen's heading enters the DOM, taken in the page itself: scripts the
    // page starts fetching after it (e.g. `@defer (on idle)` chunks) were not needed for it. A
    // request listener in this process would only notice the heading when Playwright's polling
    // does, which on a throttled CPU lets such later fetches count as "before".
    await page.addInitScript(`new MutationObserver((_, observer) => {
      if (!document.querySelector(${JSON.stringify(IDLE_SCREEN)})) return;
      window.__idleScreenAt = performance.now();
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });`);
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await page.locator(IDLE_SCREEN).waitFor({ state: 'visible', timeout: 60_000 });
    // Later candidates (a web font, the status panel) would replace the LCP entry; give them time
    // on the throttled CPU. LCP stops at the first input, and nothing here touches the page.
    await page.waitForTimeout(1500);
    const figures = await page.evaluate<PageFigures>(READ_PAINTS);
    const scripts = await page.evaluate<{ idleAt: number; fetched: [string, number][] }>(
      READ_SCRIPTS,
    );
    const before: string[] = [];
    const after: string[] = [];
    for (const [name, startTime] of scripts.fetched) {
      (startTime <= scripts.idleAt ? before : after).push(new URL(name).pathname);
    }
    return {
      lcpMs: figures.lcp,
      fcpMs: figures.fcp,
      lcpElement: figures.element,
      scriptsBeforeIdle: before,
      scriptsAfterIdle: after,
      apiAnswers,
    };
  } finally {
    await context.close();
  }
}

function series(cpuThrottle: number, loads: OneLoad[]): LoadSeries {
  const lcpElements: Record<string, number> = {};
  for (const l of loads) lcpElements[l.lcpElement] = (lcpElements[l.lcpElement] ?? 0) + 1;
  return {
    cpuThrottle,
    lcpMs: loads.map((l) => l.lcpMs),
    lcp: summarise(loads.map((l) => l.lcpMs)),
    fcp: summarise(loads.map((l) => l.fcpMs)),
    lcpElements,
  };
}

export async function runWebBench(options: WebBenchOptions): Promise<WebBenchResult> {
  const startedAt = new Date();
  const say = options.onProgress ?? ((line: string) => console.error(line));
  const runTag = `${startedAt.toISOString().replace(/[:.]/g, '-')}`;

  say('web: production build of booking-web (both locales, with the esbuild metafile)');
  const buildDir = options.buildDir ?? path.join(WEB, 'dist', 'bench-web');
  const loads = options.loads ?? 10;
  const cpuThrottle = options.cpuThrottle ?? 4;
  const buildMs = await buildWeb(buildDir, path.join(options.logDir, `web-build-${runTag}.log`));
  const webRoot = path.join(buildDir, 'browser');
  const viFolder = path.join(webRoot, 'vi');
  const metafile = JSON.parse(readFileSync(path.join(buildDir, 'stats.json'), 'utf8')) as Metafile;
  const fullAppFiles = kioskFromFullApp(metafile);

  // A station of the benchmark's own, so the kiosk page opens its event stream as in production.
  const station = {
    deviceId: 'bench-kiosk',
    secret: randomBytes(24).toString('base64url'),
    displayKey: randomBytes(24).toString('base64url'),
  };
  const dbUri = new URL(options.mongoUri);
  dbUri.pathname = `/bench_web_${randomBytes(4).toString('hex')}`;
  let api: ApiChild | undefined;
  let browser: Browser | undefined;
  const chromiumPath = options.chromiumPath ?? process.env.CHROME_BIN ?? '/usr/bin/chromium';
  try {
    api = await startApiChild({
      env: {
        NODE_ENV: 'production',
        QN_API_PORT: '0',
        QN_API_HOST: '127.0.0.1',
        MONGODB_URI: dbUri.toString(),
        HAPI_FHIR_URL: options.hapiUrl,
        QN_LOG_LEVEL: options.logLevel ?? 'error',
        QN_AUTH_JWT_KEYS: `bench:${randomBytes(32).toString('base64url')}`,
        QN_DEVICE_CREDENTIALS: `${station.deviceId}:${station.secret}`,
        QN_STATION_DISPLAY_KEYS: `${station.deviceId}:${station.displayKey}`,
        QN_WEB_ROOT: webRoot,
      },
      logFile: path.join(options.logDir, `ehr-api-web-${runTag}.log`),
    });
    const query = new URLSearchParams({ station: station.deviceId, key: station.displayKey });
    const url = `${api.url}/vi/kiosk?${query.toString()}`;
    say(`web: ehr-api (pid ${api.pid}) serving the build on ${api.url}`);

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      // As booking-web/e2e/browser.ts: keep Chromium from reaching for a network this machine lacks.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // One load to warm the API and the OS file cache; not counted.
    await coldLoad(browser, url, 1);
    const runs: Record<'throttled' | 'unthrottled', OneLoad[]> = { throttled: [], unthrottled: [] };
    // Interleaved, so a burst of other work on a shared machine hits both series alike.
    for (let i = 0; i < loads; i++) {
      for (const [name, rate] of [
        ['throttled', cpuThrottle],
        ['unthrottled', 1],
      ] as const) {
        const load = await coldLoad(browser, url, rate);
        runs[name].push(load);
        say(`web: load ${i + 1}/${loads}, CPU ${rate}× slower: LCP ${load.lcpMs.toFixed(0)} ms`);
      }
    }
    // The same scripts every time (hashed names); take the union to be safe.
    const before = new Set(runs.throttled.flatMap((l) => l.scriptsBeforeIdle));
    const afterIdle = [...new Set(runs.throttled.flatMap((l) => l.scriptsAfterIdle))].filter(
      (s) => !before.has(s),
    );
    const apiAnswers: Record<string, number> = {};
    for (const answer of [...runs.throttled, ...runs.unthrottled].flatMap((l) => l.apiAnswers))
      apiAnswers[answer] = (apiAnswers[answer] ?? 0) + 1;
    const kioskFiles = [...before].map((p) => p.replace(/^\/vi\//, ''));
    const { byPackage, modules } = attribute(metafile, kioskFiles);
    return {
      startedAt,
      buildMs,
      chromium: browser.version(),
      fromFullApp: scriptSet(viFolder, fullAppFiles),
      kioskRoute: scriptSet(viFolder, kioskFiles),
      afterIdle,
      apiAnswers,
      byPackage,
      largestModules: modules,
      throttled: series(cpuThrottle, runs.throttled),
      unthrottled: series(1, runs.unthrottled),
    };
  } finally {
    await browser?.close();
    await api?.stop();
    // The API made its (empty) database at start-up; leave nothing behind.
    try {
      const connection = await mongoose.createConnection(dbUri.toString()).asPromise();
      await connection.dropDatabase();
      await connection.close();
    } catch {
      // best effort
    }
  }
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
const msOf = (v: number): string => (Number.isNaN(v) ? '—' : `${Math.round(v)} ms`);

/** Within the goal, or over it and by how much. */
function verdict(value: number, goal: number, unit: (v: number) => string): string {
  return value <= goal
    ? `**${unit(value)}** (meets ≤ ${unit(goal)})`
    : `**${unit(value)}** (over ≤ ${unit(goal)} by ${unit(value - goal)}, ${((value / goal - 1) * 100).toFixed(0)}%)`;
}

/** The machine line of the table; run.ts passes its own. */
function describeMachine(): string {
  return `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export function renderWeb(r: WebBenchResult, machine = describeMachine()): string {
  const RAW_GOAL = 250_000;
  const GZIP_GOAL = 90_000;
  const LCP_GOAL = 1000;
  const k = r.kioskRoute;
  const elements = (s: LoadSeries): string =>
    Object.entries(s.lcpElements)
      .sort((a, b) => b[1] - a[1])
      .map(([el, n]) => `\`${el}\` ×${n}`)
      .join(', ');
  return [
    '# Web budgets benchmark (kiosk page)',
    '',
    `- Date: ${r.startedAt.toISOString()}`,
    `- Machine: ${machine}; Chromium ${r.chromium} headless. The machine may be shared: paint times are noisy.`,
    `- Build: \`npm run build -w booking-web\` (the full app and the kiosk's own build, both locales, ${(r.buildMs / 1000).toFixed(0)} s), Vietnamese locale measured; served by the ehr-api (\`QN_WEB_ROOT\`, uncompressed, as \`./dev start\` serves it) on loopback with MongoDB-wire and HAPI behind it, kiosk page \`/vi/kiosk?station=…&key=…\` with its station feed open.`,
    `- API calls the page made during the measured loads (path, status × count): ${
      Object.entries(r.apiAnswers)
        .map(
          ([k, n]) =>
            `\`${k.replace(/\/api\/stations\/[^/]+\//, '/api/stations/<station>/')}\` ×${n}`,
        )
        .join(', ') || 'none'
    }.`,
    '- kB = 1,000 bytes. gzip -9: node:zlib level 9 (the budget figure); gzip -5: level 5, what nginx sends in Docker Compose (`gzip_comp_level 5`).',
    '',
    '## Initial JavaScript',
    '',
    '| scripts | files | raw | gzip -9 | gzip -5 (nginx) |',
    '| --- | --- | --- | --- | --- |',
    `| kiosk route: every script the page started fetching before the idle screen's heading was in the DOM (goals ≤ 250 kB raw, ≤ 90 kB gzip) | ${k.files.length} | ${verdict(k.raw, RAW_GOAL, kB)} | ${verdict(k.gzip9, GZIP_GOAL, kB)} | ${kB(k.gzip5)} |`,
    `| for comparison: the same kiosk screen started from the full app's bundle (main.ts, then the kiosk shell's chunk, with their static imports; the kiosk before it had a build of its own) | ${r.fromFullApp.files.length} | ${kB(r.fromFullApp.raw)} | ${kB(r.fromFullApp.gzip9)} | ${kB(r.fromFullApp.gzip5)} |`,
    '',
    `Scripts fetched after the idle screen showed (within 1.5 s): ${r.afterIdle.length > 0 ? r.afterIdle.map((s) => `\`${s}\``).join(', ') : 'none'}.`,
    '',
    '| kiosk route file | raw | gzip -9 |',
    '| --- | --- | --- |',
    ...k.files.map((f) => `| \`${f.file}\` | ${kB(f.raw)} | ${kB(f.gzip9)} |`),
    '',
    '### What the kiosk route is made of (minified bytes by package or source folder, from the build metafile)',
    '',
    '| package or folder | bytes | share |',
    '| --- | --- | --- |',
    ...r.byPackage.map(
      (c) => `| \`${c.name}\` | ${kB(c.bytes)} | ${((c.bytes / k.raw) * 100).toFixed(0)}% |`,
    ),
    '',
    '| largest modules | bytes |',
    '| --- | --- |',
    ...r.largestModules.map((c) => `| \`${c.name}\` | ${kB(c.bytes)} |`),
    '',
    `## Largest contentful paint, ${r.throttled.lcpMs.length} cold loads each (fresh browser context, empty cache)`,
    '',
    '| CPU | LCP p50 | LCP p95 | FCP p50 | LCP element |',
    '| --- | --- | --- | --- | --- |',
    `| throttled ${r.throttled.cpuThrottle}× (CDP \`Emulation.setCPUThrottlingRate\`; goal LCP ≤ 1.0 s) | ${verdict(r.throttled.lcp.p50, LCP_GOAL, msOf)} | ${verdict(r.throttled.lcp.p95, LCP_GOAL, msOf)} | ${msOf(r.throttled.fcp.p50)} | ${elements(r.throttled)} |`,
    `| for comparison: not throttled | ${msOf(r.unthrottled.lcp.p50)} | ${msOf(r.unthrottled.lcp.p95)} | ${msOf(r.unthrottled.fcp.p50)} | ${elements(r.unthrottled)} |`,
    '',
    `LCP per load, throttled: ${r.throttled.lcpMs.map((v) => Math.round(v)).join(', ')} ms; not throttled: ${r.unthrottled.lcpMs.map((v) => Math.round(v)).join(', ')} ms. LCP is the last \`largest-contentful-paint\` entry (PerformanceObserver, \`buffered: true\`) 1.5 s after the idle screen became visible; loopback network, no network throttling.`,
    '',
  ].join('\n');
}

// `npx tsx bench/web.ts`: a stack of the benchmark's own (or the servers named by
// QN_BENCH_MONGODB_URI / QN_BENCH_HAPI_FHIR_URL), the benchmark, its Markdown on stdout.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { stackConfig } = await import('../scripts/src/stack/config.js');
  const { buildWorkspaces } = await import('../scripts/src/stack/builds.js');
  const { buildStackTools, startStack } = await import('../scripts/src/stack/stack.js');
  const config = stackConfig('bench');
  const logDir = path.join(config.dataDir, 'logs');
  await buildWorkspaces(logDir, ['contracts', 'card-crypto', 'fhir-profiles']);
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  if (!config.mongoUri || !config.hapiUrl) {
    await buildStackTools(config);
    stack = await startStack(config, { pcscd: false });
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(
      signal,
      () => void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130)),
    );
  try {
    const result = await runWebBench({
      mongoUri: stack?.mongoUri ?? config.mongoUri ?? '',
      hapiUrl: (stack?.hapiUrl ?? config.hapiUrl ?? '').replace(/\/$/, ''),
      logDir,
      loads: Number(process.env.QN_BENCH_WEB_LOADS) || 10,
    });
    console.log(renderWeb(result));
  } finally {
    await stack?.stop();
  }
  process.exit(0);
}
