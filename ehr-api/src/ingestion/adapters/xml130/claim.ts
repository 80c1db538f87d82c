/**
 * One MA_LK of a claim file (its XML1 row and the XML2–XML5 rows that name it) → one HospitalRecord.
 * Every problem is collected, so a rejection lists all of them at once; errors reject the record,
 * warnings travel with it.
 */
import type {
  AdapterContext,
  BhytFacts,
  ClinicalNoteFacts,
  DiagnosisFacts,
  EncounterFacts,
  HospitalRecord,
  LabResultFacts,
  MedicationFacts,
  PatientFacts,
  ProcedureFacts,
  RecordIssue,
} from '../../model.js';
import {
  EMERGENCY_CAPABLE_MA_LOAI_KCB,
  GIOI_TINH,
  KET_QUA_DTRI,
  KET_QUA_DTRI_TU_VONG,
  MA_DOITUONG_KCB_CAP_CUU,
  MA_KHOA,
  MA_LOAI_KCB,
  MA_LOAI_RV,
  MA_NHOM_KHAM_BENH,
  MA_NHOM_NAME,
  MA_NHOM_PROCEDURE,
  MA_NHOM_XET_NGHIEM,
  twoDigitCode,
} from './codes.js';
import { parseXmlBirthDate, parseXmlDate, parseXmlDateTime, type DateParse } from './dates.js';
import type { Row, TableType } from './tables.js';

export interface ClaimRows {
  xml1: Row;
  XML2: Row[];
  XML3: Row[];
  XML4: Row[];
  XML5: Row[];
}

export type ClaimResult =
  | { ok: true; record: HospitalRecord; warnings: RecordIssue[] }
  | { ok: false; issues: RecordIssue[] };

const CCCD = /^\d{12}$/;
const BHYT = /^[A-Z]{2}[1-5]\d{12}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** The decision allows at most 12 secondary diagnosis codes in MA_BENH_KT. */
const MAX_SECONDARY_DIAGNOSES = 12;

/** Splits a ';'-separated field (MA_BENH_KT, MA_KHOA, MA_THE_BHYT ...) into its trimmed, non-empty parts. */
export function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

class Issues {
  readonly errors: RecordIssue[] = [];
  readonly warnings: RecordIssue[] = [];

  error(location: string, code: string, message: string): void {
    this.errors.push({ severity: 'error', location, code, message });
  }

  warn(location: string, code: string, message: string): void {
    this.warnings.push({ severity: 'warning', location, code, message });
  }

  /** A date field: the value, or an error naming the field; absent stays absent. */
  date(
    table: TableType,
    row: Row,
    field: string,
    parse: (value: string) => DateParse,
    what = '',
  ): string | undefined {
    const value = row[field];
    if (value === undefined) return undefined;
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    this.error(`${table}/${field}`, parsed.code, `${field}${what}: ${parsed.message}`);
    return undefined;
  }
}

/** Row ids from STT when each is present and unique in its table, else from the row position. */
function rowIds(table: TableType, rows: Row[], issues: Issues): string[] {
  const stts = rows.map((row) => row.STT);
  const unique = stts.every((stt) => stt !== undefined) && new Set(stts).size === stts.length;
  if (unique) return stts;
  if (rows.length > 0) {
    issues.warn(
      `${table}/STT`,
      'stt-not-unique',
      `STT is missing or repeated in ${table}; rows are numbered by their position instead (row1, row2, ...).`,
    );
  }
  return rows.map((_, i) => `row${i + 1}`);
}

function sttOf(row: Row, id: string): string {
  return row.STT !== undefined ? ` (STT ${row.STT})` : ` (${id})`;
}

