import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import type { FeedbackAspect, FeedbackBody, FeedbackRatings } from '@qn/contracts';

import {
  FEEDBACK_ASPECTS,
  FEEDBACK_COMMENT_MAX,
  RATING_VALUES,
  aspectLabel,
  commentLength,
  ratingWord,
} from './feedback-labels';

let nextId = 0;

/**
 * The rating form shared by the kiosk and the ticket link's page: the four aspects, each 1 to 5
 * as a group of large radio buttons with the number and its words, and an optional comment of at
 * most 2,000 characters with a counter. Nothing is sent until every aspect has a rating; what is
 * missing is said in words next to the button and at each group.
 */
@Component({
  selector: 'app-feedback-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './feedback-form.html',
  styleUrl: './feedback-form.scss',
  host: { '[class.feedback-form--kiosk]': "variant() === 'kiosk'" },
})
export class FeedbackForm {
  /** Kiosk: very large type and targets; web: a phone's. */
  readonly variant = input<'kiosk' | 'web'>('web');
  readonly submitting = input(false);
  /** The API's refusal, in its own words. */
  readonly error = input<string | null>(null);
  readonly submitted = output<FeedbackBody>();

  protected readonly id = `feedback-form-${++nextId}`;
  protected readonly aspects = FEEDBACK_ASPECTS;
  protected readonly values = RATING_VALUES;
  protected readonly max = FEEDBACK_COMMENT_MAX;
  protected readonly aspectLabel = aspectLabel;
  protected readonly ratingWord = ratingWord;

  protected readonly ratings = signal<Partial<Record<FeedbackAspect, number>>>({});
  protected readonly comment = signal('');
  /** Errors are shown once the patient has tried to send. */
  protected readonly tried = signal(false);

  protected readonly length = computed(() => commentLength(this.comment()));
  protected readonly tooLong = computed(() => this.length() > FEEDBACK_COMMENT_MAX);
  protected readonly missing = computed(() =>
    FEEDBACK_ASPECTS.filter((aspect) => this.ratings()[aspect] === undefined),
  );
  protected readonly problems = computed(() => [
    ...this.missing().map(
      (aspect) =>
        $localize`:@@feedback.form.missing:Vui lòng chọn mức đánh giá cho “${aspectLabel(aspect)}:ASPECT:”.`,
    ),
    ...(this.tooLong()
      ? [
          $localize`:@@feedback.form.tooLong:Góp ý dài ${this.length()}:COUNT: ký tự, quá ${FEEDBACK_COMMENT_MAX}:MAX: ký tự cho phép. Vui lòng viết ngắn lại.`,
        ]
      : []),
  ]);

  protected rate(aspect: FeedbackAspect, value: number): void {
    this.ratings.update((current) => ({ ...current, [aspect]: value }));
  }

  protected typed(event: Event): void {
    this.comment.set((event.target as HTMLTextAreaElement).value);
  }

  protected send(event: Event): void {
    event.preventDefault();
    this.tried.set(true);
    if (this.problems().length > 0 || this.submitting()) return;
    const ratings = this.ratings() as FeedbackRatings;
    const comment = this.comment().normalize('NFC').trim();
    this.submitted.emit({
      ratings: {
        waitingTime: ratings.waitingTime,
        staff: ratings.staff,
        cleanliness: ratings.cleanliness,
        overall: ratings.overall,
      },
      ...(comment ? { comment } : {}),
    });
  }
}
