import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
// crypto.randomUUID exists only in secure contexts; a kiosk may load the app over plain HTTP on
// the hospital network, where uuid falls back to crypto.getRandomValues.
import { v4 as uuidv4 } from 'uuid';

import { Autofocus } from '../../../shared/autofocus';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { KioskApi } from '../kiosk-api';
import type { AvailableSlot, Booking } from '../kiosk-types';
import { httpStatus, problemAlternatives, problemMessage } from '../problem';

/**
 * Step 5: the summary and the confirm button. One confirmation of one slot has one
 * idempotency key, reused when the patient retries after an error, so a retry never books
 * twice; a different slot gets a new key. When the seat was taken meanwhile (409), the API's
 * alternatives are offered in place.
 */
@Component({
  selector: 'app-confirm-step',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './confirm-step.html',
})
export class ConfirmStep {
  private readonly api = inject(KioskApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly slot = input.required<AvailableSlot>();
  readonly booked = output<Booking>();
  /** The patient picked one of the alternatives offered after a 409. */
  readonly switchTo = output<AvailableSlot>();

  /** The key of the current slot's confirmation; a new slot starts without one. */
  private readonly idempotencyKey = linkedSignal<AvailableSlot, string | null>({
    source: this.slot,
    computation: () => null,
  });

  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly alternatives = linkedSignal<AvailableSlot, readonly AvailableSlot[] | null>({
    source: this.slot,
    computation: () => null,
  });

  protected confirm(): void {
    if (this.submitting()) return;
    const key = this.idempotencyKey() ?? uuidv4();
    this.idempotencyKey.set(key);
    this.submitting.set(true);
    this.error.set(null);
    this.api
      .book(this.slot().slotId, key)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (booking) => {
          this.submitting.set(false);
          this.booked.emit(booking);
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          this.error.set(problemMessage(error));
          if (httpStatus(error) === 409) {
            this.alternatives.set(problemAlternatives(error).filter((s) => s.seatsLeft > 0));
          }
        },
      });
  }

  protected choose(alternative: AvailableSlot): void {
    this.error.set(null);
    this.switchTo.emit(alternative);
  }
}
