import { hospitalStyle } from '../../shared/lab-chart/hospital-palette';
import { count, dayLabel, statusLabel } from './operations-format';
import {
  BOOKING_STATUSES,
  type BookingStatus,
  type HospitalFigures,
  type IngestionCounts,
  type OperationsFigures,
} from './operations-types';

/**
 * What one bar chart of the dashboard draws and the table beneath it lists, built from the
 * figures by the pure functions below so that the chart and its table cannot disagree and both
 * can be checked without drawing anything.
 */
export interface BarChartModel {
  /** Stable name, for `data-chart` and tests. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows in one sentence: the canvas's accessible name. */
  readonly summary: string;
  /** One per bar (or group of bars); an array is written on several lines. */
  readonly labels: readonly (string | readonly string[])[];
  readonly datasets: readonly BarDataset[];
  /** Datasets piled on one another (statuses of the same bookings) or side by side. */
  readonly stacked: boolean;
  /** Bars run left to right, for long category names (departments). */
  readonly horizontal: boolean;
  readonly table: ChartTable;
}

export interface BarDataset {
  readonly key: string;
  readonly label: string;
  /** Null where this dataset has no bar (a department of another hospital). */
  readonly data: readonly (number | null)[];
  readonly color: string;
}

/** The same numbers for screen readers and exact values; the first cell of a row heads it. */
export interface ChartTable {
  readonly head: readonly string[];
  /** Columns from this index on hold numbers (aligned right). */
  readonly numericFrom: number;
  readonly rows: readonly { readonly key: string; readonly cells: readonly string[] }[];
}

/**
 * Colours of the booking statuses, each at least 3:1 against white (WCAG 1.4.11 for graphics);
 * the legend and the table always say the status in words as well.
 */
export const STATUS_COLORS: Record<BookingStatus, string> = {
  'checked-in': '#0a7a3a',
  booked: '#1f5fa8',
  'no-show': '#b35900',
  cancelled: '#6f7d8c',
};

export const INGESTION_COLORS: Record<keyof IngestionCounts, string> = {
  loaded: '#0a7a3a',
  merged: '#1f5fa8',
  rejected: '#b3261e',
};

const INGESTION_KINDS = ['loaded', 'merged', 'rejected'] as const;

export function ingestionLabel(kind: keyof IngestionCounts): string {
  switch (kind) {
    case 'loaded':
      return $localize`:@@operations.ingestion.loaded:Nạp mới`;
    case 'merged':
      return $localize`:@@operations.ingestion.merged:Hợp nhất`;
    case 'rejected':
      return $localize`:@@operations.ingestion.rejected:Bị từ chối`;
  }
}

/** Bookings of one hospital on each day of the week, Monday first, stacked by status. */
export function weekChart(
  hospital: HospitalFigures,
  week: OperationsFigures['week'],
  locale: string,
): BarChartModel {
  const days = hospital.bookings.byDay;
  const name = hospital.hospitalName;
  const from = dayLabel(week.from, locale, 'dd/MM');
  const to = dayLabel(week.to, locale, 'dd/MM');
  const total = count(hospital.bookings.week.total - hospital.bookings.week.cancelled, locale);
  const cancelled = count(hospital.bookings.week.cancelled, locale);
  return {
    id: `week-${hospital.hospitalId}`,
    title: name,
    summary: $localize`:@@operations.week.summary:Lượt đặt khám của ${name}:HOSPITAL: theo ngày, tuần ${from}:FROM: – ${to}:TO:: ${total}:TOTAL: lượt, không tính ${cancelled}:CANCELLED: lượt đã hủy.`,
    // Weekday over date, so seven bars fit side by side without slanted labels.
    labels: days.map((d) => [dayLabel(d.day, locale, 'EEE'), dayLabel(d.day, locale, 'dd/MM')]),
    datasets: BOOKING_STATUSES.map((status) => ({
      key: status,
      label: statusLabel(status),
      data: days.map((d) => d[status]),
      color: STATUS_COLORS[status],
    })),
    stacked: true,
    horizontal: false,
    table: {
      numericFrom: 1,
      head: [
        $localize`:@@operations.col.day:Ngày`,
        ...BOOKING_STATUSES.map(statusLabel),
        $localize`:@@operations.col.total:Tổng`,
      ],
      rows: days.map((d) => ({
        key: d.day,
        cells: [
          dayLabel(d.day, locale, 'EEEE dd/MM'),
          ...BOOKING_STATUSES.map((status) => count(d[status], locale)),
          count(d.total, locale),
        ],
      })),
    },
  };
}

/**
 * Bookings of the day per department, not counting cancelled ones: one bar per department of
 * every shown hospital, in the hospital's colour, busiest first within each hospital.
 */
