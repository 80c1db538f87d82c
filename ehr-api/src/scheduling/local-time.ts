/**
 * Vietnam's civil time: Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975), so
 * local wall-clock times convert to instants with a fixed offset and need no time-zone database.
 */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar day in Vietnam, `YYYY-MM-DD`. */
export type LocalDay = string;

const LOCAL_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local calendar day (UTC+7) an instant falls on. */
export function localDayOf(instant: Date): LocalDay {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isLocalDay(value: string): boolean {
  const match = LOCAL_DAY.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The instant of a local wall-clock time on a local day; `minutes` since local midnight (may be 1440). */
export function localInstant(day: LocalDay, minutes: number): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + minutes * 60_000 - VN_OFFSET_MS);
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: LocalDay): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export function addDays(day: LocalDay, days: number): LocalDay {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every local day from `from` to `to`, both included (empty when `to` is before `from`). */
export function daysBetween(from: LocalDay, to: LocalDay): LocalDay[] {
  const days: LocalDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Minutes since local midnight of an instant. */
export function localMinutesOf(instant: Date): number {
  const local = new Date(instant.getTime() + VN_OFFSET_MS);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

/** `HH:MM` → minutes since midnight; undefined when malformed. `24:00` is allowed as an end. */
export function parseClock(value: string): number | undefined {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : undefined;
}
