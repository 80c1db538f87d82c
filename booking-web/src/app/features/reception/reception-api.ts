import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AvailableSlot, Booking, HospitalSummary, PatientSearchResult } from '@qn/contracts';
import type { Observable } from 'rxjs';

import { API_BASE_URL } from '../../core/api-config';
import type { DepartmentEntry } from '../kiosk/kiosk-types';

export interface SlotQuery {
  /** Department code, e.g. `tim-mach`. */
  readonly department: string;
  /** Null: every hospital, earliest first. */
  readonly hospital: string | null;
  /** First and last local day, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  readonly limit: number;
}

/**
 * The reception face's API calls. The receptionist's token is added by the auth interceptor,
 * which also sends the user to sign-in on a 401.
 */
@Injectable({ providedIn: 'root' })
export class ReceptionApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  /** CCCD, BHYT number, phone, birth date (dd/mm/yyyy), MRN, or a name with or without diacritics. */
  searchPatients(query: string): Observable<PatientSearchResult[]> {
    return this.http.get<PatientSearchResult[]>(`${this.base}/api/patients`, {
      params: { q: query },
    });
  }

  /** The patient's bookings that are not over and not cancelled, earliest first. */
  upcomingBookings(patientId: string): Observable<Booking[]> {
    return this.http.get<Booking[]>(
      `${this.base}/api/patients/${encodeURIComponent(patientId)}/bookings`,
      { params: { upcoming: 'true' } },
    );
  }

  hospitals(): Observable<HospitalSummary[]> {
    return this.http.get<HospitalSummary[]>(`${this.base}/api/directory/hospitals`);
  }

  departments(): Observable<DepartmentEntry[]> {
    return this.http.get<DepartmentEntry[]>(`${this.base}/api/directory/departments`);
  }

  availability(query: SlotQuery): Observable<AvailableSlot[]> {
    const params: Record<string, string | number> = {
      from: query.from,
      to: query.to,
      department: query.department,
      limit: query.limit,
    };
    if (query.hospital) params['hospital'] = query.hospital;
    return this.http.get<AvailableSlot[]>(`${this.base}/api/availability`, { params });
  }

  /**
   * Books `slotId` for the patient. `idempotencyKey` names this one attempt: send the same key
   * again only to retry it when its answer was lost, so the retry cannot book twice.
   */
  book(slotId: string, patientId: string, idempotencyKey: string): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/bookings`,
      { slotId, patientId },
      { headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }) },
    );
  }

  cancel(bookingId: string): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/bookings/${encodeURIComponent(bookingId)}/cancel`,
      null,
    );
  }
}
