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
  type CommandCounts,
  type CommandsPerRequest,
  type Outcomes,
} from './booking.js';
import type { LatencySummary } from './lib/measure.js';
import { renderIngest, runIngestBench } from './ingest.js';
import { renderReads, runReadsBench } from './reads.js';
import {
  bookingRows,
  ingestRows,
  readsRows,
  renderSummary,
  tapRows,
  webRows,
  type SummaryRow,
} from './summary.js';
import { renderTap, runTapBench } from './tap.js';
import { renderWeb, runWebBench } from './web.js';
import { rmSync } from 'node:fs';
import { buildWorkspaces } from '../scripts/src/stack/builds.js';
import { stackConfig } from '../scripts/src/stack/config.js';
import { reportFailure } from '../scripts/src/stack/progress.js';
import { buildStackTools, startStack, type RunningStack } from '../scripts/src/stack/stack.js';

function wholeNumber(name: string, fallback: number, least: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < least || value > 100_000) {
    console.error(`${name}=${raw}: expected a whole number from ${least} to 100000`);
    process.exit(2);
  }
  return value;
}

const positive = (name: string, fallback: number): number => wholeNumber(name, fallback, 1);
const nonNegative = (name: string, fallback: number): number => wholeNumber(name, fallback, 0);

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
    {
      what: `(a) every refusal was 409 slot-full with alternatives (${c.outcomes.fullWithAlternatives} of ${c.attempts - c.outcomes.created})`,
      ok: c.outcomes.fullWithAlternatives === c.attempts - c.outcomes.created,
    },
    {
      what: `(a) double bookings in MongoDB (active bookings beyond capacity): ${c.doubleBookings}`,
      ok: c.doubleBookings === 0,
    },
    { what: `(a) queue numbers distinct: ${c.queueNumbers.join(', ')}`, ok: distinctQueue },
    {
      what: `(a) outbox drained, Appointments in HAPI (${c.appointmentsInHapi}) = bookings (${c.outcomes.created}), exactly one for each (${c.bookingsWithOneAppointment})`,
      ok:
        c.drainMs !== undefined &&
        c.appointmentsInHapi === c.outcomes.created &&
        c.bookingsWithOneAppointment === c.outcomes.created,
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
      what: `(b) double bookings in MongoDB (active bookings beyond capacity): ${r.throughput.doubleBookings}`,
      ok: r.throughput.doubleBookings === 0,
    },
    {
      what: `(b) outbox drained, Appointments in HAPI (${r.throughput.appointmentsInHapi}) = bookings (${r.throughput.outcomes.created}), exactly one for each (${r.throughput.bookingsWithOneAppointment})`,
      ok:
        r.throughput.drainMs !== undefined &&
        r.throughput.appointmentsInHapi === r.throughput.outcomes.created &&
        r.throughput.bookingsWithOneAppointment === r.throughput.outcomes.created,
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
    ...(r.paced
      ? [
          {
            what: `(d) every booking at a kiosk pace succeeded, 0 errors: ${describeOutcomes(r.paced.api.outcomes)}`,
            ok:
              errorsOf(r.paced.api.outcomes) === 0 &&
              r.paced.api.outcomes.created === r.paced.api.latency.count,
          },
          {
            what: `(d) double bookings: ${r.paced.api.doubleBookings} through the API, ${r.paced.fhir.doubleBookings} FHIR-only`,
            ok: r.paced.api.doubleBookings === 0 && r.paced.fhir.doubleBookings === 0,
          },
        ]
      : []),
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
  return `${cpus} CPUs (nproc; ${model}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, ${os.type()} ${os.release()}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min) when the table was written`;
}

/** `1–100` for a run of consecutive numbers, else the list. */
function queueNumbers(numbers: number[]): string {
  const contiguous = numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
  return contiguous && numbers.length > 3 ? `${numbers[0]}–${numbers.at(-1)}` : numbers.join(', ');
}

const seconds = (v: number): string => `${(v / 1000).toFixed(1)} s`;

