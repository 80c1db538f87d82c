import type { Booking } from '@qn/contracts';

import { httpStatus, isProblemType, problemText } from '../../../core/auth/problem-details';

export type BookingStatus = Booking['status'];

/** The order the counts and filters show the statuses in: the work still to do first. */
export const BOOKING_STATUSES: readonly BookingStatus[] = [
  'booked',
  'checked-in',
  'no-show',
  'cancelled',
];

export interface StatusLook {
  readonly label: string;
  /** Repeats the words for sighted users; the words carry the meaning. */
  readonly icon: string;
  /** `badge--…` modifier in `_controls.scss`. */
  readonly tone: 'open' | 'ok' | 'bad' | 'muted';
}

/** A booking's status in Vietnamese words, with its icon and colour. */
export function bookingStatusLook(status: BookingStatus): StatusLook {
  switch (status) {
    case 'booked':
      return {
        label: $localize`:@@reception.status.booked:Chờ đến`,
        icon: '○',
        tone: 'open',
      };
    case 'checked-in':
      return {
        label: $localize`:@@reception.status.checkedIn:Đã đến`,
        icon: '✓',
        tone: 'ok',
      };
    case 'no-show':
      return {
        label: $localize`:@@reception.status.noShow:Không đến`,
        icon: '✕',
        tone: 'bad',
      };
    case 'cancelled':
      return {
        label: $localize`:@@reception.status.cancelled:Đã hủy`,
        icon: '⊘',
        tone: 'muted',
      };
    case 'held':
      return {
        label: $localize`:@@reception.status.held:Đang giữ chỗ`,
        icon: '◔',
        tone: 'open',
      };
    case 'expired':
      return {
        label: $localize`:@@reception.status.expired:Hết hạn giữ chỗ`,
        icon: '⊘',
        tone: 'muted',
      };
  }
}

/** Why a check-in was refused, in words for the receptionist. */
export function checkInProblemText(error: unknown): string {
  if (isProblemType(error, 'not-check-in-time')) {
    return $localize`:@@reception.dayList.error.notCheckInTime:Chưa tiếp đón được: chỉ tiếp đón trong ngày khám, từ 2 giờ trước giờ hẹn đến khi hết giờ hẹn.`;
  }
  if (isProblemType(error, 'booking-already-decided')) {
    return $localize`:@@reception.dayList.error.alreadyDecided:Lịch này đã bị hủy hoặc đã ghi là không đến nên không tiếp đón được nữa. Đặt lịch mới cho người bệnh nếu cần.`;
  }
  return otherProblemText(error);
}

/** Why marking a no-show was refused. */
export function noShowProblemText(error: unknown): string {
  if (isProblemType(error, 'slot-not-over')) {
    return $localize`:@@reception.dayList.error.slotNotOver:Chưa hết giờ hẹn: chỉ ghi "Không đến" sau khi giờ hẹn đã kết thúc.`;
  }
  if (isProblemType(error, 'booking-already-decided')) {
    return $localize`:@@reception.dayList.error.alreadyDecidedNoShow:Lịch này đã được tiếp đón hoặc đã bị hủy nên không ghi "Không đến" được.`;
  }
  return otherProblemText(error);
}

function otherProblemText(error: unknown): string {
  if (httpStatus(error) === 403) {
    return $localize`:@@reception.dayList.error.otherHospital:Lịch này thuộc bệnh viện khác: lễ tân của bệnh viện đó mới tiếp đón được.`;
  }
  return problemText(error);
}
