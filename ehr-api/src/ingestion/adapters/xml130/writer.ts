/**
 * Writes HospitalRecords as a GIAMDINHHS claim file, the way hospital software exports it: one HOSO
 * per record, each table base64-encoded in its FILEHOSO. Used for demo data and benchmarks, and as
 * the other half of the adapter's round-trip test: whatever the adapter reads, this writes back.
 *
 * What a claim file cannot carry is not written: a split family/given name, address parts other than
 * the text and the unit code, reference ranges, LOINC codes and interpretations of results, a doctor's
 * name (only the certificate number), and encounter states other than in progress and finished.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { EncounterFacts, HospitalRecord, LabResultFacts } from '../../model.js';
import {
  MA_LOAI_RV,
  MA_NHOM_GIUONG_NOI_TRU,
  MA_NHOM_KHAM_BENH,
  MA_NHOM_PHAU_THUAT,
  MA_NHOM_XET_NGHIEM,
  maKhoaFor,
} from './codes.js';
import { toXmlDate, toXmlDateTime } from './dates.js';
import { TABLES, type TableType } from './tables.js';

export interface WriteXml130Options {
  /** The sending facility's Ministry code (MACSKCB, MA_CSKCB), e.g. "22001". */
  facilityCode: string;
  /** NGAYLAP of the file; now when not given. */
  createdAt?: Date;
  /** Written as THONGTINDONVI/PHAN_MEM (not in the decision; the adapter reads it as sourceSystem). */
  softwareName?: string;
}

type Values = Record<string, string>;

const tableBuilder = new XMLBuilder({ format: true, indentBy: '\t', suppressEmptyNode: false });
const envelopeBuilder = new XMLBuilder({
  format: true,
  indentBy: '\t',
  suppressEmptyNode: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
});

const GENDER_CODE = { male: '1', female: '2', other: '3', unknown: '3' } as const;
const MA_LOAI_RV_BY_TEXT = new Map(
  Object.entries(MA_LOAI_RV).map(([code, words]) => [words, code]),
);
/** Illustrative Ministry service codes for the billing rows a real file always has. */
const KHAM_BENH_SERVICE = { code: '02.1896', name: 'Khám bệnh' };
const GIUONG_NOI_TRU_SERVICE = { code: 'K03.1901', name: 'Ngày giường bệnh Nội khoa loại 1' };

/** Every field of the table in the decision's order, empty unless given. */
function row(type: TableType, values: Values): Values {
  const out: Values = {};
  for (const field of TABLES[type].fields) out[field] = values[field] ?? '';
  return out;
}

function tableXml(type: TableType, rows: Values[]): string {
  const spec = TABLES[type];
  const body =
    spec.list === undefined
      ? { [spec.row]: rows[0] ?? {} }
      : { [spec.root]: { [spec.list]: { [spec.row]: rows } } };
  return `<?xml version="1.0" encoding="utf-8"?>\n${tableBuilder.build(body)}`;
}

function kindOfVisit(encounter: EncounterFacts): { maLoaiKcb: string; maDoiTuongKcb: string } {
  if (encounter.class === 'IMP') return { maLoaiKcb: '03', maDoiTuongKcb: '1.1' };
  if (encounter.class === 'EMER') return { maLoaiKcb: '01', maDoiTuongKcb: '2' };
  return { maLoaiKcb: '01', maDoiTuongKcb: '1.1' };
}

function addressCodes(code: string | undefined): Values {
  if (code === undefined) return {};
  if (code.length >= 5) return { MAXA_CU_TRU: code };
  if (code.length === 3) return { MAHUYEN_CU_TRU: code };
  return { MATINH_CU_TRU: code };
}

function daysBetween(start: string | undefined, end: string | undefined): string {
  if (start === undefined || end === undefined) return '0';
  const days =
    Math.floor((Date.parse(end.slice(0, 10)) - Date.parse(start.slice(0, 10))) / 86_400_000) + 1;
  return String(Math.max(days, 1));
}

