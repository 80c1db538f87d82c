import { HttpErrorResponse } from '@angular/common/http';
import type { AvailableSlot, BookingRule } from '@qn/contracts';

import {
  httpStatus,
  isProblemType,
  problemOf,
  problemText,
} from '../../../core/auth/problem-details';
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
  if (isProblemType(error, 'too-many-bookings')) {
    const limit = problemLimit(error);
    return limit !== null
      ? $localize`:@@reception.book.error.tooMany:Người bệnh đã có ${limit}:LIMIT: lịch hẹn sắp tới, là số lịch nhiều nhất được giữ cùng lúc. Hủy bớt một lịch, hoặc nhờ quản trị viên bỏ qua quy tắc (kèm lý do).`
      : $localize`:@@reception.book.error.tooManyNoLimit:Người bệnh đã có đủ số lịch hẹn sắp tới được giữ cùng lúc. Hủy bớt một lịch, hoặc nhờ quản trị viên bỏ qua quy tắc (kèm lý do).`;
  }
  if (isProblemType(error, 'hold-expired')) {
    return $localize`:@@reception.book.error.holdExpired:Đã hết thời gian giữ chỗ nên chỗ đã được trả lại. Hãy chọn lại giờ.`;
  }
  if (isProblemType(error, 'hold-confirmed')) {
    return $localize`:@@reception.book.error.holdConfirmed:Chỗ giữ này đã được xác nhận thành lịch hẹn. Muốn bỏ thì hủy lịch hẹn đó.`;
  }
  if (isProblemType(error, 'seats-available')) {
    return $localize`:@@reception.book.error.seatsAvailable:Những ngày này vẫn còn chỗ trống: hãy đặt lịch một trong các giờ dưới đây thay vì đăng ký chờ.`;
  }
  if (isProblemType(error, 'already-waiting')) {
    return $localize`:@@reception.book.error.alreadyWaiting:Người bệnh đã ở trong danh sách chờ của khoa này. Rời danh sách đó trước nếu muốn chờ những ngày khác.`;
  }
  if (isProblemType(error, 'booking-not-reschedulable')) {
    return $localize`:@@reception.book.error.notReschedulable:Lịch này không đổi giờ được nữa (đã tiếp đón, đã hủy hoặc ghi không đến). Hãy đặt lịch mới.`;
  }
  if (httpStatus(error) === 403 && problemOf(error)?.detail?.startsWith('override:')) {
    return $localize`:@@reception.book.error.overrideForbidden:Chỉ quản trị viên mới được bỏ qua quy tắc đặt lịch.`;
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

/** The `limit` a `too-many-bookings` problem names, or null. */
function problemLimit(error: unknown): number | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body: unknown = error.error;
  if (!body || typeof body !== 'object') return null;
  const limit = (body as { limit?: unknown }).limit;
  return typeof limit === 'number' ? limit : null;
}

/** The booking rule a refusal was about, which an administrator may set aside; else null. */
export function refusedRule(error: unknown): BookingRule | null {
  if (isProblemType(error, 'too-many-bookings')) return 'max-future-bookings';
  if (isProblemType(error, 'already-booked-that-day')) return 'one-per-department-day';
  return null;
}
