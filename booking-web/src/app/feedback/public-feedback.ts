import {
  ChangeDetectionStrategy,
  Component,
  LOCALE_ID,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { PublicFeedbackFigures } from '@qn/contracts';

import { OpsBarChart } from '../features/operations/ops-bar-chart';
import { PUBLIC_FIGURES_REFRESH_MS, refreshEvery } from '../features/operations/operations-api';
import { dayLabel } from '../features/operations/operations-format';
import { VnTimePipe } from '../shared/time/vn-time-pipe';
import { FeedbackApi } from './feedback-api';
import { FEEDBACK_ASPECTS, aspectLabel } from './feedback-labels';
import { publicFeedbackChart, publicFeedbackTables } from './public-feedback-model';

/**
 * The feedback section of the public page (`/cong-khai`): per hospital and department, how many
 * pieces of feedback, the share resolved, the median time to resolve and the mean ratings, as a
 * chart and tables. Aggregates only, with small groups withheld, and the page says so.
 */
@Component({
  selector: 'app-public-feedback',
  imports: [OpsBarChart, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './public-feedback.html',
  styleUrl: './public-feedback.scss',
})
export class PublicFeedback {
  private readonly locale = inject(LOCALE_ID);

  protected readonly figures = signal<PublicFeedbackFigures | null>(null);
  protected readonly failed = signal(false);
  protected readonly aspects = FEEDBACK_ASPECTS;
  protected readonly aspectLabel = aspectLabel;

  protected readonly tables = computed(() => {
    const figures = this.figures();
    return figures ? publicFeedbackTables(figures, this.locale) : [];
  });
  protected readonly chart = computed(() => {
    const figures = this.figures();
    return figures ? publicFeedbackChart(figures, this.locale) : null;
  });
  protected readonly period = computed(() => {
    const figures = this.figures();
    return figures
      ? `${dayLabel(figures.from, this.locale)} – ${dayLabel(figures.to, this.locale)}`
      : '';
  });

  constructor() {
    const api = inject(FeedbackApi);
    refreshEvery(inject(PUBLIC_FIGURES_REFRESH_MS), () => api.publicFigures())
      .pipe(takeUntilDestroyed())
      .subscribe((result) => {
        if (result.kind === 'ok') {
          this.figures.set(result.value);
          this.failed.set(false);
        } else {
          this.failed.set(true);
        }
      });
  }
}
