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
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';

import type { BarChartModel } from './operations-charts';

// Only what a bar chart needs, so the lazy operations bundle stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

type Label = string | string[];

let nextId = 0;

/**
 * A bar chart of the dashboard (Chart.js) with the same numbers in a table beneath it, folded
 * away under "Xem số liệu dạng bảng": the canvas is an image to assistive technology, named by
 * the model's one-sentence summary, and the table is the text alternative.
 */
@Component({
  selector: 'app-ops-bar-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ops-bar-chart.html',
  styleUrl: './ops-bar-chart.scss',
})
export class OpsBarChart {
  readonly model = input.required<BarChartModel>();

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart<'bar', (number | null)[], Label> | null = null;

  protected readonly headingId = `ops-chart-${++nextId}`;

  /** Horizontal charts grow with their number of bars, so labels never overlap. */
  protected readonly heightRem = computed(() => {
    const model = this.model();
    if (!model.horizontal) return 16;
    const lines = Math.max(1, ...model.labels.map((l) => (typeof l === 'string' ? 1 : l.length)));
    return Math.max(10, 4 + model.labels.length * (1.2 + lines * 0.9));
  });

  constructor() {
    afterRenderEffect(() => this.draw(this.model()));
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
  }

  private draw(model: BarChartModel): void {
    const config = chartConfig(model);
    if (this.chart) {
      // A refresh replaces the numbers in place: no flicker, and the legend keeps what was hidden.
      this.chart.data.labels = config.data.labels ?? [];
      this.chart.data.datasets.forEach((dataset, i) => {
        const next = config.data.datasets[i];
        if (next) dataset.data = next.data;
      });
      if (this.chart.data.datasets.length === config.data.datasets.length) {
        this.chart.update('none');
        return;
      }
      this.chart.destroy();
    }
    this.chart = new Chart(this.canvas().nativeElement, config);
  }
}

/** The Chart.js configuration of a model; exported for the specs. */
export function chartConfig(
  model: BarChartModel,
): ChartConfiguration<'bar', (number | null)[], Label> {
  const valueAxis = {
    stacked: model.stacked,
    beginAtZero: true,
    ticks: { precision: 0 },
  };
  const categoryAxis = { stacked: model.stacked, ticks: { autoSkip: false, maxRotation: 0 } };
  return {
    type: 'bar',
    data: {
      labels: model.labels.map((label) => (typeof label === 'string' ? label : [...label])),
      datasets: model.datasets.map((dataset) => ({
        label: dataset.label,
        data: [...dataset.data],
        backgroundColor: dataset.color,
        borderColor: dataset.color,
        // Departments of other hospitals are null: no empty slot is kept for them in the row.
        skipNull: true,
        maxBarThickness: 48,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: model.horizontal ? 'y' : 'x',
      scales: model.horizontal
        ? { x: valueAxis, y: categoryAxis }
        : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14 } },
        tooltip: { mode: 'index', intersect: false, filter: (item) => item.raw !== null },
      },
    },
  };
}
