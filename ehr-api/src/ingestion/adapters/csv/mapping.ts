/**
 * A hospital's CSV column mapping: how to read its export (delimiter, encoding, date formats), which
 * column holds which fact, and how its words map to our codes. One YAML (or JSON) file per hospital
 * in `mappings/`; validated with zod so that a mistake names the key that is wrong.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { HOSPITAL_CODES } from '../../model.js';

const column = z.string().trim().min(1, 'must name a column');
const ENCOUNTER_CLASSES = ['AMB', 'IMP', 'EMER'] as const;
const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
/** HL7 v2 table 0078 codes LabResultFacts.interpretation takes. */
const INTERPRETATIONS = ['H', 'L', 'N', 'A', 'HH', 'LL'] as const;

const patientColumns = z
  .object({
    mrn: column,
    fullName: column,
    family: column.optional(),
    /** Given names in one cell, separated by spaces ("Văn Hùng"). */
    given: column.optional(),
    gender: column.optional(),
    birthDate: column.optional(),
    cccd: column.optional(),
    bhytNumber: column.optional(),
    bhytValidFrom: column.optional(),
    bhytValidTo: column.optional(),
    bhytPrimaryCareFacility: column.optional(),
    phone: column.optional(),
    /** The whole address; when absent, the parts below joined with ", ". */
    addressText: column.optional(),
    addressLine: column.optional(),
    ward: column.optional(),
    district: column.optional(),
    city: column.optional(),
    province: column.optional(),
    adminUnitCode: column.optional(),
    ethnicity: column.optional(),
    nationality: column.optional(),
    deceasedDateTime: column.optional(),
  })
  .strict();

const encounterColumns = z
  .object({
    visitId: column,
    class: column.optional(),
    start: column.optional(),
    end: column.optional(),
    /** The department as the hospital names it; `values.department` maps it to a province code. */
    department: column.optional(),
    /** A column that already holds province department codes ("noi", "nhi"). */
    departmentCode: column.optional(),
    reason: column.optional(),
    dischargeDisposition: column.optional(),
    attendingDoctorName: column.optional(),
    attendingDoctorCertificate: column.optional(),
    mainDiagnosis: column.optional(),
    mainDiagnosisText: column.optional(),
    /** Secondary ICD-10 codes in one cell, split by `listSeparator`. */
    secondaryDiagnoses: column.optional(),
    /** Their words, split the same way, in the same order. */
    secondaryDiagnosesText: column.optional(),
  })
  .strict();

const labColumns = z
  .object({
    resultId: column.optional(),
    localCode: column,
    localName: column.optional(),
    loinc: column.optional(),
    value: column,
    unit: column.optional(),
    referenceLow: column.optional(),
    referenceHigh: column.optional(),
    /** "3.9 - 6.4", "< 5.0", "> 1": read into low/high, and kept as the reference text. */
    referenceRange: column.optional(),
    interpretation: column.optional(),
    effective: column.optional(),
    issued: column.optional(),
    reportId: column.optional(),
    reportName: column.optional(),
    conclusion: column.optional(),
    note: column.optional(),
  })
  .strict();

/** A format is usable when a date written with it reads back (Luxon tokens: dd, MM, yyyy, HH, mm). */
const dateFormat = z
  .string()
  .min(1)
  .refine((format) => {
    const sample = DateTime.fromObject({ year: 1987, month: 11, day: 23, hour: 14, minute: 35 });
    return DateTime.fromFormat(sample.toFormat(format), format).isValid && /y/.test(format);
  }, 'is not a date format that reads back what it writes (use Luxon tokens such as dd/MM/yyyy or yyyy-MM-dd HH:mm)');

