import { describe, expect, it } from '@jest/globals';
import { effectiveStatus, eligibility, type VisitFacts } from './eligibility.js';

const NOW = new Date('2026-03-04T03:00:00.000Z'); // 10:00 in Vietnam
const DAY = 24 * 3600_000;

function facts(overrides: Partial<VisitFacts>): VisitFacts {
  return { status: 'booked', start: new Date(NOW.getTime() - 2 * 3600_000), ...overrides };
}

describe('eligibility', () => {
  it('lets a checked-in visit be rated for 30 days after the check-in', () => {
    const checkedInAt = new Date(NOW.getTime() - 29 * DAY);
    const verdict = eligibility(facts({ status: 'checked-in', checkedInAt }), NOW);
    expect(verdict).toEqual({
      ok: true,
      visitStatus: 'checked-in',
      rateUntil: new Date(checkedInAt.getTime() + 30 * DAY),
    });
  });

  it('lets a cancelled booking be rated, even one whose slot is still ahead', () => {
    const verdict = eligibility(
      facts({ status: 'cancelled', start: new Date(NOW.getTime() + 5 * DAY), cancelledAt: NOW }),
      NOW,
    );
    expect(verdict.ok && verdict.visitStatus).toBe('cancelled');
  });

  it('closes the window one moment after the 30 days', () => {
    const checkedInAt = new Date(NOW.getTime() - 30 * DAY - 1);
    const verdict = eligibility(facts({ status: 'checked-in', checkedInAt }), NOW);
    expect(verdict).toMatchObject({ ok: false, state: 'closed', code: 'feedback-window-closed' });
  });

  it('refuses a visit still ahead, saying so in Vietnamese and English', () => {
    const verdict = eligibility(facts({ start: new Date(NOW.getTime() + 3600_000) }), NOW);
    expect(verdict).toMatchObject({ ok: false, state: 'not-yet', code: 'visit-ahead' });
    expect(!verdict.ok && verdict.detail).toContain('chưa diễn ra');
    expect(!verdict.ok && verdict.detail).toContain('still ahead');
  });

  it('refuses a past visit that was never checked in', () => {
    expect(eligibility(facts({}), NOW)).toMatchObject({ ok: false, code: 'visit-not-checked-in' });
  });

  it('refuses a no-show and a status it does not know', () => {
    expect(eligibility(facts({ status: 'no-show' }), NOW)).toMatchObject({
      ok: false,
      state: 'not-eligible',
      code: 'no-visit',
    });
    expect(eligibility(facts({ status: 'held' }), NOW)).toMatchObject({
      ok: false,
      code: 'no-visit',
    });
  });

  it('takes the recorded decision over a booking whose own update was lost', () => {
    const decided = facts({ decision: { decision: 'checked-in', at: NOW } });
    expect(effectiveStatus(decided)).toBe('checked-in');
    expect(eligibility(decided, NOW)).toMatchObject({
      ok: true,
      visitStatus: 'checked-in',
      rateUntil: new Date(NOW.getTime() + 30 * DAY),
    });
  });
});
