import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { Autofocus } from '../../../shared/autofocus';
import { FeedbackNotice } from '../../../feedback/feedback-notice';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { KioskApi } from '../kiosk-api';
import type { Booking, KioskPatient, WaitlistEntry } from '../kiosk-types';
import { kioskProblemText, problemMessage } from '../problem';

/**
 * The signed-in patient's home: a greeting with the masked name, the upcoming appointments as
 * large cards (each can be cancelled after a confirmation, or moved to another time), a way to
 * book another, and a way to the patient's own health record. A seat offered from the waitlist
 * comes first, to take or let go; the places the patient waits in follow, each can be left.
 */
@Component({
  selector: 'app-patient-home',
  imports: [Autofocus, VnTimePipe, FeedbackNotice],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-home.html',
  styleUrl: './patient-home.scss',
})
export class PatientHome {
  private readonly api = inject(KioskApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly patient = input.required<KioskPatient>();
  readonly book = output();
  /** The patient wants to see their own health record. */
  readonly record = output();
  /** The patient wants to rate a visit or read the hospital's replies. */
  readonly feedback = output();
  readonly signOut = output();
  /** The patient took a seat offered from the waitlist: show its ticket. */
  readonly booked = output<Booking>();
  /** The patient wants another time for this appointment. */
  readonly reschedule = output<Booking>();

  protected readonly bookings = signal<readonly Booking[] | null>(null);
  /** Seats held for the patient from the waitlist, earliest deadline first. */
  protected readonly offers = signal<readonly Booking[]>([]);
  protected readonly waitlist = signal<readonly WaitlistEntry[] | null>(null);
  protected readonly waitlistError = signal<string | null>(null);
  /** Places still waiting for a seat (an offered one is shown as its offer). */
  protected readonly waiting = computed(
    () => this.waitlist()?.filter((e) => e.status === 'waiting') ?? [],
  );
  /** The offer or waitlist entry being answered, so its buttons wait for the API. */
  protected readonly busy = signal<string | null>(null);
  /** Why an offer could not be taken or let go, or a place not left, by id. */
  protected readonly actionError = signal<{ readonly id: string; readonly text: string } | null>(
    null,
  );
  protected readonly loadError = signal<string | null>(null);
  /** The appointment whose cancellation is being confirmed. */
  protected readonly confirming = signal<string | null>(null);
  protected readonly cancelling = signal(false);
  protected readonly cancelError = signal<string | null>(null);
  /** Spoken and shown after a cancellation. */
  protected readonly notice = signal<string | null>(null);

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loadError.set(null);
    this.api
      .bookings()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (bookings) => {
          this.offers.set(
            bookings
              .filter((b) => b.status === 'held' && b.waitlistEntryId && b.holdExpiresAt)
              .sort((a, b) => a.holdExpiresAt!.localeCompare(b.holdExpiresAt!)),
          );
          this.bookings.set(
            bookings
              .filter((b) => b.status === 'booked' || b.status === 'checked-in')
              .sort((a, b) => a.start.localeCompare(b.start)),
          );
        },
        error: (error: unknown) => this.loadError.set(problemMessage(error)),
      });
    this.loadWaitlist();
  }

  protected loadWaitlist(): void {
    this.waitlistError.set(null);
    this.api
      .waitlist()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (entries) => this.waitlist.set(entries),
        error: (error: unknown) => this.waitlistError.set(problemMessage(error)),
      });
  }

  /** "Nhận chỗ": the offered seat becomes a booking, and its ticket is shown. */
  protected takeOffer(offer: Booking): void {
    if (this.busy()) return;
    this.startAction(offer.id);
    this.api
      .confirmHold(offer.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (booking) => {
          this.busy.set(null);
          this.booked.emit(booking);
        },
        error: (error: unknown) => {
          this.busy.set(null);
          this.actionError.set({ id: offer.id, text: kioskProblemText(error) });
        },
      });
  }

  /** "Không cần": the seat goes to the next patient, and this place in the queue ends with it. */
  protected declineOffer(offer: Booking): void {
    if (this.busy()) return;
    this.startAction(offer.id);
    this.api
      .releaseHold(offer.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.busy.set(null);
          this.offers.update((list) => list.filter((b) => b.id !== offer.id));
          this.waitlist.update(
            (list) => list?.filter((e) => e.id !== offer.waitlistEntryId) ?? null,
          );
          this.notice.set(
            $localize`:@@kiosk.home.offer.declined:Đã trả lại chỗ trống ${offer.serviceName}:DEPARTMENT: cho người khác. Bạn không còn trong danh sách chờ của khoa này.`,
          );
        },
        error: (error: unknown) => {
          this.busy.set(null);
          this.actionError.set({ id: offer.id, text: kioskProblemText(error) });
        },
      });
  }

  /** "Rời danh sách chờ". */
  protected withdraw(entry: WaitlistEntry): void {
    if (this.busy()) return;
    this.startAction(entry.id);
    this.api
      .withdrawWaitlist(entry.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.busy.set(null);
          this.waitlist.update((list) => list?.filter((e) => e.id !== entry.id) ?? null);
          this.notice.set(
            $localize`:@@kiosk.home.waitlist.left:Bạn đã rời danh sách chờ khoa ${entry.serviceName}:DEPARTMENT: tại ${entry.hospitalName}:HOSPITAL:.`,
          );
        },
        error: (error: unknown) => {
          this.busy.set(null);
          this.actionError.set({ id: entry.id, text: kioskProblemText(error) });
        },
      });
  }

  private startAction(id: string): void {
    this.busy.set(id);
    this.actionError.set(null);
    this.notice.set(null);
  }

  protected askCancel(booking: Booking): void {
    this.cancelError.set(null);
    this.notice.set(null);
    this.confirming.set(booking.id);
  }

  protected keep(): void {
    this.confirming.set(null);
    this.cancelError.set(null);
  }

  protected cancel(booking: Booking): void {
    this.cancelling.set(true);
    this.cancelError.set(null);
    this.api
      .cancel(booking.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.cancelling.set(false);
          this.confirming.set(null);
          this.bookings.update((list) => list?.filter((b) => b.id !== booking.id) ?? null);
          this.notice.set(
            $localize`:@@kiosk.home.cancelled:Đã hủy lịch khám ${booking.serviceName}:DEPARTMENT: tại ${booking.hospitalName}:HOSPITAL:.`,
          );
        },
        error: (error: unknown) => {
          this.cancelling.set(false);
          this.cancelError.set(problemMessage(error));
        },
      });
  }
}
