import { describe, expect, it } from '@jest/globals';
import { STANDARD_SESSIONS, demoTemplates } from './demo-templates.js';
import { localDayOf, localInstant, isLocalDay } from './local-time.js';
import { expandTemplate, slotAt, templateProblem } from './template.js';

const iso = (slots: Array<{ start: Date }>): string[] => slots.map((s) => s.start.toISOString());

describe('expandTemplate', () => {
  it('gives 16 + 12 slots of 15 minutes on a weekday, the first at 07:30 local (00:30 UTC)', () => {
    const slots = expandTemplate(
      { slotMinutes: 15, sessions: STANDARD_SESSIONS },
      '2026-12-01',
      '2026-12-01',
    ); // a Tuesday
    expect(slots).toHaveLength(16 + 12);
    expect(slots[0]?.start.toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(slots[15]?.end.toISOString()).toBe('2026-12-01T04:30:00.000Z'); // 11:30 local
    expect(slots[16]?.start.toISOString()).toBe('2026-12-01T06:30:00.000Z'); // 13:30 local
    expect(slots.at(-1)?.end.toISOString()).toBe('2026-12-01T09:30:00.000Z'); // 16:30 local
  });

  it('gives only the morning on Saturday and nothing on Sunday', () => {
    expect(
      expandTemplate({ slotMinutes: 15, sessions: STANDARD_SESSIONS }, '2026-12-05', '2026-12-05'),
    ).toHaveLength(16);
    expect(
      expandTemplate({ slotMinutes: 15, sessions: STANDARD_SESSIONS }, '2026-12-06', '2026-12-06'),
    ).toHaveLength(0);
  });

  it('puts a slot starting before 07:00 local on the previous UTC day but the right local day', () => {
    const slots = expandTemplate(
      { slotMinutes: 30, sessions: [{ weekday: 2, start: '00:00', end: '01:00' }] },
      '2026-12-01',
      '2026-12-01',
    );
    expect(iso(slots)).toEqual(['2026-11-30T17:00:00.000Z', '2026-11-30T17:30:00.000Z']);
    expect(slots.map((s) => localDayOf(s.start))).toEqual(['2026-12-01', '2026-12-01']);
  });

  it('runs a session up to midnight (24:00) and ends the last slot at the next local day', () => {
    const slots = expandTemplate(
      { slotMinutes: 15, sessions: [{ weekday: 2, start: '23:30', end: '24:00' }] },
      '2026-12-01',
      '2026-12-01',
    );
    expect(iso(slots)).toEqual(['2026-12-01T16:30:00.000Z', '2026-12-01T16:45:00.000Z']);
    expect(localDayOf(slots[1]!.end)).toBe('2026-12-02');
  });

  it('drops a last piece shorter than a slot', () => {
    expect(
      expandTemplate(
        {
          slotMinutes: 20,
          sessions: [
            { weekday: 2, start: '07:30', end: '08:30' },
            { weekday: 2, start: '09:00', end: '09:35' },
          ],
        },
        '2026-12-01',
        '2026-12-01',
      ),
    ).toHaveLength(4);
  });

  it('leaves out public holidays: 1/1, 30/4, 1/5, 2/9, Tết and the Hùng Kings day', () => {
    const weekdays = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      start: '08:00',
      end: '08:15',
    }));
    const days = (from: string, to: string): string[] =>
      expandTemplate({ slotMinutes: 15, sessions: weekdays }, from, to).map((s) =>
        localDayOf(s.start),
      );
    expect(days('2026-12-31', '2027-01-02')).toEqual(['2026-12-31', '2027-01-02']);
    expect(days('2027-04-29', '2027-05-02')).toEqual(['2027-04-29', '2027-05-02']);
    expect(days('2026-08-31', '2026-09-03')).toEqual(['2026-08-31', '2026-09-03']);
    expect(days('2026-02-13', '2026-02-23')).toEqual(['2026-02-13', '2026-02-23']);
    expect(days('2027-02-04', '2027-02-10')).toEqual(['2027-02-04', '2027-02-10']);
    expect(days('2026-04-25', '2026-04-27')).toEqual(['2026-04-25', '2026-04-27']);
  });
});

describe('slotAt', () => {
  const template = { slotMinutes: 15, sessions: STANDARD_SESSIONS };

  it('finds the slot starting at a session boundary', () => {
    const slot = slotAt(template, localInstant('2026-12-01', 13 * 60 + 30));
    expect(typeof slot === 'string' ? slot : slot.end.toISOString()).toBe(
      '2026-12-01T06:45:00.000Z',
    );
  });

  it('refuses a time between slots, outside sessions, or on a holiday, saying why', () => {
    expect(slotAt(template, localInstant('2026-12-01', 7 * 60 + 40))).toBe(
      'the department has no slot starting at that time',
    );
    expect(slotAt(template, localInstant('2026-12-01', 11 * 60 + 30))).toBe(
      'the department has no slot starting at that time',
    );
    expect(slotAt(template, localInstant('2026-12-06', 8 * 60))).toBe(
      'the department has no slot starting at that time',
    );
    expect(slotAt(template, localInstant('2027-04-30', 8 * 60))).toContain('public holiday');
  });
});

describe('templateProblem', () => {
  it('accepts every demo template and names what is wrong with a bad one', () => {
    for (const template of demoTemplates()) expect(templateProblem(template)).toBeUndefined();
    expect(
      templateProblem({
        slotMinutes: 15,
        capacity: 3,
        sessions: [{ weekday: 8, start: '07:30', end: '11:30' }],
      }),
    ).toContain('weekday 8');
    expect(
      templateProblem({
        slotMinutes: 15,
        capacity: 3,
        sessions: [{ weekday: 1, start: '11:30', end: '07:30' }],
      }),
    ).toContain('ends before it starts');
    expect(templateProblem({ slotMinutes: 15, capacity: 0, sessions: [] })).toContain('capacity');
  });
});

describe('isLocalDay', () => {
  it('accepts real days only', () => {
    expect(isLocalDay('2028-02-29')).toBe(true);
    expect(isLocalDay('2027-02-29')).toBe(false);
    expect(isLocalDay('2026-2-1')).toBe(false);
  });
});
