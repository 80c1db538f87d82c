/**
 * Source adapter for a hospital's CSV export, read through its column mapping (mapping.ts). One row
 * is one record: a patient, a visit, or a lab result, as the mapping says. A bad row is rejected with
 * its line and column; the rest of the file goes on.
 */
import { parse as parseCsv, type CsvError } from 'csv-parse/sync';
import type {
  AdapterContext,
  AddressFacts,
  BhytFacts,
  DiagnosisFacts,
  EncounterFacts,
  Gender,
  HospitalRecord,
  LabResultFacts,
  ParseOutcome,
  PatientFacts,
  RecordEvent,
  RecordIssue,
  SourceAdapter,
} from '../../model.js';
import { parseCsvDate } from './dates.js';
import type { CsvMapping } from './mapping.js';
import { decodeCsv, REPLACEMENT_CHARACTER } from './text-encoding.js';

const CCCD = /^\d{12}$/;
const BHYT = /^[A-Z]{2}[1-5]\d{12}$/;

type RawRow =
  | { kind: 'record'; fields: string[]; line: number; raw: string }
  | { kind: 'skipped'; error: CsvError | undefined; line: number; raw: string };

/** `{ key: value }` when the value is present, else `{}`. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Folds case and Unicode form so "NỮ", "nữ" and a decomposed "nữ" find the mapping's "Nữ". */
function fold(value: string): string {
  return value.normalize('NFC').toLocaleLowerCase('vi');
}

function lookup<T>(map: Readonly<Record<string, T>>, value: string): T | undefined {
  if (Object.hasOwn(map, value)) return map[value];
  const folded = fold(value);
  const key = Object.keys(map).find((k) => fold(k) === folded);
  return key === undefined ? undefined : map[key];
}

