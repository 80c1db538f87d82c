import type { FeedbackLinkState, FeedbackVisitStatus } from '@qn/contracts';

/** How long after the visit (or the cancellation) it can be rated. */
export const RATING_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What decides whether a booking can be rated: its status as stored, and the final decision
 * recorded for it (`booking_cancellations`), which is the record of truth when the booking's own
 * update was lost (see scheduling/models.ts).
 */
export interface VisitFacts {
  status: string;
  start: Date;
  checkedInAt?: Date | undefined;
  cancelledAt?: Date | undefined;
  updatedAt?: Date | undefined;
  decision?: { decision: string; at: Date } | undefined;
}

export type Eligibility =
  | { ok: true; visitStatus: FeedbackVisitStatus; rateUntil: Date }
  | {
      ok: false;
      state: Exclude<FeedbackLinkState, 'open' | 'rated'>;
      /** Stable problem code. */
      code: 'visit-ahead' | 'visit-not-checked-in' | 'no-visit' | 'feedback-window-closed';
      /** For the patient: Vietnamese, then English. */
      detail: string;
    };

/** The status the booking really has: a recorded decision wins over a booking still `booked`. */
export function effectiveStatus(facts: VisitFacts): string {
  if (facts.status === 'booked' && facts.decision) return facts.decision.decision || 'cancelled';
  return facts.status;
}

/**
 * Whether a booking can be rated at `now`: once checked in (the visit is under way or over) or
 * cancelled, for 30 days after that. A booking still ahead, one never checked in, and a no-show
 * cannot; each says why in words a patient can act on.
 */
export function eligibility(
  facts: VisitFacts,
  now: Date,
  windowDays = RATING_WINDOW_DAYS,
): Eligibility {
  const status = effectiveStatus(facts);
  const decidedAt = facts.decision?.at;
  if (status === 'checked-in' || status === 'cancelled') {
    const at =
      status === 'checked-in'
        ? (facts.checkedInAt ?? decidedAt ?? facts.start)
        : (facts.cancelledAt ?? decidedAt ?? facts.updatedAt ?? facts.start);
    const rateUntil = new Date(at.getTime() + windowDays * DAY_MS);
    if (now.getTime() > rateUntil.getTime()) {
      return {
        ok: false,
        state: 'closed',
        code: 'feedback-window-closed',
        detail: `Đã quá ${windowDays} ngày kể từ lượt khám này nên không thể đánh giá nữa. (More than ${windowDays} days have passed since this visit, so it can no longer be rated.)`,
      };
    }
    return { ok: true, visitStatus: status, rateUntil };
  }
  if (status === 'booked') {
    return facts.start.getTime() > now.getTime()
      ? {
          ok: false,
          state: 'not-yet',
          code: 'visit-ahead',
          detail:
            'Lượt khám này chưa diễn ra. Bạn có thể đánh giá sau khi đã đến khám. (This visit is still ahead: you can rate it after the visit.)',
        }
      : {
          ok: false,
          state: 'not-yet',
          code: 'visit-not-checked-in',
          detail:
            'Lượt khám này chưa được ghi nhận là đã đến khám. Bạn có thể đánh giá sau khi quầy tiếp đón xác nhận. (This visit has not been checked in yet; you can rate it once reception has checked you in.)',
        };
  }
  return {
    ok: false,
    state: 'not-eligible',
    code: 'no-visit',
    detail:
      'Lượt khám này không được ghi nhận là đã đến khám, nên không thể đánh giá. Nếu bạn đã đến, vui lòng báo quầy tiếp đón. (This booking is not recorded as a visit, so it cannot be rated; if you did come, please tell reception.)',
  };
}
