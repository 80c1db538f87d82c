/**
 * The ingestion benchmark: (1) parse + normalise alone, per format, on one core; (2) end to end
 * into HAPI through the pipeline (adapters, identity in MongoDB, job records, transaction bundles
 * with Person links) side by side with HAPI's own rate for the same kind of resources posted
 * directly as transaction bundles of the same size, in the same run.
 */
import { randomBytes } from 'node:crypto';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import mongoose from 'mongoose';
import { writeHl7v2 } from '../ehr-api/src/ingestion/adapters/hl7v2/index.js';
import { writeXml130 } from '../ehr-api/src/ingestion/adapters/xml130/index.js';
import { loadCsvMapping, writeCsv } from '../ehr-api/src/ingestion/adapters/csv/index.js';
import { AdapterRegistry, CSV_MAPPINGS_DIR } from '../ehr-api/src/ingestion/adapters.js';
import { demoPopulation } from '../ehr-api/src/ingestion/demo/population.js';
import { IngestionService } from '../ehr-api/src/ingestion/ingestion-service.js';
import { ingestionModels } from '../ehr-api/src/ingestion/models.js';
import { normaliseRecord } from '../ehr-api/src/ingestion/normalise/to-fhir.js';
import type {
  HospitalCode,
  HospitalRecord,
  ParseOutcome,
  SourceFormat,
} from '../ehr-api/src/ingestion/model.js';
import { IdentityService } from '../ehr-api/src/identity/identity-service.js';
import { FhirStore } from '../ehr-api/src/fhir/fhir-store.js';
import { demoDirectoryBundle } from '../ehr-api/src/directory/demo-directory.js';
import { createLogger } from '../ehr-api/src/logger.js';
import path from 'node:path';

export interface ParseFigure {
  format: SourceFormat;
  records: number;
  bytes: number;
  parseMs: number;
  normaliseMs: number;
  /** Records per second for parse + normalise, one thread. */
  perSecond: number;
  rejected: number;
}

export interface LoadFigure {
  what: string;
  records: number;
  resources: number;
  wallMs: number;
  perSecond: number;
  resourcesPerSecond: number;
  rejected: number;
}

export interface IngestBenchResult {
  startedAt: Date;
  people: number;
  parse: ParseFigure[];
  pipeline: LoadFigure;
  direct: LoadFigure;
  rerun: LoadFigure;
}

/** One population written the way each format writes it, with the adapter and hospital to read it back. */
function exportsOf(
  records: HospitalRecord[],
  format: SourceFormat,
): { file: Buffer; hospital: HospitalCode; mapping?: string } {
  if (format === 'hl7v2')
    return {
      file: Buffer.concat(
        records.map((r) =>
          Buffer.concat([
            writeHl7v2({
              ...r,
              hospital: 'bvdk-tinh-quang-ninh',
              format,
              event: r.event === 'claim' ? ('admit' as const) : r.event,
            }),
            Buffer.from('\n'),
          ]),
        ),
      ),
      hospital: 'bvdk-tinh-quang-ninh',
    };
  if (format === 'xml130')
    return {
      file: writeXml130(
        records.map((r) => ({
          ...r,
          hospital: 'bv-san-nhi-quang-ninh',
          format,
          event: 'claim' as const,
        })),
        { facilityCode: '22017' },
      ),
      hospital: 'bv-san-nhi-quang-ninh',
    };
  const mapping = path.join(CSV_MAPPINGS_DIR, 'bv-bai-chay.yaml');
  return {
    file: writeCsv(
      records.map((r) => ({ ...r, hospital: 'bv-bai-chay', format, labResults: [] })),
      loadCsvMapping(mapping),
    ),
    hospital: 'bv-bai-chay',
    mapping,
  };
}

/** Visits of the population (the records that carry an encounter), relabelled for one hospital. */
function visits(people: number, seed: number): HospitalRecord[] {
  const { records } = demoPopulation(people, seed);
  return Object.values(records)
    .flat()
    .filter((r) => r.encounter && r.event !== 'results')
    .map((r) => ({ ...r, notes: [], labResults: r.labResults }));
}