/** The line a record starts on: csv-parse reports where it ends, and its raw text includes blank lines before it. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

function readRows(text: string, mapping: CsvMapping): RawRow[] {
  const rows: RawRow[] = [];
  parseCsv(text, {
    delimiter: mapping.delimiter,
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // With `info` and `raw` on, csv-parse hands on_record { record, info, raw }; its typings say string[].
    on_record: (value: string[]) => {
      const record = value as unknown as { record: string[]; info: { lines: number }; raw: string };
      rows.push({
        kind: 'record',
        fields: record.record,
        line: startLine(record.info.lines, record.raw),
        raw: record.raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, ''),
      });
      return null;
    },
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      const lines = (error as { lines?: number } | undefined)?.lines ?? 0;
      rows.push({
        kind: 'skipped',
        error,
        line: startLine(lines, raw ?? ''),
        raw: (raw ?? '').replace(/\r?\n$/, ''),
      });
      return undefined;
    },
  });
  return rows;
}

class RowReader {
  readonly errors: RecordIssue[] = [];
  readonly warnings: RecordIssue[] = [];

  constructor(
    private readonly fields: string[],
    private readonly index: ReadonlyMap<string, number>,
    private readonly mapping: CsvMapping,
    readonly line: number,
  ) {}

  error(columnName: string, code: string, message: string): void {
    this.errors.push({
      severity: 'error',
      location: `line ${this.line}, column ${columnName}`,
      code,
      message,
    });
  }

  warn(columnName: string, code: string, message: string): void {
    this.warnings.push({
      severity: 'warning',
      location: `line ${this.line}, column ${columnName}`,
      code,
      message,
    });
  }

  text(columnName: string | undefined): string | undefined {
    if (columnName === undefined) return undefined;
    const value = this.fields[this.index.get(columnName) ?? -1]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  required(columnName: string, what: string): string | undefined {
    const value = this.text(columnName);
    if (value === undefined)
      this.error(columnName, 'missing-field', `${what} is required and the cell is empty.`);
    return value;
  }

  date(columnName: string | undefined, withTime: boolean): string | undefined {
    const value = this.text(columnName);
    if (value === undefined || columnName === undefined) return undefined;
    const formats = withTime
      ? [...this.mapping.dateTimeFormats, ...this.mapping.dateFormats]
      : this.mapping.dateFormats;
    const parsed = parseCsvDate(value, formats);
    if (parsed.ok) return parsed.value;
    this.error(columnName, parsed.code, parsed.message);
    return undefined;
  }

  number(columnName: string | undefined): number | undefined {
    const value = this.text(columnName);
    if (value === undefined || columnName === undefined) return undefined;
    const parsed = parseDecimal(value, this.mapping.decimalSeparator);
    if (parsed === undefined)
      this.error(
        columnName,
        'number-format',
        `'${value}' is not a number with a '${this.mapping.decimalSeparator}' decimal separator.`,
      );
    return parsed;
  }

  list(columnName: string | undefined): string[] {
    const value = this.text(columnName);
    if (value === undefined) return [];
    return value
      .split(this.mapping.listSeparator)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  }
}

function parseDecimal(value: string, separator: '.' | ','): number | undefined {
  const pattern = separator === ',' ? /^[-+]?\d+(,\d+)?$/ : /^[-+]?\d+(\.\d+)?$/;
  return pattern.test(value) ? Number(value.replace(',', '.')) : undefined;
}

function readPatient(row: RowReader, mapping: CsvMapping): PatientFacts | undefined {
  const columns = mapping.columns.patient;
  const mrn = row.required(columns.mrn, 'The patient number');
  const fullName = row.required(columns.fullName, 'The patient name');

  let gender: Gender | undefined;
  const genderText = row.text(columns.gender);
  if (genderText !== undefined && columns.gender !== undefined) {
    gender = lookup(mapping.values.gender, genderText);
    if (gender === undefined) {
      row.error(
        columns.gender,
        'unknown-code',
        `'${genderText}' is not a gender the mapping knows (${Object.keys(mapping.values.gender).join(', ')}).`,
      );
    }
  }

  let cccd = row.text(columns.cccd);
  if (cccd !== undefined && columns.cccd !== undefined && !CCCD.test(cccd.replace(/\s/g, ''))) {
    row.warn(
      columns.cccd,
      'identifier-format',
      `'${cccd}' is not a 12-digit citizen ID (CCCD); it is not kept.`,
    );
    cccd = undefined;
  }

  let bhyt: BhytFacts | undefined;
  const bhytNumber = row.text(columns.bhytNumber)?.toUpperCase();
  const validFrom = row.date(columns.bhytValidFrom, false);
  const validTo = row.date(columns.bhytValidTo, false);
  if (bhytNumber !== undefined && columns.bhytNumber !== undefined) {
    if (BHYT.test(bhytNumber)) {
      bhyt = {
        number: bhytNumber,
        ...optional('validFrom', validFrom),
        ...optional('validTo', validTo),
        ...optional('primaryCareFacility', row.text(columns.bhytPrimaryCareFacility)),
      };
    } else {
      row.warn(
        columns.bhytNumber,
        'identifier-format',
        `'${bhytNumber}' is not a 15-character BHYT number (2 letters, benefit level 1–5, 12 digits); the card is not kept.`,
      );
    }
  }

  const parts = {
    line: row.text(columns.addressLine),
    ward: row.text(columns.ward),
    district: row.text(columns.district),
    city: row.text(columns.city),
    province: row.text(columns.province),
  };
  const joined = [parts.line, parts.ward, parts.district, parts.city, parts.province]
    .filter((p) => p !== undefined)
    .join(', ');
  const addressText = row.text(columns.addressText) ?? (joined === '' ? undefined : joined);
  const address: AddressFacts | undefined =
    addressText === undefined
      ? undefined
      : {
          text: addressText,
          ...optional('line', parts.line),
          ...optional('ward', parts.ward),
          ...optional('district', parts.district),
          ...optional('city', parts.city),
          ...optional('province', parts.province),
          ...optional('adminUnitCode', row.text(columns.adminUnitCode)),
        };
  const given = row.text(columns.given)?.split(/\s+/);
  const birthDate = row.date(columns.birthDate, false);
  const deceased = row.date(columns.deceasedDateTime, true);

  if (mrn === undefined || fullName === undefined) return undefined;
  return {
    mrn,
    fullName,
    ...optional('family', row.text(columns.family)),
    ...optional('given', given),
    ...optional('gender', gender),
    ...optional('birthDate', birthDate),
    ...optional('cccd', cccd?.replace(/\s/g, '')),
    ...optional('bhyt', bhyt),
    ...optional('phone', row.text(columns.phone)),
    ...optional('address', address),
    ...optional('ethnicity', row.text(columns.ethnicity)),
    ...optional('nationality', row.text(columns.nationality)),
    ...optional('deceasedDateTime', deceased),
  };
}

function readEncounter(
  row: RowReader,
  mapping: CsvMapping,
  required: boolean,
): EncounterFacts | undefined {
  const columns = mapping.columns.encounter;
  if (columns === undefined) return undefined;
  const visitId = required
    ? row.required(columns.visitId, 'The visit number')
    : row.text(columns.visitId);
  if (visitId === undefined) return undefined;

  let encounterClass = mapping.defaults.encounterClass;
  const classText = row.text(columns.class);
  if (classText !== undefined && columns.class !== undefined) {
    encounterClass =
      lookup(mapping.values.encounterClass, classText) ??
      (['AMB', 'IMP', 'EMER'].includes(classText)
        ? (classText as EncounterFacts['class'])
        : undefined);
    if (encounterClass === undefined)
      row.error(
        columns.class,
        'unknown-code',
        `'${classText}' is not a kind of visit the mapping knows (${Object.keys(mapping.values.encounterClass).join(', ') || 'AMB, IMP, EMER'}).`,
      );
  }
  const start = row.date(columns.start, true);
  const end = row.date(columns.end, true);
  if (start !== undefined && end !== undefined && end < start && columns.end !== undefined) {
    row.error(
      columns.end,
      'date-order',
      `The end of the visit (${end}) is before its start (${start}).`,
    );
  }

  const departmentText = row.text(columns.department);
  const departmentCode =
    row.text(columns.departmentCode) ??
    (departmentText !== undefined ? lookup(mapping.values.department, departmentText) : undefined);
  const doctorName = row.text(columns.attendingDoctorName);
  const certificate = row.text(columns.attendingDoctorCertificate);

  const diagnoses: DiagnosisFacts[] = [];
  const main = row.text(columns.mainDiagnosis);
  if (main !== undefined)
    diagnoses.push({
      icd10: main,
      role: 'main',
      ...optional('text', row.text(columns.mainDiagnosisText)),
    });
  const secondaryTexts = row.list(columns.secondaryDiagnosesText);
  const secondary = row.list(columns.secondaryDiagnoses);
  if (
    secondaryTexts.length > 0 &&
    secondaryTexts.length !== secondary.length &&
    columns.secondaryDiagnosesText !== undefined
  ) {
    row.warn(
      columns.secondaryDiagnosesText,
      'list-length',
      `${secondaryTexts.length} secondary diagnosis texts for ${secondary.length} codes; the texts were not matched to the codes.`,
    );
  }
  secondary.forEach((icd10, i) => {
    diagnoses.push({
      icd10,
      role: 'secondary',
      ...optional(
        'text',
        secondaryTexts.length === secondary.length ? secondaryTexts[i] : undefined,
      ),
    });
  });

  if (encounterClass === undefined) {
    if (columns.class !== undefined && classText === undefined)
      row.error(
        columns.class,
        'missing-field',
        'The kind of visit is required and the cell is empty.',
      );
    return undefined;
  }
  return {
    visitId,
    class: encounterClass,
    status: end !== undefined ? 'finished' : 'in-progress',
    ...optional('start', start),
    ...optional('end', end),
    ...optional('departmentCode', departmentCode),
    ...optional('departmentText', departmentText),
    ...optional('reason', row.text(columns.reason)),
    ...optional('dischargeDisposition', row.text(columns.dischargeDisposition)),
    ...(doctorName !== undefined || certificate !== undefined
      ? {
          attendingDoctor: {
            ...optional('name', doctorName),
            ...optional('certificate', certificate),
          },
        }
      : {}),
    diagnoses,
  };
}

/** "3.9 - 6.4", "3,9–6,4", "< 5", "> 1", "≤ 200". */
function readRange(text: string, separator: '.' | ','): { low?: number; high?: number } {
  const number = separator === ',' ? '[-+]?\\d+(?:,\\d+)?' : '[-+]?\\d+(?:\\.\\d+)?';
  const between = new RegExp(`^(${number})\\s*[-–—]\\s*(${number})$`).exec(text);
  if (between)
    return {
      low: parseDecimal(between[1] as string, separator),
      high: parseDecimal(between[2] as string, separator),
    };
  const bound = new RegExp(`^([<>≤≥]=?)\\s*(${number})$`).exec(text);
  if (bound) {
    const value = parseDecimal(bound[2] as string, separator);
    return (bound[1] as string).startsWith('<') || bound[1] === '≤'
      ? { high: value }
      : { low: value };
  }
  return {};
}

