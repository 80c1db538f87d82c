import type { AvailableSlot } from '@qn/contracts';

import { httpStatus, isProblemType, problemText } from '../../../core/auth/problem-details';
import { problemAlternatives } from '../../kiosk/problem';

/**
 * Whether a failed booking attempt may have reached the server without us hearing the answer
 * (network failure, gateway error, or the server still working on it). Only then is the same
 * attempt retried with the same Idempotency-Key; any other answer is final for that key.
 */
export function outcomeUnknown(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 0 || status >= 500 || isProblemType(error, 'request-in-progress');
}

/** Why a booking was refused, in words for the receptionist. */
export function bookingProblemText(error: unknown): string {
  if (isProblemType(error, 'slot-full')) {
    return $localize`:@@reception.book.error.slotFull:Giờ này vừa hết chỗ. Hãy chọn một giờ khác.`;
  }
  if (isProblemType(error, 'slot-closed')) {
    return $localize`:@@reception.book.error.slotClosed:Giờ này đã đóng nhận đặt lịch (quá sát giờ khám hoặc đã qua). Hãy chọn một giờ khác.`;
  }
  if (isProblemType(error, 'already-booked-that-day')) {
    return $localize`:@@reception.book.error.alreadyBooked:Người bệnh đã có lịch ở khoa này trong ngày đó. Hủy lịch đó trước nếu muốn đổi giờ.`;
  }
  if (isProblemType(error, 'request-in-progress')) {
    return $localize`:@@reception.book.error.inProgress:Lần đặt trước vẫn đang được xử lý. Chờ vài giây rồi bấm "Thử lại".`;
  }
  if (httpStatus(error) === 0) {
    return $localize`:@@reception.book.error.network:Không kết nối được với máy chủ. Bấm "Thử lại": lịch sẽ không bị đặt hai lần.`;
  }
  return problemText(error);
}

/** The free slots a 409 offers instead. */
export function bookingAlternatives(error: unknown): AvailableSlot[] {
  return problemAlternatives(error).filter((slot) => slot.seatsLeft > 0);
}
