/** Calendar helpers in Viet Nam time (UTC+7, no daylight saving since 1975). */
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The local (Asia/Ho_Chi_Minh) calendar day of an instant, as `YYYY-MM-DD`. */
export function vnDay(instant: string | number | Date): string {
  return new Date(new Date(instant).getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** `day` plus `n` days, both `YYYY-MM-DD`. */
export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** `count` local days starting today, as `YYYY-MM-DD`. */
export function nextVnDays(count: number, now: number = Date.now()): string[] {
  const today = vnDay(now);
  return Array.from({ length: count }, (_, i) => addDays(today, i));
}

/** Midnight of a local day as an ISO instant, for the `vnTime` pipe. */
export function vnMidnight(day: string): string {
  return `${day}T00:00:00+07:00`;
}
