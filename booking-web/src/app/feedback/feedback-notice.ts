import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { KioskFeedbackOverview } from '@qn/contracts';

import { KioskFeedbackApi } from './kiosk-feedback-api';

/** Replies newer than this are news on the home screen. */
const RECENT_REPLY_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * On the kiosk's home screen after a tap: the way to the "Đánh giá lượt khám" step, saying how
 * many visits wait for a rating and whether the hospital has answered the patient's feedback.
 * If that cannot be read the button is still there; the step says what went wrong.
 */
@Component({
  selector: 'app-feedback-notice',
  providers: [KioskFeedbackApi],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="notice" aria-labelledby="feedback-notice-title" data-testid="feedback-home">
      <div class="notice__text">
        <h2 id="feedback-notice-title" class="notice__title" i18n="@@feedback.home.title">
          Đánh giá lượt khám
        </h2>
        @if (toRate() > 0) {
          <p data-testid="visits-to-rate" i18n="@@feedback.home.toRate">
            Bạn có
            {{
              toRate() // i18n(ph="COUNT")
            }}
            lượt khám có thể đánh giá.
          </p>
        }
        @if (answered() > 0) {
          <p class="notice__replies" data-testid="new-replies" i18n="@@feedback.home.replies">
            Bệnh viện đã trả lời
            {{
              answered() // i18n(ph="COUNT")
            }}
            góp ý của bạn.
          </p>
        }
      </div>
      <button type="button" class="kiosk-btn" (click)="open.emit()" data-testid="open-feedback">
        <span aria-hidden="true">★</span>
        @if (answered() > 0) {
          <span i18n="@@feedback.home.openReplies">Xem trả lời và đánh giá</span>
        } @else {
          <span i18n="@@feedback.home.open">Đánh giá lượt khám</span>
        }
      </button>
    </section>
  `,
  styles: `
    .notice {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 1rem 2rem;
      padding: 1.25rem 1.5rem;
      border: 3px solid var(--qn-line);
      border-radius: 1rem;
      background: var(--qn-surface);
      font-size: 1.5rem;
    }
    .notice__title {
      margin: 0;
      font-size: 1.75rem;
    }
    .notice p {
      margin: 0.25rem 0 0;
    }
    .notice__replies {
      color: var(--qn-ok-ink);
      font-weight: 800;
    }
  `,
})
export class FeedbackNotice {
  readonly open = output();

  private readonly overview = signal<KioskFeedbackOverview | null>(null);
  protected readonly toRate = computed(() => this.overview()?.visits.length ?? 0);
  protected readonly answered = computed(() => {
    const since = Date.now() - RECENT_REPLY_MS;
    return (this.overview()?.feedback ?? []).filter((f) =>
      f.replies.some((r) => Date.parse(r.at) >= since),
    ).length;
  });

  constructor() {
    inject(KioskFeedbackApi)
      .overview()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (overview) => this.overview.set(overview),
        error: () => undefined, // the button stays; the step itself says what went wrong
      });
  }
}
