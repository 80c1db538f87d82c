import {
  ChangeDetectionStrategy,
  Component,
  LOCALE_ID,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { switchMap, tap } from 'rxjs';

import { StaffSessionBar } from '../../core/auth/staff-session-bar';
import { problemText } from '../../core/auth/problem-details';
import { hospitalStyle } from '../../shared/lab-chart/hospital-palette';
import { VnTimePipe } from '../../shared/time/vn-time-pipe';
import { OPERATIONS_REFRESH_MS, OperationsApi, refreshEvery } from './operations-api';
import { departmentChart, ingestionChart, ingestionLabel, weekChart } from './operations-charts';
import {
  count,
  dayLabel,
  duration,
  isCalendarDay,
  jobStatusLabel,
  rate,
  totals,
  vnToday,
} from './operations-format';
import type { OperationsFigures } from './operations-types';
import { OpsBarChart } from './ops-bar-chart';

/** `day` plus `n` calendar days, both `YYYY-MM-DD`. */
function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/**
 * The operations dashboard (`/operations`, admin and hospital IT): the day's and the week's
 * figures at a glance for the province's operations centre and hospital managers. Numbers come
 * from `GET /api/operations/figures`, asked again every 30 s while the page is open; the day is
 * in the address (`?day=YYYY-MM-DD`, none: today, which rolls over at midnight by itself).
 */
@Component({
  selector: 'app-operations-page',
  imports: [StaffSessionBar, VnTimePipe, OpsBarChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './operations-page.html',
  styleUrl: './operations-page.scss',
})
export class OperationsPage {
  private readonly api = inject(OperationsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly locale = inject(LOCALE_ID);
  protected readonly refreshSeconds = Math.round(inject(OPERATIONS_REFRESH_MS) / 1000);

  /** `?day=` of the address, bound by the router. */
  readonly day = input<string | undefined>();

  /** The day asked for, or null for "today" as the API counts it. */
  protected readonly askedDay = computed(() => {
    const day = this.day();
    return isCalendarDay(day) ? day : null;
  });

  protected readonly figures = signal<OperationsFigures | null>(null);
  /** The last attempt failed: why, in words; the last good figures stay on screen. */
  protected readonly problem = signal<string | null>(null);

  /** What the day picker shows. */
  protected readonly shownDay = computed(() => this.askedDay() ?? this.figures()?.day ?? vnToday());

  protected readonly totals = computed(() => totals(this.figures()?.hospitals ?? []));

  protected readonly scope = computed(() => {
    const hospitals = this.figures()?.hospitals ?? [];
    const only = hospitals.length === 1 ? hospitals[0] : undefined;
    if (only) return $localize`:@@operations.scope.one:Bệnh viện: ${only.hospitalName}:HOSPITAL:`;
    const n = hospitals.length;
    return $localize`:@@operations.scope.province:Toàn tỉnh: ${n}:COUNT: bệnh viện`;
  });

  protected readonly dayHeading = computed(() => {
    const figures = this.figures();
    if (!figures) return '';
    const when = dayLabel(figures.day, this.locale, 'EEEE, dd/MM/yyyy');
    return figures.day === vnToday()
      ? $localize`:@@operations.day.today:Hôm nay, ${when}:DAY:`
      : $localize`:@@operations.day.other:Ngày ${when}:DAY:`;
  });

  protected readonly weekRange = computed(() => {
    const figures = this.figures();
    if (!figures) return '';
    const from = dayLabel(figures.week.from, this.locale, 'dd/MM');
    const to = dayLabel(figures.week.to, this.locale, 'dd/MM/yyyy');
    return `${from} – ${to}`;
  });

  protected readonly weekCharts = computed(() => {
    const figures = this.figures();
    return figures ? figures.hospitals.map((h) => weekChart(h, figures.week, this.locale)) : [];
  });

  protected readonly departmentChart = computed(() => {
    const figures = this.figures();
    return figures ? departmentChart(figures.hospitals, figures.day, this.locale) : null;
  });

  protected readonly ingestionChart = computed(() => {
    const figures = this.figures();
    return figures ? ingestionChart(figures, this.locale) : null;
  });

  private readonly hospitalNames = computed(
    () => new Map((this.figures()?.hospitals ?? []).map((h) => [h.hospitalId, h.hospitalName])),
  );

  protected readonly count = (value: number): string => count(value, this.locale);
  protected readonly rate = (value: number | null): string => rate(value, this.locale);
  protected readonly duration = duration;
  protected readonly jobStatusLabel = jobStatusLabel;
  protected readonly ingestionLabel = ingestionLabel;
  protected readonly hospitalInk = (id: string): string => hospitalStyle(id).ink;
  protected readonly hospitalName = (code: string): string =>
    this.hospitalNames().get(code) ?? code;

  constructor() {
    const refreshMs = inject(OPERATIONS_REFRESH_MS);
    toObservable(this.askedDay)
      .pipe(
        // Another day: its figures replace the old ones, never shown under the new day's name.
        tap(() => {
          this.figures.set(null);
          this.problem.set(null);
        }),
        switchMap((day) => refreshEvery(refreshMs, () => this.api.figures(day ?? undefined))),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        if (result.kind === 'ok') {
          this.figures.set(result.value);
          this.problem.set(null);
        } else {
          this.problem.set(problemText(result.error));
        }
      });
  }

  /** Shows another day; today is written as no day at all, so the page rolls over at midnight. */
  protected pick(day: string): void {
    if (!isCalendarDay(day)) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { day: day === vnToday() ? null : day },
      queryParamsHandling: 'merge',
    });
  }

  protected showToday(): void {
    this.pick(vnToday());
  }

  protected step(days: number): void {
    this.pick(addDays(this.shownDay(), days));
  }
}
