import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PACKAGE_TGZ = path.join(PROJECT_DIR, 'build', 'package.tgz');
export const INVALID_EXAMPLES_DIR = path.join(PROJECT_DIR, 'invalid-examples');

export interface FhirResource {
  resourceType: string;
  id?: string;
  url?: string;
  meta?: { profile?: string[] };
  [key: string]: unknown;
}

export interface ElementConstraint {
  key: string;
  severity: 'error' | 'warning';
  human: string;
  expression?: string;
}

export interface ElementDefinition {
  id: string;
  path: string;
  sliceName?: string;
  min?: number;
  max?: string;
  constraint?: ElementConstraint[];
}

export interface StructureDefinition extends FhirResource {
  resourceType: 'StructureDefinition';
  url: string;
  type: string;
  kind: string;
  derivation?: string;
  snapshot?: { element: ElementDefinition[] };
  differential?: { element: ElementDefinition[] };
}

/** The built FHIR package, read from build/package.tgz: file path (inside the archive) → text. */
export interface FhirPackage {
  files: Map<string, string>;
  json<T = FhirResource>(file: string): T;
  /** Resources in `package/` (not examples), parsed. */
  conformance(): FhirResource[];
  /** Resources in `package/example/`, parsed. */
  examples(): FhirResource[];
  structureDefinition(url: string): StructureDefinition;
}

export async function readFhirPackage(file = PACKAGE_TGZ): Promise<FhirPackage> {
  if (!existsSync(file)) {
    throw new Error(
      `${file} does not exist: run \`npm run build -w fhir-profiles\` before the tests`,
    );
  }
  const files = new Map<string, string>();
  await tar.list({
    file,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(entry.path, Buffer.concat(chunks).toString('utf8')));
    },
  });
  const json = <T = FhirResource>(name: string): T => {
    const text = files.get(name);
    if (text === undefined) throw new Error(`${name} is not in the package`);
    return JSON.parse(text) as T;
  };
  const resourcesIn = (dir: string): FhirResource[] =>
    [...files.keys()]
      .filter(
        (f) =>
          path.posix.dirname(f) === dir &&
          f.endsWith('.json') &&
          !path.posix.basename(f).startsWith('.') &&
          f !== 'package/package.json',
      )
      .sort()
      .map((f) => json(f));
  return {
    files,
    json,
    conformance: () => resourcesIn('package'),
    examples: () => resourcesIn('package/example'),
    structureDefinition(url: string): StructureDefinition {
      const sd = resourcesIn('package').find(
        (r) => r.resourceType === 'StructureDefinition' && r.url === url,
      );
      if (!sd) throw new Error(`no StructureDefinition ${url} in the package`);
      return sd as StructureDefinition;
    },
  };
}

export interface InvalidCase {
  file: string;
  description: string;
  constraint?: string;
  expectedMessage: string;
}

export async function readInvalidExamples(): Promise<
  { testCase: InvalidCase; resource: FhirResource }[]
> {
  const index = JSON.parse(
    await fs.readFile(path.join(INVALID_EXAMPLES_DIR, 'index.json'), 'utf8'),
  ) as { cases: InvalidCase[] };
  return Promise.all(
    index.cases.map(async (testCase) => ({
      testCase,
      resource: JSON.parse(
        await fs.readFile(path.join(INVALID_EXAMPLES_DIR, testCase.file), 'utf8'),
      ) as FhirResource,
    })),
  );
}