/** CPU seconds and average cores busy (CPU time ÷ wall time) of each component per phase. */
function renderCpu(r: BookingBenchResult): string[] {
  if (r.cpu.length === 0) return [];
  const cell = (cpuMs: number, wallMs: number): string =>
    Number.isFinite(cpuMs) ? `${seconds(cpuMs)} · ${(cpuMs / wallMs).toFixed(2)}` : '—';
  const rows = r.cpu.map(({ phase, spent }) => {
    const known = Object.values(spent.groups).reduce((a, b) => a + b, 0) + spent.self;
    return `| ${phase} | ${seconds(spent.wallMs)} | ${r.cpuGroups
      .map((g) => cell(spent.groups[g] ?? Number.NaN, spent.wallMs))
      .join(' | ')} | ${cell(spent.self, spent.wallMs)} | ${cell(
      Math.max(0, spent.machineBusy - known),
      spent.wallMs,
    )} | ${cell(spent.machineBusy, spent.wallMs)} |`;
  });
  const perBooking = (phase: string, group: string, bookings: number): string => {
    const spent = r.cpu.find((c) => c.phase === phase)?.spent;
    if (!spent || bookings === 0) return '—';
    const v = group === 'self' ? spent.self : (spent.groups[group] ?? Number.NaN);
    return Number.isFinite(v) ? `${(v / bookings).toFixed(1)} ms` : '—';
  };
  const b = r.throughput.outcomes.created;
  const fb = r.fhirThroughput.outcomes.booked;
  const groups = [...r.cpuGroups, 'self'];
  const label = (g: string): string => (g === 'self' ? 'benchmark client' : g);
  return [
    `## CPU: who uses the ${os.availableParallelism()} cores`,
    '',
    'CPU time from `/proc` (each component summed over its process tree) and average cores busy during the phase (CPU time ÷ wall time). _Rest of the machine_ is everything else running at the same time (other work on a shared machine).',
    '',
    `| phase | wall | ${r.cpuGroups.join(' | ')} | benchmark client | rest of the machine | machine busy |`,
    `| --- | --- | ${r.cpuGroups.map(() => '---').join(' | ')} | --- | --- | --- |`,
    ...rows,
    '',
    '| CPU per booking | ' + groups.map(label).join(' | ') + ' |',
    '| --- | ' + groups.map(() => '---').join(' | ') + ' |',
    `| (b) ehr-api kiosks, per booking confirmed | ${groups.map((g) => perBooking('(b) ehr-api kiosks', g, b)).join(' | ')} |`,
    `| (b) outbox drain, per booking published | ${groups.map((g) => perBooking('(b) outbox drain', g, b)).join(' | ')} |`,
    `| (c) FHIR-only kiosks, per booking | ${groups.map((g) => perBooking('(c) FHIR-only kiosks', g, fb)).join(' | ')} |`,
    ...(r.paced
      ? [
          `| (d) ehr-api at a kiosk pace, per booking (outbox included) | ${groups.map((g) => perBooking('(d) ehr-api at a kiosk pace', g, r.paced?.api.outcomes.created ?? 0)).join(' | ')} |`,
          `| (d) FHIR-only at a kiosk pace, per booking | ${groups.map((g) => perBooking('(d) FHIR-only at a kiosk pace', g, r.paced?.fhir.outcomes.booked ?? 0)).join(' | ')} |`,
        ]
      : []),
    '',
  ];
}

const describeCounts = (counts: CommandCounts, divisor = 1): string =>
  Object.entries(counts)
    .sort((x, y) => y[1] - x[1])
    .map(([k, n]) => `${k}: ${divisor === 1 ? n : (n / divisor).toFixed(2)}`)
    .join(', ') || '—';

