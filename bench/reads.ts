/**
 * Read benchmarks of issue 9, against the real stack and one ehr-api in a process of its own:
 *
 * - FHIR facade: the same reads and searches through the API (`/fhir/…`) and straight to HAPI,
 *   interleaved so both see the same HAPI: added latency per request (p50), and throughput of
 *   each path at the same concurrency.
 * - Doctor timeline: `GET /api/patients/:id/record` (access check, ten HAPI searches, the shaped
 *   timeline, the audit record) for a patient with 300 resources at each of the three hospitals,
 *   beside the same ten searches made straight to HAPI in parallel (what a FHIR-only client gets:
 *   bundles, no timeline, no access check, no audit).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import mongoose from 'mongoose';
import { authModels } from '../ehr-api/src/auth/user-model.js';
import { UserService } from '../ehr-api/src/auth/user-service.js';
import { demoDirectoryBundle } from '../ehr-api/src/directory/demo-directory.js';
import { FhirStore } from '../ehr-api/src/fhir/fhir-store.js';
import { demoPopulation } from '../ehr-api/src/ingestion/demo/population.js';
import { IngestionService } from '../ehr-api/src/ingestion/ingestion-service.js';
import {
  HOSPITAL_CODES,
  type HospitalCode,
  type HospitalRecord,
  type ParseOutcome,
} from '../ehr-api/src/ingestion/model.js';
import { ingestionModels } from '../ehr-api/src/ingestion/models.js';
import { normaliseRecord, patientResourceId } from '../ehr-api/src/ingestion/normalise/to-fhir.js';
import { IdentityService } from '../ehr-api/src/identity/identity-service.js';
import { createLogger } from '../ehr-api/src/logger.js';
import { seedDemoTemplates } from '../ehr-api/src/scheduling/demo-templates.js';
import { addDays, localDayOf } from '../ehr-api/src/scheduling/local-time.js';
import { schedulingModels } from '../ehr-api/src/scheduling/models.js';
import { staffSignIn, startApiChild, type ApiChild } from './lib/api-child.js';
import { inParallel, now, progress, summarise, type LatencySummary } from './lib/measure.js';

export interface FacadeKind {
  name: string;
  /** Path and query, the same on both sides (after `/fhir` on the API, after the base on HAPI). */
  path: string;
  /** Whether the API needs a hospital-IT sign-in for it (patient data) or answers anyone (directory). */
  signedIn: boolean;
  api: LatencySummary;
  direct: LatencySummary;
}

