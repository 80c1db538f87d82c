/**
 * The ingestion pipeline's own record shape, between a source adapter (HL7 v2, the Ministry's XML
 * claim tables, CSV) and the FHIR normaliser. Adapters only parse and map their format onto this;
 * one normaliser turns it into profiled FHIR, so profile conformance lives in one place and a new
 * source format never has to know FHIR.
 *
 * Values are kept as the source wrote them, trimmed, with diacritics; codes are not translated here.
 * Dates are FHIR date / dateTime strings: partial dates ("1948", "1948-03") where the source had
 * unknown parts, and date-times with the +07:00 offset of Asia/Ho_Chi_Minh (sources carry local time).
 */

/** Organization ids of the three hospitals in HAPI (see directory/demo-directory.ts). */
export const HOSPITAL_CODES = [
  'bvdk-tinh-quang-ninh',
  'bv-san-nhi-quang-ninh',
  'bv-bai-chay',
] as const;
export type HospitalCode = (typeof HOSPITAL_CODES)[number];

/** Their names as the province writes them (the directory in HAPI has the same). */
export const HOSPITAL_NAMES: Record<HospitalCode, string> = {
  'bvdk-tinh-quang-ninh': 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
  'bv-san-nhi-quang-ninh': 'Bệnh viện Sản Nhi Quảng Ninh',
  'bv-bai-chay': 'Bệnh viện Bãi Cháy',
};

