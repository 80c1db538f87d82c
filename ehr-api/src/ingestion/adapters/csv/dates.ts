/**
 * Dates in a hospital's own formats (Luxon tokens from the mapping: "dd/MM/yyyy", "yyyy-MM-dd HH:mm"),
 * read as Asia/Ho_Chi_Minh local time (UTC+7, no DST since 1975) into FHIR date / dateTime strings.
 */
import { DateTime, FixedOffsetZone } from 'luxon';

const VIETNAM = FixedOffsetZone.instance(7 * 60);
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

export type CsvDate =
  | { ok: true; value: string }
  | { ok: false; code: 'date-format' | 'date-impossible'; message: string };

/** How much of a date a format carries. */
export function precisionOf(format: string): 'year' | 'month' | 'day' | 'minute' {
  const tokens = format.replace(/'[^']*'/g, '');
  if (/[Hhm]/.test(tokens)) return 'minute';
  if (/d/.test(tokens)) return 'day';
  if (/M|L/.test(tokens)) return 'month';
  return 'year';
}

function render(value: DateTime, precision: ReturnType<typeof precisionOf>): string {
  if (precision === 'year') return value.toFormat('yyyy');
  if (precision === 'month') return value.toFormat('yyyy-MM');
  if (precision === 'day') return value.toFormat('yyyy-MM-dd');
  return value.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** The first format the value fits; "impossible" when some format fits its shape but not the calendar. */
export function parseCsvDate(value: string, formats: readonly string[]): CsvDate {
  let impossible = false;
  for (const format of formats) {
    const parsed = DateTime.fromFormat(value, format, { zone: VIETNAM });
    if (parsed.isValid) {
      if (parsed.year < MIN_YEAR || parsed.year > MAX_YEAR) {
        return {
          ok: false,
          code: 'date-impossible',
          message: `'${value}' has year ${parsed.year}, outside ${MIN_YEAR}–${MAX_YEAR}.`,
        };
      }
      return { ok: true, value: render(parsed, precisionOf(format)) };
    }
    if (parsed.invalidReason === 'unit out of range') impossible = true;
  }
  if (impossible)
    return {
      ok: false,
      code: 'date-impossible',
      message: `'${value}' is not a real date or time.`,
    };
  return {
    ok: false,
    code: 'date-format',
    message: `'${value}' matches none of the mapping's formats (${formats.join(', ')}).`,
  };
}

const PRECISIONS = ['year', 'month', 'day', 'minute'] as const;

/**
 * A FHIR date / dateTime written in the first of `formats` with the same precision, else the first
 * coarser one (a date-time written by a date-only export loses its time, as such exports do); never
 * a finer one, which would invent a month or a day.
 */
export function formatCsvDate(value: string, formats: readonly string[]): string | undefined {
  const precision = /T/.test(value)
    ? 'minute'
    : value.length === 4
      ? 'year'
      : value.length === 7
        ? 'month'
        : 'day';
  const usable = PRECISIONS.slice(0, PRECISIONS.indexOf(precision) + 1).reverse();
  const format = usable
    .map((p) => formats.find((f) => precisionOf(f) === p))
    .find((f) => f !== undefined);
  if (format === undefined) return undefined;
  const parsed =
    precision === 'minute'
      ? DateTime.fromISO(value, { setZone: true }).setZone(VIETNAM)
      : DateTime.fromISO(value, { zone: VIETNAM });
  return parsed.isValid ? parsed.toFormat(format) : undefined;
}
