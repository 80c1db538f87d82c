import type { PatientSearchResult, SharedRecord } from '@qn/contracts';

export const BVDK = { id: 'bvdk-tinh-quang-ninh', name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh' };
export const SAN_NHI = { id: 'bv-san-nhi-quang-ninh', name: 'Bệnh viện Sản Nhi Quảng Ninh' };
export const BAI_CHAY = { id: 'bv-bai-chay', name: 'Bệnh viện Bãi Cháy' };

export const searchResults: PatientSearchResult[] = [
  {
    patientId: 'dkt-pat-1001',
    hospital: BVDK,
    mrn: 'DK-1001',
    name: 'Nguyễn Thị Lan',
    birthDate: '1980-03-15',
    gender: 'female',
    cccdMasked: '********4521',
  },
  {
    patientId: 'bc-pat-77',
    hospital: BAI_CHAY,
    mrn: 'BC-77',
    name: 'Nguyễn Thị Lan',
    birthDate: '1980-03-15',
    gender: 'female',
    cccdMasked: '********4521',
  },
];

/**
 * One woman's record at two hospitals: a visit at Bãi Cháy (pneumonia, a high glucose), an
 * older visit at the provincial hospital (a lab result and a prescription), a lab result with
 * no visit, and a penicillin allergy. Timeline newest first, as the API sends it.
 */
export function sharedRecord(overrides: Partial<SharedRecord> = {}): SharedRecord {
  return {
    patientId: 'dkt-pat-1001',
    personId: 'person-1',
    patients: [
      {
        patientId: 'dkt-pat-1001',
        hospital: BVDK,
        mrn: 'DK-1001',
        name: 'Nguyễn Thị Lan',
        birthDate: '1980-03-15',
        gender: 'female',
        assurance: 'level4',
      },
      {
        patientId: 'bc-pat-77',
        hospital: BAI_CHAY,
        mrn: 'BC-77',
        name: 'Nguyen Thi Lan',
        birthDate: '1980-03-15',
        gender: 'female',
        assurance: 'level3',
      },
    ],
    timeline: [
      {
        reference: 'Observation/bc-obs-2',
        kind: 'lab',
        date: '2025-11-21T08:10:00+07:00',
        hospital: BAI_CHAY,
        title: 'Glucose máu',
        code: 'LOINC 2345-7',
        detail: '4.2 mmol/L',
        interpretation: 'N',
      },
      {
        reference: 'Encounter/bc-enc-9',
        kind: 'encounter',
        date: '2025-11-20T09:00:00+07:00',
        hospital: BAI_CHAY,
        title: 'Khám ngoại trú — Nội',
        detail: 'Sốt, ho',
      },
      {
        reference: 'Condition/bc-cond-1',
        kind: 'condition',
        date: '2025-11-20T09:30:00+07:00',
        hospital: BAI_CHAY,
        title: 'Viêm phổi',
        code: 'ICD-10 J18.9',
        encounter: 'Encounter/bc-enc-9',
      },
      {
        reference: 'Observation/bc-obs-1',
        kind: 'lab',
        date: '2025-11-20T10:00:00+07:00',
        hospital: BAI_CHAY,
        title: 'Glucose máu',
        code: 'LOINC 2345-7',
        detail: '7.8 mmol/L',
        interpretation: 'H',
        encounter: 'Encounter/bc-enc-9',
      },
      {
        reference: 'Encounter/dk-enc-3',
        kind: 'encounter',
        date: '2025-06-02T08:00:00+07:00',
        hospital: BVDK,
        title: 'Khám ngoại trú — Nội tiết',
      },
      {
        reference: 'Observation/dk-obs-5',
        kind: 'lab',
        date: '2025-06-02T08:40:00+07:00',
        hospital: BVDK,
        title: 'Glucose máu',
        code: 'LOINC 2345-7',
        detail: '3.4 mmol/L',
        interpretation: 'L',
        encounter: 'Encounter/dk-enc-3',
      },
      {
        reference: 'MedicationRequest/dk-med-1',
        kind: 'medication',
        date: '2025-06-02',
        hospital: BVDK,
        title: 'Metformin 500 mg, uống 2 lần/ngày',
        encounter: 'Encounter/dk-enc-3',
      },
      {
        reference: 'AllergyIntolerance/dk-alg-1',
        kind: 'allergy',
        date: '2019-04-01',
        hospital: BVDK,
        title: 'Penicillin',
        detail: 'Phát ban',
      },
    ],
    labSeries: [
      {
        key: 'loinc:2345-7',
        name: 'Glucose máu',
        unit: 'mmol/L',
        referenceLow: 3.9,
        referenceHigh: 6.4,
        points: [
          { date: '2025-06-02T08:40:00+07:00', value: 3.4, hospital: BVDK, interpretation: 'L' },
          {
            date: '2025-11-20T10:00:00+07:00',
            value: 7.8,
            hospital: BAI_CHAY,
            interpretation: 'H',
          },
          {
            date: '2025-11-21T08:10:00+07:00',
            value: 4.2,
            hospital: BAI_CHAY,
            interpretation: 'N',
          },
        ],
      },
    ],
    allergies: [
      {
        reference: 'AllergyIntolerance/dk-alg-1',
        kind: 'allergy',
        date: '2019-04-01',
        hospital: BVDK,
        title: 'Penicillin',
        detail: 'Phát ban',
      },
    ],
    counts: { encounter: 2, condition: 1, lab: 3, medication: 1, allergy: 1 },
    access: { basis: 'treatment' },
    ...overrides,
  };
}

/** The API's refusal when only an emergency access would be allowed. */
export const breakGlassProblem = {
  type: 'https://qn-health.example/problems/break-glass-required',
  title: 'Break-glass required',
  status: 403,
  detail: 'Bạn chưa có quan hệ điều trị với người bệnh này.',
};