function readLabResult(row: RowReader, mapping: CsvMapping): LabResultFacts | undefined {
  const columns = mapping.columns.labResult;
  if (columns === undefined) return undefined;
  const localCode = row.required(columns.localCode, 'The test code');
  const valueText = row.required(columns.value, 'The result value');
  const rangeText = row.text(columns.referenceRange);
  const range = rangeText !== undefined ? readRange(rangeText, mapping.decimalSeparator) : {};
  const referenceLow = row.number(columns.referenceLow) ?? range.low;
  const referenceHigh = row.number(columns.referenceHigh) ?? range.high;

  let interpretation: string | undefined;
  const interpretationText = row.text(columns.interpretation);
  if (interpretationText !== undefined && columns.interpretation !== undefined) {
    interpretation =
      lookup(mapping.values.interpretation, interpretationText) ??
      (['H', 'L', 'N', 'A', 'HH', 'LL'].includes(interpretationText)
        ? interpretationText
        : undefined);
    if (interpretation === undefined)
      row.error(
        columns.interpretation,
        'unknown-code',
        `'${interpretationText}' is not an interpretation the mapping knows (H, L, N, A, HH, LL or values.interpretation).`,
      );
  }
  const effective = row.date(columns.effective, true);
  const issued = row.date(columns.issued, true);
  if (localCode === undefined || valueText === undefined) return undefined;
  return {
    resultId: row.text(columns.resultId) ?? String(row.line),
    localCode,
    localName: row.text(columns.localName) ?? localCode,
    value: parseDecimal(valueText, mapping.decimalSeparator) ?? valueText,
    ...optional('loinc', row.text(columns.loinc)),
    ...optional('unit', row.text(columns.unit)),
    ...optional('referenceLow', referenceLow),
    ...optional('referenceHigh', referenceHigh),
    ...optional('referenceText', rangeText),
    ...optional('interpretation', interpretation),
    ...optional('effective', effective),
    ...optional('issued', issued),
    ...optional('reportId', row.text(columns.reportId)),
    ...optional('reportName', row.text(columns.reportName)),
    ...optional('conclusion', row.text(columns.conclusion)),
    ...optional('note', row.text(columns.note)),
  };
}

