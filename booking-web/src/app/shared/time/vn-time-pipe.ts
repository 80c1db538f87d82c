import { formatDate, registerLocaleData } from '@angular/common';
import localeVi from '@angular/common/locales/vi';
import { LOCALE_ID, Pipe, type PipeTransform, inject } from '@angular/core';

// The localized `vi` build ships this data already; registering it here as well makes
// Vietnamese formatting available in tests, in `ng serve` and in the `en` build.
registerLocaleData(localeVi, 'vi');

/**
 * Asia/Ho_Chi_Minh as a fixed offset: Viet Nam has used UTC+7 without daylight saving since
 * 1975, and Angular's date formatting takes offsets, not IANA zone names.
 */
export const VN_UTC_OFFSET = '+0700';

/** Vietnamese numeric patterns (24-hour clock, day before month), used in every locale. */
const FORMATS = {
  time: 'HH:mm:ss',
  dateTime: 'HH:mm:ss dd/MM/yyyy',
  longDate: 'EEEE, dd/MM/yyyy',
  hourMinute: 'HH:mm',
  weekday: 'EEEE',
  dayMonth: 'dd/MM',
} as const;

export type VnTimeFormat = keyof typeof FORMATS;

/**
 * Shows an instant (ISO string, Date or epoch ms) in Viet Nam time:
 * `{{ checkedAt | vnTime }}` → `21:05:03`, `{{ at | vnTime: 'dateTime' }}` →
 * `21:05:03 24/11/2025`. Day and month names follow the page's locale.
 */
@Pipe({ name: 'vnTime' })
export class VnTimePipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);

  transform(
    value: string | number | Date | null | undefined,
    format: VnTimeFormat = 'time',
  ): string {
    if (value === null || value === undefined || value === '') return '';
    return formatDate(value, FORMATS[format], this.locale, VN_UTC_OFFSET);
  }
}