export interface ReadsBenchResult {
  startedAt: string;
  facade: {
    perKind: number;
    kinds: FacadeKind[];
    concurrency: number;
    throughputRequests: number;
    apiPerSecond: number;
    directPerSecond: number;
    errors: number;
  };
  timeline: {
    resourcesPerHospital: number;
    entries: number;
    hospitalsShown: number;
    reads: number;
    api: LatencySummary;
    direct: LatencySummary;
    concurrency: number;
    concurrent: LatencySummary;
    errors: number;
  };
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** A path joined to a base URL without losing the base's own path (`…/fhir`). */
function at(base: string, pathAndQuery: string): string {
  return `${base.replace(/\/+$/, '')}${pathAndQuery}`;
}

async function timedGet(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = now();
  const response = await fetch(url, { headers });
  // Read the whole body: the client has the answer only then.
  await response.arrayBuffer();
  const ms = now() - t0;
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return ms;
}

/**
 * One person's visits at the three hospitals, as the hospitals' systems send them: the first
 * demo person with a visit, copied to a new identity (CCCD, BHYT, a patient number per hospital)
 * and repeated with new visit numbers and dates until each hospital holds at least
 * `perHospital` resources. Loaded through the real ingestion pipeline, so the resources carry the
 * project's profiles (HAPI refuses others) and identity matching links the three Patients by CCCD.
 */
function personAtThreeHospitals(
  tag: string,
  perHospital: number,
): { records: Map<HospitalCode, HospitalRecord[]>; resourcesPerHospital: number } {
  const { records } = demoPopulation(20, 7);
  const template = Object.values(records)
    .flat()
    .filter((r) => r.encounter && r.event !== 'results')
    .sort(
      (a, b) =>
        b.labResults.length + b.medications.length - (a.labResults.length + a.medications.length),
    )[0];
  if (!template) throw new Error('the demo population has no visit to copy');
  const digits = String(parseInt(tag, 16) % 1_000_000).padStart(6, '0');
  const cccd = `022058${digits}`;
  const out = new Map<HospitalCode, HospitalRecord[]>();
  let resourcesPerHospital = 0;
  for (const [h, hospital] of HOSPITAL_CODES.entries()) {
    const list: HospitalRecord[] = [];
    let resources = 0;
    for (let i = 0; resources < perHospital; i++) {
      const day = new Date(Date.UTC(2020, 0, 1) + i * 11 * 86_400_000 + h * 3_600_000);
      const iso = day.toISOString();
      const record: HospitalRecord = {
        ...template,
        hospital,
        format: 'csv',
        event: 'claim',
        sourceRecordId: `bench-${tag}-${h}-${i}`,
        patient: {
          ...template.patient,
          mrn: `BN${tag}${h}`,
          cccd,
          fullName: 'Trần Văn Bền',
          family: 'Trần',
          given: ['Văn', 'Bền'],
          birthDate: '1958-07-14',
          gender: 'male',
          ...(template.patient.bhyt
            ? { bhyt: { ...template.patient.bhyt, number: `HT2${cccd.slice(0, 12)}` } }
            : {}),
        },
        encounter: { ...template.encounter!, visitId: `LK${tag}${h}${i}`, start: iso, end: iso },
        labResults: template.labResults.map((lab, k) => ({
          ...lab,
          observedAt: iso,
          ...(k === 0 && typeof lab.value === 'number' ? { value: lab.value + (i % 7) / 2 } : {}),
        })),
        medications: template.medications.map((m) => ({ ...m })),
        procedures: template.procedures.map((p) => ({ ...p })),
        notes: [],
      };
      resources += normaliseRecord(record, { jobId: 'count' }).resources.length;
      list.push(record);
    }
    resourcesPerHospital = Math.max(resourcesPerHospital, resources);
    out.set(hospital, list);
  }
  return { records: out, resourcesPerHospital };
}

/** The ten searches RecordService.sharedRecord makes, as a FHIR client would make them directly. */
function recordSearches(patientIds: string[]): string[] {
  const subjects = patientIds.map((id) => `Patient/${id}`).join(',');
  return [
    `/Person?link=Patient/${patientIds[0]}&_count=10`,
    `/Patient?_id=${patientIds.join(',')}&_count=50`,
    ...[
      'Encounter',
      'Condition',
      'Observation',
      'MedicationRequest',
      'Procedure',
      'DiagnosticReport',
      'ClinicalImpression',
    ].map((type) => `/${type}?subject=${subjects}&_count=2000`),
    `/AllergyIntolerance?patient=${subjects}&_count=2000`,
  ];
}

export async function runReadsBench(options: {
  mongoUri: string;
  hapiUrl: string;
  logDir: string;
  logLevel: string;
  /** Sequential requests of each facade kind on each path. */
  perKind?: number;
  facadeConcurrency?: number;
  throughputRequests?: number;
  resourcesPerHospital?: number;
  timelineReads?: number;
  timelineConcurrency?: number;
  /** Where to write a CPU profile of the API during the facade's throughput run (QN_BENCH_API_PROFILE). */
  profileDir?: string;
}): Promise<ReadsBenchResult> {
  const startedAt = new Date();
  const perKind = options.perKind ?? 200;
  const concurrency = options.facadeConcurrency ?? 16;
  const throughputRequests = options.throughputRequests ?? 2000;
  const perHospital = options.resourcesPerHospital ?? 300;
  const timelineReads = options.timelineReads ?? 100;
  const timelineConcurrency = options.timelineConcurrency ?? 8;
  const tag = randomBytes(3).toString('hex');
  const mongoUrl = new URL(options.mongoUri);
  mongoUrl.pathname = `/bench_reads_${tag}`;
  for (const url of [mongoUrl, new URL(options.hapiUrl)])
    if (!LOOPBACK.includes(url.hostname))
      throw new Error(
        `${url.host} is not a loopback address: the benchmark runs only against a local stack`,
      );

  const hapi = new FhirStore(options.hapiUrl, { timeoutMs: 120_000 });
  console.error(
    `▸ reads: the demo directory, and one person with ${perHospital} resources at each hospital through the ingestion pipeline…`,
  );
  await hapi.transaction(demoDirectoryBundle());
  const mongo = mongoose.createConnection();
  mongo.on('error', () => undefined);
  await mongo.openUri(mongoUrl.toString(), { serverSelectionTimeoutMS: 10_000 });
  const identity = new IdentityService(mongo);
  const ingestion = new IngestionService(
    ingestionModels(mongo),
    hapi,
    identity,
    createLogger('error'),
    { batchSize: 25 },
  );
  await Promise.all([identity.ready(), ingestion.ready()]);
  const person = personAtThreeHospitals(tag, perHospital);
  for (const [hospital, list] of person.records) {
    const summary = await ingestion.ingest(
      list.map((record): ParseOutcome => ({ ok: true, record, warnings: [], raw: '' })),
      { hospital, format: 'csv', source: `bench-reads-${tag}`, createdBy: 'bench' },
    );
    if (summary.counts.rejected > 0)
      throw new Error(
        `${summary.counts.rejected} records of the timeline patient were rejected at ${hospital}`,
      );
    console.error(`  … ${hospital}: ${list.length} visits loaded`);
  }
  // The ids the normaliser gives hospital Patients (one per hospital and patient number).
  const patientIds = HOSPITAL_CODES.map((hospital, h) =>
    patientResourceId(hospital, `BN${tag}${h}`),
  );
  const bvdkPatient = patientIds[0]!;

  let api: ApiChild | undefined;
  try {
    await mongo.openUri(mongoUrl.toString(), {
      serverSelectionTimeoutMS: 10_000,
      autoIndex: false,
      autoCreate: false,
    });
    api = await startApiChild({
      env: {
        QN_API_PORT: '0',
        QN_API_HOST: '127.0.0.1',
        MONGODB_URI: mongoUrl.toString(),
        HAPI_FHIR_URL: options.hapiUrl,
        QN_HAPI_TIMEOUT_MS: '15000',
        QN_LOG_LEVEL: options.logLevel,
        QN_AUTH_JWT_KEYS: `bench:${randomBytes(32).toString('base64url')}`,
      },
      logFile: path.join(options.logDir, `ehr-api-reads-${tag}.log`),
    });
    const apiUrl = api.url;
    await seedDemoTemplates(schedulingModels(mongo));
    const password = `bench-${randomUUID()}`;
    await new UserService(authModels(mongo)).seedDemoUsers({
      receptionist: password,
      doctor: password,
      'hospital-it': password,
      admin: password,
    });
    const signIn = staffSignIn(apiUrl, password);
    const [it, doctor, reception] = await Promise.all([
      signIn('it.bvdk'),
      signIn('doctor.bvdk'),
      signIn('reception.bvdk'),
    ]);

    // ── FHIR facade ──────────────────────────────────────────────────────────────────────────
    const kinds: Array<Omit<FacadeKind, 'api' | 'direct'>> = [
      {
        name: 'directory search (HealthcareService of a hospital)',
        path: '/HealthcareService?organization=Organization/bvdk-tinh-quang-ninh',
        signedIn: false,
      },
      {
        name: 'directory read (Organization)',
        path: '/Organization/bvdk-tinh-quang-ninh',
        signedIn: false,
      },
      { name: 'patient read (Patient), audited', path: `/Patient/${bvdkPatient}`, signedIn: true },
      {
        name: 'clinical search (50 Observations), audited',
        path: `/Observation?subject=Patient/${bvdkPatient}&_count=50`,
        signedIn: true,
      },
    ];
    const apiUrlOf = (kind: { path: string }): string => `${apiUrl}/fhir${kind.path}`;
    const directUrlOf = (kind: { path: string }): string => at(options.hapiUrl, kind.path);
    const facadeKinds: FacadeKind[] = [];
    for (const kind of kinds) {
      const headers = kind.signedIn ? it : {};
      for (let i = 0; i < 10; i++) {
        await timedGet(apiUrlOf(kind), headers);
        await timedGet(directUrlOf(kind), {});
      }
      const apiMs: number[] = [];
      const directMs: number[] = [];
      // Interleaved, so a slow moment of HAPI's lands on both sides alike.
      for (let i = 0; i < perKind; i++) {
        apiMs.push(await timedGet(apiUrlOf(kind), headers));
        directMs.push(await timedGet(directUrlOf(kind), {}));
      }
      facadeKinds.push({ ...kind, api: summarise(apiMs), direct: summarise(directMs) });
      console.error(
        `  facade ${kind.name}: p50 API ${summarise(apiMs).p50.toFixed(1)} ms, HAPI ${summarise(directMs).p50.toFixed(1)} ms`,
      );
    }
    let errors = 0;
    const throughput = async (
      urlOf: (kind: { path: string }) => string,
      withAuth: boolean,
    ): Promise<number> => {
      let next = 0;
      const t0 = now();
      const shown = progress('facade throughput', () => `${next} of ${throughputRequests}`);
      await inParallel(concurrency, async () => {
        for (let i = next++; i < throughputRequests; i = next++) {
          const kind = kinds[i % kinds.length]!;
          try {
            await timedGet(urlOf(kind), withAuth && kind.signedIn ? it : {});
          } catch {
            errors += 1;
          }
        }
      });
      shown.stop();
      return throughputRequests / ((now() - t0) / 1000);
    };
    const directPerSecond = await throughput(directUrlOf, false);
    if (options.profileDir) await api.startProfile();
    const apiPerSecond = await throughput(apiUrlOf, true);
    if (options.profileDir) {
      const file = path.join(options.profileDir, `api-facade-${tag}.cpuprofile`);
      await api.stopProfile(file);
      console.error(
        `  profile of the API's ${throughputRequests} facade requests: ${file} (npx tsx bench/profile-summary.ts ${file} ${throughputRequests})`,
      );
    }
    console.error(
      `  facade throughput: API ${apiPerSecond.toFixed(0)}/s, HAPI ${directPerSecond.toFixed(0)}/s`,
    );

    // ── Doctor timeline ─────────────────────────────────────────────────────────────────────
    // A booking at the doctor's hospital is the treatment relationship that lets him read it.
    const from = localDayOf(new Date());
    const slots = (await (
      await fetch(
        `${apiUrl}/api/availability?hospital=bvdk-tinh-quang-ninh&from=${from}&to=${addDays(from, 14)}&limit=5`,
      )
    ).json()) as Array<{ slotId: string }>;
    const booked = await fetch(`${apiUrl}/api/bookings`, {
      method: 'POST',
      headers: {
        ...reception,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({ slotId: slots[0]?.slotId, patientId: bvdkPatient }),
    });
    if (booked.status !== 201)
      throw new Error(`booking for the timeline answered ${booked.status}: ${await booked.text()}`);
    const recordUrl = `${apiUrl}/api/patients/${bvdkPatient}/record`;
    const first = (await (await fetch(recordUrl, { headers: doctor })).json()) as {
      timeline?: unknown[];
      patients?: Array<{ hospital: { id: string } }>;
    };
    const entries = first.timeline?.length ?? 0;
    const hospitalsShown = new Set(first.patients?.map((p) => p.hospital.id)).size;
    const searches = recordSearches(patientIds).map((p) => at(options.hapiUrl, p));
    const directRecord = async (): Promise<number> => {
      const t0 = now();
      await Promise.all(searches.map((url) => fetch(url).then((r) => r.arrayBuffer())));
      return now() - t0;
    };
    for (let i = 0; i < 5; i++) {
      await timedGet(recordUrl, doctor);
      await directRecord();
    }
    const apiMs: number[] = [];
    const directMs: number[] = [];
    let timelineErrors = 0;
    const shown = progress('doctor timeline', () => `${apiMs.length} of ${timelineReads}`);
    for (let i = 0; i < timelineReads; i++) {
      try {
        apiMs.push(await timedGet(recordUrl, doctor));
      } catch {
        timelineErrors += 1;
      }
      directMs.push(await directRecord());
    }
    shown.stop();
    const concurrentMs: number[] = [];
    let next = 0;
    await inParallel(timelineConcurrency, async () => {
      for (let i = next++; i < timelineReads; i = next++) {
        try {
          concurrentMs.push(await timedGet(recordUrl, doctor));
        } catch {
          timelineErrors += 1;
        }
      }
    });
    console.error(
      `  timeline: p95 ${summarise(apiMs).p95.toFixed(0)} ms alone, ${summarise(concurrentMs).p95.toFixed(0)} ms with ${timelineConcurrency} doctors at once`,
    );

    return {
      startedAt: startedAt.toISOString(),
      facade: {
        perKind,
        kinds: facadeKinds,
        concurrency,
        throughputRequests,
        apiPerSecond,
        directPerSecond,
        errors,
      },
      timeline: {
        resourcesPerHospital: person.resourcesPerHospital,
        entries,
        hospitalsShown,
        reads: timelineReads,
        api: summarise(apiMs),
        direct: summarise(directMs),
        concurrency: timelineConcurrency,
        concurrent: summarise(concurrentMs),
        errors: timelineErrors,
      },
    };
  } finally {
    await api?.stop();
    await mongo.dropDatabase().catch(() => undefined);
    await mongo.close().catch(() => undefined);
  }
}

const ms1 = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');

/** The reads section of the benchmark report, with the goals beside the figures. */
export function renderReads(r: ReadsBenchResult): string {
  const f = r.facade;
  const t = r.timeline;
  const ratio = f.apiPerSecond / f.directPerSecond;
  const worstAdded = Math.max(...f.kinds.map((k) => k.api.p50 - k.direct.p50));
  const lines = [
    '## FHIR facade: through the API and straight to HAPI',
    '',
    `${f.perKind} sequential requests of each kind on each path, interleaved (after 10 of each to warm up). Signed-in kinds use a hospital-IT token; the API checks it and writes an audit record for each.`,
    '',
    '| request | API p50 / p95 | HAPI p50 / p95 | added at p50 |',
    '| --- | --- | --- | --- |',
    ...f.kinds.map(
      (k) =>
        `| ${k.name} | ${ms1(k.api.p50)} / ${ms1(k.api.p95)} | ${ms1(k.direct.p50)} / ${ms1(k.direct.p95)} | ${ms1(k.api.p50 - k.direct.p50)} |`,
    ),
    '',
    `| throughput, ${f.concurrency} clients, ${f.throughputRequests} requests of the four kinds | API | HAPI | API ÷ HAPI |`,
    '| --- | --- | --- | --- |',
    `| requests per second | ${f.apiPerSecond.toFixed(0)}/s | ${f.directPerSecond.toFixed(0)}/s | ${ratio.toFixed(2)} |`,
    '',
    `Goal: added latency p50 ≤ 5 ms (worst kind here: ${ms1(worstAdded)}, **${worstAdded <= 5 ? 'met' : 'not met'}**); throughput ≥ 0.9 × direct (**${ratio >= 0.9 ? 'met' : 'not met'}**, ${ratio.toFixed(2)}). Errors: ${f.errors}.`,
    '',
    '## Doctor timeline',
    '',
    `One patient known at the three hospitals with ${t.resourcesPerHospital} resources at each (visits, diagnoses, lab results, prescriptions, procedures), linked by a Person. \`GET /api/patients/:id/record\` as a doctor with a booking at his hospital: the access check, ten HAPI searches, the timeline and lab series shaped, one audit record. It answered ${t.entries} timeline entries from ${t.hospitalsShown} hospitals.`,
    '',
    '| | p50 | p95 | p99 |',
    '| --- | --- | --- | --- |',
    `| the API's record, ${t.reads} reads one after another | ${ms1(t.api.p50)} | ${ms1(t.api.p95)} | ${ms1(t.api.p99)} |`,
    `| the API's record, ${t.concurrency} doctors at once (${t.reads} reads) | ${ms1(t.concurrent.p50)} | ${ms1(t.concurrent.p95)} | ${ms1(t.concurrent.p99)} |`,
    `| the same ten searches straight to HAPI, in parallel (bundles only) | ${ms1(t.direct.p50)} | ${ms1(t.direct.p95)} | ${ms1(t.direct.p99)} |`,
    '',
    `Goal: p95 ≤ 300 ms (**${t.api.p95 <= 300 ? 'met' : 'not met'}** one doctor at a time). Errors: ${t.errors}.`,
    '',
  ];
  return lines.join('\n');
}
