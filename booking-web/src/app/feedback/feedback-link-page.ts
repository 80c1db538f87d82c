import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { FeedbackBody, FeedbackLinkInfo } from '@qn/contracts';

import { problemText } from '../core/auth/problem-details';
import { VnTimePipe } from '../shared/time/vn-time-pipe';
import { FeedbackApi } from './feedback-api';
import { FeedbackForm } from './feedback-form';

type PageState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'ready'; readonly info: FeedbackLinkInfo }
  | { readonly kind: 'thanks'; readonly info: FeedbackLinkInfo };

/**
 * The page the ticket's QR code opens (`/danh-gia/<token>`, no sign-in): the visit the link is
 * for, and the rating form while it can be rated; otherwise why not (already rated, visit still
 * ahead, more than 30 days ago). The hospital's reply is shown at the kiosk after a tap, not here:
 * a lost ticket must not show anyone what the hospital answered.
 */
@Component({
  selector: 'app-feedback-link-page',
  imports: [VnTimePipe, FeedbackForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './feedback-link-page.html',
  styleUrl: './feedback-link-page.scss',
})
export class FeedbackLinkPage {
  private readonly api = inject(FeedbackApi);
  private readonly destroyRef = inject(DestroyRef);

  /** From the route (`danh-gia/:token`). */
  readonly token = input.required<string>();

  protected readonly state = signal<PageState>({ kind: 'loading' });
  protected readonly submitting = signal(false);
  protected readonly submitError = signal<string | null>(null);

  constructor() {
    effect(() => {
      const token = this.token();
      untracked(() => this.load(token));
    });
  }

  private load(token: string): void {
    this.state.set({ kind: 'loading' });
    this.api
      .linkInfo(token)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (info) => this.state.set({ kind: 'ready', info }),
        error: (error: unknown) => this.state.set({ kind: 'failed', message: problemText(error) }),
      });
  }

  protected send(info: FeedbackLinkInfo, body: FeedbackBody): void {
    this.submitting.set(true);
    this.submitError.set(null);
    this.api
      .submitByLink(this.token(), body)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.submitting.set(false);
          this.state.set({ kind: 'thanks', info });
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          this.submitError.set(problemText(error));
        },
      });
  }
}
