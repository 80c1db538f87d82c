import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  FeedbackBody,
  FeedbackLinkInfo,
  FeedbackQueue,
  FeedbackStatus,
  PatientFeedback,
  PublicFeedbackFigures,
  StaffFeedback,
} from '@qn/contracts';
import type { Observable } from 'rxjs';

import { API_BASE_URL } from '../core/api-config';
import type { DepartmentEntry } from '../features/kiosk/kiosk-types';

export interface QueueParams {
  readonly department?: string | null;
  readonly status?: FeedbackStatus | null;
  readonly before?: string | null;
  readonly limit?: number;
}

/**
 * The feedback endpoints for staff (the auth interceptor adds their token), for the ticket link
 * (no sign-in) and for the public page.
 */
@Injectable({ providedIn: 'root' })
export class FeedbackApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  queue(hospitalId: string, params: QueueParams = {}): Observable<FeedbackQueue> {
    const query: Record<string, string | number> = {};
    if (params.department) query['department'] = params.department;
    if (params.status) query['status'] = params.status;
    if (params.before) query['before'] = params.before;
    if (params.limit) query['limit'] = params.limit;
    return this.http.get<FeedbackQueue>(
      `${this.base}/api/hospitals/${encodeURIComponent(hospitalId)}/feedback`,
      { params: query },
    );
  }

  reply(feedbackId: string, text: string): Observable<StaffFeedback> {
    return this.http.post<StaffFeedback>(
      `${this.base}/api/feedback/${encodeURIComponent(feedbackId)}/replies`,
      { text },
    );
  }

  resolve(feedbackId: string, note: string): Observable<StaffFeedback> {
    return this.http.post<StaffFeedback>(
      `${this.base}/api/feedback/${encodeURIComponent(feedbackId)}/resolve`,
      note.trim() ? { note } : {},
    );
  }

  /** Departments of the three hospitals, for the queue's filter. */
  departments(): Observable<DepartmentEntry[]> {
    return this.http.get<DepartmentEntry[]>(`${this.base}/api/directory/departments`);
  }

  linkInfo(token: string): Observable<FeedbackLinkInfo> {
    return this.http.get<FeedbackLinkInfo>(
      `${this.base}/api/feedback-links/${encodeURIComponent(token)}`,
    );
  }

  submitByLink(token: string, body: FeedbackBody): Observable<PatientFeedback> {
    return this.http.post<PatientFeedback>(
      `${this.base}/api/feedback-links/${encodeURIComponent(token)}`,
      body,
    );
  }

  publicFigures(): Observable<PublicFeedbackFigures> {
    return this.http.get<PublicFeedbackFigures>(`${this.base}/api/feedback/public`);
  }
}
