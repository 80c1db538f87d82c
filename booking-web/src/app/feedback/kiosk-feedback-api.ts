import { HttpClient, HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  FeedbackBody,
  FeedbackLink,
  KioskFeedbackOverview,
  PatientFeedback,
} from '@qn/contracts';
import { type Observable, catchError, throwError } from 'rxjs';

import { API_BASE_URL } from '../core/api-config';
import { KioskStore } from '../features/kiosk/kiosk-store';

/**
 * The kiosk session's feedback calls, with the session token as bearer. As in `KioskApi`, a 401
 * ends the kiosk session, but only if it is still the same one. Each kiosk feedback component
 * provides it, so it finds the store of the kiosk page it sits in.
 */
@Injectable()
export class KioskFeedbackApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);
  private readonly store = inject(KioskStore);

  overview(): Observable<KioskFeedbackOverview> {
    return this.authorized((headers) =>
      this.http.get<KioskFeedbackOverview>(`${this.base}/api/kiosk/feedback`, { headers }),
    );
  }

  submit(bookingId: string, body: FeedbackBody): Observable<PatientFeedback> {
    return this.authorized((headers) =>
      this.http.post<PatientFeedback>(
        `${this.base}/api/kiosk/feedback`,
        { bookingId, ...body },
        { headers },
      ),
    );
  }

  /** The link printed on the ticket of one of the patient's own bookings. */
  link(bookingId: string): Observable<FeedbackLink> {
    return this.authorized((headers) =>
      this.http.get<FeedbackLink>(
        `${this.base}/api/kiosk/feedback/links/${encodeURIComponent(bookingId)}`,
        { headers },
      ),
    );
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
