import { HttpErrorResponse } from '@angular/common/http';
import type { AvailableSlot } from '@qn/contracts';

import { httpStatus, isProblemType, problemText } from '../../../core/auth/problem-details';
import { bookingAlternatives } from '../book-for-patient/booking-problem';

/** Why a walk-in was refused, and what reception can do instead. */
export type WalkInProblem =
  /** Today is full: the waitlist, or one of the next days (`alternatives`). */
  | { readonly kind: 'no-seat-today'; readonly alternatives: readonly AvailableSlot[] }
  /** The patient already has a booking in this department today: check that one in instead. */
  | { readonly kind: 'already-booked'; readonly bookingId: string | null }
  | { readonly kind: 'other'; readonly message: string };

/** The refusal of `POST /api/walk-ins` as reception acts on it. */
export function walkInProblem(error: unknown): WalkInProblem {
  if (isProblemType(error, 'no-seat-today')) {
    return { kind: 'no-seat-today', alternatives: bookingAlternatives(error) };
  }
  if (isProblemType(error, 'already-booked-that-day')) {
    return { kind: 'already-booked', bookingId: problemString(error, 'bookingId') };
  }
  return { kind: 'other', message: walkInProblemText(error) };
}

/** The refusals that leave nothing to choose, in words for the receptionist. */
function walkInProblemText(error: unknown): string {
  const status = httpStatus(error);
  if (status === 403) {
    return $localize`:@@reception.walkIn.error.otherHospital:Khoa này thuộc bệnh viện khác: quầy chỉ tiếp nhận người bệnh vào các khoa của bệnh viện mình.`;
  }
  if (status === 400 && problemString(error, 'field') === 'serviceId') {
    return $localize`:@@reception.walkIn.error.notTaking:Khoa này hiện không nhận người bệnh. Hãy chọn khoa khác.`;
  }
  if (isProblemType(error, 'too-many-bookings')) {
    return $localize`:@@reception.walkIn.error.tooMany:Người bệnh đã có đủ số lịch hẹn sắp tới được giữ cùng lúc nên không cấp thêm số được. Hủy bớt một lịch ở mục "Lịch hẹn sắp tới" rồi tiếp nhận lại.`;
  }
  if (status === 0) {
    return $localize`:@@reception.walkIn.error.network:Không kết nối được với máy chủ. Bấm tiếp nhận lần nữa: nếu lần trước đã được ghi nhận, máy chủ sẽ báo người bệnh đã có lịch hôm nay.`;
  }
  return problemText(error);
}

/** A text extension of the problem (`bookingId` of `already-booked-that-day`, `field` of a 400). */
function problemString(error: unknown, key: string): string | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body: unknown = error.error;
  if (!body || typeof body !== 'object') return null;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' && value ? value : null;
}