function mapPatient(xml1: Row, issues: Issues): PatientFacts | undefined {
  const mrn = xml1.MA_BN;
  const fullName = xml1.HO_TEN;
  if (mrn === undefined)
    issues.error('XML1/MA_BN', 'missing-field', 'MA_BN (patient number) is required.');
  if (fullName === undefined)
    issues.error('XML1/HO_TEN', 'missing-field', 'HO_TEN (patient name) is required.');

  let gender: PatientFacts['gender'];
  if (xml1.GIOI_TINH === undefined) {
    issues.warn(
      'XML1/GIOI_TINH',
      'missing-field',
      'GIOI_TINH is empty; the patient is loaded without a gender.',
    );
  } else {
    gender = GIOI_TINH[xml1.GIOI_TINH];
    if (gender === undefined) {
      issues.error(
        'XML1/GIOI_TINH',
        'unknown-code',
        `GIOI_TINH '${xml1.GIOI_TINH}' is not a code of the decision (1 Nam, 2 Nữ, 3 Chưa xác định).`,
      );
    }
  }

  const birthDate = issues.date('XML1', xml1, 'NGAY_SINH', parseXmlBirthDate);
  if (xml1.NGAY_SINH === undefined)
    issues.warn(
      'XML1/NGAY_SINH',
      'missing-field',
      'NGAY_SINH is empty; the patient is loaded without a birth date.',
    );

  let cccd: string | undefined;
  if (xml1.SO_CCCD !== undefined) {
    if (CCCD.test(xml1.SO_CCCD)) cccd = xml1.SO_CCCD;
    else
      issues.warn(
        'XML1/SO_CCCD',
        'identifier-format',
        `SO_CCCD '${xml1.SO_CCCD}' is not a 12-digit citizen ID (CCCD); an old ID card or passport number is not kept.`,
      );
  }

  const bhyt = mapBhyt(xml1, issues);
  const address =
    xml1.DIA_CHI !== undefined
      ? {
          text: xml1.DIA_CHI,
          ...optional(
            'adminUnitCode',
            xml1.MAXA_CU_TRU ?? xml1.MAHUYEN_CU_TRU ?? xml1.MATINH_CU_TRU,
          ),
        }
      : undefined;

  if (mrn === undefined || fullName === undefined) return undefined;
  return {
    mrn,
    fullName,
    ...optional('gender', gender),
    ...optional('birthDate', birthDate),
    ...optional('cccd', cccd),
    ...optional('bhyt', bhyt),
    ...optional('phone', xml1.DIEN_THOAI),
    ...optional('address', address),
    ...optional('ethnicity', xml1.MA_DANTOC),
    ...optional('nationality', xml1.MA_QUOCTICH),
  };
}

/**
 * MA_THE_BHYT and its companions may list several cards separated by ';' when a new card was issued
 * during the stay; the last one is the card in force at the end of the visit.
 */
function mapBhyt(xml1: Row, issues: Issues): BhytFacts | undefined {
  const numbers = splitList(xml1.MA_THE_BHYT);
  const number = numbers.at(-1);
  if (number === undefined) return undefined;
  const last = (field: string): Row => {
    const value = splitList(xml1[field]).at(-1);
    return value === undefined ? {} : { [field]: value };
  };
  const validFrom = issues.date('XML1', last('GT_THE_TU'), 'GT_THE_TU', parseXmlDate);
  const validTo = issues.date('XML1', last('GT_THE_DEN'), 'GT_THE_DEN', parseXmlDate);
  if (!BHYT.test(number)) {
    issues.warn(
      'XML1/MA_THE_BHYT',
      'identifier-format',
      `MA_THE_BHYT '${number}' is not a 15-character BHYT number (2 letters, benefit level 1–5, 12 digits); the card is not kept.`,
    );
    return undefined;
  }
  return {
    number,
    ...optional('validFrom', validFrom),
    ...optional('validTo', validTo),
    ...optional('primaryCareFacility', splitList(xml1.MA_DKBD).at(-1)),
  };
}

/**
 * MA_BENH_CHINH and MA_BENH_KT give the codes, CHAN_DOAN_RV the words. When CHAN_DOAN_RV has exactly
 * one ';'-separated part per code, part i names code i (main first, as the decision orders them);
 * otherwise the whole text is the main diagnosis's.
 */
