import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { FeedbackRatings } from '@qn/contracts';
import { departmentRows, groupFigures, type FeedbackFact } from './public-figures.js';

const T0 = new Date('2026-03-01T01:00:00.000Z');
const HOUR = 3600_000;

function fact(
  departmentCode: string,
  overall: number,
  resolvedAfterHours?: number,
  ratings: Partial<FeedbackRatings> = {},
): FeedbackFact {
  return {
    departmentCode,
    serviceName: `Khoa ${departmentCode}`,
    ratings: { waitingTime: overall, staff: overall, cleanliness: overall, overall, ...ratings },
    createdAt: T0,
    ...(resolvedAfterHours === undefined
      ? {}
      : { resolvedAt: new Date(T0.getTime() + resolvedAfterHours * HOUR) }),
  };
}

function many(departmentCode: string, n: number): FeedbackFact[] {
  return Array.from({ length: n }, () => fact(departmentCode, 4));
}

describe('groupFigures', () => {
  it('counts, takes the share resolved, the median hours and the mean of each rating', () => {
    const figures = groupFigures(
      [
        fact('noi', 5, 2, { waitingTime: 1 }),
        fact('noi', 4, 10),
        fact('noi', 3, 4.5),
        fact('noi', 2),
        fact('noi', 1, undefined, { cleanliness: 5 }),
      ],
      5,
    );
    expect(figures).toEqual({
      suppressed: false,
      feedback: 5,
      resolved: 3,
      resolvedShare: 0.6,
      medianHoursToResolve: 4.5,
      averages: { waitingTime: 2.2, staff: 3, cleanliness: 3.8, overall: 3 },
    });
  });

  it('takes the median of an even number as the mean of the middle two', () => {
    const figures = groupFigures(
      [1, 2, 3, 10, 20, 30].map((h) => fact('noi', 4, h)),
      5,
    );
    expect(figures.medianHoursToResolve).toBe(6.5);
  });

  it('withholds every figure, the count too, of a group of 1 to 4', () => {
    for (const n of [1, 4]) {
      const figures = groupFigures(many('noi', n), 5);
      expect(figures).toEqual({
        suppressed: true,
        feedback: null,
        resolved: null,
        resolvedShare: null,
        medianHoursToResolve: null,
        averages: { waitingTime: null, staff: null, cleanliness: null, overall: null },
      });
    }
  });

  it('shows zeros, not a suppression, when there is no feedback', () => {
    expect(groupFigures([], 5)).toMatchObject({
      suppressed: false,
      feedback: 0,
      resolvedShare: null,
    });
  });
});

describe('departmentRows', () => {
  it('publishes departments of five or more alone and pools the small ones when the pool reaches five', () => {
    const rows = departmentRows(
      [...many('noi', 6), ...many('nhi', 3), ...many('mat', 2), ...many('ngoai', 5)],
      5,
    );
    expect(
      rows.map((r) => [r.departments.map((d) => d.departmentCode), r.figures.feedback]),
    ).toEqual([
      [['ngoai'], 5],
      [['noi'], 6],
      [['mat', 'nhi'], 5],
    ]);
    expect(rows.map((r) => r.pooled)).toEqual([false, false, true]);
  });

  it('adds the smallest published department to a pool that stays under five, so no subtraction reveals it', () => {
    const rows = departmentRows([...many('noi', 9), ...many('ngoai', 6), ...many('mat', 2)], 5);
    expect(
      rows.map((r) => [r.departments.map((d) => d.departmentCode), r.figures.feedback]),
    ).toEqual([
      [['noi'], 9],
      [['mat', 'ngoai'], 8],
    ]);
  });

  it('withholds the one row of a hospital with fewer than five in all', () => {
    const rows = departmentRows([...many('noi', 2), ...many('nhi', 1)], 5);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ pooled: true, figures: { suppressed: true, feedback: null } });
  });

  it('never publishes a row under five, and leaves nothing to subtract from the hospital total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 8 }), (sizes) => {
        const facts = sizes.flatMap((n, i) => many(`d${i}`, n));
        const rows = departmentRows(facts, 5);
        const published = rows.filter((r) => !r.figures.suppressed);
        for (const row of published) expect(row.figures.feedback).toBeGreaterThanOrEqual(5);
        // Every department is in exactly one row.
        const listed = rows.flatMap((r) => r.departments.map((d) => d.departmentCode)).sort();
        expect(listed).toEqual(sizes.map((_, i) => `d${i}`).sort());
        // Either every row is published (they add up to the total) or the whole hospital is under five.
        const total = groupFigures(facts, 5);
        if (rows.some((r) => r.figures.suppressed))
          expect(total.suppressed || rows.length === 1).toBe(true);
        else expect(published.reduce((n, r) => n + r.figures.feedback!, 0)).toBe(facts.length);
      }),
    );
  });
});
