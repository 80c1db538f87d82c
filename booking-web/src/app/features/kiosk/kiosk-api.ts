import { HttpClient, HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { SharedRecord } from '@qn/contracts';
import { type Observable, catchError, throwError } from 'rxjs';

import { API_BASE_URL } from '../../core/api-config';
import { KioskStore } from './kiosk-store';
import type {
  AvailableSlot,
  Booking,
  DepartmentEntry,
  HospitalSummary,
  KioskSession,
} from './kiosk-types';

export interface AvailabilityParams {
  readonly department: string;
  /** Absent: all hospitals, earliest first. */
  readonly hospital: string | null;
  readonly from: string;
  readonly to: string;
  readonly limit: number;
}

/**
 * The kiosk's API calls. Patient calls carry the session token as a bearer token; a 401 from
 * any of them means the session is over, so the kiosk goes back to idle (only if it is still
 * the same session: a late answer must not end the next patient's session).
 */
@Injectable()
export class KioskApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);
  private readonly store = inject(KioskStore);

  currentSession(): Observable<KioskSession> {
    return this.authorized((headers) =>
      this.http.get<KioskSession>(`${this.base}/api/kiosk/session`, { headers }),
    );
  }

  /** Signs out; the token is passed in because the store is cleared at once. */
  endSession(token: string): Observable<unknown> {
    return this.http.post(`${this.base}/api/kiosk/session/end`, null, {
      headers: new HttpHeaders({ Authorization: `Bearer ${token}` }),
    });
  }

  bookings(): Observable<Booking[]> {
    return this.authorized((headers) =>
      this.http.get<Booking[]>(`${this.base}/api/kiosk/bookings`, { headers }),
    );
  }

  /** Books a slot; send the same `idempotencyKey` again to retry the same confirmation. */
  book(slotId: string, idempotencyKey: string): Observable<Booking> {
    return this.authorized((headers) =>
      this.http.post<Booking>(
        `${this.base}/api/kiosk/bookings`,
        { slotId },
        { headers: headers.set('Idempotency-Key', idempotencyKey) },
      ),
    );
  }

  cancel(bookingId: string): Observable<unknown> {
    return this.authorized((headers) =>
      this.http.post(
        `${this.base}/api/kiosk/bookings/${encodeURIComponent(bookingId)}/cancel`,
        null,
        { headers },
      ),
    );
  }

  /**
   * The patient's own record, as the API summarises it for a public screen: the hospitals that
   * know them, recent visits, diagnoses and results, and allergies.
   */
  record(): Observable<SharedRecord> {
    return this.authorized((headers) =>
      this.http.get<SharedRecord>(`${this.base}/api/kiosk/record`, { headers }),
    );
  }

  hospitals(): Observable<HospitalSummary[]> {
    return this.http.get<HospitalSummary[]>(`${this.base}/api/directory/hospitals`);
  }

  departments(): Observable<DepartmentEntry[]> {
    return this.http.get<DepartmentEntry[]>(`${this.base}/api/directory/departments`);
  }

  availability(params: AvailabilityParams): Observable<AvailableSlot[]> {
    const query: Record<string, string | number> = {
      department: params.department,
      from: params.from,
      to: params.to,
      limit: params.limit,
    };
    if (params.hospital) query['hospital'] = params.hospital;
    return this.http.get<AvailableSlot[]>(`${this.base}/api/availability`, { params: query });
  }

  private authorized<T>(call: (headers: HttpHeaders) => Observable<T>): Observable<T> {
    const token = this.store.token();
    if (!token) {
      return throwError(() => new HttpErrorResponse({ status: 401, statusText: 'No session' }));
    }
    return call(new HttpHeaders({ Authorization: `Bearer ${token}` })).pipe(
      catchError((error: unknown) => {
        if (
          error instanceof HttpErrorResponse &&
          error.status === 401 &&
          this.store.token() === token
        ) {
          this.store.clear();
        }
        return throwError(() => error);
      }),
    );
  }
}