function mapDiagnoses(xml1: Row, issues: Issues): DiagnosisFacts[] {
  const secondary = [...new Set(splitList(xml1.MA_BENH_KT))].filter(
    (code) => code !== xml1.MA_BENH_CHINH,
  );
  if (secondary.length > MAX_SECONDARY_DIAGNOSES) {
    issues.warn(
      'XML1/MA_BENH_KT',
      'too-many-codes',
      `MA_BENH_KT lists ${secondary.length} codes; the decision allows ${MAX_SECONDARY_DIAGNOSES}. All were kept.`,
    );
  }
  if (xml1.MA_BENH_CHINH === undefined) {
    issues.warn('XML1/MA_BENH_CHINH', 'missing-field', 'MA_BENH_CHINH (main diagnosis) is empty.');
    return secondary.map((icd10) => ({ icd10, role: 'secondary' }));
  }
  const parts = splitList(xml1.CHAN_DOAN_RV);
  const onePartPerCode = secondary.length > 0 && parts.length === secondary.length + 1;
  return [
    {
      icd10: xml1.MA_BENH_CHINH,
      role: 'main',
      ...optional('text', onePartPerCode ? parts[0] : xml1.CHAN_DOAN_RV),
    },
    ...secondary.map((icd10, i): DiagnosisFacts => ({
      icd10,
      role: 'secondary',
      ...optional('text', onePartPerCode ? parts[i + 1] : undefined),
    })),
  ];
}

function mapEncounter(
  rows: ClaimRows,
  maLk: string,
  issues: Issues,
  birthDate: string | undefined,
): { encounter?: EncounterFacts; deceased?: string } {
  const { xml1 } = rows;
  let encounterClass: EncounterFacts['class'] | undefined;
  if (xml1.MA_LOAI_KCB === undefined) {
    issues.error('XML1/MA_LOAI_KCB', 'missing-field', 'MA_LOAI_KCB (kind of visit) is required.');
  } else {
    const kind = MA_LOAI_KCB[twoDigitCode(xml1.MA_LOAI_KCB)];
    if (kind === undefined) {
      issues.error(
        'XML1/MA_LOAI_KCB',
        'unknown-code',
        `MA_LOAI_KCB '${xml1.MA_LOAI_KCB}' is not a code of the common code set (01–10).`,
      );
    } else {
      const emergency =
        xml1.MA_DOITUONG_KCB === MA_DOITUONG_KCB_CAP_CUU &&
        EMERGENCY_CAPABLE_MA_LOAI_KCB.has(twoDigitCode(xml1.MA_LOAI_KCB));
      encounterClass = emergency ? 'EMER' : kind.class;
    }
  }

  const start = issues.date('XML1', xml1, 'NGAY_VAO', parseXmlDateTime);
  if (xml1.NGAY_VAO === undefined)
    issues.error('XML1/NGAY_VAO', 'missing-field', 'NGAY_VAO (time of arrival) is required.');
  const end = issues.date('XML1', xml1, 'NGAY_RA', parseXmlDateTime);
  if (start !== undefined && end !== undefined && end < start) {
    issues.error(
      'XML1/NGAY_RA',
      'date-order',
      `NGAY_RA '${xml1.NGAY_RA}' is before NGAY_VAO '${xml1.NGAY_VAO}'.`,
    );
  }
  if (
    birthDate !== undefined &&
    start !== undefined &&
    birthDate > start.slice(0, birthDate.length)
  ) {
    issues.error(
      'XML1/NGAY_SINH',
      'date-order',
      `NGAY_SINH '${xml1.NGAY_SINH}' is after NGAY_VAO '${xml1.NGAY_VAO}'.`,
    );
  }

  let dischargeDisposition: string | undefined;
  if (xml1.MA_LOAI_RV !== undefined) {
    dischargeDisposition = MA_LOAI_RV[xml1.MA_LOAI_RV];
    if (dischargeDisposition === undefined)
      issues.error(
        'XML1/MA_LOAI_RV',
        'unknown-code',
        `MA_LOAI_RV '${xml1.MA_LOAI_RV}' is not a code of the decision (1–5).`,
      );
  }
  let deceased: string | undefined;
  if (xml1.KET_QUA_DTRI !== undefined) {
    if (KET_QUA_DTRI[xml1.KET_QUA_DTRI] === undefined) {
      issues.error(
        'XML1/KET_QUA_DTRI',
        'unknown-code',
        `KET_QUA_DTRI '${xml1.KET_QUA_DTRI}' is not a code of the decision (1–7).`,
      );
    } else if (xml1.KET_QUA_DTRI === KET_QUA_DTRI_TU_VONG) {
      if (end === undefined)
        issues.warn(
          'XML1/KET_QUA_DTRI',
          'missing-field',
          'KET_QUA_DTRI says the patient died but NGAY_RA is empty: no time of death is recorded.',
        );
      deceased = end;
    }
  }

  const departmentCode = MA_KHOA[splitList(xml1.MA_KHOA).at(-1) ?? '']?.department;
  const doctor = rows.XML3.find(
    (row) => row.MA_NHOM === MA_NHOM_KHAM_BENH && row.MA_BAC_SI !== undefined,
  )?.MA_BAC_SI;
  const certificate = splitList(doctor)[0];

  if (encounterClass === undefined) return { deceased };
  return {
    deceased,
    encounter: {
      visitId: maLk,
      class: encounterClass,
      status: end !== undefined ? 'finished' : 'in-progress',
      ...optional('start', start),
      ...optional('end', end),
      ...optional('departmentCode', departmentCode),
      ...optional('departmentText', xml1.MA_KHOA),
      ...optional('reason', xml1.LY_DO_VV ?? xml1.LY_DO_VNT),
      ...optional('dischargeDisposition', dischargeDisposition),
      ...(certificate !== undefined ? { attendingDoctor: { certificate } } : {}),
      diagnoses: mapDiagnoses(xml1, issues),
    },
  };
}

