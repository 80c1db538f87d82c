import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { Autofocus } from '../../../shared/autofocus';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { KioskApi } from '../kiosk-api';
import type { Booking, KioskPatient } from '../kiosk-types';
import { problemMessage } from '../problem';

/**
 * The signed-in patient's home: a greeting with the masked name, the upcoming appointments as
 * large cards (each can be cancelled after a confirmation), a way to book another, and a way
 * to the patient's own health record.
 */
@Component({
  selector: 'app-patient-home',
  imports: [Autofocus, VnTimePipe],
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
  readonly signOut = output();

  protected readonly bookings = signal<readonly Booking[] | null>(null);
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
        next: (bookings) =>
          this.bookings.set(
            bookings
              .filter((b) => b.status === 'booked' || b.status === 'checked-in')
              .sort((a, b) => a.start.localeCompare(b.start)),
          ),
        error: (error: unknown) => this.loadError.set(problemMessage(error)),
      });
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
