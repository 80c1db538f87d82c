import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type {
  FeedbackBody,
  FeedbackVisit,
  KioskFeedbackOverview,
  PatientFeedback,
} from '@qn/contracts';

import { Autofocus } from '../shared/autofocus';
import { VnTimePipe } from '../shared/time/vn-time-pipe';
import { problemMessage } from '../features/kiosk/problem';
import { FeedbackForm } from './feedback-form';
import {
  FEEDBACK_ASPECTS,
  aspectLabel,
  statusIcon,
  statusLabel,
  visitStatusLabel,
} from './feedback-labels';
import { KioskFeedbackApi } from './kiosk-feedback-api';

/**
 * The kiosk's "Đánh giá lượt khám" step after a tap: the visits of the last 30 days the patient
 * can still rate (checked in or cancelled, not yet rated), one at a time through the rating form,
 * and the patient's earlier feedback with the hospital's replies. All of it lives in this
 * component, so leaving the step or ending the session leaves nothing behind.
 */
@Component({
  selector: 'app-kiosk-feedback',
  imports: [Autofocus, VnTimePipe, FeedbackForm],
  providers: [KioskFeedbackApi],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './kiosk-feedback.html',
  styleUrl: './kiosk-feedback.scss',
})
export class KioskFeedback {
  private readonly api = inject(KioskFeedbackApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly back = output();
  readonly signOut = output();

  protected readonly overview = signal<KioskFeedbackOverview | null>(null);
  protected readonly loadError = signal<string | null>(null);
  /** The visit being rated. */
  protected readonly rating = signal<FeedbackVisit | null>(null);
  protected readonly submitting = signal(false);
  protected readonly submitError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  protected readonly aspects = FEEDBACK_ASPECTS;
  protected readonly aspectLabel = aspectLabel;
  protected readonly statusLabel = statusLabel;
  protected readonly statusIcon = statusIcon;
  protected readonly visitStatusLabel = visitStatusLabel;

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loadError.set(null);
    this.api
      .overview()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (overview) => this.overview.set(overview),
        error: (error: unknown) => this.loadError.set(problemMessage(error)),
      });
  }

  protected choose(visit: FeedbackVisit): void {
    this.notice.set(null);
    this.submitError.set(null);
    this.rating.set(visit);
  }

  protected cancelRating(): void {
    this.rating.set(null);
    this.submitError.set(null);
  }

  protected send(visit: FeedbackVisit, body: FeedbackBody): void {
    this.submitting.set(true);
    this.submitError.set(null);
    this.api
      .submit(visit.bookingId, body)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (feedback: PatientFeedback) => {
          this.submitting.set(false);
          this.rating.set(null);
          this.overview.update((current) =>
            current
              ? {
                  visits: current.visits.filter((v) => v.bookingId !== visit.bookingId),
                  feedback: [feedback, ...current.feedback],
                }
              : current,
          );
          this.notice.set(
            $localize`:@@feedback.kiosk.thanks:Cảm ơn bạn đã đánh giá lượt khám ${visit.serviceName}:DEPARTMENT: tại ${visit.hospitalName}:HOSPITAL:. Bệnh viện sẽ xem góp ý của bạn.`,
          );
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          this.submitError.set(problemMessage(error));
        },
      });
  }
}
