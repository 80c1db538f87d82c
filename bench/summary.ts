/**
 * The one table `npm run bench` ends with: each headline figure beside the alternative measured
 * in the same run and the goal. Each benchmark adds its rows as it finishes, so a run of
 * one benchmark (QN_BENCH_ONLY) still writes a table, with only its rows.
 */
import type { BookingBenchResult } from './booking.js';
import type { IngestBenchResult } from './ingest.js';
import type { ReadsBenchResult } from './reads.js';
import type { TapBenchResult } from './tap.js';
import type { WebBenchResult } from './web.js';

export interface SummaryRow {
  benchmark: string;
  figure: string;
  ours: string;
  alternative: string;
  goal: string;
  /** Undefined where the issue sets no goal. */
  met?: boolean;
  details: string;
}

const ms = (v: number): string =>
  !Number.isFinite(v) ? '—' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

export function bookingRows(r: BookingBenchResult): SummaryRow[] {
  const c = r.contention;
  const fc = r.fhirContention;
  const t = r.throughput;
  const ft = r.fhirThroughput;
  const errors = c.outcomes.serverErrors + c.outcomes.networkErrors;
  const ratio = t.bookingsPerSecond / ft.bookingsPerSecond;
  return [
    {
      benchmark: 'booking (a)',
      figure: `${c.attempts} patients at once on ${c.capacity} seats: bookings, errors, wall time`,
      ours: `${c.outcomes.created} booked, ${errors} errors, ${ms(c.wallMs)}`,
      alternative: `FHIR-only: ${fc.outcomes.booked} booked, ${fc.outcomes.errors} errors, ${ms(fc.wallMs)}`,
      goal: `exactly ${c.capacity}, 0 errors`,
      met: c.outcomes.created === c.capacity && errors === 0 && c.doubleBookings === 0,
      details: 'booking.md',
    },
    {
      benchmark: 'booking (b)',
      figure: `${t.kiosks} kiosks: bookings per second, p95`,
      ours: `${t.bookingsPerSecond.toFixed(1)}/s, p95 ${ms(t.latency.p95)}`,
      alternative: `FHIR-only: ${ft.bookingsPerSecond.toFixed(1)}/s, p95 ${ms(ft.latency.p95)} (× ${ratio.toFixed(2)})`,
      goal: '≥ 3 × FHIR-only, p95 ≤ 150 ms',
      met: ratio >= 3 && t.latency.p95 <= 150,
      details: 'booking.md',
    },
    ...(r.paced
      ? [
          {
            benchmark: 'booking (d)',
            figure: `${r.paced.kiosks} kiosks at a person's pace (${r.paced.offeredPerSecond.toFixed(0)} bookings/s offered): p50 / p95`,
            ours: `${ms(r.paced.api.latency.p50)} / ${ms(r.paced.api.latency.p95)}`,
            alternative: `FHIR-only: ${ms(r.paced.fhir.latency.p50)} / ${ms(r.paced.fhir.latency.p95)}`,
            goal: 'p95 ≤ 150 ms, 0 errors',
            met:
              r.paced.api.latency.p95 <= 150 &&
              r.paced.api.outcomes.serverErrors + r.paced.api.outcomes.networkErrors === 0 &&
              r.paced.api.doubleBookings === 0,
            details: 'booking.md',
          },
        ]
      : []),
  ];
}

export function ingestRows(r: IngestBenchResult): SummaryRow[] {
  return [
    {
      benchmark: 'ingestion',
      figure: 'records into HAPI per second, end to end (resources per second)',
      ours: `${r.pipeline.perSecond.toFixed(1)}/s (${r.pipeline.resourcesPerSecond.toFixed(0)}/s)`,
      alternative: `HAPI alone, the same resources as bundles: ${r.direct.perSecond.toFixed(1)}/s (${r.direct.resourcesPerSecond.toFixed(0)}/s)`,
      goal: '— (0 rejected)',
      met: r.pipeline.rejected === 0,
      details: 'ingest.md',
    },
  ];
}

