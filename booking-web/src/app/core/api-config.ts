import { InjectionToken } from '@angular/core';

/**
 * Origin + path prefix of the platform API. Empty by default: the app is served by the API
 * itself (and by `ng serve` through `proxy.conf.json`), so requests go to `/api/...` on the
 * same origin. The path is absolute on purpose: the page's base href is `/vi/` or `/en/`.
 */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', {
  providedIn: 'root',
  factory: () => '',
});

/** How often the status pages ask `GET /api/status`, in milliseconds. */
export const STATUS_POLL_INTERVAL_MS = new InjectionToken<number>('STATUS_POLL_INTERVAL_MS', {
  providedIn: 'root',
  factory: () => 3000,
});

/** How long one status request may take before it counts as "API unreachable". */
export const STATUS_REQUEST_TIMEOUT_MS = new InjectionToken<number>('STATUS_REQUEST_TIMEOUT_MS', {
  providedIn: 'root',
  factory: () => 8000,
});
