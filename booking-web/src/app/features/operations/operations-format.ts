import { formatDate, formatNumber, formatPercent } from '@angular/common';

// Importing the pipe's module also registers the Vietnamese locale data these formatters need.
import { VN_UTC_OFFSET } from '../../shared/time/vn-time-pipe';
import type { BookingStatus, HospitalFigures, IngestionJobStatus } from './operations-types';

// Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975, so a fixed offset is exact
// and no time-zone library is needed (the kiosk's calendar helpers do the same).
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Today in Viet Nam, `YYYY-MM-DD`. */
export function vnToday(now: number = Date.now()): string {
  return new Date(now + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** True for a real calendar day written `YYYY-MM-DD` (what the API accepts as `?day=`). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A local calendar day in words of the page's locale: `dayLabel('2025-11-24', 'vi', 'EEE dd/MM')`. */
export function dayLabel(day: string, locale: string, pattern = 'dd/MM/yyyy'): string {
  return formatDate(`${day}T12:00:00+07:00`, pattern, locale, VN_UTC_OFFSET);
}

export function count(value: number, locale: string): string {
  return formatNumber(value, locale, '1.0-0');
}

/** A rate between 0 and 1 as a percentage with at most one decimal; `—` when there is none. */
export function rate(value: number | null, locale: string): string {
  return value === null ? '—' : formatPercent(value, locale, '1.0-1');
}

/** A lead time in the largest units that keep it readable: `45 phút`, `3 giờ 5 phút`, `2 ngày 4 giờ`. */
export function duration(minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return '—';
  const total = Math.max(0, Math.round(minutes));
  if (total < 60) return $localize`:@@operations.duration.minutes:${total}:MINUTES: phút`;
  if (total < 24 * 60) {
    const hours = Math.floor(total / 60);
    const mins = total % 60;
    return mins === 0
      ? $localize`:@@operations.duration.hours:${hours}:HOURS: giờ`
      : $localize`:@@operations.duration.hoursMinutes:${hours}:HOURS: giờ ${mins}:MINUTES: phút`;
  }
  // Rounded to the hour first, so 1 day 23 h 50 min reads "2 ngày", never "1 ngày 24 giờ".
  const totalHours = Math.round(total / 60);
  const days = Math.floor(totalHours / 24);
  const hours = totalHours % 24;
  return hours === 0
    ? $localize`:@@operations.duration.days:${days}:DAYS: ngày`
    : $localize`:@@operations.duration.daysHours:${days}:DAYS: ngày ${hours}:HOURS: giờ`;
}

export function statusLabel(status: BookingStatus): string {
  switch (status) {
    case 'checked-in':
      return $localize`:@@operations.status.checkedIn:Đã tiếp đón`;
    case 'booked':
      return $localize`:@@operations.status.booked:Đã đặt, chưa đến`;
    case 'no-show':
      return $localize`:@@operations.status.noShow:Không đến`;
    case 'cancelled':
      return $localize`:@@operations.status.cancelled:Đã hủy`;
  }
}

export function jobStatusLabel(status: IngestionJobStatus): string {
  switch (status) {
    case 'running':
      return $localize`:@@operations.job.running:Đang chạy`;
    case 'finished':
      return $localize`:@@operations.job.finished:Hoàn tất`;
    case 'failed':
      return $localize`:@@operations.job.failed:Thất bại`;
  }
}

/** The figures of every shown hospital added up: what the big numbers at the top say. */
export interface Totals {
  /** Bookings for slots of the day / week, not counting cancelled ones. */
  readonly bookingsToday: number;
  readonly bookingsWeek: number;
  readonly cancelledToday: number;
  readonly checkedInToday: number;
  readonly checkedInWeek: number;
  readonly noShowToday: number;
  readonly noShowWeek: number;
  readonly noShowRateToday: number | null;
  readonly noShowRateWeek: number | null;
}

export function totals(hospitals: readonly HospitalFigures[]): Totals {
  const sum = (pick: (h: HospitalFigures) => number): number =>
    hospitals.reduce((acc, h) => acc + pick(h), 0);
  const checkedInToday = sum((h) => h.attendance.today.checkedIn);
  const noShowToday = sum((h) => h.attendance.today.noShow);
  const checkedInWeek = sum((h) => h.attendance.week.checkedIn);
  const noShowWeek = sum((h) => h.attendance.week.noShow);
  // The same rule as the API's per-hospital noShowRate, over the sums (not an average of rates).
  const noShowRate = (noShow: number, checkedIn: number): number | null =>
    noShow + checkedIn === 0 ? null : noShow / (noShow + checkedIn);
  return {
    bookingsToday: sum((h) => h.bookings.today.total - h.bookings.today.cancelled),
    bookingsWeek: sum((h) => h.bookings.week.total - h.bookings.week.cancelled),
    cancelledToday: sum((h) => h.bookings.today.cancelled),
    checkedInToday,
    checkedInWeek,
    noShowToday,
    noShowWeek,
    noShowRateToday: noShowRate(noShowToday, checkedInToday),
    noShowRateWeek: noShowRate(noShowWeek, checkedInWeek),
  };
}
