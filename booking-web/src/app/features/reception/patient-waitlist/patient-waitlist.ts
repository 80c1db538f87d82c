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
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import type { Booking, WaitlistEntry } from '@qn/contracts';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import { problemText } from '../../../core/auth/problem-details';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { vnMidnight } from '../../kiosk/kiosk-time';
import { bookingProblemText } from '../book-for-patient/booking-problem';
import { ReceptionApi } from '../reception-api';

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly entries: readonly WaitlistEntry[] }
  | { readonly kind: 'error'; readonly message: string };

/**
 * The patient's places on the waitlists of the departments: the days asked for, the position
 * while waiting, and the seat offered when one freed up (held until a deadline). An offer can be
 * taken at the desk ("Nhận chỗ"), and any place left. Joining happens from the booking form,
 * when the search finds no free time. Reloads when `version` changes.
 */
@Component({
  selector: 'app-patient-waitlist',
  imports: [VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-waitlist.html',
  styleUrl: './patient-waitlist.scss',
})
export class PatientWaitlist {
  private readonly api = inject(ReceptionApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly patientId = input.required<string>();
  /** Bumped by the parent after the patient joined a waitlist. */
  readonly version = input(0);
  /** An offered seat was taken: the patient has a new booking. */
  readonly booked = output<Booking>();

  private readonly retries = signal(0);
  protected readonly state = signal<ListState>({ kind: 'loading' });
  /** The entry being changed, so its buttons wait for the API. */
  protected readonly busy = signal<string | null>(null);
  protected readonly actionError = signal<{ readonly id: string; readonly text: string } | null>(
    null,
  );
  protected readonly notice = signal<string | null>(null);

  /** Places still live: waiting, or with a seat on offer. */
  protected readonly entries = computed(() => {
    const state = this.state();
    return state.kind === 'ready'
      ? state.entries.filter((e) => e.status === 'waiting' || e.status === 'offered')
      : null;
  });

  protected readonly midnight = vnMidnight;

  constructor() {
    toObservable(
      computed(() => ({ id: this.patientId(), version: this.version(), retry: this.retries() })),
    )
      .pipe(
        switchMap(({ id }) =>
          this.api.patientWaitlist(id).pipe(
            map((entries): ListState => ({ kind: 'ready', entries })),
            catchError((error: unknown) =>
              of<ListState>({ kind: 'error', message: problemText(error) }),
            ),
            startWith<ListState>({ kind: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }

  protected retry(): void {
    this.retries.update((n) => n + 1);
  }

  /** "Nhận chỗ": the offered seat becomes the patient's booking. */
  protected take(entry: WaitlistEntry): void {
    const offer = entry.offer;
    if (!offer || this.busy()) return;
    this.start(entry.id);
    this.api
      .confirmHold(offer.bookingId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (booking) => {
          this.busy.set(null);
          this.notice.set(
            $localize`:@@reception.waitlist.taken:Đã nhận chỗ ${entry.serviceName}:DEPARTMENT: cho người bệnh, số thứ tự ${booking.queueNumber}:QUEUE:.`,
          );
          this.booked.emit(booking);
          this.retry();
        },
        error: (error: unknown) => {
          this.busy.set(null);
          this.actionError.set({ id: entry.id, text: bookingProblemText(error) });
        },
      });
  }

  /** "Rời danh sách chờ": off the list; an offered seat goes to the next patient. */
  protected withdraw(entry: WaitlistEntry): void {
    if (this.busy()) return;
    this.start(entry.id);
    this.api
      .withdrawWaitlist(entry.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.busy.set(null);
          this.state.update((state) =>
            state.kind === 'ready'
              ? { ...state, entries: state.entries.filter((e) => e.id !== entry.id) }
              : state,
          );
          this.notice.set(
            $localize`:@@reception.waitlist.withdrawn:Đã rút người bệnh khỏi danh sách chờ ${entry.serviceName}:DEPARTMENT: (${entry.hospitalName}:HOSPITAL:).`,
          );
        },
        error: (error: unknown) => {
          this.busy.set(null);
          this.actionError.set({ id: entry.id, text: bookingProblemText(error) });
        },
      });
  }

  private start(id: string): void {
    this.busy.set(id);
    this.actionError.set(null);
    this.notice.set(null);
  }
}
