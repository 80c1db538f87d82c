import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
// crypto.randomUUID exists only in secure contexts; see confirm-step.ts.
import { v4 as uuidv4 } from 'uuid';

import { Autofocus } from '../../../shared/autofocus';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { KioskApi } from '../kiosk-api';
import type { AvailableSlot, Booking } from '../kiosk-types';
import { httpStatus, kioskProblemText, problemAlternatives, problemKind } from '../problem';

/**
 * The last step of "Đổi giờ": the old and the new time side by side and one button that moves
 * the appointment. Each slot shown gets its own idempotency key, reused only when the patient
 * retries after a lost answer. A full slot (409) offers the API's other times at the same
 * department and hospital.
 */
@Component({
  selector: 'app-reschedule-confirm',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './reschedule-confirm.html',
})
export class RescheduleConfirm {
  private readonly api = inject(KioskApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly booking = input.required<Booking>();
  readonly slot = input.required<AvailableSlot>();
  readonly rescheduled = output<Booking>();
  readonly switchTo = output<AvailableSlot>();

  /** The key of this slot's attempt; another slot starts afresh with a new one. */
  private readonly key = linkedSignal({ source: this.slot, computation: () => uuidv4() });

  protected readonly submitting = signal(false);
  protected readonly error = linkedSignal<AvailableSlot, string | null>({
    source: this.slot,
    computation: () => null,
  });
  /** The last answer was lost (network, 5xx): the button says "Thử lại" and reuses the key. */
  protected readonly retryable = linkedSignal({ source: this.slot, computation: () => false });
  /** A final refusal: nothing more to press here. */
  protected readonly refused = linkedSignal({ source: this.slot, computation: () => false });
  private readonly offered = linkedSignal<AvailableSlot, readonly AvailableSlot[] | null>({
    source: this.slot,
    computation: () => null,
  });
  protected readonly alternatives = computed(
    () =>
      this.offered()?.filter((s) => s.seatsLeft > 0 && s.serviceId === this.booking().serviceId) ??
      null,
  );

  protected confirm(): void {
    if (this.submitting() || this.refused()) return;
    this.submitting.set(true);
    this.error.set(null);
    this.api
      .reschedule(this.booking().id, this.slot().slotId, this.key())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (moved) => {
          this.submitting.set(false);
          this.rescheduled.emit(moved);
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          this.error.set(kioskProblemText(error));
          const status = httpStatus(error);
          const unknown =
            status === 0 || status >= 500 || problemKind(error) === 'request-in-progress';
          this.retryable.set(unknown);
          this.refused.set(!unknown);
          if (problemKind(error) === 'slot-full') this.offered.set(problemAlternatives(error));
        },
      });
  }
}
