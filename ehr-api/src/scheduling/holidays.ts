import { addDays, type LocalDay } from './local-time.js';

/**
 * Days the hospitals' outpatient clinics take no bookings: Vietnam's public holidays under the
 * Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), Article 112:
 * - Tết Dương lịch 1/1; Giải phóng miền Nam 30/4; Quốc tế Lao động 1/5;
 * - Quốc khánh 2/9 plus one day next to it (1/9 or 3/9, chosen by the Prime Minister each year);
 * - Tết Âm lịch, 5 days; Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month.
 *
 * The lunar dates come from the table below. Sources: the new moons of the Vietnamese lunar
 * calendar (UTC+7) from the published astronomical new-moon times, cross-checked against ICU's
 * Chinese calendar (`Intl.DateTimeFormat('vi-u-ca-chinese')`), which agrees on every date here
 * except Tết 2027: that new moon falls on 6 Feb 2027 at about 22:56 in Vietnam but after midnight
 * in China, so Vietnam's Tết is 6 Feb and China's 7 Feb. The 2025 and 2026 Tết blocks are the
 * government's announced ones (2026: Sat 14/2 to Sun 22/2, "Chính thức chốt phương án Tết
 * Nguyên đán Bính Ngọ 2026 nghỉ 9 ngày", congan.com.vn, news id 388656); for 2027–2028 the block
 * is the usual pattern (lunar New Year's Eve and the first four days) until it is announced.
 *
 * Not modelled yet: compensatory days off when a holiday falls on a weekend, and years past 2028.
 */
interface LunarYear {
  /** Days off for Tết, first and last, inclusive. */
  tet: [LocalDay, LocalDay];
  /** Giỗ Tổ Hùng Vương (10/3 lunar). */
  hungKings: LocalDay;
  /** The day next to 2/9 given off that year. */
  nationalDayCompanion: LocalDay;
}

export const LUNAR_HOLIDAYS: Readonly<Record<number, LunarYear>> = {
  // Tết Ất Tỵ: 1/1 lunar = 29 Jan 2025; official break 25/1–2/2. Hùng Kings 7 Apr. Quốc khánh 1–2/9.
  2025: {
    tet: ['2025-01-25', '2025-02-02'],
    hungKings: '2025-04-07',
    nationalDayCompanion: '2025-09-01',
  },
  // Tết Bính Ngọ: 1/1 lunar = 17 Feb 2026; official break 14/2–22/2. Hùng Kings 26 Apr.
  2026: {
    tet: ['2026-02-14', '2026-02-22'],
    hungKings: '2026-04-26',
    nationalDayCompanion: '2026-09-01',
  },
  // Tết Đinh Mùi: 1/1 lunar = 6 Feb 2027 (eve 5 Feb). Hùng Kings 16 Apr. Provisional until announced.
  2027: {
    tet: ['2027-02-05', '2027-02-09'],
    hungKings: '2027-04-16',
    nationalDayCompanion: '2027-09-01',
  },
  // Tết Mậu Thân: 1/1 lunar = 26 Jan 2028 (eve 25 Jan). Hùng Kings 4 Apr. Provisional until announced.
  2028: {
    tet: ['2028-01-25', '2028-01-29'],
    hungKings: '2028-04-04',
    nationalDayCompanion: '2028-09-01',
  },
};

const FIXED_DATES = ['01-01', '04-30', '05-01', '09-02'];

/** Whether no bookings are taken on this local day because it is a public holiday. */
export function isHoliday(day: LocalDay): boolean {
  if (FIXED_DATES.includes(day.slice(5))) return true;
  const year = LUNAR_HOLIDAYS[Number(day.slice(0, 4))];
  if (!year) return false;
  return (
    (day >= year.tet[0] && day <= year.tet[1]) ||
    day === year.hungKings ||
    day === year.nationalDayCompanion
  );
}

/** The first holiday on or after `day` (within ten years), for tests and tooling. */
export function nextHoliday(day: LocalDay): LocalDay {
  for (let candidate = day, i = 0; i < 3660; i++, candidate = addDays(candidate, 1)) {
    if (isHoliday(candidate)) return candidate;
  }
  throw new Error(`no holiday within ten years of ${day}`);
}
