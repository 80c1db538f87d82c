import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AvailableSlot, Facility } from '@qn/contracts';
import { type Observable, map } from 'rxjs';

import { API_BASE_URL } from '../../core/api-config';

export type { Facility, FacilityContact } from '@qn/contracts';

/** How far ahead "Đặt lịch khám" looks for a department's first free time. */
export const BOOKING_LOOKAHEAD_DAYS = 30;

/** The public directory's calls: no sign-in, nothing about any person. */
@Injectable({ providedIn: 'root' })
export class FacilitiesApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  /** The hospitals with address, coordinates, contacts and departments (read from HAPI FHIR). */
  facilities(): Observable<Facility[]> {
    return this.http.get<Facility[]>(`${this.base}/api/directory/facilities`);
  }

  /** The first free slot of one department of one hospital between two local days, or null. */
  firstFreeSlot(
    hospitalId: string,
    departmentCode: string,
    from: string,
    to: string,
  ): Observable<AvailableSlot | null> {
    return this.http
      .get<AvailableSlot[]>(`${this.base}/api/availability`, {
        params: { hospital: hospitalId, department: departmentCode, from, to, limit: 1 },
      })
      .pipe(map((slots) => slots[0] ?? null));
  }
}