export async function runIngestBench(options: {
  mongoUri: string;
  hapiUrl: string;
  people: number;
  batchSize: number;
  onProgress?: (line: string) => void;
}): Promise<IngestBenchResult> {
  const startedAt = new Date();
  const say = options.onProgress ?? ((line: string) => console.log(line));
  const adapters = new AdapterRegistry();

  // (1) Parse + normalise alone: CPU only, nothing written.
  const parse: ParseFigure[] = [];
  const records = visits(options.people, 1);
  for (const format of ['hl7v2', 'xml130', 'csv'] as const) {
    const { file, hospital, mapping } = exportsOf(records, format);
    const adapter = adapters.forFormat(format, hospital, mapping);
    // Warm-up: the first pass pays for JIT compilation.
    [...adapter.parse(file, { hospital, sourceName: 'warm-up' })].forEach(
      (o) => o.ok && normaliseRecord(o.record, { jobId: 'bench' }),
    );
    const t0 = performance.now();
    const outcomes = [...adapter.parse(file, { hospital, sourceName: `bench.${format}` })];
    const t1 = performance.now();
    let rejected = 0;
    for (const outcome of outcomes) {
      if (!outcome.ok) rejected += 1;
      else {
        try {
          normaliseRecord(outcome.record, { jobId: 'bench' });
        } catch {
          rejected += 1;
        }
      }
    }
    const t2 = performance.now();
    parse.push({
      format,
      records: outcomes.length,
      bytes: file.length,
      parseMs: t1 - t0,
      normaliseMs: t2 - t1,
      perSecond: outcomes.length / ((t2 - t0) / 1000),
      rejected,
    });
    say(`parse + normalise ${format}: ${outcomes.length} records in ${(t2 - t0).toFixed(0)} ms`);
  }

  // (2) End to end into HAPI, and the same kind of load posted straight to HAPI.
  const hapi = new FhirStore(options.hapiUrl, { timeoutMs: 120_000 });
  await hapi.transaction(demoDirectoryBundle());
  const dbUri = new URL(options.mongoUri);
  dbUri.pathname = `/bench_ingest_${randomBytes(4).toString('hex')}`;
  const connection = await mongoose.createConnection(dbUri.toString()).asPromise();
  try {
    const identity = new IdentityService(connection);
    const service = new IngestionService(
      ingestionModels(connection),
      hapi,
      identity,
      createLogger('error'),
      { batchSize: options.batchSize },
    );
    await Promise.all([identity.ready(), service.ready()]);

    // Two populations of the same size and shape with different people, so both sides create new resources.
    const pipelineRecords = visits(options.people, 2).map((r) => ({
      ...r,
      hospital: 'bv-san-nhi-quang-ninh' as const,
      format: 'xml130' as const,
      event: 'claim' as const,
    }));
    const directRecords = visits(options.people, 3).map((r) => ({
      ...r,
      hospital: 'bv-san-nhi-quang-ninh' as const,
      format: 'xml130' as const,
      event: 'claim' as const,
      sourceRecordId: `D${r.sourceRecordId}`,
      patient: { ...r.patient, mrn: `D${r.patient.mrn}` },
      encounter: r.encounter ? { ...r.encounter, visitId: `D${r.encounter.visitId}` } : undefined,
    }));

    const direct = await postDirect(hapi, directRecords, options.batchSize, say);

    const file = writeXml130(pipelineRecords, { facilityCode: '22017' });
    const outcomes: ParseOutcome[] = [
      ...adapters
        .forFormat('xml130', 'bv-san-nhi-quang-ninh')
        .parse(file, { hospital: 'bv-san-nhi-quang-ninh', sourceName: 'bench.xml' }),
    ];
    const t0 = performance.now();
    const summary = await service.ingest(outcomes, {
      hospital: 'bv-san-nhi-quang-ninh',
      format: 'xml130',
      source: 'bench',
      createdBy: 'bench',
      onProgress: ({ processed }) =>
        processed % 100 === 0 && say(`pipeline: ${processed}/${outcomes.length}`),
    });
    const pipelineMs = performance.now() - t0;
    const resources = outcomes.reduce(
      (n, o) => (o.ok ? n + normaliseRecord(o.record, { jobId: 'count' }).resources.length : n),
      0,
    );
    const pipeline: LoadFigure = {
      what: 'ehr-api pipeline (XML 130 file → adapters → identity → FHIR transaction bundles with Person links)',
      records: outcomes.length,
      resources,
      wallMs: pipelineMs,
      perSecond: outcomes.length / (pipelineMs / 1000),
      resourcesPerSecond: resources / (pipelineMs / 1000),
      rejected: summary.counts.rejected,
    };

    const t1 = performance.now();
    const again = await service.ingest(outcomes, {
      hospital: 'bv-san-nhi-quang-ninh',
      format: 'xml130',
      source: 'bench-rerun',
      createdBy: 'bench',
    });
    const rerunMs = performance.now() - t1;
    const rerun: LoadFigure = {
      what: 'the same file again (idempotent: every record merged, nothing new)',
      records: outcomes.length,
      resources,
      wallMs: rerunMs,
      perSecond: outcomes.length / (rerunMs / 1000),
      resourcesPerSecond: resources / (rerunMs / 1000),
      rejected: again.counts.rejected + again.counts.loaded,
    };
    return { startedAt, people: options.people, parse, pipeline, direct, rerun };
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

/** HAPI's own rate: the normalised resources of each batch as one transaction bundle, nothing else. */
async function postDirect(
  hapi: FhirStore,
  records: HospitalRecord[],
  batchSize: number,
  say: (line: string) => void,
): Promise<LoadFigure> {
  const bundles: Bundle[] = [];
  let resources = 0;
  for (let i = 0; i < records.length; i += batchSize) {
    const byKey = new Map<string, FhirResource & { id: string }>();
    for (const record of records.slice(i, i + batchSize)) {
      for (const resource of normaliseRecord(record, { jobId: 'direct' }).resources)
        byKey.set(`${resource.resourceType}/${resource.id}`, resource);
    }
    resources += byKey.size;
    bundles.push({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [...byKey.values()].map((resource) => ({
        resource,
        request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
      })),
    });
  }
  const t0 = performance.now();
  let rejected = 0;
  for (const [index, bundle] of bundles.entries()) {
    try {
      await hapi.transaction(bundle);
    } catch {
      rejected += 1;
    }
    if (index % 10 === 0)
      say(`direct: ${Math.min((index + 1) * batchSize, records.length)}/${records.length}`);
  }
  const wallMs = performance.now() - t0;
  return {
    what: 'HAPI alone (the same kind of resources PUT as transaction bundles of the same size)',
    records: records.length,
    resources,
    wallMs,
    perSecond: records.length / (wallMs / 1000),
    resourcesPerSecond: resources / (wallMs / 1000),
    rejected,
  };
}

export function renderIngest(r: IngestBenchResult, machine: string): string {
  const n = (v: number): string => v.toFixed(0);
  const overhead = r.direct.perSecond / r.pipeline.perSecond - 1;
  return [
    '# Ingestion benchmark',
    '',
    `- Date: ${r.startedAt.toISOString()}`,
    `- Machine: ${machine}`,
    `- Population: ${r.people} invented people, their visits with diagnoses, lab results and prescriptions (ehr-api/src/ingestion/demo/population.ts)`,
    '',
    '## Parse + normalise alone (one thread, nothing written)',
    '',
    '| format | records | file size | parse | normalise | records/s | rejected |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.parse.map(
      (p) =>
        `| ${p.format} | ${p.records} | ${(p.bytes / 1024).toFixed(0)} KiB | ${n(p.parseMs)} ms | ${n(p.normaliseMs)} ms | **${n(p.perSecond)}** | ${p.rejected} |`,
    ),
    '',
    'Goal: ≥ 2,000 records/s per core.',
    '',
    '## End to end into HAPI FHIR (fresh HAPI on H2, validating every write against the province package)',
    '',
    '| load | records | FHIR resources | wall time | records/s | resources/s | rejected |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...[r.pipeline, r.direct, r.rerun].map(
      (f) =>
        `| ${f.what} | ${f.records} | ${f.resources} | ${(f.wallMs / 1000).toFixed(1)} s | **${f.perSecond.toFixed(1)}** | ${n(f.resourcesPerSecond)} | ${f.rejected} |`,
    ),
    '',
    `Pipeline overhead over HAPI alone: **${(overhead * 100).toFixed(0)}%** (goal ≤ 20%). The pipeline also resolves each patient's identity in MongoDB, writes one job record per input record and adds each batch's Person links to the bundle.`,
    '',
  ].join('\n');
}
