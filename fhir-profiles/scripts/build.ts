/**
 * Builds the province FHIR package: `fhir-profiles/build/package.tgz`.
 *
 *   1. makes sure `hl7.fhir.r4.core#4.0.1` is in the FHIR package cache (built offline, once);
 *   2. skips everything else when no input changed since the last build (content hash);
 *   3. runs SUSHI on `fhir-profiles/` (snapshots on), failing on any SUSHI error;
 *   4. packs every conformance resource as `package/<Type>-<id>.json` and every example as
 *      `package/example/<Type>-<id>.json`, with `package/package.json` and `.index.json` files.
 *
 * The archive is reproducible: sorted entries, fixed timestamps, so the same input gives the same bytes.
 * Run: `npm run build -w fhir-profiles` (add `--force` to rebuild regardless of the hash).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tar from 'tar';
import { ensureCorePackage } from './ensure-core-package.js';
import {
  BUILD_DIR,
  CORE_PACKAGE_NAME,
  CORE_PACKAGE_VERSION,
  PACKAGE_TGZ,
  PROJECT_DIR,
  SUSHI_OUTPUT_DIR,
} from './lib/paths.js';
import { readSushiConfig } from './lib/sushi-config.js';

/** Resource types that go in the package root; every other resource SUSHI emits is an example. */
const CONFORMANCE_TYPES = new Set([
  'StructureDefinition',
  'CodeSystem',
  'ValueSet',
  'NamingSystem',
  'ConceptMap',
  'SearchParameter',
  'OperationDefinition',
  'CapabilityStatement',
  'ImplementationGuide',
]);

const STAMP_FILE = path.join(BUILD_DIR, 'build-stamp.json');
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

interface Resource {
  resourceType: string;
  id: string;
  url?: string;
  version?: string;
  kind?: string;
  type?: string;
  meta?: { profile?: string[] };
}

interface BuildStamp {
  inputHash: string;
  counts: Record<string, number>;
}

const log = (line: string): void => console.log(line);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Hash of everything the package depends on: FSH, config, this packer and the SUSHI version. */
async function inputHash(): Promise<string> {
  const require = createRequire(import.meta.url);
  const sushiVersion = (require('fsh-sushi/package.json') as { version: string }).version;
  const hash = createHash('sha256').update(`sushi ${sushiVersion}\n`);
  const files = [
    path.join(PROJECT_DIR, 'sushi-config.yaml'),
    ...(await listFiles(path.join(PROJECT_DIR, 'input'))),
    ...(await listFiles(path.join(PROJECT_DIR, 'scripts'))),
  ];
  for (const file of files) {
    hash
      .update(path.relative(PROJECT_DIR, file))
      .update('\0')
      .update(await fs.readFile(file))
      .update('\0');
  }
  return hash.digest('hex');
}

async function readStamp(): Promise<BuildStamp | undefined> {
  try {
    return JSON.parse(await fs.readFile(STAMP_FILE, 'utf8')) as BuildStamp;
  } catch {
    return undefined;
  }
}

/** Runs SUSHI and returns its error and warning counts; throws when it reports errors. */
async function runSushi(): Promise<{ errors: number; warnings: number }> {
  const require = createRequire(import.meta.url);
  const sushiPkg = require.resolve('fsh-sushi/package.json');
  const sushiBin = path.join(path.dirname(sushiPkg), 'dist', 'app.js');
  await fs.rm(SUSHI_OUTPUT_DIR, { recursive: true, force: true });

  const output: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [sushiBin, 'build', PROJECT_DIR, '--snapshot'], {
      cwd: PROJECT_DIR,
    });
    const collect = (chunk: Buffer): void => {
      output.push(chunk.toString('utf8'));
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (status) => resolve(status ?? 1));
  });
  const text = output.join('');
  const summary = /(\d+) Errors?\s+(\d+) Warnings?/.exec(text);
  const errors = summary ? Number(summary[1]) : NaN;
  const warnings = summary ? Number(summary[2]) : NaN;
  // Show SUSHI's own problems, but not the three automatic packages it cannot fetch offline.
  const problems = text
    .split('\n')
    .filter((l) => /^(error|warn)\s/.test(l))
    .filter(
      (l) => !/Failed to load automatically-provided|The FSHOnly property is set to true/.test(l),
    );
  for (const line of problems) log(`[sushi] ${line}`);
  if (code !== 0 || !(errors === 0)) {
    if (problems.length === 0) log(text);
    throw new Error(
      `SUSHI failed (exit ${code}, ${Number.isNaN(errors) ? 'unknown' : errors} errors)`,
    );
  }
  return { errors, warnings };
}

