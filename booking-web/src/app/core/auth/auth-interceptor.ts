import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';

import { API_BASE_URL } from '../api-config';
import { AuthService } from './auth-service';

/**
 * API paths that never get the staff token: the kiosk's own calls (they carry the patient's
 * kiosk session token, or none), the station event stream, and sign-in itself.
 */
const NOT_STAFF_PATHS = ['/api/kiosk', '/api/stations/', '/api/auth/sign-in'];

/** True for a call to our API (`<API_BASE_URL>/api/...`) that staff credentials belong on. */
export function isStaffApiCall(url: string, base: string): boolean {
  if (!url.startsWith(`${base}/api/`)) return false;
  const path = url.slice(base.length);
  return !NOT_STAFF_PATHS.some(
    (prefix) =>
      path === prefix ||
      path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) ||
      path.startsWith(`${prefix}?`),
  );
}

/**
 * Adds `Authorization: Bearer <staff token>` to the API calls of a signed-in member of staff,
 * and ends the session when the API answers such a call with 401. It leaves alone:
 * - any request that already names its own Authorization (the kiosk's session calls);
 * - the kiosk's paths, and every call made while the public kiosk is on screen, so a staff
 *   token can never travel from a kiosk screen;
 * - calls to other origins.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const token = auth.token();
  if (
    !token ||
    req.headers.has('Authorization') ||
    !isStaffApiCall(req.url, inject(API_BASE_URL)) ||
    inject(Router).url.startsWith('/kiosk')
  ) {
    return next(req);
  }
  return next(req.clone({ setHeaders: { Authorization: `Bearer ${token}` } })).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401) auth.sessionEnded(token);
      return throwError(() => error);
    }),
  );
};
