import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EncounterFacts, HospitalRecord, LabResultFacts, PatientFacts } from '../../model.js';
import { csvAdapter, loadCsvMapping, writeCsv, type CsvMapping } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const mapping = (name: string): CsvMapping =>
  loadCsvMapping(path.join(here, 'mappings', `${name}.yaml`));

function localDateTime(minutes: number): string {
  return `${new Date(Date.UTC(2022, 0, 1) + minutes * 60_000).toISOString().slice(0, 16)}:00+07:00`;
}

/** Names that use every Vietnamese tone and shape mark, to exercise Windows-1258 both ways. */
const NAMES = [
  'Nguyễn Văn Hùng',
  'Trần Thị Lữ',
  'Đặng Ánh Ngọc',
  'Phạm Minh Khôi',
  'Vũ Thị Thuỷ',
  'Lê Quốc Việt',
  'Bùi Thị Hằng',
  'Đỗ Mạnh Cường',
  'Hoàng Ngọc Ẩn',
  'Dương Thị Mỹ Ỷ',
];
const TEXTS = [
  'Sốt, ho 3 ngày',
  'Đau bụng "quặn" từng cơn',
  'Khám định kỳ\ntái khám sau 1 tháng',
  'Tăng huyết áp độ 2',
  'Ngã, đau cổ tay phải',
];

function has(map: CsvMapping, group: 'patient' | 'encounter' | 'labResult', key: string): boolean {
  const columns = map.columns[group] as Record<string, string | undefined> | undefined;
  return columns?.[key] !== undefined;
}

