import type { FeedbackAspect, FeedbackStatus, FeedbackVisitStatus } from '@qn/contracts';

/**
 * The same limit as `FEEDBACK_COMMENT_MAX` of `@qn/contracts` (the API checks it again). Written
 * out, not imported, so that no zod code comes into the bundle with the contracts' values.
 */
export const FEEDBACK_COMMENT_MAX = 2000;

/** What a patient rates, in the order the form asks. */
export const FEEDBACK_ASPECTS: readonly FeedbackAspect[] = [
  'waitingTime',
  'staff',
  'cleanliness',
  'overall',
];

export const RATING_VALUES = [1, 2, 3, 4, 5] as const;

export function aspectLabel(aspect: FeedbackAspect): string {
  switch (aspect) {
    case 'waitingTime':
      return $localize`:@@feedback.aspect.waitingTime:Thời gian chờ`;
    case 'staff':
      return $localize`:@@feedback.aspect.staff:Thái độ nhân viên`;
    case 'cleanliness':
      return $localize`:@@feedback.aspect.cleanliness:Vệ sinh, sạch sẽ`;
    case 'overall':
      return $localize`:@@feedback.aspect.overall:Hài lòng chung`;
  }
}

/** The words of each rating, shown beside the number (never stars alone). */
export function ratingWord(value: number): string {
  switch (value) {
    case 1:
      return $localize`:@@feedback.rating.1:Rất không hài lòng`;
    case 2:
      return $localize`:@@feedback.rating.2:Không hài lòng`;
    case 3:
      return $localize`:@@feedback.rating.3:Bình thường`;
    case 4:
      return $localize`:@@feedback.rating.4:Hài lòng`;
    default:
      return $localize`:@@feedback.rating.5:Rất hài lòng`;
  }
}

export function statusLabel(status: FeedbackStatus): string {
  switch (status) {
    case 'open':
      return $localize`:@@feedback.status.open:Chưa trả lời`;
    case 'replied':
      return $localize`:@@feedback.status.replied:Đã trả lời`;
    case 'resolved':
      return $localize`:@@feedback.status.resolved:Đã giải quyết`;
  }
}

/** An icon for each status; the status is always said in words as well. */
export function statusIcon(status: FeedbackStatus): string {
  return status === 'resolved' ? '✓' : status === 'replied' ? '↩' : '•';
}

export function visitStatusLabel(status: FeedbackVisitStatus): string {
  return status === 'cancelled'
    ? $localize`:@@feedback.visit.cancelled:Lịch đã hủy`
    : $localize`:@@feedback.visit.checkedIn:Đã đến khám`;
}

/** `★★★★☆`: decoration beside the number and its words. */
export function stars(value: number): string {
  const n = Math.max(0, Math.min(5, Math.round(value)));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
}

/** Length of a comment as the API counts it: NFC, trimmed. */
export function commentLength(value: string): number {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim().length;
}