/** Every column the mapping names, each once. */
export function mappedColumns(mapping: CsvMapping): string[] {
  const names = [
    ...(mapping.recordIdColumn !== undefined ? [mapping.recordIdColumn] : []),
    ...Object.values(mapping.columns.patient),
    ...(mapping.rowKind !== 'patient' ? Object.values(mapping.columns.encounter ?? {}) : []),
    ...(mapping.rowKind === 'lab-result' ? Object.values(mapping.columns.labResult ?? {}) : []),
  ];
  return [...new Set(names.filter((name): name is string => typeof name === 'string'))];
}

function eventOf(mapping: CsvMapping, encounter: EncounterFacts | undefined): RecordEvent {
  if (mapping.rowKind === 'patient') return 'register';
  if (mapping.rowKind === 'lab-result') return 'results';
  return encounter?.class === 'IMP' && encounter.end !== undefined ? 'discharge' : 'admit';
}

/** The key two rows of one file must not share: the id column, else what the row is about. */
function duplicateKey(
  mapping: CsvMapping,
  row: RowReader,
  record: HospitalRecord,
): string | undefined {
  if (mapping.recordIdColumn !== undefined) return row.text(mapping.recordIdColumn);
  if (mapping.rowKind === 'patient') return record.patient.mrn;
  if (mapping.rowKind === 'visit') return record.encounter?.visitId;
  if (mapping.columns.labResult?.resultId === undefined) return undefined;
  const result = record.labResults[0];
  return `${record.encounter?.visitId ?? record.patient.mrn}|${result?.reportId ?? ''}|${result?.resultId ?? ''}`;
}