export const csvMappingSchema = z
  .object({
    hospital: z.enum(HOSPITAL_CODES),
    sourceSystem: z.string().trim().min(1),
    /** What one row is: a patient, a visit (with the patient's columns), or a lab result (with both). */
    rowKind: z.enum(['patient', 'visit', 'lab-result']),
    delimiter: z.string().length(1, 'must be one character (use "\\t" for tab)').default(','),
    encoding: z.enum(['utf-8', 'windows-1258']).default('utf-8'),
    /** Whether the writer starts a UTF-8 file with a byte-order mark, as Excel does. Readers accept both. */
    bom: z.boolean().default(false),
    /** Tried in order for dates; the first is used to write. Partial formats ("yyyy", "MM/yyyy") give partial birth dates. */
    dateFormats: z.array(dateFormat).min(1),
    /** Tried first for date-times; date formats are tried after them. */
    dateTimeFormats: z.array(dateFormat).default([]),
    decimalSeparator: z.enum(['.', ',']).default('.'),
    /** Separates several values in one cell (secondary diagnoses). */
    listSeparator: z.string().min(1).default(';'),
    /** The column that identifies a row (sourceRecordId); "<file>:<line>" when not given. */
    recordIdColumn: column.optional(),
    columns: z
      .object({
        patient: patientColumns,
        encounter: encounterColumns.optional(),
        labResult: labColumns.optional(),
      })
      .strict(),
    values: z
      .object({
        gender: z
          .record(z.string(), z.enum(GENDERS))
          .default({ Nam: 'male', Nữ: 'female', Khác: 'other' }),
        encounterClass: z.record(z.string(), z.enum(ENCOUNTER_CLASSES)).default({}),
        /** Department as the hospital writes it → province department code. */
        department: z.record(z.string(), z.string().min(1)).default({}),
        interpretation: z.record(z.string(), z.enum(INTERPRETATIONS)).default({}),
      })
      .strict()
      .default({
        gender: { Nam: 'male', Nữ: 'female', Khác: 'other' },
        encounterClass: {},
        department: {},
        interpretation: {},
      }),
    defaults: z
      .object({ encounterClass: z.enum(ENCOUNTER_CLASSES).optional() })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    if (mapping.rowKind === 'visit' && mapping.columns.encounter === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['columns', 'encounter'],
        message: 'is required when rowKind is visit',
      });
    }
    if (mapping.rowKind === 'lab-result' && mapping.columns.labResult === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['columns', 'labResult'],
        message: 'is required when rowKind is lab-result',
      });
    }
    if (
      mapping.rowKind === 'visit' &&
      mapping.columns.encounter?.class === undefined &&
      mapping.defaults.encounterClass === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaults', 'encounterClass'],
        message: 'is required when columns.encounter.class is not given',
      });
    }
  });

export type CsvMapping = z.infer<typeof csvMappingSchema>;
export type CsvMappingInput = z.input<typeof csvMappingSchema>;

/** A mapping file that cannot be used; `problems` name each wrong key ("columns.patient.mrn: ..."). */
export class CsvMappingError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`CSV mapping ${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CsvMappingError';
  }
}

function keyPath(pathParts: readonly PropertyKey[]): string {
  return pathParts.reduce<string>(
    (out, part) =>
      typeof part === 'number'
        ? `${out}[${part}]`
        : out === ''
          ? String(part)
          : `${out}.${String(part)}`,
    '',
  );
}

/** Validates an already-parsed mapping object (from YAML, JSON or code). */
export function validateCsvMapping(value: unknown, source = 'mapping'): CsvMapping {
  const result = csvMappingSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(
        (key) => `${keyPath([...issue.path, key])}: is not a key a mapping may have`,
      );
    }
    return [`${keyPath(issue.path) || '(top level)'}: ${issue.message}`];
  });
  throw new CsvMappingError(source, problems);
}

/** Parses mapping text: JSON when `source` ends in .json, else YAML (YAML also reads JSON). */
export function parseCsvMapping(text: string, source = 'mapping.yaml'): CsvMapping {
  let value: unknown;
  try {
    value = path.extname(source).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new CsvMappingError(source, [
      `the file is not valid ${path.extname(source).toLowerCase() === '.json' ? 'JSON' : 'YAML'}${where}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    ]);
  }
  return validateCsvMapping(value, source);
}

/** Reads and validates a mapping file (YAML or JSON). Throws CsvMappingError naming the wrong keys. */
export function loadCsvMapping(file: string): CsvMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CsvMappingError(file, [
      `the file cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  return parseCsvMapping(text, file);
}