/** MongoDB commands per request (QN_BENCH_MONGO_TRACE=1). */
function renderTrace(r: BookingBenchResult): string[] {
  const t = r.mongoTrace;
  if (!t) return [];
  const one = (label: string, c: CommandsPerRequest): string =>
    `| ${label} (${c.requests} one after another) | ${c.min} | ${c.median} | ${describeCounts(c.fewest)} |`;
  const timed = (label: string, c: CommandsPerRequest): string =>
    `| ${label} | ${ms(c.latency.p50)} | ${Object.values(c.meanMs)
      .reduce((a, b) => a + b, 0)
      .toFixed(1)} ms | ${Object.entries(c.meanMs)
      .sort((x, y) => y[1] - x[1])
      .map(([k, v]) => `${k}: ${v.toFixed(1)}`)
      .join(', ')} |`;
  const per = (counts: CommandCounts): string =>
    `${(Object.values(counts).reduce((a, b) => a + b, 0) / Math.max(1, t.bookings)).toFixed(1)}`;
  return [
    '## MongoDB commands (driver command monitoring in the API)',
    '',
    '| request | fewest | median | the fewest, by command and collection |',
    '| --- | --- | --- | --- |',
    one('POST /api/bookings → 201', t.booking),
    one('POST /api/bookings → 409 slot-full', t.refusal),
    '',
    '| the same requests | latency p50 | in MongoDB (mean per request) | ms per request by command and collection (round trips as the API saw them) |',
    '| --- | --- | --- | --- |',
    timed('POST /api/bookings → 201', t.booking),
    timed('POST /api/bookings → 409 slot-full', t.refusal),
    '',
    `| window of (b), all the API's commands ÷ ${t.bookings} bookings | per booking | by command and collection, per booking |`,
    '| --- | --- | --- |',
    `| while the kiosks booked | ${per(t.throughputWindow)} | ${describeCounts(t.throughputWindow, t.bookings)} |`,
    `| the same, ms in MongoDB (round trips as the API saw them, concurrent ones each counted) | ${per(t.throughputWindowMs)} ms | ${describeCounts(t.throughputWindowMs, t.bookings)} |`,
    `| while the outbox drained | ${per(t.drainWindow)} | ${describeCounts(t.drainWindow, t.bookings)} |`,
    '',
  ];
}

function renderPaced(
  d: NonNullable<BookingBenchResult['paced']>,
  fhirErr: (o: BookingBenchResult['fhirThroughput']['outcomes']) => string,
): string[] {
  return [
    `## (d) Latency at a person's pace: ${d.kiosks} kiosks, each starting a booking every ${d.paceMs / 1000} s for ${d.forMs / 1000} s (${d.offeredPerSecond.toFixed(1)} bookings/s offered)`,
    '',
    "In (b) and (c) every kiosk starts its next booking the moment the last is answered, so each path runs saturated and its latency is the number of kiosks ÷ its throughput. Here the kiosks book at a fixed pace, as people at kiosks do, and each path runs on its own (the API's outbox drained in between).",
    '',
    '| figure | ehr-api (`POST /api/bookings`) | FHIR-only (HAPI transaction with If-Match) |',
    '| --- | --- | --- |',
    `| succeeded | ${d.api.outcomes.created} | ${d.fhir.outcomes.booked} (full ${d.fhir.outcomes.full}, gave up ${d.fhir.outcomes.gaveUp}) |`,
    `| errors (5xx or network) | ${errorsOf(d.api.outcomes)} | ${fhirErr(d.fhir.outcomes)} |`,
    `| latency p50 / p95 / p99 | ${lat(d.api.latency)} | ${lat(d.fhir.latency)} |`,
    `| wall time | ${ms(d.api.wallMs)} | ${ms(d.fhir.wallMs)} |`,
    `| double bookings | ${d.api.doubleBookings} | ${d.fhir.doubleBookings} |`,
    '',
  ];
}

