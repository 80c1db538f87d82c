import { quantileSorted } from 'simple-statistics';
import { addDays, isoWeekday, localInstant, type LocalDay } from '../scheduling/local-time.js';
import type { Attendance, LeadTime, WaitFromCheckIn } from './schemas.js';

/** The periods one set of figures covers: local days, and the ingestion window as instants (end exclusive). */
export interface Periods {
  day: LocalDay;
  /** Monday and Sunday of the ISO week holding `day`. */
  weekFrom: LocalDay;
  weekTo: LocalDay;
  weekDays: LocalDay[];
  /** The seven days ending with `day`, oldest first: the ingestion window. */
  lastSevenDays: LocalDay[];
  ingestionStart: Date;
  ingestionEnd: Date;
}

export function periodsOf(day: LocalDay): Periods {
  const weekFrom = addDays(day, 1 - isoWeekday(day));
  const weekDays = [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(weekFrom, n));
  const lastSevenDays = [6, 5, 4, 3, 2, 1, 0].map((n) => addDays(day, -n));
  return {
    day,
    weekFrom,
    weekTo: weekDays[6]!,
    weekDays,
    lastSevenDays,
    ingestionStart: localInstant(lastSevenDays[0]!, 0),
    ingestionEnd: localInstant(day, 24 * 60),
  };
}

/**
 * Median and 90th percentile of lead times given in milliseconds, in minutes. FerretDB 1.24 has
 * no $median/$percentile (nor $min/$max/$push), so the service projects the period's bookings
 * and the quantiles are taken here, with simple-statistics' linear interpolation (R type 7).
 */
export function leadTimeOf(leadTimesMs: readonly number[]): LeadTime {
  const { n, medianMinutes, p90Minutes } = minutesQuantiles(leadTimesMs);
  return { bookings: n, medianMinutes, p90Minutes };
}

/**
 * Waits from check-in to being called in (milliseconds), as for lead times; `notSeen` counts the
 * patients checked in and not called in (yet), who have no wait to count.
 */
export function waitOf(waitsMs: readonly number[], notSeen: number): WaitFromCheckIn {
  const { n, medianMinutes, p90Minutes } = minutesQuantiles(waitsMs);
  return { seen: n, notSeen, medianMinutes, p90Minutes };
}

function minutesQuantiles(valuesMs: readonly number[]): {
  n: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
} {
  if (valuesMs.length === 0) return { n: 0, medianMinutes: null, p90Minutes: null };
  const sorted = [...valuesMs].sort((a, b) => a - b).map((ms) => ms / 60_000);
  return {
    n: sorted.length,
    medianMinutes: round(quantileSorted(sorted, 0.5)),
    p90Minutes: round(quantileSorted(sorted, 0.9)),
  };
}

export function attendanceOf(checkedIn: number, noShow: number): Attendance {
  const seen = checkedIn + noShow;
  return { checkedIn, noShow, noShowRate: seen === 0 ? null : round(noShow / seen, 4) };
}

/** Rounds away binary noise (1.0000000002 minutes) without hiding real fractions. */
function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
