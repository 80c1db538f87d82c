/**
 * Writes HospitalRecords as a hospital's CSV export, through its mapping: the file the adapter reads
 * back, for demo data and tests. One row per record (patient and visit mappings) or per lab result.
 * Only what the mapping has a column for is written; medications, procedures and notes never are.
 */
import { stringify } from 'csv-stringify/sync';
import type { EncounterFacts, HospitalRecord, LabResultFacts, PatientFacts } from '../../model.js';
import { mappedColumns } from './csv-adapter.js';
import { formatCsvDate } from './dates.js';
import type { CsvMapping } from './mapping.js';
import { encodeCsv } from './text-encoding.js';

type Cells = Map<string, string>;

function reverse(
  map: Readonly<Record<string, string>>,
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  return Object.entries(map).find(([, v]) => v === value)?.[0];
}

function decimal(value: number | undefined, mapping: CsvMapping): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  return mapping.decimalSeparator === ',' ? text.replace('.', ',') : text;
}

class RowWriter {
  readonly cells: Cells = new Map();

  constructor(private readonly mapping: CsvMapping) {}

  set(columnName: string | undefined, value: string | undefined): void {
    if (columnName !== undefined && value !== undefined && !this.cells.has(columnName))
      this.cells.set(columnName, value);
  }

  date(columnName: string | undefined, value: string | undefined, withTime: boolean): void {
    if (columnName === undefined || value === undefined) return;
    const formats = withTime
      ? [...this.mapping.dateTimeFormats, ...this.mapping.dateFormats]
      : this.mapping.dateFormats;
    const text = formatCsvDate(value, formats);
    if (text === undefined)
      throw new Error(
        `writeCsv: '${value}' cannot be written with the formats of column ${columnName} (${formats.join(', ')}).`,
      );
    this.set(columnName, text);
  }
}

function writePatient(row: RowWriter, patient: PatientFacts, mapping: CsvMapping): void {
  const columns = mapping.columns.patient;
  row.set(columns.mrn, patient.mrn);
  row.set(columns.fullName, patient.fullName);
  row.set(columns.family, patient.family);
  row.set(columns.given, patient.given?.join(' '));
  row.set(columns.gender, reverse(mapping.values.gender, patient.gender));
  row.date(columns.birthDate, patient.birthDate, false);
  row.set(columns.cccd, patient.cccd);
  row.set(columns.bhytNumber, patient.bhyt?.number);
  row.date(columns.bhytValidFrom, patient.bhyt?.validFrom, false);
  row.date(columns.bhytValidTo, patient.bhyt?.validTo, false);
  row.set(columns.bhytPrimaryCareFacility, patient.bhyt?.primaryCareFacility);
  row.set(columns.phone, patient.phone);
  row.set(columns.addressText, patient.address?.text);
  row.set(columns.addressLine, patient.address?.line);
  row.set(columns.ward, patient.address?.ward);
  row.set(columns.district, patient.address?.district);
  row.set(columns.city, patient.address?.city);
  row.set(columns.province, patient.address?.province);
  row.set(columns.adminUnitCode, patient.address?.adminUnitCode);
  row.set(columns.ethnicity, patient.ethnicity);
  row.set(columns.nationality, patient.nationality);
  row.date(columns.deceasedDateTime, patient.deceasedDateTime, true);
}

