#!/usr/bin/env node
import { loadConfig } from './config.js';
import { demoDirectoryBundle } from './directory/demo-directory.js';
import { FhirStore } from './fhir/fhir-store.js';
import { MongoHandle } from './db/mongo.js';
import { DEMO_CARDS } from '@qn/card-crypto';
import { CardKeys } from './cards/card-keys.js';
import { cardModel } from './cards/card-model.js';
import { CardService } from './cards/card-service.js';
import path from 'node:path';
import { authModels } from './auth/user-model.js';
import { UserService } from './auth/user-service.js';
import type { Patient } from 'fhir/r4.js';
import { openIngestion } from './ingestion/standalone.js';
import { INGEST_USAGE, parseIngestArguments, runIngest } from './ingestion/cli-ingest.js';
import { DEMO_DATA_DIR, DEMO_EXPORTS } from './ingestion/demo/demo-exports.js';
import { CSV_MAPPINGS_DIR } from './ingestion/adapters.js';
import { demoPopulation } from './ingestion/demo/population.js';
import { patientResourceId } from './ingestion/normalise/to-fhir.js';
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
  console.log(
    `loading ${bundle.entry?.length ?? 0} directory resources into ${config.HAPI_FHIR_URL} in one transaction…`,
  );
  const response = await store.transaction(bundle);
  const statuses = (response.entry ?? []).map(
    (entry) => entry.response?.status?.split(' ')[0] ?? '?',
  );
  const created = statuses.filter((s) => s === '201').length;
  console.log(`directory: ${[...counts].map(([type, n]) => `${n} ${type}`).join(', ')}`);
  console.log(
    `${created} created, ${statuses.length - created} already there (unchanged or updated)`,
  );
  await seedSchedules(config.MONGODB_URI);
  await seedDemoPatientsAndCards(config, store);
  await seedStaff(config.MONGODB_URI);
}

/** Demo staff accounts: one password for all, from QN_DEMO_STAFF_PASSWORD (./dev start keeps it in the data folder's secrets.json). */
async function seedStaff(uri: string): Promise<void> {
  const password = process.env.QN_DEMO_STAFF_PASSWORD;
  if (!password) {
    console.log('demo staff: skipped (QN_DEMO_STAFF_PASSWORD is not set; ./dev start sets it)');
    return;
  }
  const mongo = new MongoHandle(uri, 10_000);
  try {
    await mongo.open();
    const users = new UserService(authModels(mongo.connection));
    await users.ready();
    const seeded = await users.seedDemoUsers({
      receptionist: password,
      doctor: password,
      'hospital-it': password,
      admin: password,
    });
    console.log(
      `demo staff (password in QN_DEMO_STAFF_PASSWORD): ${[...seeded.created, ...seeded.existing].sort().join(', ')}`,
    );
  } finally {
    await mongo.close();
  }
}

/**
 * The three hospitals' demo exports, through the same adapters and pipeline hospital IT uses
 * (re-running changes nothing), then one active card for each of the five card holders, bound to
 * their Patient at their home hospital.
 */
async function seedDemoPatientsAndCards(
  config: ReturnType<typeof loadConfig>,
  store: FhirStore,
): Promise<void> {
  const ingestion = await openIngestion(config);
  try {
    for (const demo of DEMO_EXPORTS) {
      await runIngest(
        {
          hospital: demo.hospital,
          format: demo.format,
          paths: [path.join(DEMO_DATA_DIR, demo.file)],
          ...(demo.mapping ? { mapping: path.join(CSV_MAPPINGS_DIR, demo.mapping) } : {}),
        },
        ingestion.service,
        ingestion.adapters,
        { createdBy: 'seed-demo', summary: false },
      );
    }
  } finally {
    await ingestion.close();
  }
  const holders = demoPopulation().people.filter((person) => person.card);
  const patients = await Promise.all(
    holders.map(async (holder) => {
      const home = holder.registrations[0]!;
      return {
        card: holder.card!,
        patient: await store.read<Patient>('Patient', patientResourceId(home.hospital, home.mrn)),
      };
    }),
  );
  if (!config.QN_CARD_META_KEY || !config.QN_CARD_MASTER_KEY) {
    console.log(
      'demo cards: skipped (QN_CARD_META_KEY and QN_CARD_MASTER_KEY are not set; ./dev start sets them)',
    );
    return;
  }
  const mongo = new MongoHandle(config.MONGODB_URI, 10_000);
  try {
    await mongo.open();
    const cards = new CardService(
      cardModel(mongo.connection),
      new CardKeys(config.QN_CARD_META_KEY, config.QN_CARD_MASTER_KEY, config.QN_CARD_KEY_VERSION),
      { validityDays: config.QN_CARD_VALIDITY_DAYS },
    );
    await cards.ready();
    const rows: string[][] = [];
    for (const demo of DEMO_CARDS) {
      const holder = patients.find((p) => p.card === demo.name);
      if (!holder?.patient.id)
        throw new Error(`demo card ${demo.name}: its patient was not loaded`);
      const card =
        (await cards.findByUid(demo.uid)) ??
        (await cards.issue({ cardId: demo.cardId, uid: demo.uid, patientId: holder.patient.id }));
      const patient = patients.find((p) => p.patient.id === card.patientId)?.patient;
      rows.push([
        demo.name,
        card.uid,
        card._id,
        card.status,
        card.patientId,
        patient?.name?.[0]?.text ?? '?',
      ]);
    }
    const header = ['card', 'UID', 'card id', 'status', 'patient id', 'name'];
    const widths = header.map((h, i) =>
      Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
    );
    const line = (cells: string[]): string =>
      cells
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    console.log(
      'demo cards (tap one: card-reader-agent simulate tap --card <card> --secrets <data dir>/secrets.json):',
    );
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
    console.log(
      `schedules: ${total} weekly templates, ${created} created, ${total - created} already there`,
    );
  } finally {
    await mongo.close();
  }
}

async function ingestCommand(argv: string[]): Promise<void> {
  const args = parseIngestArguments(argv);
  const config = loadConfig();
  const ingestion = await openIngestion(config);
  try {
    const results = await runIngest(args, ingestion.service, ingestion.adapters, {
      createdBy: `cli:${process.env.USER ?? 'unknown'}`,
    });
    if (results.length === 0) console.log('No files of that format found.');
  } finally {
    await ingestion.close();
  }
}

const command = process.argv[2];
try {
  if (command === 'seed-demo') await seedDemo();
  else if (command === 'ingest') await ingestCommand(process.argv.slice(3));
  else {
    console.error(`usage: ehr-api seed-demo\n       ${INGEST_USAGE}`);
    process.exit(2);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
