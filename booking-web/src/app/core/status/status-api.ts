import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, catchError, exhaustMap, map, of, timeout, timer } from 'rxjs';

import { API_BASE_URL, STATUS_POLL_INTERVAL_MS, STATUS_REQUEST_TIMEOUT_MS } from '../api-config';
import type { SystemStatus } from '../api-types';

/** One answer of the status poll: the API's status, or the reason it could not be read. */
export type StatusPollResult =
  | { readonly kind: 'ok'; readonly status: SystemStatus; readonly receivedAt: Date }
  | { readonly kind: 'unreachable'; readonly reason: string; readonly failedAt: Date };

/** Reads `GET /api/status`, once or as a poll. */
@Injectable({ providedIn: 'root' })
export class StatusApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);
  private readonly intervalMs = inject(STATUS_POLL_INTERVAL_MS);
  private readonly timeoutMs = inject(STATUS_REQUEST_TIMEOUT_MS);

  /** The current system status; errors (network, 5xx, timeout) are thrown as usual. */
  get(): Observable<SystemStatus> {
    return this.http.get<SystemStatus>(`${this.baseUrl}/api/status`);
  }

  /**
   * Asks for the status at once and then every interval, forever; never errors. A tick that
   * comes while a request is still running is skipped (`exhaustMap`) rather than cancelling
   * it, so a slow API still gets answered; a request slower than the timeout counts as
   * unreachable. Unsubscribe (e.g. `takeUntilDestroyed`) to stop.
   */
  poll(): Observable<StatusPollResult> {
    return timer(0, this.intervalMs).pipe(
      exhaustMap(() =>
        this.get().pipe(
          timeout(this.timeoutMs),
          map((status): StatusPollResult => ({ kind: 'ok', status, receivedAt: new Date() })),
          catchError((error: unknown) =>
            of<StatusPollResult>({
              kind: 'unreachable',
              reason: describeError(error),
              failedAt: new Date(),
            }),
          ),
        ),
      ),
    );
  }
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as {
      name?: unknown;
      status?: unknown;
      statusText?: unknown;
      message?: unknown;
    };
    if (e.name === 'TimeoutError') return 'timeout';
    if (typeof e.status === 'number') {
      return e.status === 0
        ? 'network error'
        : `HTTP ${e.status} ${String(e.statusText ?? '')}`.trim();
    }
    if (typeof e.message === 'string') return e.message;
  }
  return String(error);
}