function writeEncounter(
  row: RowWriter,
  encounter: EncounterFacts | undefined,
  mapping: CsvMapping,
): void {
  const columns = mapping.columns.encounter;
  if (columns === undefined || encounter === undefined) return;
  row.set(columns.visitId, encounter.visitId);
  row.set(
    columns.class,
    reverse(mapping.values.encounterClass, encounter.class) ?? encounter.class,
  );
  row.date(columns.start, encounter.start, true);
  row.date(columns.end, encounter.end, true);
  row.set(
    columns.department,
    encounter.departmentText ?? reverse(mapping.values.department, encounter.departmentCode),
  );
  if (columns.department === undefined) row.set(columns.departmentCode, encounter.departmentCode);
  row.set(columns.reason, encounter.reason);
  row.set(columns.dischargeDisposition, encounter.dischargeDisposition);
  row.set(columns.attendingDoctorName, encounter.attendingDoctor?.name);
  row.set(columns.attendingDoctorCertificate, encounter.attendingDoctor?.certificate);
  const main = encounter.diagnoses.find((d) => d.role === 'main');
  const secondary = encounter.diagnoses.filter((d) => d.role === 'secondary');
  row.set(columns.mainDiagnosis, main?.icd10);
  row.set(columns.mainDiagnosisText, main?.text);
  const separator = mapping.listSeparator === ';' ? '; ' : mapping.listSeparator;
  if (secondary.length > 0)
    row.set(columns.secondaryDiagnoses, secondary.map((d) => d.icd10).join(separator));
  if (secondary.length > 0 && secondary.every((d) => d.text !== undefined))
    row.set(columns.secondaryDiagnosesText, secondary.map((d) => d.text).join(separator));
}

function writeLabResult(row: RowWriter, result: LabResultFacts, mapping: CsvMapping): void {
  const columns = mapping.columns.labResult;
  if (columns === undefined) return;
  row.set(columns.resultId, result.resultId);
  row.set(columns.localCode, result.localCode);
  row.set(columns.localName, result.localName);
  row.set(columns.loinc, result.loinc);
  row.set(
    columns.value,
    typeof result.value === 'number' ? decimal(result.value, mapping) : result.value,
  );
  row.set(columns.unit, result.unit);
  if (
    columns.referenceRange !== undefined &&
    (result.referenceLow !== undefined ||
      result.referenceHigh !== undefined ||
      result.referenceText !== undefined)
  ) {
    const low = decimal(result.referenceLow, mapping);
    const high = decimal(result.referenceHigh, mapping);
    const range =
      low !== undefined && high !== undefined
        ? `${low} - ${high}`
        : high !== undefined
          ? `< ${high}`
          : low !== undefined
            ? `> ${low}`
            : result.referenceText;
    row.set(columns.referenceRange, range);
  }
  row.set(columns.referenceLow, decimal(result.referenceLow, mapping));
  row.set(columns.referenceHigh, decimal(result.referenceHigh, mapping));
  row.set(
    columns.interpretation,
    reverse(mapping.values.interpretation, result.interpretation) ?? result.interpretation,
  );
  row.date(columns.effective, result.effective, true);
  row.date(columns.issued, result.issued, true);
  row.set(columns.reportId, result.reportId);
  row.set(columns.reportName, result.reportName);
  row.set(columns.conclusion, result.conclusion);
  row.set(columns.note, result.note);
}

/** The CSV file `mapping` describes, holding `records`. Throws when a record cannot be written that way. */
export function writeCsv(records: HospitalRecord[], mapping: CsvMapping): Buffer {
  const header = mappedColumns(mapping);
  const rows: string[][] = [header];
  for (const record of records) {
    const results: Array<LabResultFacts | undefined> =
      mapping.rowKind === 'lab-result' ? record.labResults : [undefined];
    results.forEach((result) => {
      const row = new RowWriter(mapping);
      writePatient(row, record.patient, mapping);
      if (mapping.rowKind !== 'patient') writeEncounter(row, record.encounter, mapping);
      if (result !== undefined) writeLabResult(row, result, mapping);
      // After the facts, so an id column that is also a fact's column (the visit number) keeps the fact.
      row.set(
        mapping.recordIdColumn,
        result !== undefined
          ? `${record.sourceRecordId}.${result.resultId}`
          : record.sourceRecordId,
      );
      rows.push(header.map((name) => row.cells.get(name) ?? ''));
    });
  }
  const text = stringify(rows, { delimiter: mapping.delimiter, record_delimiter: '\r\n' });
  return encodeCsv(text, mapping.encoding, mapping.bom);
}