function fileRejection(
  context: AdapterContext,
  code: string,
  location: string,
  message: string,
  raw: string,
): ParseOutcome[] {
  return [
    {
      ok: false,
      sourceRecordId: context.sourceName,
      issues: [{ severity: 'error', location, code, message }],
      raw,
    },
  ];
}

function parseFile(input: Buffer, context: AdapterContext, mapping: CsvMapping): ParseOutcome[] {
  if (mapping.hospital !== context.hospital) {
    return fileRejection(
      context,
      'facility-mismatch',
      'file',
      `This mapping is ${mapping.hospital}'s, but the file was submitted for ${context.hospital}.`,
      '',
    );
  }
  if (input.length === 0)
    return fileRejection(context, 'empty-file', 'file', 'The file is empty.', '');
  const rows = readRows(decodeCsv(input, mapping.encoding), mapping);
  const header = rows[0];
  if (header === undefined)
    return fileRejection(context, 'empty-file', 'file', 'The file has no header row.', '');
  if (header.kind === 'skipped') {
    return fileRejection(
      context,
      'malformed-csv',
      `line ${header.line}`,
      `The header row cannot be read: ${header.error?.message ?? 'unreadable'}.`,
      header.raw,
    );
  }
  const names = header.fields.map((name) => name.trim());
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const missing = mappedColumns(mapping).filter((name) => !index.has(name));
  if (missing.length > 0) {
    const hint = names.some((n) => n.includes(REPLACEMENT_CHARACTER))
      ? ` The header has bytes that are not ${mapping.encoding}: is the file in another encoding?`
      : '';
    return fileRejection(
      context,
      'unknown-column',
      `column ${missing.join(', column ')}`,
      `The mapping names column(s) ${missing.map((m) => `'${m}'`).join(', ')} that the file's header does not have (it has ${names.map((n) => `'${n}'`).join(', ')}).${hint}`,
      header.raw,
    );
  }

  const outcomes: ParseOutcome[] = [];
  const seen = new Set<string>();
  for (const item of rows.slice(1)) {
    const fallbackId = `${context.sourceName}:${item.line}`;
    if (item.kind === 'skipped') {
      outcomes.push({
        ok: false,
        sourceRecordId: fallbackId,
        issues: [
          {
            severity: 'error',
            location: `line ${item.line}`,
            code: 'malformed-csv',
            message: `The row cannot be read as CSV: ${item.error?.message ?? 'unreadable'}.`,
          },
        ],
        raw: item.raw,
      });
      continue;
    }
    if (item.fields.length !== names.length) {
      const lastColumn = names[Math.min(item.fields.length, names.length - 1)] ?? '';
      outcomes.push({
        ok: false,
        sourceRecordId: fallbackId,
        issues: [
          {
            severity: 'error',
            location: `line ${item.line}, column ${lastColumn}`,
            code: 'column-count',
            message: `Line ${item.line} has ${item.fields.length} column(s); the header has ${names.length}.`,
          },
        ],
        raw: item.raw,
      });
      continue;
    }
    const badColumns = names.filter((_, i) => item.fields[i]?.includes(REPLACEMENT_CHARACTER));
    if (badColumns.length > 0) {
      outcomes.push({
        ok: false,
        sourceRecordId: fallbackId,
        issues: badColumns.map((name) => ({
          severity: 'error' as const,
          location: `line ${item.line}, column ${name}`,
          code: 'encoding',
          message: `The cell has bytes that are not ${mapping.encoding} text: is the file saved in another encoding (Windows-1258)?`,
        })),
        raw: item.raw,
      });
      continue;
    }

    const row = new RowReader(item.fields, index, mapping, item.line);
    const patient = readPatient(row, mapping);
    const encounter = readEncounter(row, mapping, mapping.rowKind === 'visit');
    const labResult = mapping.rowKind === 'lab-result' ? readLabResult(row, mapping) : undefined;
    const recordId =
      mapping.recordIdColumn !== undefined ? row.text(mapping.recordIdColumn) : undefined;
    if (mapping.recordIdColumn !== undefined && recordId === undefined) {
      row.warn(
        mapping.recordIdColumn,
        'missing-field',
        `The row id is empty; the row is identified as ${fallbackId}.`,
      );
    }
    const sourceRecordId = recordId ?? fallbackId;
    if (
      row.errors.length > 0 ||
      patient === undefined ||
      (mapping.rowKind === 'visit' && encounter === undefined) ||
      (mapping.rowKind === 'lab-result' && labResult === undefined)
    ) {
      outcomes.push({
        ok: false,
        sourceRecordId,
        issues: [...row.errors, ...row.warnings],
        raw: item.raw,
      });
      continue;
    }
    const record: HospitalRecord = {
      hospital: context.hospital,
      format: 'csv',
      sourceRecordId,
      sourceSystem: mapping.sourceSystem,
      event: eventOf(mapping, encounter),
      patient,
      ...optional('encounter', encounter),
      labResults: labResult !== undefined ? [labResult] : [],
      medications: [],
      procedures: [],
      notes: [],
    };
    const key = duplicateKey(mapping, row, record);
    if (key !== undefined && seen.has(key)) {
      outcomes.push({
        ok: false,
        sourceRecordId,
        issues: [
          {
            severity: 'error',
            location: `line ${item.line}`,
            code: 'duplicate-record',
            message: `Line ${item.line} repeats a row already in this file (${key}); only the first is loaded.`,
          },
        ],
        raw: item.raw,
      });
      continue;
    }
    if (key !== undefined) seen.add(key);
    outcomes.push({ ok: true, record, warnings: row.warnings, raw: item.raw });
  }
  return outcomes;
}

/** The CSV adapter for one hospital's export, as its mapping describes it. */
export function csvAdapter(mapping: CsvMapping): SourceAdapter {
  return {
    format: 'csv',
    parse(input: Buffer, context: AdapterContext): Iterable<ParseOutcome> {
      try {
        return parseFile(input, context, mapping);
      } catch (error) {
        // The contract is "never throws": a bug or a parser limit becomes a rejection that says so.
        const message = error instanceof Error ? error.message : String(error);
        return fileRejection(
          context,
          'unreadable-file',
          'file',
          `The file could not be read: ${message}`,
          input.subarray(0, 64 * 1024).toString('utf8'),
        );
      }
    },
  };
}
