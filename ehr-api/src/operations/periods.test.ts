import { describe, expect, it } from '@jest/globals';
import { attendanceOf, leadTimeOf, periodsOf } from './periods.js';

const MINUTE = 60_000;

describe('periodsOf', () => {
  it('gives the Monday-to-Sunday week when the day is a Wednesday', () => {
    const periods = periodsOf('2026-03-04');
    expect(periods.weekFrom).toBe('2026-03-02');
    expect(periods.weekTo).toBe('2026-03-08');
    expect(periods.weekDays).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
  });

  it('keeps a Sunday in the week that began six days before', () => {
    expect(periodsOf('2026-03-08')).toMatchObject({ weekFrom: '2026-03-02', weekTo: '2026-03-08' });
  });

  it('crosses a year end when the week does', () => {
    expect(periodsOf('2027-01-01')).toMatchObject({ weekFrom: '2026-12-28', weekTo: '2027-01-03' });
  });

  it('takes the seven days ending with the day, from local midnight to local midnight, as the ingestion window', () => {
    const periods = periodsOf('2026-03-04');
    expect(periods.lastSevenDays).toEqual([
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
    ]);
    expect(periods.ingestionStart.toISOString()).toBe('2026-02-25T17:00:00.000Z');
    expect(periods.ingestionEnd.toISOString()).toBe('2026-03-04T17:00:00.000Z');
  });
});

describe('leadTimeOf', () => {
  it('answers nulls when there is no booking', () => {
    expect(leadTimeOf([])).toEqual({ bookings: 0, medianMinutes: null, p90Minutes: null });
  });

  it('takes the middle value of an odd count and interpolates the 90th percentile', () => {
    // Sorted 10, 20, 30, 40, 100: p90 sits at index 3.6, between 40 and 100.
    expect(leadTimeOf([100, 30, 10, 40, 20].map((m) => m * MINUTE))).toEqual({
      bookings: 5,
      medianMinutes: 30,
      p90Minutes: 76,
    });
  });

  it('averages the two middle values of an even count', () => {
    expect(leadTimeOf([60, 120, 180, 1440].map((m) => m * MINUTE))).toEqual({
      bookings: 4,
      medianMinutes: 150,
      p90Minutes: 1062,
    });
  });

  it('gives the one value for both when there is one booking', () => {
    expect(leadTimeOf([45 * MINUTE])).toEqual({ bookings: 1, medianMinutes: 45, p90Minutes: 45 });
  });
});

describe('attendanceOf', () => {
  it('gives the share of no-shows among patients expected and accounted for', () => {
    expect(attendanceOf(3, 1)).toEqual({ checkedIn: 3, noShow: 1, noShowRate: 0.25 });
  });

  it('answers a null rate when nobody checked in or failed to come', () => {
    expect(attendanceOf(0, 0)).toEqual({ checkedIn: 0, noShow: 0, noShowRate: null });
  });
});