export const SOURCE_FORMATS = ['hl7v2', 'xml130', 'csv'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export type Gender = 'male' | 'female' | 'other' | 'unknown';

export interface PatientFacts {
  /** The hospital's own patient number (MRN): PID-3, MA_BN, a CSV column. Required: it keys the record. */
  mrn: string;
  /** Full name as written, family name first ("Nguyễn Thị Lan"). */
  fullName: string;
  /** When the source splits the name; otherwise the normaliser splits fullName at the first space. */
  family?: string;
  given?: string[];
  gender?: Gender;
  /** "1948", "1948-03" or "1948-03-07". */
  birthDate?: string;
  /** 12-digit citizen ID (CCCD), digits only. */
  cccd?: string;
  bhyt?: BhytFacts;
  /** As written by the source; the normaliser keeps it as-is. */
  phone?: string;
  address?: AddressFacts;
  /** Ethnic group name or code as the source gives it (XML1 MA_DANTOC is the GSO code, "01" = Kinh). */
  ethnicity?: string;
  /** Nationality code as the source gives it (XML1 MA_QUOCTICH, ISO 3166 or the Ministry's numeric code). */
  nationality?: string;
  /** Set by ADT A03/A08 etc. when the source says the patient died. */
  deceasedDateTime?: string;
}

export interface BhytFacts {
  /** 15 characters: 2 letters, benefit level 1–5, 2-digit province, 10 digits. */
  number: string;
  validFrom?: string;
  validTo?: string;
  /** Ministry of Health facility code of the registered primary-care facility (MA_DKBD), 5 digits. */
  primaryCareFacility?: string;
}

export interface AddressFacts {
  /** The whole address as one line, as written. */
  text: string;
  line?: string;
  ward?: string;
  district?: string;
  city?: string;
  province?: string;
  /** GSO administrative-unit code of the most specific known unit (ward/commune), when given. */
  adminUnitCode?: string;
}

export type EncounterClass = 'AMB' | 'IMP' | 'EMER';

export interface DiagnosisFacts {
  /** ICD-10 code as the Ministry writes it ("J18.9", "I10"); the normaliser checks the format. */
  icd10: string;
  text?: string;
  /** main = bệnh chính (MA_BENH_CHINH, DG1 with type A/F), secondary = bệnh kèm theo. */
  role: 'main' | 'secondary';
}

export interface EncounterFacts {
  /** Visit number: MA_LK, PV1-19, a CSV column. Unique within the hospital. */
  visitId: string;
  class: EncounterClass;
  /** finished when the source has a discharge / end time, else in-progress. */
  status: 'planned' | 'arrived' | 'in-progress' | 'finished' | 'cancelled';
  start?: string;
  end?: string;
  /** Province department code (CodeSystem department, e.g. "noi", "nhi") when the adapter can map it. */
  departmentCode?: string;
  /** Department as the source names it, always kept. */
  departmentText?: string;
  reason?: string;
  dischargeDisposition?: string;
  /** Attending doctor as the source names them (name and/or practising certificate number). */
  attendingDoctor?: { name?: string; certificate?: string };
  diagnoses: DiagnosisFacts[];
}

export interface LabResultFacts {
  /** Stable id of this result within the visit (OBX set id + OBR filler number, XML4 STT, CSV row). */
  resultId: string;
  /** The hospital's local test code: always present. */
  localCode: string;
  localName: string;
  /** LOINC code when the source or our mapping table knows one. */
  loinc?: string;
  /** Numeric result, or text when the result is not a number ("Âm tính"). */
  value: number | string;
  /** Unit as written ("mmol/L", "G/L"); the normaliser maps it to UCUM. */
  unit?: string;
  referenceLow?: number;
  referenceHigh?: number;
  referenceText?: string;
  /** H, L, N, A, HH, LL as in HL7 v2 table 0078. */
  interpretation?: string;
  effective?: string;
  issued?: string;
  /** Groups results into one DiagnosticReport (OBR filler order number, XML4 MA_DICH_VU, ...). */
  reportId?: string;
  reportName?: string;
  /** Conclusion of the report (XML4 KET_LUAN), stored on the DiagnosticReport. */
  conclusion?: string;
  /** The reader's comment on this one result when a value is also given (XML4 MO_TA): Observation.note. */
  note?: string;
}

export interface MedicationFacts {
  /** Stable id within the visit (XML2 STT, CSV row). */
  orderId: string;
  /** Ministry drug code (MA_THUOC) when given. */
  drugCode?: string;
  /** Drug name with strength and form as written ("Amoxicilin 500mg, viên nang"). */
  name: string;
  dosageText?: string;
  quantity?: number;
  unit?: string;
  /** Route as written ("Uống", "Tiêm tĩnh mạch"). */
  route?: string;
  authoredOn?: string;
}

export interface ProcedureFacts {
  /** Stable id within the visit (XML3 STT, CSV row). */
  procedureId: string;
  /** Ministry technical-service code (MA_DICH_VU) when given. */
  serviceCode?: string;
  name: string;
  performed?: string;
}

export interface ClinicalNoteFacts {
  /** XML5 STT, CSV row. */
  noteId: string;
  /** Clinical progress (DIEN_BIEN_LS). */
  text: string;
  /** Consultation (HOI_CHAN) or surgery note (PHAU_THUAT), when present. */
  consultation?: string;
  surgery?: string;
  date?: string;
}

/**
 * One input record: what an adapter read from one HL7 v2 message, one MA_LK of a claim file, or one
 * CSV row. The unit that ends in exactly one state: loaded, merged, or rejected.
 */
export interface HospitalRecord {
  hospital: HospitalCode;
  format: SourceFormat;
  /** Identifies this record in the source: MSH-10 control id, MA_LK, "<file>:<line>". */
  sourceRecordId: string;
  /** Name of the sending system (MSH-3, the XML's software, the CSV mapping's `sourceSystem`). */
  sourceSystem: string;
  /** What the record is, for counts and for how the loader treats it. */
  event: RecordEvent;
  patient: PatientFacts;
  encounter?: EncounterFacts;
  labResults: LabResultFacts[];
  medications: MedicationFacts[];
  procedures: ProcedureFacts[];
  notes: ClinicalNoteFacts[];
  /** ADT A40: the patient number being merged into `patient.mrn` (which survives). */
  mergedMrn?: string;
}

export type RecordEvent =
  | 'register' // A04, CSV patient row
  | 'admit' // A01
  | 'discharge' // A03
  | 'update' // A08
  | 'merge' // A40
  | 'results' // ORU^R01
  | 'claim'; // one MA_LK of a Decision 130 file

/** One problem with an input record, naming the field and the rule broken. */
export interface RecordIssue {
  severity: 'error' | 'warning';
  /** Where in the source: "PID-7", "XML1/NGAY_SINH", "column ngay_sinh". */
  location: string;
  /** What is wrong, in words a hospital IT person can act on. */
  message: string;
  /** Machine-readable rule id, e.g. "date-impossible", "missing-ma-lk", "encoding". */
  code: string;
}

/**
 * What an adapter yields for each input record: either a record (possibly with warnings) or a
 * rejection with the raw text kept, so nothing is ever silently dropped.
 */
export type ParseOutcome =
  | { ok: true; record: HospitalRecord; warnings: RecordIssue[]; raw: string }
  | { ok: false; sourceRecordId: string; issues: RecordIssue[]; raw: string };

export interface AdapterContext {
  hospital: HospitalCode;
  /** File name or "mllp:<peer>" for messages; used in sourceRecordId where the format has no id. */
  sourceName: string;
}

/**
 * A source adapter. `parse` takes a whole file (bytes, because the encoding is part of the format's
 * problem) and yields one outcome per record, in order. It never throws on bad input: a malformed
 * record is a rejection, and the rest of the file still comes through.
 */
export interface SourceAdapter {
  format: SourceFormat;
  parse(input: Buffer, context: AdapterContext): Iterable<ParseOutcome>;
}