function drugName(row: Row): string | undefined {
  const name = row.TEN_THUOC ?? row.MA_THUOC;
  if (name === undefined) return undefined;
  const withStrength =
    row.HAM_LUONG !== undefined && !name.includes(row.HAM_LUONG)
      ? `${name} ${row.HAM_LUONG}`
      : name;
  return row.DANG_BAO_CHE !== undefined ? `${withStrength}, ${row.DANG_BAO_CHE}` : withStrength;
}

function mapMedications(rows: Row[], issues: Issues): MedicationFacts[] {
  const ids = rowIds('XML2', rows, issues);
  const medications: MedicationFacts[] = [];
  rows.forEach((row, i) => {
    const orderId = ids[i] as string;
    const name = drugName(row);
    const authoredOn = issues.date('XML2', row, 'NGAY_YL', parseXmlDateTime, sttOf(row, orderId));
    if (name === undefined) {
      issues.warn(
        'XML2/TEN_THUOC',
        'missing-field',
        `XML2 row${sttOf(row, orderId)} has neither TEN_THUOC nor MA_THUOC; it was not loaded.`,
      );
      return;
    }
    let quantity: number | undefined;
    if (row.SO_LUONG !== undefined) {
      if (DECIMAL.test(row.SO_LUONG)) quantity = Number(row.SO_LUONG);
      else
        issues.warn(
          'XML2/SO_LUONG',
          'number-format',
          `SO_LUONG '${row.SO_LUONG}'${sttOf(row, orderId)} is not a number with a '.' decimal point; the quantity is left out.`,
        );
    }
    const dosage = [row.LIEU_DUNG, row.CACH_DUNG].filter((part) => part !== undefined).join('. ');
    medications.push({
      orderId,
      name,
      ...optional('drugCode', row.MA_THUOC),
      ...optional('dosageText', dosage === '' ? undefined : dosage),
      ...optional('quantity', quantity),
      ...optional('unit', row.DON_VI_TINH),
      ...optional('route', row.DUONG_DUNG),
      ...optional('authoredOn', authoredOn),
    });
  });
  return medications;
}