/** STT values not used by the record's own rows, for the billing rows the writer adds. */
function sttAllocator(used: Iterable<string>): () => string {
  const taken = new Set(used);
  let next = 1;
  return () => {
    while (taken.has(String(next))) next++;
    taken.add(String(next));
    return String(next);
  };
}

/** CHAN_DOAN_RV: every diagnosis's words, main first, when each has them; else the main one's. */
function diagnosisText(encounter: EncounterFacts): string {
  const main = encounter.diagnoses.find((d) => d.role === 'main');
  const ordered = [
    ...(main ? [main] : []),
    ...encounter.diagnoses.filter((d) => d.role === 'secondary'),
  ];
  if (ordered.length > 1 && ordered.every((d) => d.text !== undefined))
    return ordered.map((d) => d.text).join('; ');
  return main?.text ?? '';
}

function xml1Row(
  record: HospitalRecord,
  encounter: EncounterFacts,
  index: number,
  facilityCode: string,
): Values {
  const { patient } = record;
  const main = encounter.diagnoses.find((d) => d.role === 'main');
  const secondary = encounter.diagnoses.filter((d) => d.role === 'secondary').map((d) => d.icd10);
  const { maLoaiKcb, maDoiTuongKcb } = kindOfVisit(encounter);
  const settled = encounter.end ?? encounter.start;
  const disposition =
    encounter.dischargeDisposition !== undefined
      ? MA_LOAI_RV_BY_TEXT.get(encounter.dischargeDisposition)
      : undefined;
  return row('XML1', {
    MA_LK: encounter.visitId,
    STT: String(index + 1),
    MA_BN: patient.mrn,
    HO_TEN: patient.fullName,
    SO_CCCD: patient.cccd ?? '',
    NGAY_SINH: patient.birthDate !== undefined ? `${toXmlDate(patient.birthDate)}0000` : '',
    GIOI_TINH: patient.gender !== undefined ? GENDER_CODE[patient.gender] : '',
    MA_QUOCTICH: patient.nationality ?? '',
    MA_DANTOC: patient.ethnicity ?? '',
    MA_NGHE_NGHIEP: '00000',
    DIA_CHI: patient.address?.text ?? '',
    ...addressCodes(patient.address?.adminUnitCode),
    DIEN_THOAI: patient.phone ?? '',
    MA_THE_BHYT: patient.bhyt?.number ?? '',
    MA_DKBD: patient.bhyt?.primaryCareFacility ?? '',
    GT_THE_TU: patient.bhyt?.validFrom !== undefined ? toXmlDate(patient.bhyt.validFrom) : '',
    GT_THE_DEN: patient.bhyt?.validTo !== undefined ? toXmlDate(patient.bhyt.validTo) : '',
    LY_DO_VV: encounter.reason ?? '',
    CHAN_DOAN_VAO: main?.text ?? '',
    CHAN_DOAN_RV: diagnosisText(encounter),
    MA_BENH_CHINH: main?.icd10 ?? '',
    MA_BENH_KT: secondary.join(';'),
    MA_DOITUONG_KCB: maDoiTuongKcb,
    MA_TAI_NAN: '0',
    NGAY_VAO: encounter.start !== undefined ? toXmlDateTime(encounter.start) : '',
    NGAY_VAO_NOI_TRU:
      encounter.class === 'IMP' && encounter.start !== undefined
        ? toXmlDateTime(encounter.start)
        : '',
    NGAY_RA: encounter.end !== undefined ? toXmlDateTime(encounter.end) : '',
    SO_NGAY_DTRI: encounter.class === 'IMP' ? daysBetween(encounter.start, encounter.end) : '0',
    KET_QUA_DTRI: patient.deceasedDateTime !== undefined ? '5' : '',
    MA_LOAI_RV: disposition ?? '',
    NGAY_TTOAN: encounter.end !== undefined ? toXmlDateTime(encounter.end) : '',
    T_THUOC: '0',
    T_VTYT: '0',
    T_TONGCHI_BV: '0',
    T_TONGCHI_BH: '0',
    T_BNTT: '0',
    T_BNCCT: '0',
    T_BHTT: '0',
    T_NGUONKHAC: '0',
    T_BHTT_GDV: '0',
    NAM_QT: settled !== undefined ? settled.slice(0, 4) : '',
    THANG_QT: settled !== undefined ? String(Number(settled.slice(5, 7))) : '',
    MA_LOAI_KCB: maLoaiKcb,
    MA_KHOA:
      encounter.departmentText ??
      (encounter.departmentCode !== undefined ? (maKhoaFor(encounter.departmentCode) ?? '') : ''),
    MA_CSKCB: facilityCode,
    MA_HSBA: encounter.visitId,
  });
}

