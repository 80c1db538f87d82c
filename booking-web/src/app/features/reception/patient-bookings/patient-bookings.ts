import { formatDate } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  Injector,
  LOCALE_ID,
  afterNextRender,
  afterRenderEffect,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import type { Booking } from '@qn/contracts';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import { problemText } from '../../../core/auth/problem-details';
import { VN_UTC_OFFSET, VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { FeedbackLinkCard } from '../feedback-link-card/feedback-link-card';
import { ReceptionApi } from '../reception-api';
import { RescheduleBooking } from '../reschedule-booking/reschedule-booking';

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly bookings: readonly Booking[] }
  | { readonly kind: 'error'; readonly message: string };

/**
 * A patient's upcoming bookings at every hospital, each cancellable after a confirmation in a
 * modal dialog (Escape or "Không" keeps it), or moved to another time ("Đổi giờ", with a slot
 * picker below the list). A visit already checked in can have its feedback slip printed ("In
 * phiếu đánh giá": the link's QR code, below the list). Reloads when `version` changes.
 */
@Component({
  selector: 'app-patient-bookings',
  imports: [VnTimePipe, RescheduleBooking, FeedbackLinkCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-bookings.html',
  styleUrl: './patient-bookings.scss',
})
export class PatientBookings {
  private readonly api = inject(ReceptionApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);
  private readonly locale = inject(LOCALE_ID);

  readonly patientId = input.required<string>();
  /** Bumped by the parent after it booked for this patient. */
  readonly version = input(0);

  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly heading = viewChild.required<ElementRef<HTMLElement>>('heading');

  private readonly retries = signal(0);
  protected readonly state = signal<ListState>({ kind: 'loading' });
  /** The booking whose cancellation is being confirmed. */
  protected readonly confirming = signal<Booking | null>(null);
  protected readonly cancelling = signal(false);
  protected readonly cancelError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  /** The booking being moved, as a list of one so the picker starts afresh for each. */
  protected readonly moving = signal<readonly Booking[]>([]);
  /** The checked-in visit whose feedback slip is shown, as a list of one (a fresh card each). */
  protected readonly feedbackFor = signal<readonly Booking[]>([]);

  protected readonly bookings = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.bookings : null;
  });

  constructor() {
    toObservable(
      computed(() => ({ id: this.patientId(), version: this.version(), retry: this.retries() })),
    )
      .pipe(
        switchMap(({ id }) =>
          this.api.upcomingBookings(id).pipe(
            map((bookings): ListState => ({
              kind: 'ready',
              bookings: [...bookings]
                .filter((b) => b.status === 'booked' || b.status === 'checked-in')
                .sort((a, b) => a.start.localeCompare(b.start)),
            })),
            catchError((error: unknown) =>
              of<ListState>({ kind: 'error', message: problemText(error) }),
            ),
            startWith<ListState>({ kind: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));

    afterRenderEffect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.confirming() && !dialog.open) dialog.showModal();
      else if (!this.confirming() && dialog.open) dialog.close();
    });
  }

  protected askMove(booking: Booking): void {
    this.notice.set(null);
    this.moving.set([booking]);
  }

  protected showFeedbackLink(booking: Booking): void {
    this.feedbackFor.set([booking]);
  }

  protected closeFeedbackLink(): void {
    this.feedbackFor.set([]);
    afterNextRender(() => this.heading().nativeElement.focus(), { injector: this.injector });
  }

  protected stopMoving(): void {
    this.moving.set([]);
    afterNextRender(() => this.heading().nativeElement.focus(), { injector: this.injector });
  }

  /** Moved: say where to, and read the list again (the old booking is cancelled). */
  protected moved(booking: Booking): void {
    const time = formatDate(booking.start, 'HH:mm dd/MM/yyyy', this.locale, VN_UTC_OFFSET);
    this.notice.set(
      $localize`:@@reception.bookings.moved:Đã đổi lịch khám ${booking.serviceName}:DEPARTMENT: sang ${time}:TIME:, số thứ tự mới ${booking.queueNumber}:QUEUE:.`,
    );
    this.stopMoving();
    this.retry();
  }

  protected retry(): void {
    this.retries.update((n) => n + 1);
  }

  protected askCancel(booking: Booking): void {
    this.notice.set(null);
    this.cancelError.set(null);
    this.confirming.set(booking);
  }

  /** "Không" or Escape: nothing is sent. */
  protected keep(event?: Event): void {
    event?.preventDefault();
    if (this.cancelling()) return;
    this.confirming.set(null);
    this.cancelError.set(null);
  }

  protected cancel(): void {
    const booking = this.confirming();
    if (!booking || this.cancelling()) return;
    this.cancelling.set(true);
    this.cancelError.set(null);
    this.api
      .cancel(booking.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.cancelling.set(false);
          this.confirming.set(null);
          this.state.update((state) =>
            state.kind === 'ready'
              ? { ...state, bookings: state.bookings.filter((b) => b.id !== booking.id) }
              : state,
          );
          this.notice.set(
            $localize`:@@reception.bookings.cancelled:Đã hủy lịch khám ${booking.serviceName}:DEPARTMENT: tại ${booking.hospitalName}:HOSPITAL:.`,
          );
          // The row and its button are gone: put focus somewhere that still exists.
          afterNextRender(() => this.heading().nativeElement.focus(), { injector: this.injector });
        },
        error: (error: unknown) => {
          this.cancelling.set(false);
          this.cancelError.set(problemText(error));
        },
      });
  }
}
