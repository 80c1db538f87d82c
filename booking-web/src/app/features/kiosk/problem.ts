import { HttpErrorResponse } from '@angular/common/http';

import type { AvailableSlot } from './kiosk-types';

/**
 * An RFC 9457 problem as the API sends it; a 409 on booking adds `alternatives`, and
 * `too-many-bookings` the `limit`.
 */
interface ProblemBody {
  readonly type?: unknown;
  readonly limit?: unknown;
  readonly detail?: unknown;
  readonly title?: unknown;
  readonly alternatives?: unknown;
}

function body(error: unknown): ProblemBody | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const raw: unknown = error.error;
  if (raw && typeof raw === 'object') return raw as ProblemBody;
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      return parsed && typeof parsed === 'object' ? (parsed as ProblemBody) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** The HTTP status of a failed call, or 0 when the server could not be reached. */
export function httpStatus(error: unknown): number {
  return error instanceof HttpErrorResponse ? error.status : 0;
}

/** Words for the patient: the problem's own `detail` when the API sent one. */
export function problemMessage(error: unknown): string {
  const problem = body(error);
  if (typeof problem?.detail === 'string' && problem.detail.trim()) return problem.detail;
  if (typeof problem?.title === 'string' && problem.title.trim()) return problem.title;
  const status = httpStatus(error);
  return status === 0
    ? $localize`:@@kiosk.error.network:Không kết nối được với máy chủ. Vui lòng thử lại.`
    : $localize`:@@kiosk.error.generic:Đã có lỗi (mã ${status}:STATUS:). Vui lòng thử lại hoặc hỏi nhân viên.`;
}

/** The other slots a 409 "seat taken" problem offers, or an empty list. */
export function problemAlternatives(error: unknown): AvailableSlot[] {
  const alternatives = body(error)?.alternatives;
  return Array.isArray(alternatives) ? (alternatives as AvailableSlot[]) : [];
}

/** The problem's kind, the last segment of its `type` URI (`…/problems/slot-full` → `slot-full`). */
export function problemKind(error: unknown): string | null {
  const type = body(error)?.type;
  if (typeof type !== 'string') return null;
  const match = /\/problems\/([a-z0-9-]+)$/.exec(type);
  return match?.[1] ?? null;
}

/**
 * Words for the patient about a booking, hold, reschedule or waitlist refusal. The API's `detail`
 * is written in English for staff and logs, so the kinds a patient can meet are said here in
 * Vietnamese; anything else falls back to `problemMessage`.
 */
export function kioskProblemText(error: unknown): string {
  switch (problemKind(error)) {
    case 'slot-full':
      return $localize`:@@kiosk.problem.slotFull:Giờ khám này vừa hết chỗ.`;
    case 'slot-closed':
      return $localize`:@@kiosk.problem.slotClosed:Giờ khám này đã đóng nhận đặt lịch (quá sát giờ hoặc đã qua).`;
    case 'already-booked-that-day':
      return $localize`:@@kiosk.problem.alreadyBooked:Bạn đã có lịch ở khoa này trong ngày đó. Muốn đổi giờ, hãy dùng nút "Đổi giờ" ở trang chính.`;
    case 'too-many-bookings': {
      const limit = body(error)?.limit;
      return typeof limit === 'number'
        ? $localize`:@@kiosk.problem.tooMany:Bạn đã có ${limit}:LIMIT: lịch khám sắp tới, là số lịch nhiều nhất được giữ cùng lúc. Hãy hủy bớt một lịch trước khi đặt thêm.`
        : $localize`:@@kiosk.problem.tooManyNoLimit:Bạn đã có đủ số lịch khám sắp tới được giữ cùng lúc. Hãy hủy bớt một lịch trước khi đặt thêm.`;
    }
    case 'hold-expired':
      return $localize`:@@kiosk.problem.holdExpired:Đã hết thời gian giữ chỗ nên chỗ này đã được trả lại.`;
    case 'hold-confirmed':
      return $localize`:@@kiosk.problem.holdConfirmed:Chỗ này đã được xác nhận thành lịch khám rồi.`;
    case 'seats-available':
      return $localize`:@@kiosk.problem.seatsAvailable:Những ngày này vẫn còn chỗ trống, bạn có thể đặt lịch ngay thay vì chờ.`;
    case 'already-waiting':
      return $localize`:@@kiosk.problem.alreadyWaiting:Bạn đã có tên trong danh sách chờ của khoa này. Xem ở trang chính, hoặc rời danh sách đó trước để chờ ngày khác.`;
    case 'booking-not-reschedulable':
      return $localize`:@@kiosk.problem.notReschedulable:Lịch này không đổi giờ được nữa (đã tiếp đón, đã hủy hoặc đã qua). Bạn có thể đặt lịch mới.`;
    case 'request-in-progress':
      return $localize`:@@kiosk.problem.inProgress:Yêu cầu trước vẫn đang được xử lý. Chờ vài giây rồi bấm "Thử lại".`;
    default:
      return problemMessage(error);
  }
}