function mapProcedures(
  rows: Row[],
  issues: Issues,
): {
  procedures: ProcedureFacts[];
  effectiveByService: Map<string, { effective?: string; name?: string }>;
} {
  const ids = rowIds('XML3', rows, issues);
  const procedures: ProcedureFacts[] = [];
  const notLoaded = new Map<string, number>();
  const effectiveByService = new Map<string, { effective?: string; name?: string }>();
  rows.forEach((row, i) => {
    const procedureId = ids[i] as string;
    const group = row.MA_NHOM ?? '';
    const isProcedure = MA_NHOM_PROCEDURE.has(group);
    // Only the times this adapter uses are checked: a procedure's, and a lab order's (its results' effective time).
    const usesTime = isProcedure || group === MA_NHOM_XET_NGHIEM;
    const performed = usesTime
      ? (issues.date('XML3', row, 'NGAY_TH_YL', parseXmlDateTime, sttOf(row, procedureId)) ??
        issues.date('XML3', row, 'NGAY_YL', parseXmlDateTime, sttOf(row, procedureId)))
      : undefined;
    if (usesTime && row.MA_DICH_VU !== undefined && !effectiveByService.has(row.MA_DICH_VU)) {
      effectiveByService.set(row.MA_DICH_VU, {
        ...optional('effective', performed),
        ...optional('name', row.TEN_DICH_VU),
      });
    }
    const name = row.TEN_DICH_VU ?? row.MA_DICH_VU;
    if (!isProcedure || name === undefined) {
      const label = isProcedure
        ? 'không có TEN_DICH_VU/MA_DICH_VU'
        : (MA_NHOM_NAME[group] ??
          (group === '' ? 'không có MA_NHOM' : `MA_NHOM ${group} không rõ`));
      notLoaded.set(label, (notLoaded.get(label) ?? 0) + 1);
      return;
    }
    procedures.push({
      procedureId,
      name,
      ...optional('serviceCode', row.MA_DICH_VU),
      ...optional('performed', performed),
    });
  });
  if (notLoaded.size > 0) {
    const total = [...notLoaded.values()].reduce((a, b) => a + b, 0);
    const detail = [...notLoaded.entries()].map(([label, count]) => `${count} ${label}`).join(', ');
    issues.warn(
      'XML3/MA_NHOM',
      'xml3-rows-not-procedures',
      `${total} XML3 row(s) were not loaded as procedures: ${detail}. Only MA_NHOM 2, 3, 8, 9 and 18 (imaging, functional tests, surgery, procedures) are procedures.`,
    );
  }
  return { procedures, effectiveByService };
}

