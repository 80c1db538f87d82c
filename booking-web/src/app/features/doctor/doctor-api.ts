import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { PatientSearchResult, SharedRecord } from '@qn/contracts';
import { type Observable, map } from 'rxjs';

import { API_BASE_URL } from '../../core/api-config';

/** One look at (or change to) a patient's record, from the audit log. */
export interface RecordAccess {
  readonly at: string;
  readonly who: string | null;
  readonly role: string | null;
  readonly hospital: string | null;
  readonly action: string;
  readonly outcome: string | null;
  /** Break-glass: the reason the doctor gave. */
  readonly purpose: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

/**
 * Reads the access list in either shape: the agreed array of `{ at, userDisplayName, role,
 * action, outcome }`, or `{ accesses: [{ at, action, who: { displayName, role, hospital },
 * purpose }] }` as the API's audit routes answer today.
 */
export function toRecordAccesses(body: unknown): RecordAccess[] {
  const list: unknown = Array.isArray(body)
    ? body
    : body && typeof body === 'object'
      ? (body as { accesses?: unknown }).accesses
      : null;
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw: unknown) => {
    if (!raw || typeof raw !== 'object') return [];
    const item = raw as Record<string, unknown>;
    const who = (item['who'] && typeof item['who'] === 'object' ? item['who'] : {}) as Record<
      string,
      unknown
    >;
    const at = text(item['at']);
    const action = text(item['action']);
    if (!at || !action) return [];
    return [
      {
        at,
        action,
        who: text(item['userDisplayName']) ?? text(who['displayName']),
        role: text(item['role']) ?? text(who['role']),
        hospital: text(item['hospital']) ?? text(who['hospital']),
        outcome: text(item['outcome']),
        purpose: text(item['purpose']),
      },
    ];
  });
}

/** The doctor face's API calls; the staff token is added by the auth interceptor. */
@Injectable({ providedIn: 'root' })
export class DoctorApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  /** CCCD, BHYT number, name with or without diacritics, birth date or phone. */
  searchPatients(query: string): Observable<PatientSearchResult[]> {
    return this.http.get<PatientSearchResult[]>(`${this.base}/api/patients`, {
      params: { q: query },
    });
  }

  /** The shared record; 403 `break-glass-required` when the doctor is not treating the patient. */
  record(patientId: string): Observable<SharedRecord> {
    return this.http.get<SharedRecord>(
      `${this.base}/api/patients/${encodeURIComponent(patientId)}/record`,
    );
  }

  /** Emergency access with a reason; the API logs it for review. */
  breakGlass(patientId: string, reason: string): Observable<SharedRecord> {
    return this.http.post<SharedRecord>(
      `${this.base}/api/patients/${encodeURIComponent(patientId)}/record/break-glass`,
      { reason },
    );
  }

  /** Who has opened this record, newest first. */
  recordAccesses(patientId: string): Observable<RecordAccess[]> {
    return this.http
      .get<unknown>(`${this.base}/api/audit/patients/${encodeURIComponent(patientId)}/access`)
      .pipe(map(toRecordAccesses));
  }
}