function render(
  r: BookingBenchResult,
  results: Check[],
  context: {
    ownStack: boolean;
    note: string | undefined;
    apiMongoPool: number;
    staffPerKiosk: boolean;
    apiEnv: Record<string, string>;
  },
): string {
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
    `- Stack: ${context.ownStack ? "a fresh stack of the benchmark's own" : 'servers given by QN_BENCH_MONGODB_URI / QN_BENCH_HAPI_FHIR_URL'} on loopback — the MongoDB-wire server is **FerretDB 1.24 on PostgreSQL**, HAPI FHIR on H2; the ehr-api runs in a process of its own (node with tsx's loader, started by the benchmark; MongoDB pool ${context.apiMongoPool > 0 ? `capped at ${context.apiMongoPool} connections` : "the driver's default, 100 connections"}; ${context.staffPerKiosk ? 'one receptionist account per kiosk' : 'one receptionist account books for every kiosk'}${
      Object.keys(context.apiEnv).length > 0
        ? `; ${Object.entries(context.apiEnv)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`
        : ''
    }), the load generator in the benchmark's process. Database-bound figures are therefore **lower bounds for MongoDB**.`,
    ...(r.profiles.length > 0 || r.mongoTrace
      ? [
          `- Instrumented run: ${[r.profiles.length > 0 ? 'V8 CPU profile of the API during (a) and (b)' : '', r.mongoTrace ? 'MongoDB command monitoring in the API' : ''].filter(Boolean).join(', ')}; figures are slower than an uninstrumented run.`,
        ]
      : []),
    ...(context.note ? [`- ${context.note}`] : []),
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
    `| refusals offering alternatives | ${a.outcomes.fullWithAlternatives} | — |`,
    `| double bookings | ${a.doubleBookings} (unique seat key; counted in MongoDB); queue numbers ${queueNumbers(a.queueNumbers)} | ${fa.doubleBookings} |`,
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
    `| double bookings | ${b.doubleBookings} (counted in MongoDB) | ${fb.doubleBookings} |`,
    '',
    ...(r.paced ? renderPaced(r.paced, fhirErr) : []),
    ...renderCpu(r),
    ...renderTrace(r),
    ...(r.profiles.length > 0
      ? [
          '## CPU profiles of the API',
          '',
          ...r.profiles.map(
            (p) =>
              `- ${p.phase}: \`${path.relative(process.cwd(), p.file)}\` (${p.created} bookings, ${p.answers} answers); summarise with \`npx tsx bench/profile-summary.ts <file> <answers>\``,
          ),
          '',
        ]
      : []),
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

/** QN_BENCH_API_ENV: `QN_NAME=value,…`, settings added to the API's environment. */
function apiEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (process.env.QN_BENCH_API_ENV ?? '').split(',').filter(Boolean)) {
    const [name, ...value] = pair.split('=');
    if (!name || !/^QN_[A-Z0-9_]+$/.test(name) || value.length === 0) {
      console.error(`QN_BENCH_API_ENV: ${pair} is not QN_NAME=value`);
      process.exit(2);
    }
    env[name] = value.join('=');
  }
  return env;
}

function staffMode(): 'one' | 'per-kiosk' {
  const raw = process.env.QN_BENCH_STAFF || 'per-kiosk';
  if (raw !== 'one' && raw !== 'per-kiosk') {
    console.error(`QN_BENCH_STAFF=${raw}: expected one or per-kiosk`);
    process.exit(2);
  }
  return raw;
}

const options = {
  stackProcesses: (stack?.processes ?? []).map((p) => ({ name: p.name, pid: p.pid })),
  logDir: path.join(config.dataDir, 'logs'),
  ...(process.env.QN_BENCH_API_PROFILE
    ? { profileDir: path.resolve(process.env.QN_BENCH_API_PROFILE) }
    : {}),
  mongoTrace: process.env.QN_BENCH_MONGO_TRACE === '1',
  // 0: the stack's own cap (40, below FerretDB's deadlock line; see README).
  apiMongoPool:
    process.env.QN_BENCH_API_MONGO_POOL === '0' ? 0 : positive('QN_BENCH_API_MONGO_POOL', 40),
  requestTimeoutMs: positive('QN_BENCH_REQUEST_TIMEOUT_S', 300) * 1000,
  staffPerKiosk: staffMode() === 'per-kiosk',
  apiEnv: apiEnv(),
  mongoUri: stack?.mongoUri ?? config.mongoUri ?? '',
  hapiUrl: (stack?.hapiUrl ?? config.hapiUrl ?? '').replace(/\/$/, ''),
  contentionAttempts: positive('QN_BENCH_CONTENTION_N', 500),
  capacity: process.env.QN_BENCH_CAPACITY ? positive('QN_BENCH_CAPACITY', 3) : undefined,
  kiosks: positive('QN_BENCH_KIOSKS', 50),
  perKiosk: positive('QN_BENCH_PER_KIOSK', 10),
  pacedKiosks: positive('QN_BENCH_PACED_KIOSKS', 200),
  paceMs: positive('QN_BENCH_PACE_S', 10) * 1000,
  pacedForMs: nonNegative('QN_BENCH_PACED_S', 30) * 1000,
  fhirMaxAttempts: positive('QN_BENCH_FHIR_MAX_ATTEMPTS', 10),
  drainTimeoutMs: positive('QN_BENCH_DRAIN_TIMEOUT_S', 180) * 1000,
  logLevel: process.env.QN_BENCH_LOG_LEVEL ?? 'error',
};

