/**
 * HL7 v2 TS/DTM values (YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]) to FHIR date / dateTime and
 * back. Sources carry Asia/Ho_Chi_Minh local time (UTC+7, no daylight saving), so a time without an
 * offset is local, and every dateTime we write carries +07:00. Medplum's parseHl7DateTime turns
 * values into UTC instants and fills missing parts, which would lose the precision FHIR keeps
 * ("1948", "1948-03") and the local offset, so this small converter is our own.
 */

export type TimeResult =
  | { ok: true; value: string }
  | { ok: false; code: 'date-format' | 'date-impossible'; message: string };

const TS =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?([+-]\d{4})?$/;
const LOCAL_OFFSET_MINUTES = 7 * 60;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Converts an HL7 TS to a FHIR date (`precision: 'date'`, time parts checked then dropped) or
 * dateTime (a date alone stays a date, which FHIR dateTime allows; a time gets seconds and +07:00).
 */
export function hl7TimeToFhir(value: string, precision: 'date' | 'dateTime'): TimeResult {
  const m = TS.exec(value);
  if (m === null)
    return {
      ok: false,
      code: 'date-format',
      message: `"${value}" is not an HL7 date/time (YYYY[MM[DD[HH[MM[SS]]]]][+ZZZZ])`,
    };
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo);
  const day = d === undefined ? undefined : Number(d);
  const impossible = (what: string): TimeResult => ({
    ok: false,
    code: 'date-impossible',
    message: `"${value}" is not a real date/time: ${what}`,
  });
  if (year < 1) return impossible('year 0000');
  if (month !== undefined && (month < 1 || month > 12))
    return impossible(`month ${mo} does not exist`);
  if (month !== undefined && day !== undefined && (day < 1 || day > daysInMonth(year, month)))
    return impossible(`${y}-${mo} has no day ${d}`);
  const hour = h === undefined ? undefined : Number(h);
  const minute = Number(mi ?? '0');
  const second = Number(s ?? '0');
  if (hour !== undefined && hour > 23) return impossible(`hour ${h}`);
  if (minute > 59) return impossible(`minute ${mi}`);
  if (second > 59) return impossible(`second ${s}`);
  let offsetMinutes = LOCAL_OFFSET_MINUTES;
  if (offset !== undefined) {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(3, 5));
    if (oh > 14 || om > 59) return impossible(`time zone offset ${offset}`);
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }

  const date = [y, mo, d].filter((part) => part !== undefined).join('-');
  if (precision === 'date' || hour === undefined) return { ok: true, value: date };
  if (offsetMinutes === LOCAL_OFFSET_MINUTES) {
    return {
      ok: true,
      value: `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${frac === undefined ? '' : `.${frac}`}+07:00`,
    };
  }
  const fracMs = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  const utc =
    Date.UTC(year, month! - 1, day, hour, minute, second, fracMs) - offsetMinutes * 60_000;
  return {
    ok: true,
    value: toLocalFhir(new Date(utc + LOCAL_OFFSET_MINUTES * 60_000), frac !== undefined),
  };
}

/** `shifted` holds local wall-clock time in its UTC fields. */
function toLocalFhir(shifted: Date, withMs: boolean): string {
  const base = `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  return `${base}${withMs ? `.${pad(shifted.getUTCMilliseconds(), 3)}` : ''}+07:00`;
}

const FHIR_DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Converts a FHIR date / dateTime to an HL7 TS in local time (+0700 when there is a time). */
export function fhirToHl7Time(value: string): string {
  const m = FHIR_DATE_TIME.exec(value);
  if (m === null) throw new TypeError(`Not a FHIR date/dateTime: ${value}`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h === undefined) return `${y}${mo ?? ''}${d ?? ''}`;
  const fraction = frac === undefined ? '' : `.${frac.slice(0, 4)}`;
  if (zone === undefined || zone === '+07:00')
    return `${y}${mo}${d}${h}${mi}${s ?? '00'}${fraction}+0700`;
  return fhirToHl7Time(dateToFhirLocal(new Date(value), frac !== undefined));
}

/** A JavaScript Date as a FHIR dateTime in Asia/Ho_Chi_Minh local time. */
export function dateToFhirLocal(date: Date, withMs = false): string {
  return toLocalFhir(new Date(date.getTime() + LOCAL_OFFSET_MINUTES * 60_000), withMs);
}