function mapLabResults(
  rows: Row[],
  services: Map<string, { effective?: string; name?: string }>,
  issues: Issues,
): LabResultFacts[] {
  const ids = rowIds('XML4', rows, issues);
  const results: LabResultFacts[] = [];
  let pending = 0;
  rows.forEach((row, i) => {
    const resultId = ids[i] as string;
    const issued = issues.date('XML4', row, 'NGAY_KQ', parseXmlDateTime, sttOf(row, resultId));
    const localCode = row.MA_CHI_SO ?? row.MA_DICH_VU;
    // GIA_TRI is the value; imaging and functional tests write their finding in MO_TA instead.
    const valueText = row.GIA_TRI ?? row.MO_TA ?? row.KET_LUAN;
    if (localCode === undefined || valueText === undefined) {
      if (valueText === undefined) pending++;
      else
        issues.warn(
          'XML4/MA_CHI_SO',
          'missing-field',
          `XML4 row${sttOf(row, resultId)} has neither MA_CHI_SO nor MA_DICH_VU; it was not loaded.`,
        );
      return;
    }
    const service = row.MA_DICH_VU !== undefined ? services.get(row.MA_DICH_VU) : undefined;
    results.push({
      resultId,
      localCode,
      localName: row.TEN_CHI_SO ?? service?.name ?? localCode,
      value:
        row.GIA_TRI !== undefined && DECIMAL.test(row.GIA_TRI) ? Number(row.GIA_TRI) : valueText,
      ...optional('unit', row.DON_VI_DO),
      ...optional('effective', service?.effective),
      ...optional('issued', issued),
      ...optional('reportId', row.MA_DICH_VU),
      ...optional('reportName', service?.name),
      ...optional('conclusion', row.KET_LUAN),
      ...optional('note', row.GIA_TRI !== undefined ? row.MO_TA : undefined),
    });
  });
  if (pending > 0) {
    issues.warn(
      'XML4/GIA_TRI',
      'result-pending',
      `${pending} XML4 row(s) have no GIA_TRI, MO_TA or KET_LUAN yet (result pending); they were not loaded.`,
    );
  }
  return results;
}

function mapNotes(rows: Row[], issues: Issues): ClinicalNoteFacts[] {
  const ids = rowIds('XML5', rows, issues);
  const notes: ClinicalNoteFacts[] = [];
  let empty = 0;
  rows.forEach((row, i) => {
    const noteId = ids[i] as string;
    const date = issues.date('XML5', row, 'THOI_DIEM_DBLS', parseXmlDateTime, sttOf(row, noteId));
    if (
      row.DIEN_BIEN_LS === undefined &&
      row.HOI_CHAN === undefined &&
      row.PHAU_THUAT === undefined
    ) {
      empty++;
      return;
    }
    notes.push({
      noteId,
      text: row.DIEN_BIEN_LS ?? '',
      ...optional('consultation', row.HOI_CHAN),
      ...optional('surgery', row.PHAU_THUAT),
      ...optional('date', date),
    });
  });
  if (empty > 0)
    issues.warn(
      'XML5/DIEN_BIEN_LS',
      'empty-row',
      `${empty} XML5 row(s) have no DIEN_BIEN_LS, HOI_CHAN or PHAU_THUAT; they were not loaded.`,
    );
  return notes;
}

export function mapClaim(
  rows: ClaimRows,
  context: AdapterContext,
  sourceSystem: string,
): ClaimResult {
  const issues = new Issues();
  const maLk = rows.xml1.MA_LK;
  if (maLk === undefined) {
    return {
      ok: false,
      issues: [
        {
          severity: 'error',
          location: 'XML1/MA_LK',
          code: 'missing-ma-lk',
          message: 'MA_LK is required: it links the XML1 record to the other tables.',
        },
      ],
    };
  }
  const patient = mapPatient(rows.xml1, issues);
  const { encounter, deceased } = mapEncounter(rows, maLk, issues, patient?.birthDate);
  const medications = mapMedications(rows.XML2, issues);
  const { procedures, effectiveByService } = mapProcedures(rows.XML3, issues);
  const labResults = mapLabResults(rows.XML4, effectiveByService, issues);
  const notes = mapNotes(rows.XML5, issues);

  if (issues.errors.length > 0 || patient === undefined || encounter === undefined) {
    return { ok: false, issues: [...issues.errors, ...issues.warnings] };
  }
  return {
    ok: true,
    warnings: issues.warnings,
    record: {
      hospital: context.hospital,
      format: 'xml130',
      sourceRecordId: maLk,
      sourceSystem,
      event: 'claim',
      patient: { ...patient, ...optional('deceasedDateTime', deceased) },
      encounter,
      labResults,
      medications,
      procedures,
      notes,
    },
  };
}

/** `{ key: value }` when the value is present, else `{}`: keeps absent optional fields absent. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
