import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  afterRenderEffect,
  computed,
  inject,
  input,
  viewChild,
} from '@angular/core';
import type { LabSeries } from '@qn/contracts';
import {
  Chart,
  type ChartConfiguration,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  TimeScale,
  Tooltip,
} from 'chart.js';
import 'chartjs-adapter-date-fns';
import annotationPlugin from 'chartjs-plugin-annotation';
import { vi } from 'date-fns/locale/vi';

import { hospitalStyle } from './hospital-palette';
import { fhirDateLabel, fhirInstant, labFlag } from './lab-format';

// Only the pieces a line chart on a date axis needs, so the lazy doctor bundle stays small.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  TimeScale,
  Tooltip,
  Legend,
  annotationPlugin,
);

type Point = { x: number; y: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Label of the grey line that joins every result in time order, whatever the hospital. */
const TREND = '__trend';

/**
 * One lab test over time across hospitals: a line on a date axis, the reference range as a
 * shaded band, each result a point in its hospital's colour and shape. The same numbers are
 * in a table below the chart for screen readers and for exact values.
 */
@Component({
  selector: 'app-lab-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './lab-chart.html',
  styleUrl: './lab-chart.scss',
})
export class LabChart {
  readonly series = input.required<LabSeries>();

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart<'line', Point[]> | null = null;

  protected readonly headingId = `lab-chart-${Math.random().toString(36).slice(2, 10)}`;

  /** Results oldest first, each with its instant and flag. */
  protected readonly points = computed(() =>
    this.series()
      .points.map((point) => ({
        ...point,
        at: fhirInstant(point.date),
        when: fhirDateLabel(point.date),
        flag: labFlag(point.interpretation),
        style: hospitalStyle(point.hospital.id),
      }))
      .filter((point) => Number.isFinite(point.at))
      .sort((a, b) => a.at - b.at),
  );

  protected readonly latest = computed(() => this.points().at(-1) ?? null);

  protected readonly range = computed(() => {
    const { referenceLow: low, referenceHigh: high } = this.series();
    if (low !== undefined && high !== undefined) return `${low}–${high}`;
    if (low !== undefined) return `≥ ${low}`;
    if (high !== undefined) return `≤ ${high}`;
    return null;
  });

  protected readonly summary = computed(() => {
    const series = this.series();
    const points = this.points();
    const latest = this.latest();
    const unit = series.unit ?? '';
    const count = points.length;
    const name = series.name;
    const value = latest ? `${latest.value} ${unit}`.trim() : '';
    return $localize`:@@labChart.summary:Biểu đồ ${name}:NAME:: ${count}:COUNT: kết quả, gần nhất ${value}:VALUE:.`;
  });

  constructor() {
    afterRenderEffect(() => this.draw(this.series()));
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
  }

  private draw(series: LabSeries): void {
    this.chart?.destroy();
    this.chart = new Chart(this.canvas().nativeElement, this.config(series));
  }

  private config(series: LabSeries): ChartConfiguration<'line', Point[]> {
    const points = this.points();
    const hospitals = new Map<string, string>();
    for (const point of points) hospitals.set(point.hospital.id, point.hospital.name);

    const trend = {
      label: TREND,
      data: points.map((p) => ({ x: p.at, y: p.value })),
      borderColor: '#7d8b99',
      borderWidth: 1.5,
      pointRadius: 0,
      pointHoverRadius: 0,
      order: 2,
    };
    const perHospital = [...hospitals].map(([id, name]) => {
      const style = hospitalStyle(id);
      const mine = points.filter((p) => p.hospital.id === id);
      return {
        label: name,
        data: mine.map((p) => ({ x: p.at, y: p.value })),
        showLine: false,
        borderColor: style.ink,
        backgroundColor: style.ink,
        pointStyle: style.point,
        // Flagged results are drawn larger, so they stand out without colour.
        pointRadius: mine.map((p) => (p.flag && p.flag.tone !== 'normal' ? 7 : 5)),
        pointHoverRadius: 8,
        order: 1,
      };
    });

    const low = series.referenceLow;
    const high = series.referenceHigh;
    const band =
      low !== undefined || high !== undefined
        ? {
            referenceRange: {
              type: 'box' as const,
              ...(low !== undefined ? { yMin: low } : {}),
              ...(high !== undefined ? { yMax: high } : {}),
              backgroundColor: 'rgba(10, 90, 37, 0.12)',
              borderColor: 'rgba(10, 90, 37, 0.45)',
              borderWidth: 1,
              borderDash: [4, 4],
              label: {
                display: true,
                content: $localize`:@@labChart.referenceBand:Khoảng tham chiếu`,
                position: { x: 'start' as const, y: 'start' as const },
                color: '#0a5a25',
                font: { size: 11 },
              },
            },
          }
        : {};

    // A single day of results would give an axis of milliseconds: show a fortnight around it.
    const first = points[0]?.at ?? 0;
    const last = points.at(-1)?.at ?? 0;
    const padding =
      last - first < 2 * DAY_MS ? { min: first - 7 * DAY_MS, max: last + 7 * DAY_MS } : {};

    return {
      type: 'line',
      data: { datasets: [trend, ...perHospital] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: {
            type: 'time',
            ...padding,
            adapters: { date: { locale: vi } },
            time: {
              minUnit: 'day',
              tooltipFormat: 'dd/MM/yyyy HH:mm',
              displayFormats: {
                day: 'dd/MM/yyyy',
                week: 'dd/MM/yyyy',
                month: 'MM/yyyy',
                year: 'yyyy',
              },
            },
            ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 6 },
          },
          y: {
            title: { display: !!series.unit, text: series.unit ?? '' },
          },
        },
        plugins: {
          legend: {
            position: 'bottom',
            labels: { usePointStyle: true, filter: (item) => item.text !== TREND },
          },
          tooltip: { filter: (item) => item.dataset.label !== TREND },
          annotation: { annotations: band },
        },
      },
    };
  }
}
