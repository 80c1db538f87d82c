/**
 * `npm run bench`: starts a fresh stack of its own, runs the booking benchmark against it and writes
 * bench/results/booking.md. Exits 1 when a correctness check fails (the table is written anyway).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import {
  describeOutcomes,
  runBookingBench,
  type BookingBenchResult,
  type Outcomes,
} from './booking.js';
import type { LatencySummary } from './lib/measure.js';
import { renderIngest, runIngestBench } from './ingest.js';
import { rmSync } from 'node:fs';
import { buildWorkspaces } from '../scripts/src/stack/builds.js';
import { stackConfig } from '../scripts/src/stack/config.js';
import { reportFailure } from '../scripts/src/stack/progress.js';
import { buildStackTools, startStack, type RunningStack } from '../scripts/src/stack/stack.js';

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    console.error(`${name}=${raw}: expected a whole number from 1 to 100000`);
    process.exit(2);
  }
  return value;
}

const ms = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v)
    ? '—'
    : v >= 10_000
      ? `${(v / 1000).toFixed(1)} s`
      : `${Math.round(v)} ms`;
const rate = (v: number | undefined): string =>
  v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(1)}/s`;
const lat = (l: LatencySummary): string => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`;
const errorsOf = (o: Outcomes): number => o.serverErrors + o.networkErrors;

interface Check {
  what: string;
  ok: boolean;
}

function checks(r: BookingBenchResult): Check[] {
  const c = r.contention;
  const distinctQueue = new Set(c.queueNumbers).size === c.queueNumbers.length;
  return [
    {
      what: `(a) exactly C = ${c.capacity} bookings succeeded (${c.outcomes.created})`,
      ok: c.outcomes.created === c.capacity,
    },
    {
      what: `(a) 0 errors (5xx or network): ${errorsOf(c.outcomes)}`,
      ok: errorsOf(c.outcomes) === 0,
    },
    {
      what: `(a) every other attempt got 409 (${c.attempts - c.outcomes.created - errorsOf(c.outcomes)} of ${c.attempts - c.outcomes.created})`,
      ok:
        c.attempts - c.outcomes.created ===
        Object.values(c.outcomes.conflicts).reduce((a, b) => a + b, 0),
    },
    { what: `(a) queue numbers distinct: ${c.queueNumbers.join(', ')}`, ok: distinctQueue },
    {
      what: `(a) outbox drained, Appointments in HAPI (${c.appointmentsInHapi}) = bookings (${c.outcomes.created})`,
      ok: c.drainMs !== undefined && c.appointmentsInHapi === c.outcomes.created,
    },
    {
      what: `(b) 0 errors (5xx or network): ${errorsOf(r.throughput.outcomes)}`,
      ok: errorsOf(r.throughput.outcomes) === 0,
    },
    {
      what: `(b) every booking succeeded (${r.throughput.outcomes.created} of ${r.throughput.kiosks * r.throughput.perKiosk})`,
      ok: r.throughput.outcomes.created === r.throughput.kiosks * r.throughput.perKiosk,
    },
    {
      what: `(b) outbox drained, Appointments in HAPI (${r.throughput.appointmentsInHapi}) = bookings (${r.throughput.outcomes.created})`,
      ok:
        r.throughput.drainMs !== undefined &&
        r.throughput.appointmentsInHapi === r.throughput.outcomes.created,
    },
    {
      what: `(c) race: double bookings ${r.fhirContention.doubleBookings}, Appointments ${r.fhirContention.appointmentsInHapi} = booked ${r.fhirContention.outcomes.booked}`,
      ok:
        r.fhirContention.doubleBookings === 0 &&
        r.fhirContention.appointmentsInHapi === r.fhirContention.outcomes.booked,
    },
    {
      what: `(c) kiosks: double bookings ${r.fhirThroughput.doubleBookings}, Appointments ${r.fhirThroughput.appointmentsInHapi} = booked ${r.fhirThroughput.outcomes.booked}`,
      ok:
        r.fhirThroughput.doubleBookings === 0 &&
        r.fhirThroughput.appointmentsInHapi === r.fhirThroughput.outcomes.booked,
    },
  ];
}

function machine(): string {
  let cpus = String(os.availableParallelism());
  try {
    cpus = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // nproc missing: keep Node's count
  }
  const model = os.cpus()[0]?.model ?? '?';
  return `${cpus} CPUs (nproc; ${model}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, ${os.type()} ${os.release()}`;
}

function render(r: BookingBenchResult, results: Check[]): string {
  const a = r.contention;
  const fa = r.fhirContention;
  const b = r.throughput;
  const fb = r.fhirThroughput;
  const fhirErr = (o: typeof fa.outcomes): string =>
    `${o.errors}${
      Object.keys(o.errorStatuses).length
        ? ` (${Object.entries(o.errorStatuses)
            .map(([k, n]) => `${k}: ${n}`)
            .join(', ')})`
        : ''
    }`;
  const lines = [
    '# Booking benchmark',
    '',
    `- Date: ${r.startedAt.toISOString()} (whole run ${(r.totalMs / 1000).toFixed(0)} s)`,
    `- Machine: ${machine()}`,
    "- Stack: a fresh stack of the benchmark's own on loopback — the MongoDB-wire server is **FerretDB 1.24 on PostgreSQL**, HAPI FHIR on H2; the ehr-api runs in the benchmark's own process (client and server share one Node event loop). Database-bound figures are therefore **lower bounds for MongoDB**.",
    '',
    `## (a) Contention: ${a.attempts} patients at once on one slot of capacity ${a.capacity} (\`${a.slotId}\`)`,
    '',
    '| figure | ehr-api (`POST /api/bookings`, MongoDB-wire) | FHIR-only (HAPI: read Slot + transaction with If-Match) |',
    '| --- | --- | --- |',
    `| succeeded (must be C = ${a.capacity}) | ${a.outcomes.created} | ${fa.outcomes.booked} |`,
    `| refused as full | ${
      Object.entries(a.outcomes.conflicts)
        .map(([k, n]) => `${n} (409 ${k})`)
        .join(', ') || '0'
    } | ${fa.outcomes.full} (Slot read full) + ${fa.outcomes.gaveUp} gave up (attempt limit) |`,
    `| errors (5xx or network) | ${errorsOf(a.outcomes)} | ${fhirErr(fa.outcomes)} |`,
    `| other 4xx | ${
      Object.entries(a.outcomes.otherClientErrors)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ') || '0'
    } | — |`,
    `| lost races (409/412 on the conditional update) | — (inserts into a unique key; no retries) | ${fa.outcomes.versionConflicts} |`,
    `| wall time, all attempts answered | ${ms(a.wallMs)} | ${ms(fa.wallMs)} |`,
    `| latency p50 / p95 / p99 | ${lat(a.latency)} | ${lat(fa.latency)} |`,
    `| one refusal alone, no other load (20 sequential) p50 / p95 | ${ms(a.refusalAlone.p50)} / ${ms(a.refusalAlone.p95)} (409 with up to 3 alternatives) | — |`,
    `| Appointments in HAPI = bookings | ${a.appointmentsInHapi} = ${a.outcomes.created} (outbox drained ${ms(a.drainMs)} after the last answer) | ${fa.appointmentsInHapi} = ${fa.outcomes.booked} |`,
    `| double bookings | 0 by construction (unique seat key); queue numbers ${a.queueNumbers.join(', ')} | ${fa.doubleBookings} |`,
    '',
    `## (b) Throughput: ${b.kiosks} kiosks × ${b.perKiosk} bookings = ${b.kiosks * b.perKiosk} (distinct patients, ${b.slotsOffered} free slots over a week) and (c) the same FHIR-only`,
    '',
    '| figure | ehr-api (`POST /api/bookings`) | FHIR-only (HAPI transaction with If-Match) |',
    '| --- | --- | --- |',
    `| concurrent clients | ${b.kiosks} | ${fb.workers} |`,
    `| succeeded | ${b.outcomes.created} of ${b.kiosks * b.perKiosk} | ${fb.outcomes.booked} of ${fb.attempts} (full ${fb.outcomes.full}, gave up ${fb.outcomes.gaveUp}) |`,
    `| errors (5xx or network) | ${errorsOf(b.outcomes)} | ${fhirErr(fb.outcomes)} |`,
    `| other answers | ${describeOutcomes(b.outcomes)} | lost races (409/412): ${fb.outcomes.versionConflicts} |`,
    `| bookings/s (confirmed to the client) | ${rate(b.bookingsPerSecond)} | ${rate(fb.bookingsPerSecond)} |`,
    `| latency p50 / p95 / p99 | ${lat(b.latency)} | ${lat(fb.latency)} |`,
    `| wall time | ${ms(b.wallMs)} | ${ms(fb.wallMs)} |`,
    `| in HAPI: Appointments = bookings | ${b.appointmentsInHapi} = ${b.outcomes.created}; outbox drained ${ms(b.drainMs)} after the last booking (${rate(b.publishedPerSecond)} end to end) | ${fb.appointmentsInHapi} = ${fb.outcomes.booked} (written synchronously) |`,
    `| double bookings | 0 by construction | ${fb.doubleBookings} |`,
    '',
    '## Checks',
    '',
    ...results.map((c) => `- ${c.ok ? 'PASS' : '**FAIL**'} ${c.what}`),
  ];
  const samples = [
    ...a.outcomes.samples.map((s) => `(a) ${s}`),
    ...b.outcomes.samples.map((s) => `(b) ${s}`),
    ...fa.outcomes.samples.map((s) => `(c race) ${s}`),
    ...fb.outcomes.samples.map((s) => `(c kiosks) ${s}`),
  ];
  if (samples.length > 0)
    lines.push(
      '',
      '## Unexpected answers (first few)',
      '',
      ...samples.map((s) => `- \`${s.replaceAll('`', "'").replaceAll('\n', ' ')}\``),
    );
  return `${lines.join('\n')}\n`;
}

// A stack of the benchmark's own (ports QN_BENCH_*, data in .data/bench), fresh each run so HAPI's
// figures are not skewed by earlier runs' resources; QN_BENCH_MONGODB_URI / QN_BENCH_HAPI_FHIR_URL
// point it at servers you run instead.
const config = stackConfig('bench');
let stack: RunningStack | undefined;
if (!config.mongoUri || !config.hapiUrl) {
  try {
    rmSync(config.dataDir, { recursive: true, force: true });
    await buildWorkspaces(path.join(config.dataDir, 'logs'), [
      'contracts',
      'card-crypto',
      'fhir-profiles',
    ]);
    await buildStackTools(config);
    stack = await startStack(config, { pcscd: false });
  } catch (error) {
    reportFailure(error);
    process.exit(2);
  }
}
const stopStack = async (): Promise<void> => {
  await stack?.stop();
  stack = undefined;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void stopStack().finally(() => process.exit(130)));

const options = {
  mongoUri: stack?.mongoUri ?? config.mongoUri ?? '',
  hapiUrl: (stack?.hapiUrl ?? config.hapiUrl ?? '').replace(/\/$/, ''),
  contentionAttempts: positive('QN_BENCH_CONTENTION_N', 500),
  capacity: process.env.QN_BENCH_CAPACITY ? positive('QN_BENCH_CAPACITY', 3) : undefined,
  kiosks: positive('QN_BENCH_KIOSKS', 50),
  perKiosk: positive('QN_BENCH_PER_KIOSK', 10),
  fhirMaxAttempts: positive('QN_BENCH_FHIR_MAX_ATTEMPTS', 10),
  drainTimeoutMs: positive('QN_BENCH_DRAIN_TIMEOUT_S', 180) * 1000,
  logLevel: process.env.QN_BENCH_LOG_LEVEL ?? 'error',
};

// QN_BENCH_ONLY=booking or =ingest runs one benchmark; unset, both.
const only = process.env.QN_BENCH_ONLY;
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
await mkdir(resultsDir, { recursive: true });
/** Aligned by prettier, so the written file passes `npm run format:check`. */
async function save(name: string, markdown: string): Promise<void> {
  const formatted = await format(markdown, { parser: 'markdown' });
  const out = path.join(resultsDir, name);
  await writeFile(out, formatted);
  console.log(`\n${formatted}`);
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

let passed = true;
try {
  if (!only || only === 'booking') {
    const result = await runBookingBench(options);
    const results = checks(result);
    passed &&= results.every((c) => c.ok);
    await save('booking.md', render(result, results));
  }
  if (!only || only === 'ingest') {
    const ingest = await runIngestBench({
      mongoUri: options.mongoUri,
      hapiUrl: options.hapiUrl,
      people: positive('QN_BENCH_INGEST_PEOPLE', 150),
      batchSize: positive('QN_BENCH_INGEST_BATCH', 25),
    });
    passed &&= ingest.pipeline.rejected === 0 && ingest.rerun.rejected === 0;
    await save('ingest.md', renderIngest(ingest, machine()));
  }
} finally {
  await stopStack();
}
process.exit(passed ? 0 : 1);
