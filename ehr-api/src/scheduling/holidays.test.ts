import { describe, expect, it } from '@jest/globals';
import { isHoliday, LUNAR_HOLIDAYS, nextHoliday } from './holidays.js';

describe('isHoliday', () => {
  it('is true on the fixed-date holidays of every year', () => {
    for (const year of [2025, 2026, 2031]) {
      for (const date of ['01-01', '04-30', '05-01', '09-02'])
        expect(isHoliday(`${year}-${date}`)).toBe(true);
    }
  });

  it('is true through the Tết break, on the Hùng Kings day and on the day next to 2/9 in 2025–2028', () => {
    expect(isHoliday('2026-02-14')).toBe(true);
    expect(isHoliday('2026-02-17')).toBe(true);
    expect(isHoliday('2026-02-22')).toBe(true);
    expect(isHoliday('2027-02-06')).toBe(true);
    expect(isHoliday('2028-01-26')).toBe(true);
    expect(isHoliday('2025-04-07')).toBe(true);
    expect(isHoliday('2026-04-26')).toBe(true);
    expect(isHoliday('2027-04-16')).toBe(true);
    expect(isHoliday('2028-04-04')).toBe(true);
    expect(isHoliday('2025-09-01')).toBe(true);
  });

  it('is false on ordinary days, including just outside the Tết break', () => {
    expect(isHoliday('2026-02-13')).toBe(false);
    expect(isHoliday('2026-02-23')).toBe(false);
    expect(isHoliday('2026-12-01')).toBe(false);
  });

  it('has every lunar year with Tết in late January or February and Hùng Kings in April', () => {
    for (const year of Object.values(LUNAR_HOLIDAYS)) {
      expect(year.tet[0] <= year.tet[1]).toBe(true);
      expect(year.tet[0].slice(5, 7) <= '02').toBe(true);
      expect(year.hungKings.slice(5, 7)).toBe('04');
    }
  });

  it('finds the next holiday', () => {
    expect(nextHoliday('2026-11-24')).toBe('2027-01-01');
    expect(nextHoliday('2027-01-01')).toBe('2027-01-01');
  });
});
