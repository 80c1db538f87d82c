import { HttpClient, HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ConsentState, SharedRecord } from '@qn/contracts';
import { type Observable, catchError, throwError } from 'rxjs';

import { API_BASE_URL } from '../../core/api-config';
import { KioskStore } from './kiosk-store';
import type {
  AvailableSlot,
  Booking,
  DepartmentEntry,
  HospitalSummary,
  KioskSession,
  RecordAccessPage,
  WaitlistEntry,
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

  /**
   * Holds a seat of `slotId` for a few minutes (the API says until when in `holdExpiresAt`).
   * Send the same `idempotencyKey` again only to retry the same hold.
   */
  hold(slotId: string, idempotencyKey: string): Observable<Booking> {
    return this.authorized((headers) =>
      this.http.post<Booking>(
        `${this.base}/api/kiosk/holds`,
        { slotId },
        { headers: headers.set('Idempotency-Key', idempotencyKey) },
      ),
    );
  }

  /** Turns a held seat (the kiosk's own hold, or a waitlist offer) into a booking with a queue number. */
  confirmHold(holdId: string): Observable<Booking> {
    return this.authorized((headers) =>
      this.http.post<Booking>(
        `${this.base}/api/kiosk/holds/${encodeURIComponent(holdId)}/confirm`,
        null,
        { headers },
      ),
    );
  }

  /** Lets a held seat go at once, for the next patient. */
  releaseHold(holdId: string): Observable<Booking> {
    return this.authorized((headers) => this.releaseWith(headers, holdId));
  }

  /**
   * Lets a held seat go with a token the store may no longer have: the session is being ended,
   * and the seat must be let go before the token stops working.
   */
  releaseHoldAs(token: string, holdId: string): Observable<Booking> {
    return this.releaseWith(new HttpHeaders({ Authorization: `Bearer ${token}` }), holdId);
  }

  /** Moves a booking to `slotId`; answers the new booking (the old one is cancelled). */
  reschedule(bookingId: string, slotId: string, idempotencyKey: string): Observable<Booking> {
    return this.authorized((headers) =>
      this.http.post<Booking>(
        `${this.base}/api/kiosk/bookings/${encodeURIComponent(bookingId)}/reschedule`,
        { slotId },
        { headers: headers.set('Idempotency-Key', idempotencyKey) },
      ),
    );
  }

  /** The patient's decision on sharing their record between the hospitals. */
  consent(): Observable<ConsentState> {
    return this.authorized((headers) =>
      this.http.get<ConsentState>(`${this.base}/api/kiosk/consent`, { headers }),
    );
  }

  /** The patient permits (`true`) or withdraws (`false`) sharing between the hospitals. */
  setConsent(share: boolean): Observable<ConsentState> {
    return this.authorized((headers) =>
      this.http.put<ConsentState>(`${this.base}/api/kiosk/consent`, { share }, { headers }),
    );
  }

  /** The patient's waitlist entries, newest first, whatever their status. */
  waitlist(): Observable<WaitlistEntry[]> {
    return this.authorized((headers) =>
      this.http.get<WaitlistEntry[]>(`${this.base}/api/kiosk/waitlist`, { headers }),
    );
  }

  /** Waits for a seat of one department of one hospital (`serviceId`) on the days given. */
  joinWaitlist(serviceId: string, fromDay: string, toDay: string): Observable<WaitlistEntry> {
    return this.authorized((headers) =>
      this.http.post<WaitlistEntry>(
        `${this.base}/api/kiosk/waitlist`,
        { serviceId, fromDay, toDay },
        { headers },
      ),
    );
  }

  withdrawWaitlist(entryId: string): Observable<WaitlistEntry> {
    return this.authorized((headers) =>
      this.http.post<WaitlistEntry>(
        `${this.base}/api/kiosk/waitlist/${encodeURIComponent(entryId)}/withdraw`,
        null,
        { headers },
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

  /**
   * Who has looked at or changed the signed-in patient's record, newest first: the audit log's
   * view for the patient. Always the session's own patient (the API refuses any other).
   */
  recordAccesses(limit: number): Observable<RecordAccessPage> {
    return this.authorized((headers, session) =>
      this.http.get<RecordAccessPage>(
        `${this.base}/api/audit/patients/${encodeURIComponent(session.patient.id)}/access`,
        { headers, params: { limit } },
      ),
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

  private releaseWith(headers: HttpHeaders, holdId: string): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/kiosk/holds/${encodeURIComponent(holdId)}/release`,
      null,
      { headers },
    );
  }

  private authorized<T>(
    call: (headers: HttpHeaders, session: KioskSession) => Observable<T>,
  ): Observable<T> {
    const session = this.store.session();
    if (!session?.token) {
      return throwError(() => new HttpErrorResponse({ status: 401, statusText: 'No session' }));
    }
    const token = session.token;
    return call(new HttpHeaders({ Authorization: `Bearer ${token}` }), session).pipe(
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
