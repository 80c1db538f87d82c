import { HttpErrorResponse } from '@angular/common/http';

import type { AvailableSlot } from './kiosk-types';

/** An RFC 9457 problem as the API sends it; a 409 on booking adds `alternatives`. */
interface ProblemBody {
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
