#!/usr/bin/env node
import { loadConfig } from './config.js';
import { demoDirectoryBundle } from './directory/demo-directory.js';
import { FhirStore } from './fhir/fhir-store.js';

/** Operator commands that run beside the server: `ehr-api seed-demo`. */
async function seedDemo(): Promise<void> {
  const config = loadConfig();
  const store = new FhirStore(config.HAPI_FHIR_URL, { timeoutMs: 60_000 });
  const bundle = demoDirectoryBundle();
  const counts = new Map<string, number>();
  for (const entry of bundle.entry ?? []) {
    const type = entry.resource?.resourceType ?? 'unknown';
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  console.log(`loading ${bundle.entry?.length ?? 0} directory resources into ${config.HAPI_FHIR_URL} in one transaction…`);
  const response = await store.transaction(bundle);
  const statuses = (response.entry ?? []).map((entry) => entry.response?.status?.split(' ')[0] ?? '?');
  const created = statuses.filter((s) => s === '201').length;
  console.log(`directory: ${[...counts].map(([type, n]) => `${n} ${type}`).join(', ')}`);
  console.log(`${created} created, ${statuses.length - created} already there (unchanged or updated)`);
}

const command = process.argv[2];
try {
  if (command === 'seed-demo') await seedDemo();
  else {
    console.error('usage: ehr-api seed-demo');
    process.exit(2);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
