import type { SharedRecord } from '@qn/contracts';

import { BAI_CHAY, BVDK, sharedRecord } from '../../../../testing/doctor-fixtures';
import { dayLabel, summarizeRecord } from './record-summary';

/** The record as `GET /api/kiosk/record` sends it: encounters, diagnoses and labs only. */
function kioskRecord(overrides: Partial<SharedRecord> = {}): SharedRecord {
  const full = sharedRecord();
  return {
    ...full,
    timeline: full.timeline.filter((e) => ['encounter', 'condition', 'lab'].includes(e.kind)),
    access: { basis: 'self' },
    ...overrides,
  };
}

describe('summarizeRecord', () => {
  it('lists each hospital that knows the patient once, by name only', () => {
    const summary = summarizeRecord(
      kioskRecord({
        patients: [
          ...sharedRecord().patients,
          { patientId: 'bc-pat-78', hospital: BAI_CHAY, name: 'Nguyễn Thị Lan', mrn: 'BC-78' },
        ],
      }),
    );
    expect(summary.hospitals).toEqual([BVDK, BAI_CHAY]);
    expect(JSON.stringify(summary)).not.toContain('DK-1001');
    expect(JSON.stringify(summary)).not.toContain('Nguyễn Thị Lan');
  });

  it('gives each visit its day, hospital, department and diagnosis in words, newest first', () => {
    const [latest, older] = summarizeRecord(kioskRecord()).visits;
    expect(latest).toEqual({
      key: 'Encounter/bc-enc-9',
      date: '20/11/2025',
      hospital: BAI_CHAY,
      visitType: 'Khám ngoại trú',
      department: 'Nội',
      diagnoses: ['Viêm phổi'],
      reason: null,
    });
    expect(older?.date).toBe('02/06/2025');
    expect(older?.department).toBe('Nội tiết');
    expect(older?.diagnoses).toEqual([]);
  });

  it('shows why the patient came when a visit has no diagnosis, and diagnoses recorded without a visit by their day', () => {
    const record = kioskRecord({
      timeline: [
        {
          reference: 'Condition/dk-cond-9',
          kind: 'condition',
          date: '2025-12-01T23:30:00+07:00',
          hospital: BVDK,
          title: 'Tăng huyết áp',
          code: 'ICD-10 I10',
        },
        {
          reference: 'Encounter/dk-enc-4',
          kind: 'encounter',
          date: '2025-10-01T07:00:00+07:00',
          hospital: BVDK,
          title: 'Khám ngoại trú — Tim mạch',
          detail: 'Đau ngực',
        },
      ],
    });
    const [unlinked, visit] = summarizeRecord(record).visits;
    expect(unlinked).toEqual(
      jasmine.objectContaining({
        date: '01/12/2025',
        visitType: null,
        department: null,
        diagnoses: ['Tăng huyết áp'],
      }),
    );
    expect(visit).toEqual(
      jasmine.objectContaining({ department: 'Tim mạch', diagnoses: [], reason: 'Đau ngực' }),
    );
  });

  it('keeps only the most recent visits and results', () => {
    const timeline = Array.from({ length: 12 }, (_, i) => ({
      reference: `Encounter/e-${i}`,
      kind: 'encounter' as const,
      date: `2025-01-${String(i + 10)}T08:00:00+07:00`,
      hospital: BVDK,
      title: `Khám — Khoa ${i}`,
    }));
    const summary = summarizeRecord(kioskRecord({ timeline }), { visits: 3, results: 6 });
    expect(summary.visits.map((v) => v.department)).toEqual(['Khoa 11', 'Khoa 10', 'Khoa 9']);
  });

  it('gives each test its latest value, flag, trend and earlier values, the most recently tested first', () => {
    const record = kioskRecord({
      labSeries: [
        {
          key: 'loinc:4548-4',
          name: 'HbA1c',
          unit: '%',
          points: [{ date: '2024-05-01', value: 6.1, hospital: BVDK }],
        },
        ...sharedRecord().labSeries,
      ],
    });
    const [glucose, hba1c] = summarizeRecord(record).results;
    expect(glucose).toEqual(
      jasmine.objectContaining({
        name: 'Glucose máu',
        value: 4.2,
        date: '21/11/2025',
        hospital: BAI_CHAY,
        trend: 'down',
        previous: 7.8,
        values: [3.4, 7.8, 4.2],
        referenceLow: 3.9,
        referenceHigh: 6.4,
      }),
    );
    expect(glucose?.flag?.text).toBe('Bình thường');
    expect(hba1c).toEqual(
      jasmine.objectContaining({ name: 'HbA1c', trend: null, previous: null, flag: null }),
    );
  });

  it('lists every allergy with its reaction and hospital', () => {
    expect(summarizeRecord(kioskRecord()).allergies).toEqual([
      {
        key: 'AllergyIntolerance/dk-alg-1',
        substance: 'Penicillin',
        reaction: 'Phát ban',
        hospital: BVDK,
      },
    ]);
  });
});

describe('dayLabel', () => {
  it('writes the Viet Nam calendar day, also for an instant late in the UTC day', () => {
    expect(dayLabel('2025-11-20T18:30:00Z')).toBe('21/11/2025');
    expect(dayLabel('2025-06-02')).toBe('02/06/2025');
    expect(dayLabel(undefined)).toBeNull();
  });
});
