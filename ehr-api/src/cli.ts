#!/usr/bin/env node
import { loadConfig } from './config.js';
import { demoDirectoryBundle } from './directory/demo-directory.js';
import { FhirStore } from './fhir/fhir-store.js';
import { MongoHandle } from './db/mongo.js';
import { DEMO_CARDS } from '@qn/card-crypto';
import { CardKeys } from './cards/card-keys.js';
import { cardModel } from './cards/card-model.js';
import { CardService } from './cards/card-service.js';
import { demoPatients } from './cards/demo-patients.js';
import { seedDemoTemplates } from './scheduling/demo-templates.js';
import { ensureSchedulingIndexes, schedulingModels } from './scheduling/models.js';

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
  await seedSchedules(config.MONGODB_URI);
  await seedDemoPatientsAndCards(config, store);
}

/** Demo patients (PUT with stable ids) and one active card each, registered once. */
async function seedDemoPatientsAndCards(config: ReturnType<typeof loadConfig>, store: FhirStore): Promise<void> {
  const patients = demoPatients();
  for (const patient of patients) await store.update(patient);
  console.log(`demo patients: ${patients.length} written (PUT, stable ids)`);
  if (!config.QN_CARD_META_KEY || !config.QN_CARD_MASTER_KEY) {
    console.log('demo cards: skipped (QN_CARD_META_KEY and QN_CARD_MASTER_KEY are not set; ./dev start sets them)');
    return;
  }
  const mongo = new MongoHandle(config.MONGODB_URI, 10_000);
  try {
    await mongo.open();
    const cards = new CardService(cardModel(mongo.connection), new CardKeys(config.QN_CARD_META_KEY, config.QN_CARD_MASTER_KEY, config.QN_CARD_KEY_VERSION), { validityDays: config.QN_CARD_VALIDITY_DAYS });
    await cards.ready();
    const rows: string[][] = [];
    for (const demo of DEMO_CARDS) {
      const card = (await cards.findByUid(demo.uid)) ?? (await cards.issue({ cardId: demo.cardId, uid: demo.uid, patientId: demo.patientId }));
      const patient = patients.find((p) => p.id === card.patientId);
      rows.push([demo.name, card.uid, card._id, card.status, card.patientId, patient?.name?.[0]?.text ?? '?']);
    }
    const header = ['card', 'UID', 'card id', 'status', 'patient id', 'name'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
    const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    console.log('demo cards (tap one: card-reader-agent simulate tap --card <card> --secrets <data dir>/secrets.json):');
    console.log(line(header));
    for (const row of rows) console.log(line(row));
  } finally {
    await mongo.close();
  }
}

/** Weekly templates of every demo department into MongoDB; idempotent (upsert by service id). */
async function seedSchedules(uri: string): Promise<void> {
  const mongo = new MongoHandle(uri, 10_000);
  try {
    await mongo.open();
    const models = schedulingModels(mongo.connection);
    await ensureSchedulingIndexes(models);
    const { created, total } = await seedDemoTemplates(models);
    console.log(`schedules: ${total} weekly templates, ${created} created, ${total - created} already there`);
  } finally {
    await mongo.close();
  }
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
