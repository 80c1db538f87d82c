import {
  ChangeDetectionStrategy,
  Component,
  LOCALE_ID,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { hospitalStyle } from '../../shared/lab-chart/hospital-palette';
import { VnTimePipe } from '../../shared/time/vn-time-pipe';
import { PublicFeedback } from '../../feedback/public-feedback';
import {
  OperationsApi,
  PUBLIC_FIGURES_REFRESH_MS,
  refreshEvery,
} from '../operations/operations-api';
import { count, dayLabel } from '../operations/operations-format';
import type { PublicFigures } from '../operations/operations-types';

/**
 * The public figures page (`/cong-khai`, no sign-in): how many bookings each hospital has today
 * and this week, in large type, for anyone and for a screen in a waiting hall. Counts only:
 * the API sends nothing about any person. Asked again every minute while the page is open.
 */
@Component({
  selector: 'app-public-figures-page',
  imports: [VnTimePipe, PublicFeedback],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './public-figures-page.html',
  styleUrl: './public-figures-page.scss',
})
export class PublicFiguresPage {
  private readonly locale = inject(LOCALE_ID);

  protected readonly figures = signal<PublicFigures | null>(null);
  protected readonly failed = signal(false);

  protected readonly today = computed(() => {
    const figures = this.figures();
    return figures ? dayLabel(figures.day, this.locale, 'EEEE, dd/MM/yyyy') : '';
  });

  protected readonly week = computed(() => {
    const figures = this.figures();
    if (!figures) return '';
    const from = dayLabel(figures.week.from, this.locale, 'dd/MM');
    const to = dayLabel(figures.week.to, this.locale, 'dd/MM');
    return `${from} – ${to}`;
  });

  protected readonly total = computed(() => {
    const hospitals = this.figures()?.hospitals ?? [];
    return {
      today: hospitals.reduce((sum, h) => sum + h.bookingsToday, 0),
      week: hospitals.reduce((sum, h) => sum + h.bookingsThisWeek, 0),
    };
  });

  protected readonly count = (value: number): string => count(value, this.locale);
  protected readonly ink = (hospitalId: string): string => hospitalStyle(hospitalId).ink;

  constructor() {
    const api = inject(OperationsApi);
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