export function tapRows(r: TapBenchResult): SummaryRow[] {
  return [
    {
      benchmark: 'tap',
      figure: `(c) card event → name on the kiosk page, p50 / p95 (${r.measured} taps)`,
      ours: `${ms(r.toScreen.p50)} / ${ms(r.toScreen.p95)}; less the virtual reader's SUN read: ${ms(r.readToScreen.p95)} p95${typeof r.quickAck === 'string' ? ' (loopback quick ACKs on)' : ' (no quick ACKs: ~40 ms per APDU)'}`,
      alternative: `(a) the reader's own detection: ${ms(r.detection.p50)} / ${ms(r.detection.p95)}`,
      goal: '(c) p95 ≤ 100 ms',
      met: r.toScreen.p95 <= 100,
      details: 'tap.md',
    },
  ];
}

export function readsRows(r: ReadsBenchResult): SummaryRow[] {
  const worst = r.facade.kinds.reduce((a, k) => Math.max(a, k.api.p50 - k.direct.p50), 0);
  const ratio = r.facade.apiPerSecond / r.facade.directPerSecond;
  return [
    {
      benchmark: 'FHIR facade',
      figure: 'added latency p50 (worst of 4 kinds); throughput at 16 clients',
      ours: `+${worst.toFixed(1)} ms; ${r.facade.apiPerSecond.toFixed(0)}/s`,
      alternative: `HAPI directly: ${r.facade.directPerSecond.toFixed(0)}/s (× ${ratio.toFixed(2)})`,
      goal: '≤ 5 ms; ≥ 0.9 × direct',
      met: worst <= 5 && ratio >= 0.9,
      details: 'reads.md',
    },
    {
      benchmark: 'doctor timeline',
      figure: `record of ${r.timeline.resourcesPerHospital} resources × 3 hospitals, p50 / p95`,
      ours: `${ms(r.timeline.api.p50)} / ${ms(r.timeline.api.p95)}`,
      alternative: `the ten searches straight to HAPI: ${ms(r.timeline.direct.p50)} / ${ms(r.timeline.direct.p95)}`,
      goal: 'p95 ≤ 300 ms',
      met: r.timeline.api.p95 <= 300,
      details: 'reads.md',
    },
  ];
}

export function webRows(r: WebBenchResult): SummaryRow[] {
  return [
    {
      benchmark: 'web',
      figure: 'kiosk JavaScript before the idle screen, raw / gzip',
      ours: `${kB(r.kioskRoute.raw)} / ${kB(r.kioskRoute.gzip9)}`,
      alternative: `the same kiosk from the full app's bundle: ${kB(r.fromFullApp.raw)} / ${kB(r.fromFullApp.gzip9)}`,
      goal: '≤ 250 kB / ≤ 90 kB',
      met: r.kioskRoute.raw <= 250_000 && r.kioskRoute.gzip9 <= 90_000,
      details: 'web.md',
    },
    {
      benchmark: 'web',
      figure: `kiosk LCP, ${r.throttled.cpuThrottle}× CPU throttling, p50 / p95`,
      ours: `${ms(r.throttled.lcp.p50)} / ${ms(r.throttled.lcp.p95)}`,
      alternative: `not throttled: ${ms(r.unthrottled.lcp.p50)} / ${ms(r.unthrottled.lcp.p95)}`,
      goal: '≤ 1.0 s',
      met: r.throttled.lcp.p95 <= 1000,
      details: 'web.md',
    },
  ];
}

export function renderSummary(rows: SummaryRow[], machine: string, startedAt: Date): string {
  return [
    '# Benchmark report',
    '',
    `${machine}. Started ${startedAt.toISOString()}; every comparison was measured in the same run, on the same stack.`,
    '',
    '| benchmark | figure | ours | alternative, same run | goal | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| [${r.benchmark}](${r.details}) | ${r.figure} | ${r.ours} | ${r.alternative} | ${r.goal} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`,
    ),
    '',
  ].join('\n');
}
