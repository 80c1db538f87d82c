import type { TimelineEntry } from '@qn/contracts';

import { BAI_CHAY, BVDK, sharedRecord } from '../../../testing/doctor-fixtures';
import { fhirDateLabel, groupTimeline, vnDay } from './record-format';

const NO_FILTER = { hiddenKinds: new Set<string>(), hiddenHospitals: new Set<string>() };

describe('groupTimeline', () => {
  it('groups entries under the visit they name, newest visit first, the visit as the heading', () => {
    const groups = groupTimeline(sharedRecord().timeline, NO_FILTER);

    expect(groups.map((g) => g.key)).toEqual([
      'day:2025-11-21:bv-bai-chay',
      'Encounter/bc-enc-9',
      'Encounter/dk-enc-3',
      'day:2019-04-01:bvdk-tinh-quang-ninh',
    ]);
    const pneumonia = groups[1]!;
    expect(pneumonia.visit?.title).toBe('Khám ngoại trú — Nội');
    expect(pneumonia.hospital).toEqual(BAI_CHAY);
    // Newest first inside the visit: the 10:00 result before the 09:30 diagnosis.
    expect(pneumonia.entries.map((e) => e.reference)).toEqual([
      'Observation/bc-obs-1',
      'Condition/bc-cond-1',
    ]);
    expect(groups[2]!.entries.map((e) => e.kind)).toEqual(['lab', 'medication']);
    expect(groups[0]!.visit).toBeNull();
  });

  it('puts entries without a visit of the same Viet Nam day and hospital together', () => {
    const lab = (reference: string, date: string, hospital = BVDK): TimelineEntry => ({
      reference,
      kind: 'lab',
      date,
      hospital,
      title: 'Creatinin',
    });
    // 23:30 +07:00 and 00:30 +07:00 the next day are different days in Viet Nam, although
    // 16:30Z and 17:30Z are the same UTC day.
    const groups = groupTimeline(
      [
        lab('Observation/a', '2025-11-20T00:30:00+07:00'),
        lab('Observation/b', '2025-11-19T23:30:00+07:00'),
        lab('Observation/c', '2025-11-19T08:00:00+07:00'),
        lab('Observation/d', '2025-11-19T09:00:00+07:00', BAI_CHAY),
      ],
      NO_FILTER,
    );

    expect(groups.map((g) => [g.key, g.entries.map((e) => e.reference)])).toEqual([
      ['day:2025-11-20:bvdk-tinh-quang-ninh', ['Observation/a']],
      ['day:2025-11-19:bvdk-tinh-quang-ninh', ['Observation/b', 'Observation/c']],
      ['day:2025-11-19:bv-bai-chay', ['Observation/d']],
    ]);
  });

  it('hides filtered kinds and hospitals, and drops a visit left with nothing to show', () => {
    const groups = groupTimeline(sharedRecord().timeline, {
      hiddenKinds: new Set(['encounter', 'medication']),
      hiddenHospitals: new Set([BAI_CHAY.id]),
    });

    expect(groups.map((g) => g.key)).toEqual([
      'Encounter/dk-enc-3',
      'day:2019-04-01:bvdk-tinh-quang-ninh',
    ]);
    expect(groups[0]!.entries.map((e) => e.reference)).toEqual(['Observation/dk-obs-5']);
    // The heading still names the visit, for context.
    expect(groups[0]!.visit?.reference).toBe('Encounter/dk-enc-3');
  });

  it('shows a visit on its own when only visits are shown', () => {
    const groups = groupTimeline(sharedRecord().timeline, {
      hiddenKinds: new Set(['condition', 'lab', 'medication', 'allergy']),
      hiddenHospitals: new Set(),
    });

    expect(groups.map((g) => [g.key, g.entries.length])).toEqual([
      ['Encounter/bc-enc-9', 0],
      ['Encounter/dk-enc-3', 0],
    ]);
  });

  it('puts entries without a date last', () => {
    const groups = groupTimeline(
      [
        { reference: 'Condition/x', kind: 'condition', hospital: BVDK, title: 'Tăng huyết áp' },
        ...sharedRecord().timeline,
      ],
      NO_FILTER,
    );

    expect(groups.at(-1)!.key).toBe('day:undated:bvdk-tinh-quang-ninh');
  });
});

describe('dates', () => {
  it('writes FHIR dates as they are and dateTimes in Viet Nam time, day first', () => {
    expect(fhirDateLabel('1980-03-15')).toBe('15/03/1980');
    expect(fhirDateLabel('1980-03')).toBe('03/1980');
    expect(fhirDateLabel('1980')).toBe('1980');
    expect(fhirDateLabel('2025-11-20T02:30:00Z')).toBe('09:30 20/11/2025');
    expect(fhirDateLabel('2025-11-20T23:30:00+07:00')).toBe('23:30 20/11/2025');
    expect(fhirDateLabel(undefined)).toBe('');
  });

  it('finds the Viet Nam calendar day of a date or dateTime', () => {
    expect(vnDay('2025-11-19T17:30:00Z')).toBe('2025-11-20');
    expect(vnDay('2025-11-20')).toBe('2025-11-20');
    expect(vnDay('not a date')).toBeNull();
  });
});
