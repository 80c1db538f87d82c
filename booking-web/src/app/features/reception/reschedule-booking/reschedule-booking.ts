import { formatDate } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  LOCALE_ID,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { AvailableSlot, Booking } from '@qn/contracts';
import { type Observable, catchError, map, of, startWith, switchMap } from 'rxjs';
// crypto.randomUUID exists only in secure contexts; see book-for-patient.ts.
import { v4 as uuidv4 } from 'uuid';

import { isProblemType, problemText } from '../../../core/auth/problem-details';
import { Autofocus } from '../../../shared/autofocus';
import { VN_UTC_OFFSET, VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { nextVnDays, vnDay, vnMidnight } from '../../kiosk/kiosk-time';
import { RECEPTION_BOOKING_DAYS } from '../book-for-patient/book-for-patient';
import {
  bookingAlternatives,
  bookingProblemText,
  outcomeUnknown,
} from '../book-for-patient/booking-problem';
import { ReceptionApi } from '../reception-api';

/** The most slots one availability request asks for (the API's maximum). */
const RANGE_LIMIT = 200;

type Load<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'error'; readonly message: string };

function load<T>(source: Observable<T>): Observable<Load<T>> {
  return source.pipe(
    map((value): Load<T> => ({ kind: 'ready', value })),
    catchError((error: unknown) => of<Load<T>>({ kind: 'error', message: problemText(error) })),
    startWith<Load<T>>({ kind: 'loading' }),
  );
}

interface DayOption {
  readonly day: string;
  readonly label: string;
  readonly seats: number | null;
}

/**
 * "Đổi giờ" at the desk: a new day and time for one booking at the same department of the same
 * hospital (days marked with their seats, then the day's free times), and one confirmation. The
 * new seat is taken before the old booking is let go. Each attempt has its own Idempotency-Key;
 * only an attempt whose answer was lost is retried with the same key.
 */
@Component({
  selector: 'app-reschedule-booking',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './reschedule-booking.html',
  styleUrl: './reschedule-booking.scss',
})
export class RescheduleBooking {
  private readonly api = inject(ReceptionApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly locale = inject(LOCALE_ID);
  private readonly range = nextVnDays(inject(RECEPTION_BOOKING_DAYS));

  readonly booking = input.required<Booking>();
  readonly rescheduled = output<Booking>();
  readonly closed = output();

  private readonly reloads = signal(0);
  /** The attempt whose answer was lost, to retry with the same key. */
  private pending: { readonly slotId: string; readonly key: string } | null = null;

  private readonly rangeSlots = toSignal(
    toObservable(computed(() => ({ booking: this.booking(), reload: this.reloads() }))).pipe(
      switchMap(({ booking }) =>
        load(
          this.api.availability({
            department: booking.departmentCode,
            hospital: booking.hospitalId,
            from: this.range[0]!,
            to: this.range[this.range.length - 1]!,
            limit: RANGE_LIMIT,
          }),
        ),
      ),
    ),
    { initialValue: { kind: 'loading' } satisfies Load<never> },
  );

  /** The last answer, kept on screen while the seats are read again after a refusal. */
  private readonly rangeValue = linkedSignal<Load<AvailableSlot[]>, AvailableSlot[] | null>({
    source: this.rangeSlots,
    computation: (state, previous) =>
      state.kind === 'ready'
        ? state.value
        : state.kind === 'loading'
          ? (previous?.value ?? null)
          : null,
  });

  /** Free times of this department only (the range answer is by department code). */
  private readonly free = computed(() => {
    const all = this.rangeValue();
    if (!all) return null;
    const booking = this.booking();
    return all.filter(
      (s) => s.seatsLeft > 0 && s.serviceId === booking.serviceId && s.start !== booking.start,
    );
  });

  protected readonly loadError = computed(() => {
    const state = this.rangeSlots();
    return state.kind === 'error' ? state.message : null;
  });

  protected readonly dayOptions = computed<DayOption[] | null>(() => {
    const free = this.free();
    const all = this.rangeValue();
    if (!free || !all) return null;
    const seats = new Map<string, number>();
    for (const s of free) seats.set(vnDay(s.start), (seats.get(vnDay(s.start)) ?? 0) + s.seatsLeft);
    const lastKnown = all.length >= RANGE_LIMIT ? vnDay(all[all.length - 1]!.start) : null;
    return this.range.map((day) => {
      const count = !lastKnown || day <= lastKnown ? (seats.get(day) ?? 0) : null;
      const name = formatDate(vnMidnight(day), 'EEEE, dd/MM', this.locale, VN_UTC_OFFSET);
      const label =
        count === null
          ? name
          : count > 0
            ? $localize`:@@reception.book.dayOpen:${name}:DAY: — còn ${count}:SEATS: chỗ`
            : $localize`:@@reception.book.dayFull:${name}:DAY: — hết chỗ`;
      return { day, label, seats: count };
    });
  });

  protected readonly day = linkedSignal<DayOption[] | null, string | null>({
    source: this.dayOptions,
    computation: (options, previous) => {
      const open = (options ?? []).filter((o) => o.seats !== 0);
      if (previous?.value && open.some((o) => o.day === previous.value)) return previous.value;
      return open[0]?.day ?? null;
    },
  });

  protected readonly times = computed(() => {
    const day = this.day();
    return day ? (this.free()?.filter((s) => vnDay(s.start) === day) ?? []) : [];
  });

  protected readonly chosen = linkedSignal<AvailableSlot[], AvailableSlot | null>({
    source: this.times,
    computation: (list, previous) => {
      const slot = previous?.value ?? null;
      return slot && (slot === this.offered || list.some((s) => s.slotId === slot.slotId))
        ? slot
        : null;
    },
  });
  /** An alternative the API offered, kept chosen even if not on the day shown. */
  private offered: AvailableSlot | null = null;

  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly retrying = signal(false);
  protected readonly alternatives = signal<readonly AvailableSlot[] | null>(null);

  protected setDay(day: string): void {
    this.resetAttempt();
    this.day.set(day);
  }

  protected choose(slot: AvailableSlot, offered = false): void {
    if (slot.slotId !== this.chosen()?.slotId) this.resetAttempt();
    this.offered = offered ? slot : null;
    this.chosen.set(slot);
  }

  protected retryLoad(): void {
    this.reloads.update((n) => n + 1);
  }

  protected confirm(event?: Event): void {
    event?.preventDefault();
    const slot = this.chosen();
    if (!slot || this.submitting()) return;
    const key = this.pending?.slotId === slot.slotId ? this.pending.key : uuidv4();
    this.pending = { slotId: slot.slotId, key };
    this.submitting.set(true);
    this.error.set(null);
    this.alternatives.set(null);
    this.api
      .reschedule(this.booking().id, slot.slotId, key)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (moved) => {
          this.pending = null;
          this.submitting.set(false);
          this.rescheduled.emit(moved);
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          const unknown = outcomeUnknown(error);
          if (!unknown) this.pending = null;
          this.retrying.set(unknown);
          this.error.set(bookingProblemText(error));
          const others = bookingAlternatives(error).filter(
            (s) => s.serviceId === this.booking().serviceId,
          );
          this.alternatives.set(others.length > 0 ? others : null);
          if (isProblemType(error, 'slot-full')) this.retryLoad();
        },
      });
  }

  private resetAttempt(): void {
    this.pending = null;
    this.offered = null;
    this.retrying.set(false);
    this.error.set(null);
    this.alternatives.set(null);
  }
}
