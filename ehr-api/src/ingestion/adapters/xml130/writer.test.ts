import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type {
  DiagnosisFacts,
  EncounterFacts,
  HospitalRecord,
  LabResultFacts,
  PatientFacts,
} from '../../model.js';
import { MA_KHOA, MA_LOAI_RV } from './codes.js';
import { readEnvelope } from './envelope.js';
import { writeXml130, xml130Adapter } from './index.js';

/** A local time in Asia/Ho_Chi_Minh as the adapter writes it, from minutes since 2020-01-01T00:00+07:00. */
function localDateTime(minutes: number): string {
  const local = new Date(Date.UTC(2020, 0, 1) + minutes * 60_000);
  return `${local.toISOString().slice(0, 16)}:00+07:00`;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
const GIVEN = ['Văn Hùng', 'Thị Lan', 'Minh Khôi', 'Thu Hương', 'Đức Anh', 'Ánh Ngọc', 'Quang Hải'];
const PLACES = [
  'Số 12, phố Lê Thánh Tông, phường Hồng Gai, thành phố Hạ Long',
  'Tổ 5, khu 3, phường Cẩm Thành, thành phố Cẩm Phả',
  'Số 45, đường Trần Hưng Đạo, phường Quang Trung, thành phố Uông Bí',
  'Số 3, phố Hùng Vương, phường Ka Long, thành phố Móng Cái',
];
const TEXTS = [
  'Sốt, ho 3 ngày',
  'Đau bụng <3 ngày & nôn',
  'Khám định kỳ',
  'Tăng huyết áp "độ 2"',
  'Đau đầu, chóng mặt',
];
const ICD10 = ['J18.9', 'I10', 'E11.9', 'K29.7', 'A09', 'J06.9', 'E78.0', 'N39.0'];
const DEPARTMENTS = Object.entries(MA_KHOA).filter(([, entry]) => entry.department !== undefined);

const patientArb: fc.Arbitrary<PatientFacts> = fc.record(
  {
    mrn: fc.stringMatching(/^[0-9]{8}$/),
    fullName: fc
      .tuple(fc.constantFrom(...FAMILY), fc.constantFrom(...GIVEN))
      .map(([f, g]) => `${f} ${g}`),
    gender: fc.constantFrom('male' as const, 'female' as const, 'unknown' as const),
    // Birth dates before any visit (visits start in 2020); the decision allows unknown month and day.
    birthDate: fc
      .tuple(
        fc.integer({ min: 1920, max: 2019 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
      )
      .map(([y, m, d]) =>
        m === 0
          ? String(y)
          : d > 20
            ? `${y}-${String(m).padStart(2, '0')}`
            : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      ),
    cccd: fc
      .tuple(fc.constantFrom('0', '1', '2', '3'), fc.stringMatching(/^[0-9]{8}$/))
      .map(([c, rest]) => `022${c}${rest}`),
    bhyt: fc.record(
      {
        number: fc
          .tuple(
            fc.constantFrom('GD4', 'HT3', 'DN4', 'TE1', 'CN3'),
            fc.stringMatching(/^[0-9]{10}$/),
          )
          .map(([p, n]) => `${p}22${n}`),
        validFrom: fc.constant('2024-01-01'),
        validTo: fc.constant('2024-12-31'),
        primaryCareFacility: fc.constantFrom('22001', '22002', '22017'),
      },
      { requiredKeys: ['number'] },
    ),
    phone: fc.stringMatching(/^0[0-9]{9}$/),
    address: fc.record(
      {
        text: fc.constantFrom(...PLACES).map((p) => `${p}, tỉnh Quảng Ninh`),
        adminUnitCode: fc.stringMatching(/^[0-9]{5}$/),
      },
      { requiredKeys: ['text'] },
    ),
    ethnicity: fc.constantFrom('01', '02', '04'),
    nationality: fc.constant('000'),
  },
  { requiredKeys: ['mrn', 'fullName'] },
);

interface VisitShape {
  start: number;
  length: number | undefined;
  cls: EncounterFacts['class'];
  department: [string, { department?: string }] | undefined;
  reason: string | undefined;
  disposition: string | undefined;
  diagnoses: string[];
  withTexts: boolean;
  doctor: string | undefined;
  died: boolean;
}

const visitArb: fc.Arbitrary<VisitShape> = fc.record({
  start: fc.integer({ min: 0, max: 5 * 365 * 24 * 60 }),
  length: fc.option(fc.integer({ min: 0, max: 20 * 24 * 60 }), { nil: undefined }),
  cls: fc.constantFrom('AMB' as const, 'IMP' as const, 'EMER' as const),
  department: fc.option(fc.constantFrom(...DEPARTMENTS), { nil: undefined }),
  reason: fc.option(fc.constantFrom(...TEXTS), { nil: undefined }),
  disposition: fc.option(fc.constantFrom(...Object.values(MA_LOAI_RV)), { nil: undefined }),
  diagnoses: fc.uniqueArray(fc.constantFrom(...ICD10), { minLength: 1, maxLength: 4 }),
  withTexts: fc.boolean(),
  doctor: fc.option(fc.stringMatching(/^0[0-9]{5}\/QN-CCHN$/), { nil: undefined }),
  died: fc.boolean(),
});

const valueArb = fc.oneof(
  fc.integer({ min: 0, max: 99_999 }).map((n) => n / 10),
  fc.constantFrom('Âm tính', 'Dương tính', 'Không thấy bất thường', 'Vàng nhạt, trong'),
);

const detailsArb = fc.record({
  medications: fc.array(
    fc.record(
      {
        drugCode: fc.constantFrom('40.155', '40.408', '40.53', '40.17'),
        name: fc.constantFrom(
          'Ceftriaxon 1g',
          'Amlodipin 5mg',
          'Paracetamol 500mg',
          'Metformin 850mg',
        ),
        dosageText: fc.constantFrom('1 viên/lần * 2 lần/ngày', 'Ngày uống 1 viên, sáng'),
        quantity: fc.integer({ min: 1, max: 600 }).map((n) => n / 2),
        unit: fc.constantFrom('Viên', 'Lọ', 'Ống'),
        route: fc.constantFrom('1.01', '2.15'),
        authoredMinutes: fc.integer({ min: 0, max: 600 }),
      },
      { requiredKeys: ['name'] },
    ),
    { maxLength: 4 },
  ),
  procedures: fc.array(
    fc.record({
      serviceCode: fc.option(fc.constantFrom('PT.0001', 'PT.0002', 'TT.0031'), { nil: undefined }),
      name: fc.constantFrom('Chụp Xquang ngực thẳng', 'Điện tim thường', 'Nội soi dạ dày'),
      performedMinutes: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  reports: fc.array(
    fc.record({
      name: fc.option(
        fc.constantFrom(
          'Tổng phân tích tế bào máu ngoại vi',
          'Định lượng Glucose [Máu]',
          'Tổng phân tích nước tiểu',
        ),
        { nil: undefined },
      ),
      effectiveMinutes: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
      results: fc.array(
        fc.record(
          {
            localCode: fc.constantFrom('WBC', 'HGB', 'GLU', 'URE', 'PRO'),
            localName: fc.constantFrom('Bạch cầu', 'Huyết sắc tố', 'Glucose', 'Protein niệu'),
            value: valueArb,
            unit: fc.constantFrom('G/L', 'g/L', 'mmol/L'),
            issuedMinutes: fc.integer({ min: 0, max: 900 }),
            conclusion: fc.constantFrom('Bình thường', 'Tăng nhẹ'),
            note: fc.constantFrom('Trong giới hạn bình thường', 'Đề nghị làm lại'),
          },
          { requiredKeys: ['localCode', 'localName', 'value'] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    { maxLength: 3 },
  ),
  notes: fc.array(
    fc.record(
      {
        text: fc.constantFrom('Bệnh nhân tỉnh, sốt nhẹ.', 'Hết sốt, ăn uống được.', ''),
        consultation: fc.constant('Hội chẩn khoa: tiếp tục điều trị.'),
        surgery: fc.constant('Khâu vết thương 3 mũi.'),
        minutes: fc.integer({ min: 0, max: 600 }),
      },
      { requiredKeys: ['text', 'consultation'] },
    ),
    { maxLength: 3 },
  ),
});

type Details = typeof detailsArb extends fc.Arbitrary<infer T> ? T : never;

/** A claim the Decision 130 tables can carry whole (see writer.ts for what they cannot). */
function claim(
  index: number,
  patient: PatientFacts,
  visit: VisitShape,
  details: Details,
): HospitalRecord {
  const visitId = `DK24${String(index).padStart(6, '0')}`;
  const start = localDateTime(visit.start);
  const end = visit.length !== undefined ? localDateTime(visit.start + visit.length) : undefined;
  const at = (minutes: number) => localDateTime(visit.start + minutes);
  const diagnoses: DiagnosisFacts[] = visit.diagnoses.map((icd10, i) => ({
    icd10,
    role: i === 0 ? 'main' : 'secondary',
    ...(visit.withTexts ? { text: `Chẩn đoán ${icd10}` } : {}),
  }));
  const labResults: LabResultFacts[] = details.reports.flatMap((report, r) =>
    report.results.map((result, i) => {
      const { issuedMinutes, ...rest } = result;
      return {
        ...rest,
        resultId: `${r + 1}.${i + 1}`,
        ...(issuedMinutes !== undefined ? { issued: at(issuedMinutes) } : {}),
        reportId: `XN.${r + 1}`,
        ...(report.name !== undefined ? { reportName: report.name } : {}),
        ...(report.effectiveMinutes !== undefined
          ? { effective: at(report.effectiveMinutes) }
          : {}),
      };
    }),
  );
  return {
    hospital: 'bvdk-tinh-quang-ninh',
    format: 'xml130',
    sourceRecordId: visitId,
    sourceSystem: 'HIS-DKT 5.2',
    event: 'claim',
    patient: { ...patient, ...(visit.died && end !== undefined ? { deceasedDateTime: end } : {}) },
    encounter: {
      visitId,
      class: visit.cls,
      status: end !== undefined ? 'finished' : 'in-progress',
      start,
      ...(end !== undefined ? { end } : {}),
      ...(visit.department
        ? { departmentText: visit.department[0], departmentCode: visit.department[1].department }
        : {}),
      ...(visit.reason !== undefined ? { reason: visit.reason } : {}),
      ...(visit.disposition !== undefined ? { dischargeDisposition: visit.disposition } : {}),
      ...(visit.doctor !== undefined ? { attendingDoctor: { certificate: visit.doctor } } : {}),
      diagnoses,
    },
    medications: details.medications.map(({ authoredMinutes, ...m }, i) => ({
      ...m,
      orderId: String(i + 1),
      ...(authoredMinutes !== undefined ? { authoredOn: at(authoredMinutes) } : {}),
    })),
    procedures: details.procedures.map(({ performedMinutes, serviceCode, name }, i) => ({
      procedureId: String(i + 1),
      name,
      ...(serviceCode !== undefined ? { serviceCode } : {}),
      ...(performedMinutes !== undefined ? { performed: at(performedMinutes) } : {}),
    })),
    labResults,
    notes: details.notes.map(({ minutes, ...n }, i) => ({
      ...n,
      noteId: String(i + 1),
      ...(minutes !== undefined ? { date: at(minutes) } : {}),
    })),
  };
}

const claimsArb = fc
  .array(fc.tuple(patientArb, visitArb, detailsArb), { minLength: 1, maxLength: 5 })
  .map((items) => items.map(([p, v, d], i) => claim(i, p, v, d)));

describe('writeXml130', () => {
  it('writes files the adapter reads back into the same records', () => {
    fc.assert(
      fc.property(claimsArb, (records) => {
        const file = writeXml130(records, {
          facilityCode: '22001',
          softwareName: 'HIS-DKT 5.2',
          createdAt: new Date('2024-03-12T03:00:00Z'),
        });
        const outcomes = [
          ...xml130Adapter.parse(file, {
            hospital: 'bvdk-tinh-quang-ninh',
            sourceName: 'roundtrip.xml',
          }),
        ];
        const read = outcomes.map((o) => (o.ok ? o.record : o.issues));
        expect(read).toEqual(records);
      }),
      { numRuns: 150 },
    );
  });

  it('writes the envelope a hospital sends: facility, date, count, one HOSO per claim with XML1–XML3', () => {
    const records = fc.sample(claimsArb, { numRuns: 1, seed: 42 })[0] ?? [];
    const file = writeXml130(records, {
      facilityCode: '22017',
      createdAt: new Date('2024-03-12T18:30:00Z'),
    });
    const text = file.toString('utf8');
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const read = readEnvelope(file);
    if (!read.ok) throw new Error(read.issue.message);
    // 18:30 UTC is already the 13th in Vietnam.
    expect(read.envelope).toMatchObject({
      facilityCode: '22017',
      createdOn: '20240313',
      declaredCount: String(records.length),
    });
    expect(read.envelope.hosos).toHaveLength(records.length);
    for (const hoso of read.envelope.hosos) {
      expect(hoso.failures).toEqual([]);
      expect(hoso.tables.map((t) => t.type).slice(0, 3)).toEqual(['XML1', 'XML2', 'XML3']);
      const xml1 = hoso.tables[0]?.rows[0];
      expect(xml1?.MA_CSKCB).toBe('22017');
      expect(xml1?.NGAY_VAO).toMatch(/^\d{12}$/);
    }
  });
});
