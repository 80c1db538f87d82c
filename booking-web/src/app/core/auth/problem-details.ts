import { HttpErrorResponse } from '@angular/common/http';

/**
 * An RFC 9457 problem as the API sends it. Staff faces read `type` (to tell break-glass from
 * other refusals), `detail` (shown to the user) and a few extensions.
 */
export interface ProblemDetails {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly retryAfterSeconds?: number;
  readonly errors?: readonly { field?: string; message?: string }[];
}

/** The problem body of a failed call, or null (network failure, or not a problem document). */
export function problemOf(error: unknown): ProblemDetails | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  let raw: unknown = error.error;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const body = raw as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof body[key] === 'string' && body[key].trim() ? body[key] : undefined;
  const type = text('type');
  const title = text('title');
  const detail = text('detail');
  const status = typeof body['status'] === 'number' ? body['status'] : undefined;
  const retry = body['retryAfterSeconds'];
  const errors = Array.isArray(body['errors'])
    ? (body['errors'] as ProblemDetails['errors'])
    : undefined;
  return {
    ...(type ? { type } : {}),
    ...(title ? { title } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(detail ? { detail } : {}),
    ...(typeof retry === 'number' && retry >= 0 ? { retryAfterSeconds: retry } : {}),
    ...(errors ? { errors } : {}),
  };
}

/** The HTTP status of a failed call, or 0 when the server could not be reached. */
export function httpStatus(error: unknown): number {
  return error instanceof HttpErrorResponse ? error.status : 0;
}

/** True when the problem's `type` URI names this kind, e.g. `break-glass-required`. */
export function isProblemType(error: unknown, kind: string): boolean {
  return problemOf(error)?.type?.endsWith(`/problems/${kind}`) ?? false;
}

/**
 * Words for staff: the API's own `detail` when it sent one (the API writes it for people),
 * otherwise a general sentence for the status.
 */
export function problemText(error: unknown): string {
  const problem = problemOf(error);
  if (problem?.detail) return problem.detail;
  if (problem?.title) return problem.title;
  const status = httpStatus(error);
  return status === 0
    ? $localize`:@@staff.error.network:Không kết nối được với máy chủ. Kiểm tra mạng rồi thử lại.`
    : $localize`:@@staff.error.generic:Máy chủ báo lỗi (mã ${status}:STATUS:). Vui lòng thử lại.`;
}

/**
 * When a 429 says to try again: the `Retry-After` header (seconds or an HTTP date), else the
 * problem's `retryAfterSeconds`; null when neither is given.
 */
export function retryAt(error: unknown, now: number = Date.now()): Date | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const header = error.headers?.get('Retry-After')?.trim();
  if (header) {
    if (/^\d+$/.test(header)) return new Date(now + Number(header) * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return new Date(date);
  }
  const seconds = problemOf(error)?.retryAfterSeconds;
  return seconds !== undefined ? new Date(now + seconds * 1000) : null;
}