export function departmentChart(
  hospitals: readonly HospitalFigures[],
  day: string,
  locale: string,
): BarChartModel {
  const active = (c: { total: number; cancelled: number }): number => c.total - c.cancelled;
  const rows = hospitals.flatMap((hospital) =>
    [...hospital.departments]
      .sort(
        (a, b) =>
          active(b.today) - active(a.today) || a.serviceName.localeCompare(b.serviceName, 'vi'),
      )
      .map((department) => ({ hospital, department })),
  );
  const when = dayLabel(day, locale);
  const busiest = [...rows].sort(
    (a, b) => active(b.department.today) - active(a.department.today),
  )[0];
  const summary = busiest
    ? $localize`:@@operations.departments.summary:Lượt đặt khám theo khoa ngày ${when}:DAY:, ${rows.length}:COUNT: khoa; nhiều nhất: ${busiest.department.serviceName}:DEPARTMENT: (${busiest.hospital.hospitalName}:HOSPITAL:), ${count(active(busiest.department.today), locale)}:BOOKINGS: lượt.`
    : $localize`:@@operations.departments.summaryEmpty:Chưa có khoa nào có lịch khám ngày ${when}:DAY:.`;
  return {
    id: 'departments',
    title: $localize`:@@operations.departments.title:Lượt đặt khám theo khoa trong ngày`,
    summary,
    // Several hospitals have a department of the same name: the label says whose it is, so the
    // bars are told apart by words and not by colour alone.
    labels: rows.map((r) =>
      hospitals.length > 1
        ? [r.department.serviceName, r.hospital.hospitalName]
        : r.department.serviceName,
    ),
    datasets: hospitals.map((hospital) => ({
      key: hospital.hospitalId,
      label: hospital.hospitalName,
      data: rows.map((r) => (r.hospital === hospital ? active(r.department.today) : null)),
      color: hospitalStyle(hospital.hospitalId).ink,
    })),
    stacked: false,
    horizontal: true,
    table: {
      numericFrom: 2,
      head: [
        $localize`:@@operations.col.department:Khoa`,
        $localize`:@@operations.col.hospital:Bệnh viện`,
        $localize`:@@operations.col.bookings:Lượt đặt (không tính hủy)`,
        ...BOOKING_STATUSES.map(statusLabel),
        $localize`:@@operations.col.waitlist:Danh sách chờ (hiện tại)`,
        $localize`:@@operations.col.waitingToBeSeen:Đang chờ khám`,
      ],
      rows: rows.map(({ hospital, department }) => ({
        key: `${hospital.hospitalId}/${department.departmentCode}`,
        cells: [
          department.serviceName,
          hospital.hospitalName,
          count(active(department.today), locale),
          ...BOOKING_STATUSES.map((status) => count(department.today[status], locale)),
          count(department.waitlist, locale),
          count(department.waitingToBeSeen, locale),
        ],
      })),
    },
  };
}

/** Records the ingestion put in each state over its seven days, per hospital, side by side. */
export function ingestionChart(figures: OperationsFigures, locale: string): BarChartModel {
  const names = new Map(figures.hospitals.map((h) => [h.hospitalId, h.hospitalName]));
  const rows = figures.ingestion.hospitals;
  const nameOf = (code: string): string => names.get(code) ?? code;
  const from = dayLabel(figures.ingestion.from, locale, 'dd/MM');
  const to = dayLabel(figures.ingestion.to, locale, 'dd/MM');
  const sum = (kind: keyof IngestionCounts): string =>
    count(
      rows.reduce((acc, r) => acc + r[kind], 0),
      locale,
    );
  return {
    id: 'ingestion',
    title: $localize`:@@operations.ingestion.title:Dữ liệu nhận từ các bệnh viện (7 ngày)`,
    summary: $localize`:@@operations.ingestion.summary:Bản ghi nhận từ ${from}:FROM: đến ${to}:TO:: ${sum('loaded')}:LOADED: nạp mới, ${sum('merged')}:MERGED: hợp nhất, ${sum('rejected')}:REJECTED: bị từ chối.`,
    labels: rows.map((r) => nameOf(r.hospital)),
    datasets: INGESTION_KINDS.map((kind) => ({
      key: kind,
      label: ingestionLabel(kind),
      data: rows.map((r) => r[kind]),
      color: INGESTION_COLORS[kind],
    })),
    stacked: false,
    horizontal: false,
    table: {
      numericFrom: 1,
      head: [
        $localize`:@@operations.col.hospital:Bệnh viện`,
        ...INGESTION_KINDS.map(ingestionLabel),
        $localize`:@@operations.col.total:Tổng`,
      ],
      rows: rows.map((r) => ({
        key: r.hospital,
        cells: [
          nameOf(r.hospital),
          ...INGESTION_KINDS.map((kind) => count(r[kind], locale)),
          count(r.loaded + r.merged + r.rejected, locale),
        ],
      })),
    },
  };
}
