import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const WIDTH = 240;
const HEIGHT = 72;
const PAD = 10;

/**
 * A small line of a test's values over time, with the normal range as a band. Hand-drawn in
 * SVG rather than with the staff face's Chart.js chart: a handful of points needs no axes,
 * tooltips or legend, the kiosk bundle stays small, and the numbers themselves are written
 * beside it in large type (the line is decoration for sighted readers; `label` says it in words).
 */
@Component({
  selector: 'app-sparkline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'img', '[attr.aria-label]': 'label()' },
  template: `
    <svg [attr.viewBox]="viewBox" aria-hidden="true" focusable="false">
      @if (band(); as b) {
        <rect class="band" x="0" [attr.y]="b.y" [attr.width]="width" [attr.height]="b.height" />
      }
      @if (points().length > 1) {
        <polyline class="line" [attr.points]="line()" />
      }
      @for (p of points(); track $index; let last = $last) {
        <circle [class.last]="last" [attr.cx]="p.x" [attr.cy]="p.y" [attr.r]="last ? 7 : 4.5" />
      }
    </svg>
  `,
  styles: `
    :host {
      display: block;
      width: 100%;
      max-width: 18rem;
    }
    svg {
      display: block;
      width: 100%;
      height: auto;
      overflow: visible;
    }
    .band {
      fill: var(--qn-ok-bg);
      stroke: var(--qn-ok-ink);
      stroke-dasharray: 4 4;
      stroke-width: 1;
    }
    .line {
      fill: none;
      stroke: var(--qn-ink);
      stroke-width: 3;
      stroke-linejoin: round;
      vector-effect: non-scaling-stroke;
    }
    circle {
      fill: var(--qn-paper);
      stroke: var(--qn-ink);
      stroke-width: 2.5;
      vector-effect: non-scaling-stroke;
    }
    circle.last {
      fill: var(--qn-brand);
      stroke: var(--qn-brand);
    }
  `,
})
export class Sparkline {
  /** Oldest first. */
  readonly values = input.required<readonly number[]>();
  readonly low = input<number | null>(null);
  readonly high = input<number | null>(null);
  /** What the line shows, for screen readers. */
  readonly label = input.required<string>();

  protected readonly width = WIDTH;
  protected readonly viewBox = `0 0 ${WIDTH} ${HEIGHT}`;

  /** The value range drawn: every value and the normal range, with a little room around. */
  private readonly scale = computed(() => {
    const known = [...this.values(), this.low(), this.high()].filter(
      (v): v is number => v !== null && Number.isFinite(v),
    );
    let min = Math.min(...known);
    let max = Math.max(...known);
    if (min === max) {
      min -= 1;
      max += 1;
    }
    return (value: number): number => PAD + ((max - value) / (max - min)) * (HEIGHT - 2 * PAD);
  });

  protected readonly points = computed(() => {
    const values = this.values();
    const y = this.scale();
    const step = values.length > 1 ? (WIDTH - 2 * PAD) / (values.length - 1) : 0;
    return values.map((value, i) => ({
      x: values.length > 1 ? PAD + i * step : WIDTH / 2,
      y: y(value),
    }));
  });

  protected readonly line = computed(() =>
    this.points()
      .map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`)
      .join(' '),
  );

  protected readonly band = computed(() => {
    const low = this.low();
    const high = this.high();
    if (low === null && high === null) return null;
    const y = this.scale();
    const top = high !== null ? y(high) : 0;
    const bottom = low !== null ? y(low) : HEIGHT;
    return { y: top, height: Math.max(0, bottom - top) };
  });
}
