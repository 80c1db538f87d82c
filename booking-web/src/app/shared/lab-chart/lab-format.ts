/**
 * Lab result flags (FHIR v3 ObservationInterpretation codes) in words and with an arrow, so a
 * high or low value is never told by colour alone.
 */
export interface LabFlag {
  readonly code: string;
  /** ↑, ↓, ! or empty. */
  readonly symbol: string;
  readonly text: string;
  readonly tone: 'high' | 'low' | 'abnormal' | 'normal';
}

export function labFlag(code: string | undefined | null): LabFlag | null {
  if (!code) return null;
  switch (code.toUpperCase()) {
    case 'H':
      return { code: 'H', symbol: '↑', text: $localize`:@@lab.flag.high:Cao`, tone: 'high' };
    case 'HH':
    case 'HU':
      return {
        code,
        symbol: '↑↑',
        text: $localize`:@@lab.flag.criticalHigh:Rất cao`,
        tone: 'high',
      };
    case 'L':
      return { code: 'L', symbol: '↓', text: $localize`:@@lab.flag.low:Thấp`, tone: 'low' };
    case 'LL':
    case 'LU':
      return { code, symbol: '↓↓', text: $localize`:@@lab.flag.criticalLow:Rất thấp`, tone: 'low' };
    case 'A':
    case 'AA':
      return {
        code,
        symbol: '!',
        text: $localize`:@@lab.flag.abnormal:Bất thường`,
        tone: 'abnormal',
      };
    case 'N':
      return {
        code: 'N',
        symbol: '',
        text: $localize`:@@lab.flag.normal:Bình thường`,
        tone: 'normal',
      };
    default:
      return { code, symbol: '!', text: code, tone: 'abnormal' };
  }
}

/**
 * An instant for a FHIR date or dateTime. A bare date (`2025-11-20`) is that calendar day in
 * Viet Nam (00:00 +07:00), not UTC midnight, so it never slips to the day before.
 */
export function fhirInstant(value: string): number {
  if (/^\d{4}$/.test(value)) return Date.parse(`${value}-01-01T00:00:00+07:00`);
  if (/^\d{4}-\d{2}$/.test(value)) return Date.parse(`${value}-01T00:00:00+07:00`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00+07:00`);
  return Date.parse(value);
}

/** Viet Nam is UTC+7 all year (no daylight saving since 1975). */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * A FHIR date or dateTime in Vietnamese order: `20/11/2025`, `11/2025` or `2025` for dates
 * (written as they are: a date has no time zone), `14:30 20/11/2025` (Viet Nam time) for
 * dateTimes.
 */
export function fhirDateLabel(value: string | undefined): string {
  if (!value) return '';
  const date = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (date) return [date[3], date[2], date[1]].filter(Boolean).join('/');
  const at = fhirInstant(value);
  if (!Number.isFinite(at)) return value;
  const vn = new Date(at + VN_OFFSET_MS).toISOString();
  return `${vn.slice(11, 16)} ${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)}`;
}