function indexEntry(filename: string, r: Resource): Record<string, string> {
  const entry: Record<string, string> = { filename, resourceType: r.resourceType, id: r.id };
  for (const key of ['url', 'version', 'kind', 'type'] as const) {
    const value = r[key];
    if (typeof value === 'string') entry[key] = value;
  }
  return entry;
}

async function pack(): Promise<Record<string, number>> {
  const config = await readSushiConfig();
  const resourcesDir = path.join(SUSHI_OUTPUT_DIR, 'resources');
  const staging = path.join(BUILD_DIR, 'staging');
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(path.join(staging, 'package', 'example'), { recursive: true });

  const counts: Record<string, number> = {};
  const rootIndex: Record<string, string>[] = [];
  const exampleIndex: Record<string, string>[] = [];
  const files = (await fs.readdir(resourcesDir)).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const text = await fs.readFile(path.join(resourcesDir, file), 'utf8');
    const resource = JSON.parse(text) as Resource;
    const filename = `${resource.resourceType}-${resource.id}.json`;
    const isExample = !CONFORMANCE_TYPES.has(resource.resourceType);
    const key = isExample ? `example ${resource.resourceType}` : resource.resourceType;
    counts[key] = (counts[key] ?? 0) + 1;
    await fs.writeFile(
      path.join(staging, 'package', ...(isExample ? ['example'] : []), filename),
      text,
    );
    (isExample ? exampleIndex : rootIndex).push(indexEntry(filename, resource));
  }

  const manifest = {
    name: config.id,
    version: config.version,
    canonical: config.canonical,
    url: config.canonical,
    title: 'Quảng Ninh Health — FHIR R4 profiles',
    description:
      'FHIR R4 profiles, naming systems and terminology for the Quang Ninh province health platform (Bệnh viện Đa khoa tỉnh Quảng Ninh, Bệnh viện Sản Nhi Quảng Ninh, Bệnh viện Bãi Cháy).',
    fhirVersions: [config.fhirVersion],
    type: 'fhir.ig',
    license: 'CC0-1.0',
    author: 'Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)',
    jurisdiction: 'urn:iso:std:iso:3166#VN',
    dependencies: { [CORE_PACKAGE_NAME]: CORE_PACKAGE_VERSION },
  };
  await fs.writeFile(
    path.join(staging, 'package', 'package.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  await fs.writeFile(
    path.join(staging, 'package', '.index.json'),
    `${JSON.stringify({ 'index-version': 1, files: rootIndex }, null, 2)}\n`,
  );
  await fs.writeFile(
    path.join(staging, 'package', 'example', '.index.json'),
    `${JSON.stringify({ 'index-version': 1, files: exampleIndex }, null, 2)}\n`,
  );

  const entries = (await listFiles(path.join(staging, 'package'))).map((f) =>
    path.relative(staging, f).split(path.sep).join('/'),
  );
  const tmp = `${PACKAGE_TGZ}.tmp-${process.pid}`;
  await tar.create(
    { gzip: true, file: tmp, cwd: staging, portable: true, mtime: FIXED_MTIME, noDirRecurse: true },
    entries,
  );
  await fs.rename(tmp, PACKAGE_TGZ);
  await fs.rm(staging, { recursive: true, force: true });
  return counts;
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
}

async function main(): Promise<void> {
  const started = Date.now();
  const force = process.argv.includes('--force');
  const core = await ensureCorePackage(log);
  log(
    core.created
      ? `[core] ready (${core.resourceCount} resources, ${core.millis} ms)`
      : `[core] ${CORE_PACKAGE_NAME}#${CORE_PACKAGE_VERSION} cached`,
  );

  const hash = await inputHash();
  const stamp = await readStamp();
  if (!force && stamp?.inputHash === hash && existsSync(PACKAGE_TGZ)) {
    log(
      `[build] up to date: ${path.relative(process.cwd(), PACKAGE_TGZ)} (${formatCounts(stamp.counts)}) in ${Date.now() - started} ms`,
    );
    return;
  }

  await fs.mkdir(BUILD_DIR, { recursive: true });
  log('[sushi] compiling FSH (input/fsh) ...');
  const sushiStarted = Date.now();
  const { warnings } = await runSushi();
  log(
    `[sushi] 0 errors, ${warnings} warnings (expected: 3 automatic packages cannot be fetched offline, 1 notes that id is only read by this packer) in ${((Date.now() - sushiStarted) / 1000).toFixed(1)} s`,
  );

  const counts = await pack();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  log(`[pack] ${total} resources: ${formatCounts(counts)}`);
  await fs.writeFile(
    STAMP_FILE,
    `${JSON.stringify({ inputHash: hash, counts } satisfies BuildStamp, null, 2)}\n`,
  );
  const size = (await fs.stat(PACKAGE_TGZ)).size;
  log(
    `[build] wrote ${path.relative(process.cwd(), PACKAGE_TGZ)} (${(size / 1024).toFixed(0)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(`[build] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
