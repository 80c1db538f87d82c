/**
 * The decision's fixed-width dates: yyyymmddHHMM (12 digits) for times, yyyymmdd (8 digits) for card
 * validity, and NGAY_SINH whose unknown month or day are written as zeros. Read by hand because the
 * format is fixed-width digits; the only rule that needs a calendar is "does this day exist", which
 * the platform's Date answers. Sources carry Asia/Ho_Chi_Minh local time (UTC+7, no DST since 1975).
 */

export type DateParse =
  | { ok: true; value: string }
  | { ok: false; code: 'date-format' | 'date-impossible'; message: string };

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

function dayExists(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function checkYear(value: string, year: number): DateParse | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return {
      ok: false,
      code: 'date-impossible',
      message: `'${value}' has year ${year}, outside ${MIN_YEAR}–${MAX_YEAR}.`,
    };
  }
  return undefined;
}

/** yyyymmddHHMM → "yyyy-mm-ddTHH:MM:00+07:00"; yyyymmdd → "yyyy-mm-dd". */
export function parseXmlDateTime(value: string): DateParse {
  if (!/^(\d{8}|\d{12})$/.test(value)) {
    return {
      ok: false,
      code: 'date-format',
      message: `'${value}' is not a date of the form yyyymmddHHMM (12 digits).`,
    };
  }
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const yearProblem = checkYear(value, year);
  if (yearProblem) return yearProblem;
  if (!dayExists(year, month, day)) {
    return {
      ok: false,
      code: 'date-impossible',
      message: `'${value}' is not a real day (${value.slice(6, 8)}/${value.slice(4, 6)}/${value.slice(0, 4)}).`,
    };
  }
  const date = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  if (value.length === 8) return { ok: true, value: date };
  const hour = Number(value.slice(8, 10));
  const minute = Number(value.slice(10, 12));
  if (hour > 23 || minute > 59) {
    return {
      ok: false,
      code: 'date-impossible',
      message: `'${value}' has an impossible time ${value.slice(8, 10)}:${value.slice(10, 12)}.`,
    };
  }
  return { ok: true, value: `${date}T${value.slice(8, 10)}:${value.slice(10, 12)}:00+07:00` };
}

/** yyyymmdd → "yyyy-mm-dd" (card validity dates). */
export function parseXmlDate(value: string): DateParse {
  if (!/^\d{8}$/.test(value))
    return {
      ok: false,
      code: 'date-format',
      message: `'${value}' is not a date of the form yyyymmdd (8 digits).`,
    };
  return parseXmlDateTime(value);
}

/**
 * NGAY_SINH: 12 (or 8) digits, time ignored; month "00" means only the year is known ("1948"),
 * day "00" only the year and month ("1948-03"). A known day with an unknown month is impossible.
 */
export function parseXmlBirthDate(value: string): DateParse {
  if (!/^(\d{8}|\d{12})$/.test(value)) {
    return {
      ok: false,
      code: 'date-format',
      message: `'${value}' is not a date of the form yyyymmddHHMM (12 digits).`,
    };
  }
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const yearProblem = checkYear(value, year);
  if (yearProblem) return yearProblem;
  if (month === 0) {
    if (day !== 0)
      return {
        ok: false,
        code: 'date-impossible',
        message: `'${value}' gives a day but no month.`,
      };
    return { ok: true, value: value.slice(0, 4) };
  }
  if (month > 12)
    return {
      ok: false,
      code: 'date-impossible',
      message: `'${value}' has month ${value.slice(4, 6)}.`,
    };
  if (day === 0) return { ok: true, value: `${value.slice(0, 4)}-${value.slice(4, 6)}` };
  if (!dayExists(year, month, day)) {
    return {
      ok: false,
      code: 'date-impossible',
      message: `'${value}' is not a real day (${value.slice(6, 8)}/${value.slice(4, 6)}/${value.slice(0, 4)}).`,
    };
  }
  if (
    value.length === 12 &&
    (Number(value.slice(8, 10)) > 23 || Number(value.slice(10, 12)) > 59)
  ) {
    return {
      ok: false,
      code: 'date-impossible',
      message: `'${value}' has an impossible time ${value.slice(8, 10)}:${value.slice(10, 12)}.`,
    };
  }
  return { ok: true, value: `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` };
}

/** FHIR date / dateTime (any offset) → the decision's local yyyymmddHHMM, for the writer. */
export function toXmlDateTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value.replace(/-/g, '')}0000`;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return '';
  const local = new Date(instant.getTime() + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}`;
}

/** FHIR date (possibly partial) → yyyymmdd, zeros for the unknown parts, for the writer. */
export function toXmlDate(value: string): string {
  const [year = '0000', month = '00', day = '00'] = value.slice(0, 10).split('-');
  return `${year}${month}${day}`;
}
