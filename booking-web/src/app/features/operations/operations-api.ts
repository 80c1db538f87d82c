import { HttpClient } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { type Observable, catchError, exhaustMap, map, of, timer } from 'rxjs';

import { API_BASE_URL } from '../../core/api-config';
import type { OperationsFigures, PublicFigures } from './operations-types';

/** How often the operations dashboard asks for fresh figures, in milliseconds. */
export const OPERATIONS_REFRESH_MS = new InjectionToken<number>('OPERATIONS_REFRESH_MS', {
  providedIn: 'root',
  factory: () => 30_000,
});

/**
 * How often the public figures page asks again. The API reuses a public answer for 30 s and
 * lets caches keep it for 60 s, so asking more often would show nothing new.
 */
export const PUBLIC_FIGURES_REFRESH_MS = new InjectionToken<number>('PUBLIC_FIGURES_REFRESH_MS', {
  providedIn: 'root',
  factory: () => 60_000,
});

/** One answer of a refresh loop: the figures, or the error of that attempt. */
export type Refresh<T> =
  { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Calls `load` at once and then every `intervalMs` until unsubscribed; never errors. A tick
 * that comes while a request is still running is skipped (`exhaustMap`), so a slow API is not
 * flooded and an answer is never thrown away for a newer one of the same question.
 */
export function refreshEvery<T>(
  intervalMs: number,
  load: () => Observable<T>,
): Observable<Refresh<T>> {
  return timer(0, intervalMs).pipe(
    exhaustMap(() =>
      load().pipe(
        map((value): Refresh<T> => ({ kind: 'ok', value })),
        catchError((error: unknown) => of<Refresh<T>>({ kind: 'failed', error })),
      ),
    ),
  );
}

/** The operations endpoints; the staff token is added by the auth interceptor. */
@Injectable({ providedIn: 'root' })
export class OperationsApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  /** Figures of a day (default: today in Viet Nam, as the API decides); admin and hospital IT. */
  figures(day?: string): Observable<OperationsFigures> {
    return this.http.get<OperationsFigures>(`${this.base}/api/operations/figures`, {
      params: day ? { day } : {},
    });
  }

  /** Per-hospital counts anyone may see. */
  publicFigures(day?: string): Observable<PublicFigures> {
    return this.http.get<PublicFigures>(`${this.base}/api/operations/public`, {
      params: day ? { day } : {},
    });
  }
}