// QN_BENCH_RESULT names the booking table's file in results/ (to keep one per configuration).
const bookingResult = process.env.QN_BENCH_RESULT || 'booking.md';
if (!/^[\w.-]+\.md$/.test(bookingResult)) {
  console.error(`QN_BENCH_RESULT=${bookingResult}: expected a file name ending in .md`);
  process.exit(2);
}

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
const summary: SummaryRow[] = [];
const runStarted = new Date();
try {
  if (!only || only === 'booking') {
    const result = await runBookingBench(options);
    summary.push(...bookingRows(result));
    const results = checks(result);
    passed &&= results.every((c) => c.ok);
    await save(
      bookingResult,
      render(result, results, {
        ownStack: stack !== undefined,
        note: process.env.QN_BENCH_NOTE || undefined,
        apiMongoPool: options.apiMongoPool,
        staffPerKiosk: options.staffPerKiosk,
        apiEnv: options.apiEnv,
      }),
    );
  }
  if (!only || only === 'ingest') {
    const ingest = await runIngestBench({
      mongoUri: options.mongoUri,
      hapiUrl: options.hapiUrl,
      people: positive('QN_BENCH_INGEST_PEOPLE', 150),
      batchSize: positive('QN_BENCH_INGEST_BATCH', 25),
    });
    summary.push(...ingestRows(ingest));
    passed &&= ingest.pipeline.rejected === 0 && ingest.rerun.rejected === 0;
    await save('ingest.md', renderIngest(ingest, machine()));
  }
  if (!only || only === 'tap') {
    const tap = await runTapBench({
      mongoUri: options.mongoUri,
      hapiUrl: options.hapiUrl,
      dataDir: config.dataDir,
      logDir: options.logDir,
      taps: positive('QN_BENCH_TAPS', 200),
      stackProcesses: options.stackProcesses,
    });
    summary.push(...tapRows(tap));
    passed &&= tap.measured === tap.requested && tap.countersIncreasing;
    await save('tap.md', renderTap(tap, machine()));
  }
  if (!only || only === 'web') {
    const web = await runWebBench({
      mongoUri: options.mongoUri,
      hapiUrl: options.hapiUrl,
      logDir: options.logDir,
      logLevel: options.logLevel,
      loads: positive('QN_BENCH_WEB_LOADS', 10),
    });
    summary.push(...webRows(web));
    await save('web.md', renderWeb(web, machine()));
  }
  if (!only || only === 'reads') {
    const reads = await runReadsBench({
      mongoUri: options.mongoUri,
      hapiUrl: options.hapiUrl,
      logDir: options.logDir,
      logLevel: options.logLevel,
      resourcesPerHospital: positive('QN_BENCH_TIMELINE_RESOURCES', 300),
      ...(options.profileDir ? { profileDir: options.profileDir } : {}),
    });
    summary.push(...readsRows(reads));
    passed &&=
      reads.facade.errors === 0 &&
      reads.timeline.errors === 0 &&
      reads.timeline.hospitalsShown === 3;
    await save(
      'reads.md',
      `# FHIR facade and doctor timeline\n\n${machine()}; ${reads.startedAt}.\n\n${renderReads(reads)}`,
    );
  }
  // QN_BENCH_ONLY writes the rows of its one benchmark to a file of its own, keeping report.md whole.
  await save(
    only ? `report-${only}.md` : 'report.md',
    renderSummary(summary, machine(), runStarted),
  );
} finally {
  await stopStack();
}
process.exit(passed ? 0 : 1);