function reportsOf(results: LabResultFacts[]): Map<string, LabResultFacts> {
  const reports = new Map<string, LabResultFacts>();
  for (const result of results)
    if (result.reportId !== undefined && !reports.has(result.reportId))
      reports.set(result.reportId, result);
  return reports;
}

function tablesOf(
  record: HospitalRecord,
  index: number,
  facilityCode: string,
): Array<{ type: TableType; xml: string }> {
  const encounter = record.encounter;
  if (encounter === undefined)
    throw new Error(
      `writeXml130: record ${record.sourceRecordId} has no encounter; a claim is one visit.`,
    );
  const maLk = encounter.visitId;
  const department = encounter.departmentText ?? '';
  const doctor = encounter.attendingDoctor?.certificate ?? '';
  const common = { MA_LK: maLk, MA_KHOA: department, PHAM_VI: '1', MUC_HUONG: '80' };

  const xml2 = record.medications.map((m) =>
    row('XML2', {
      ...common,
      STT: m.orderId,
      MA_THUOC: m.drugCode ?? '',
      MA_NHOM: '4',
      TEN_THUOC: m.name,
      DON_VI_TINH: m.unit ?? '',
      DUONG_DUNG: m.route ?? '',
      LIEU_DUNG: m.dosageText ?? '',
      TYLE_TT_BH: '100',
      SO_LUONG: m.quantity !== undefined ? String(m.quantity) : '',
      MA_BAC_SI: doctor,
      NGAY_YL: m.authoredOn !== undefined ? toXmlDateTime(m.authoredOn) : '',
      NGAY_TH_YL: m.authoredOn !== undefined ? toXmlDateTime(m.authoredOn) : '',
      MA_PTTT: '1',
      NGUON_CTRA: '1',
    }),
  );

  const nextStt = sttAllocator(record.procedures.map((p) => p.procedureId));
  const start = encounter.start !== undefined ? toXmlDateTime(encounter.start) : '';
  const xml3 = [
    row('XML3', {
      ...common,
      STT: nextStt(),
      MA_DICH_VU: KHAM_BENH_SERVICE.code,
      MA_NHOM: MA_NHOM_KHAM_BENH,
      TEN_DICH_VU: KHAM_BENH_SERVICE.name,
      DON_VI_TINH: 'Lần',
      SO_LUONG: '1',
      MA_BAC_SI: doctor,
      NGAY_YL: start,
      NGAY_TH_YL: start,
      NGAY_KQ: start,
      MA_PTTT: '1',
    }),
    ...(encounter.class === 'IMP'
      ? [
          row('XML3', {
            ...common,
            STT: nextStt(),
            MA_DICH_VU: GIUONG_NOI_TRU_SERVICE.code,
            MA_NHOM: MA_NHOM_GIUONG_NOI_TRU,
            TEN_DICH_VU: GIUONG_NOI_TRU_SERVICE.name,
            DON_VI_TINH: 'Ngày',
            SO_LUONG: daysBetween(encounter.start, encounter.end),
            MA_GIUONG: 'H001',
            NGAY_YL: start,
            NGAY_TH_YL: start,
            NGAY_KQ: encounter.end !== undefined ? toXmlDateTime(encounter.end) : '',
            MA_PTTT: '1',
          }),
        ]
      : []),
    ...record.procedures.map((p) => {
      const performed = p.performed !== undefined ? toXmlDateTime(p.performed) : '';
      return row('XML3', {
        ...common,
        STT: p.procedureId,
        MA_DICH_VU: p.serviceCode ?? '',
        MA_NHOM: MA_NHOM_PHAU_THUAT,
        TEN_DICH_VU: p.name,
        DON_VI_TINH: 'Lần',
        SO_LUONG: '1',
        MA_BAC_SI: doctor,
        NGAY_YL: performed,
        NGAY_TH_YL: performed,
        NGAY_KQ: performed,
        MA_PTTT: '1',
      });
    }),
    ...[...reportsOf(record.labResults).values()].map((r) => {
      const effective = r.effective !== undefined ? toXmlDateTime(r.effective) : '';
      return row('XML3', {
        ...common,
        STT: nextStt(),
        MA_DICH_VU: r.reportId ?? '',
        MA_NHOM: MA_NHOM_XET_NGHIEM,
        TEN_DICH_VU: r.reportName ?? '',
        DON_VI_TINH: 'Lần',
        SO_LUONG: '1',
        MA_BAC_SI: doctor,
        NGAY_YL: effective,
        NGAY_TH_YL: effective,
        NGAY_KQ: r.issued !== undefined ? toXmlDateTime(r.issued) : '',
        MA_PTTT: '1',
      });
    }),
  ];

  const xml4 = record.labResults.map((r) =>
    row('XML4', {
      MA_LK: maLk,
      STT: r.resultId,
      MA_DICH_VU: r.reportId ?? '',
      MA_CHI_SO: r.localCode,
      TEN_CHI_SO: r.localName,
      GIA_TRI: String(r.value),
      DON_VI_DO: r.unit ?? '',
      MO_TA: r.note ?? '',
      KET_LUAN: r.conclusion ?? '',
      NGAY_KQ: r.issued !== undefined ? toXmlDateTime(r.issued) : '',
    }),
  );
  const xml5 = record.notes.map((n) =>
    row('XML5', {
      MA_LK: maLk,
      STT: n.noteId,
      DIEN_BIEN_LS: n.text,
      HOI_CHAN: n.consultation ?? '',
      PHAU_THUAT: n.surgery ?? '',
      THOI_DIEM_DBLS: n.date !== undefined ? toXmlDateTime(n.date) : '',
    }),
  );

  const tables: Array<{ type: TableType; xml: string }> = [
    { type: 'XML1', xml: tableXml('XML1', [xml1Row(record, encounter, index, facilityCode)]) },
    { type: 'XML2', xml: tableXml('XML2', xml2) },
    { type: 'XML3', xml: tableXml('XML3', xml3) },
  ];
  // The decision asks for XML4 only when there were paraclinical services, XML5 only for treatment.
  if (xml4.length > 0) tables.push({ type: 'XML4', xml: tableXml('XML4', xml4) });
  if (xml5.length > 0) tables.push({ type: 'XML5', xml: tableXml('XML5', xml5) });
  return tables;
}

export function writeXml130(records: HospitalRecord[], options: WriteXml130Options): Buffer {
  const createdAt = options.createdAt ?? new Date();
  const hosos = records.map((record, index) => ({
    FILEHOSO: tablesOf(record, index, options.facilityCode).map((table) => ({
      LOAIHOSO: table.type,
      NOIDUNGFILE: Buffer.from(table.xml, 'utf8').toString('base64'),
    })),
  }));
  const document = {
    GIAMDINHHS: {
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
      THONGTINDONVI: {
        MACSKCB: options.facilityCode,
        ...(options.softwareName !== undefined ? { PHAN_MEM: options.softwareName } : {}),
      },
      THONGTINHOSO: {
        NGAYLAP: toXmlDateTime(createdAt.toISOString()).slice(0, 8),
        SOLUONGHOSO: String(records.length),
        DANHSACHHOSO: { HOSO: hosos },
      },
      CHUKYDONVI: '',
    },
  };
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?>\n${envelopeBuilder.build(document)}`,
    'utf8',
  );
}
