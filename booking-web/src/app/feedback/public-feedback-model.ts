import { formatNumber } from '@angular/common';
import type {
  FeedbackAspect,
  FeedbackGroupFigures,
  PublicFeedbackDepartment,
  PublicFeedbackFigures,
} from '@qn/contracts';

import type { BarChartModel } from '../features/operations/operations-charts';
import { count, rate } from '../features/operations/operations-format';
import { FEEDBACK_ASPECTS, aspectLabel } from './feedback-labels';

/** One line of the public table: a department, a pool of departments, or the whole hospital. */
export interface PublicFeedbackRow {
  readonly key: string;
  readonly label: string;
  readonly kind: 'department' | 'pooled' | 'total';
  readonly suppressed: boolean;
  readonly cells: {
    readonly feedback: string;
    readonly resolved: string;
    readonly median: string;
    readonly averages: Readonly<Record<FeedbackAspect, string>>;
  };
}

export interface PublicFeedbackHospital {
  readonly hospitalId: string;
  readonly hospitalName: string;
  readonly rows: readonly PublicFeedbackRow[];
}

/** Colours of the four aspects, each at least 3:1 against white; the legend names them. */
export const ASPECT_COLORS: Readonly<Record<FeedbackAspect, string>> = {
  waitingTime: '#1f5fa8',
  staff: '#0a7a3a',
  cleanliness: '#8a4b00',
  overall: '#6b2fa0',
};

function average(value: number | null, locale: string): string {
  return value === null ? '—' : formatNumber(value, locale, '1.1-2');
}

/** Hours to resolve in words: `4,5 giờ`, `2 ngày 3 giờ`. */
export function hours(value: number | null, locale: string): string {
  if (value === null) return '—';
  if (value < 48)
    return $localize`:@@feedback.public.hours:${formatNumber(value, locale, '1.0-1')}:HOURS: giờ`;
  const days = Math.floor(value / 24);
  const rest = Math.round(value - days * 24);
  return $localize`:@@feedback.public.daysHours:${days}:DAYS: ngày ${rest}:HOURS: giờ`;
}

function cells(figures: FeedbackGroupFigures, locale: string): PublicFeedbackRow['cells'] {
  if (figures.suppressed) {
    const dash = '—';
    return {
      feedback: $localize`:@@feedback.public.fewer:Dưới 5`,
      resolved: dash,
      median: dash,
      averages: { waitingTime: dash, staff: dash, cleanliness: dash, overall: dash },
    };
  }
  return {
    feedback: count(figures.feedback ?? 0, locale),
    resolved: rate(figures.resolvedShare, locale),
    median: hours(figures.medianHoursToResolve, locale),
    averages: {
      waitingTime: average(figures.averages.waitingTime, locale),
      staff: average(figures.averages.staff, locale),
      cleanliness: average(figures.averages.cleanliness, locale),
      overall: average(figures.averages.overall, locale),
    },
  };
}

function rowLabel(row: PublicFeedbackDepartment): string {
  const names = row.departments.map((d) => d.serviceName).join(', ');
  return row.pooled ? $localize`:@@feedback.public.pooled:Gộp các khoa: ${names}:NAMES:` : names;
}

/** Each hospital's rows: its departments (pooled where needed), then the whole hospital. */
export function publicFeedbackTables(
  figures: PublicFeedbackFigures,
  locale: string,
): PublicFeedbackHospital[] {
  return figures.hospitals.map((hospital) => ({
    hospitalId: hospital.hospitalId,
    hospitalName: hospital.hospitalName,
    rows: [
      ...hospital.departments.map((row) => ({
        key: `${hospital.hospitalId}/${row.departments.map((d) => d.departmentCode).join('+')}`,
        label: rowLabel(row),
        kind: row.pooled ? ('pooled' as const) : ('department' as const),
        suppressed: row.figures.suppressed,
        cells: cells(row.figures, locale),
      })),
      {
        key: `${hospital.hospitalId}/total`,
        label: $localize`:@@feedback.public.wholeHospital:Cả bệnh viện`,
        kind: 'total' as const,
        suppressed: hospital.total.suppressed,
        cells: cells(hospital.total, locale),
      },
    ],
  }));
}

/**
 * The mean of each aspect per published department (or pool), grouped bars side by side; groups
 * withheld for being small have no bars and are left out.
 */
export function publicFeedbackChart(figures: PublicFeedbackFigures, locale: string): BarChartModel {
  const rows = figures.hospitals.flatMap((hospital) =>
    hospital.departments
      .filter((row) => !row.figures.suppressed && (row.figures.feedback ?? 0) > 0)
      .map((row) => ({ hospital, row })),
  );
  return {
    id: 'feedback-averages',
    title: $localize`:@@feedback.public.chartTitle:Điểm trung bình theo khoa (1 đến 5)`,
    summary: $localize`:@@feedback.public.chartSummary:Điểm trung bình của ${rows.length}:COUNT: khoa hoặc nhóm khoa có từ 5 góp ý trở lên, theo bốn mục: thời gian chờ, thái độ nhân viên, vệ sinh và hài lòng chung.`,
    labels: rows.map(({ hospital, row }) => [rowLabel(row), hospital.hospitalName]),
    datasets: FEEDBACK_ASPECTS.map((aspect) => ({
      key: aspect,
      label: aspectLabel(aspect),
      data: rows.map(({ row }) => row.figures.averages[aspect]),
      color: ASPECT_COLORS[aspect],
    })),
    stacked: false,
    horizontal: true,
    table: {
      numericFrom: 2,
      head: [
        $localize`:@@feedback.public.col.department:Khoa`,
        $localize`:@@feedback.public.col.hospital:Bệnh viện`,
        ...FEEDBACK_ASPECTS.map(aspectLabel),
      ],
      rows: rows.map(({ hospital, row }) => ({
        key: `${hospital.hospitalId}/${row.departments.map((d) => d.departmentCode).join('+')}`,
        cells: [
          rowLabel(row),
          hospital.hospitalName,
          ...FEEDBACK_ASPECTS.map((aspect) => average(row.figures.averages[aspect], locale)),
        ],
      })),
    },
  };
}