/** The arbitrary when the mapping has the column, else always undefined (built lazily: some need non-empty lists). */
function only<T>(condition: boolean, arb: () => fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return condition ? arb() : fc.constant(undefined);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function patientArb(map: CsvMapping): fc.Arbitrary<PatientFacts> {
  const yearOnly = map.dateFormats.includes('yyyy');
  return fc
    .record({
      mrn: fc.stringMatching(/^[0-9]{8}$/),
      name: fc.constantFrom(...NAMES),
      gender: only(has(map, 'patient', 'gender'), () =>
        fc.constantFrom(...new Set(Object.values(map.values.gender))),
      ),
      birth: only(has(map, 'patient', 'birthDate'), () =>
        fc.tuple(
          fc.integer({ min: 1930, max: 2021 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 28 }),
          fc.boolean(),
        ),
      ),
      cccd: only(has(map, 'patient', 'cccd'), () => fc.stringMatching(/^022[0-3][0-9]{8}$/)),
      bhyt: only(has(map, 'patient', 'bhytNumber'), () =>
        fc.stringMatching(/^(GD4|HT3|TE1|CN3)22[0-9]{10}$/),
      ),
      phone: only(has(map, 'patient', 'phone'), () => fc.stringMatching(/^0[0-9]{9}$/)),
      place: fc.constantFrom<[string, string]>(
        ['Phường Hồng Gai', 'Hạ Long'],
        ['Phường Cẩm Thành', 'Cẩm Phả'],
        ['Phường Quang Trung', 'Uông Bí'],
        ['Phường Ka Long', 'Móng Cái'],
      ),
      adminUnitCode: only(has(map, 'patient', 'adminUnitCode'), () =>
        fc.stringMatching(/^[0-9]{5}$/),
      ),
      ethnicity: only(has(map, 'patient', 'ethnicity'), () => fc.constantFrom('01', '03', '04')),
    })
    .map((p) => {
      const [family, ...given] = p.name.split(' ');
      const [year, month, day, onlyYear] = p.birth ?? [];
      const birthDate =
        year === undefined
          ? undefined
          : yearOnly && onlyYear
            ? String(year)
            : `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const [ward, city] = p.place;
      const parts = has(map, 'patient', 'ward')
        ? { line: 'Số 12, phố Lê Thánh Tông', ward, city, province: 'Quảng Ninh' }
        : {};
      return withoutUndefined<PatientFacts>({
        mrn: p.mrn,
        fullName: p.name,
        family: has(map, 'patient', 'family') ? family : undefined,
        given: has(map, 'patient', 'given') ? given : undefined,
        gender: p.gender,
        birthDate,
        cccd: p.cccd,
        bhyt:
          p.bhyt === undefined
            ? undefined
            : withoutUndefined({
                number: p.bhyt,
                validFrom: has(map, 'patient', 'bhytValidFrom') ? '2024-01-01' : undefined,
                validTo: has(map, 'patient', 'bhytValidTo') ? '2024-12-31' : undefined,
                primaryCareFacility: has(map, 'patient', 'bhytPrimaryCareFacility')
                  ? '22001'
                  : undefined,
              }),
        phone: p.phone,
        address: has(map, 'patient', 'addressText')
          ? withoutUndefined({
              text: `Số 12, phố Lê Thánh Tông, ${ward}, thành phố ${city}, tỉnh Quảng Ninh`,
              ...parts,
              adminUnitCode: p.adminUnitCode,
            })
          : undefined,
        ethnicity: p.ethnicity,
      });
    });
}

function encounterArb(
  map: CsvMapping,
  visitId: string,
  multiLine: boolean,
): fc.Arbitrary<EncounterFacts> {
  const classes = [...new Set(Object.values(map.values.encounterClass))];
  const departments = Object.entries(map.values.department);
  const text = fc.constantFrom(...TEXTS.filter((t) => multiLine || !t.includes('\n')));
  return fc
    .record({
      cls: fc.constantFrom(...(classes.length > 0 ? classes : ['AMB' as const])),
      start: fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }),
      length: only(has(map, 'encounter', 'end'), () =>
        fc.option(fc.integer({ min: 0, max: 10 * 24 * 60 }), { nil: undefined }),
      ),
      department: only(has(map, 'encounter', 'department') && departments.length > 0, () =>
        fc.constantFrom(...departments),
      ),
      reason: only(has(map, 'encounter', 'reason'), () => text),
      disposition: only(has(map, 'encounter', 'dischargeDisposition'), () =>
        fc.constantFrom('Cấp đơn cho về', 'Ra viện', 'Chuyển viện'),
      ),
      doctor: only(has(map, 'encounter', 'attendingDoctorName'), () =>
        fc.constantFrom('Hoàng Văn Long', 'Đỗ Thu Trang'),
      ),
      certificate: only(has(map, 'encounter', 'attendingDoctorCertificate'), () =>
        fc.stringMatching(/^00[0-9]{4}\/QN-CCHN$/),
      ),
      diagnoses: only(has(map, 'encounter', 'mainDiagnosis'), () =>
        fc.tuple(
          fc.uniqueArray(fc.constantFrom('J18.9', 'I10', 'E11.9', 'K29.7', 'E78.0'), {
            minLength: 1,
            maxLength: 4,
          }),
          fc.boolean(),
        ),
      ),
    })
    .map((e) => {
      const end = e.length !== undefined ? localDateTime(e.start + e.length) : undefined;
      const [codes = [], withTexts = false] = e.diagnoses ?? [];
      return withoutUndefined<EncounterFacts>({
        visitId,
        class: e.cls,
        status: end !== undefined ? 'finished' : 'in-progress',
        start: has(map, 'encounter', 'start') ? localDateTime(e.start) : undefined,
        end,
        departmentText: e.department?.[0],
        departmentCode: e.department?.[1],
        reason: e.reason,
        dischargeDisposition: e.disposition,
        attendingDoctor:
          e.doctor !== undefined || e.certificate !== undefined
            ? withoutUndefined({ name: e.doctor, certificate: e.certificate })
            : undefined,
        diagnoses: codes.map((icd10, i) =>
          withoutUndefined({
            icd10,
            role: i === 0 ? ('main' as const) : ('secondary' as const),
            text: withTexts ? `Chẩn đoán ${icd10}` : undefined,
          }),
        ),
      });
    });
}

function labArb(map: CsvMapping): fc.Arbitrary<LabResultFacts> {
  const comma = (n: number) =>
    map.decimalSeparator === ',' ? String(n).replace('.', ',') : String(n);
  const interpretations = [...new Set(Object.values(map.values.interpretation))];
  return fc
    .record({
      localCode: fc.constantFrom('GLU', 'CHOL', 'URE', 'PRO'),
      localName: fc.constantFrom('Glucose', 'Cholesterol toàn phần', 'Urê', 'Protein niệu'),
      value: fc.oneof(
        fc.integer({ min: 0, max: 9999 }).map((n) => n / 10),
        fc.constantFrom('Âm tính', 'Dương tính'),
      ),
      unit: fc.constantFrom('mmol/L', 'g/L'),
      range: only(has(map, 'labResult', 'referenceRange'), () =>
        fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 51, max: 99 }), fc.boolean()),
      ),
      interpretation: only(
        has(map, 'labResult', 'interpretation') && interpretations.length > 0,
        () => fc.constantFrom(...interpretations),
      ),
      effective: only(has(map, 'labResult', 'effective'), () =>
        fc.integer({ min: 0, max: 100_000 }),
      ),
      issued: only(has(map, 'labResult', 'issued'), () => fc.integer({ min: 0, max: 100_000 })),
      reportName: only(has(map, 'labResult', 'reportName'), () =>
        fc.constantFrom('Sinh hóa máu', 'Xét nghiệm nước tiểu'),
      ),
      conclusion: only(has(map, 'labResult', 'conclusion'), () =>
        fc.constantFrom('Rối loạn lipid máu', 'Bình thường'),
      ),
    })
    .map((r) => {
      const [lowTenths, highTenths, bothBounds] = r.range ?? [];
      const low = lowTenths !== undefined && bothBounds ? lowTenths / 10 : undefined;
      const high = highTenths !== undefined ? highTenths / 10 : undefined;
      return withoutUndefined<LabResultFacts>({
        resultId: '1',
        localCode: r.localCode,
        localName: r.localName,
        value: r.value,
        unit: r.unit,
        referenceLow: low,
        referenceHigh: high,
        referenceText:
          high === undefined
            ? undefined
            : low !== undefined
              ? `${comma(low)} - ${comma(high)}`
              : `< ${comma(high)}`,
        interpretation: r.interpretation,
        effective: r.effective !== undefined ? localDateTime(r.effective) : undefined,
        issued: r.issued !== undefined ? localDateTime(r.issued) : undefined,
        reportId: has(map, 'labResult', 'reportId') ? 'XN1' : undefined,
        reportName: r.reportName,
        conclusion: r.conclusion,
      });
    });
}

/** Records one file of `map` can carry whole, with the ids and events the adapter gives its rows. */
function recordsArb(map: CsvMapping, sourceName: string): fc.Arbitrary<HospitalRecord[]> {
  const one = (i: number): fc.Arbitrary<HospitalRecord> => {
    const visitId = `V${String(i).padStart(6, '0')}`;
    return fc
      .tuple(
        patientArb(map),
        map.rowKind === 'patient'
          ? fc.constant(undefined)
          : encounterArb(map, visitId, map.rowKind === 'visit'),
        map.rowKind === 'lab-result' ? labArb(map) : fc.constant(undefined),
      )
      .map(([patient, encounter, lab]) => ({
        hospital: map.hospital,
        format: 'csv' as const,
        sourceRecordId: map.recordIdColumn !== undefined ? visitId : `${sourceName}:${i + 2}`,
        sourceSystem: map.sourceSystem,
        event:
          map.rowKind === 'patient'
            ? 'register'
            : map.rowKind === 'lab-result'
              ? 'results'
              : encounter?.class === 'IMP' && encounter.end !== undefined
                ? 'discharge'
                : 'admit',
        patient: { ...patient, mrn: `${patient.mrn.slice(0, 5)}${String(i).padStart(3, '0')}` },
        ...(encounter !== undefined ? { encounter } : {}),
        labResults: lab !== undefined ? [lab] : [],
        medications: [],
        procedures: [],
        notes: [],
      }));
  };
  return fc
    .integer({ min: 1, max: 6 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => one(i))));
}

describe('writeCsv', () => {
  it.each([
    'bv-bai-chay',
    'bv-bai-chay-xet-nghiem',
    'bv-san-nhi-quang-ninh',
    'bvdk-tinh-quang-ninh',
  ])('writes %s files the adapter reads back into the same records', (name) => {
    const map = mapping(name);
    fc.assert(
      fc.property(recordsArb(map, 'export.csv'), (records) => {
        const file = writeCsv(records, map);
        const outcomes = [
          ...csvAdapter(map).parse(file, { hospital: map.hospital, sourceName: 'export.csv' }),
        ];
        expect(outcomes.map((o) => (o.ok ? o.record : o.issues))).toEqual(records);
      }),
      { numRuns: 100 },
    );
  });

  it('writes Windows-1258 bytes and a UTF-8 byte-order mark as the mappings say', () => {
    const records =
      fc.sample(recordsArb(mapping('bvdk-tinh-quang-ninh'), 'x.csv'), { numRuns: 1, seed: 7 })[0] ??
      [];
    const cp1258 = writeCsv(records, mapping('bvdk-tinh-quang-ninh'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(cp1258)).toThrow();
    const sanNhi = writeCsv(
      fc.sample(recordsArb(mapping('bv-san-nhi-quang-ninh'), 'x.csv'), {
        numRuns: 1,
        seed: 7,
      })[0] ?? [],
      mapping('bv-san-nhi-quang-ninh'),
    );
    expect([...sanNhi.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(sanNhi.toString('utf8')).toContain('Mã BN;Họ tên;');
  });

  it('refuses a record whose birth year alone cannot be written in a full-date format', () => {
    const map = mapping('bv-san-nhi-quang-ninh');
    const [record] = fc.sample(recordsArb(map, 'x.csv'), { numRuns: 1, seed: 3 })[0] ?? [];
    if (!record) throw new Error('sample');
    expect(() =>
      writeCsv([{ ...record, patient: { ...record.patient, birthDate: '1948' } }], map),
    ).toThrow(/'1948' cannot be written/);
  });
});
