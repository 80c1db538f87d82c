import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import type { Booking } from '@qn/contracts';
import {
  type Observable,
  catchError,
  exhaustMap,
  map,
  of,
  startWith,
  switchMap,
  timer,
} from 'rxjs';

import { AuthService } from '../../../core/auth/auth-service';
import { isProblemType, problemText } from '../../../core/auth/problem-details';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { vnDay } from '../../kiosk/kiosk-time';
import { DAY_LIST_REFRESH_MS } from '../../reception/day-list/day-list';
import { ReceptionApi } from '../../reception/reception-api';

type QueueState =
  | { readonly kind: 'loading' }
  | {
      readonly kind: 'ready';
      readonly bookings: readonly Booking[];
      /** When the list was read (epoch ms): the waits are counted to then. */
      readonly at: number;
      readonly refreshError: string | null;
    }
  | { readonly kind: 'error'; readonly message: string };

/** Patients checked in and not called in yet, first come first called. */
export function waitingToBeSeen(bookings: readonly Booking[]): Booking[] {
  return bookings
    .filter((b) => b.status === 'checked-in' && !b.seenAt)
    .sort(
      (a, b) =>
        (a.checkedInAt ?? a.start).localeCompare(b.checkedInAt ?? b.start) ||
        a.queueNumber - b.queueNumber,
    );
}

/** Whole minutes from check-in to `now`, never negative. */
export function minutesWaiting(booking: Booking, now: number): number {
  const since = Date.parse(booking.checkedInAt ?? booking.start);
  return Math.max(0, Math.floor((now - since) / 60_000));
}

/**
 * Today's queue in front of the doctor (`/doctor`, before a patient is opened): the patients
 * checked in at the doctor's hospital and not called in yet, in arrival order, one department
 * or all. "Mời vào khám" records that the patient was called in (the wait the operations centre
 * counts, and a fulfilled Appointment in HAPI) and opens their shared record. Read again every
 * 30 s like the reception day list; patients are shown by queue number, as they are called.
 */
@Component({
  selector: 'app-doctor-queue',
  imports: [VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './doctor-queue.html',
  styleUrl: './doctor-queue.scss',
})
export class DoctorQueue {
  private readonly api = inject(ReceptionApi);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly refreshMs = inject(DAY_LIST_REFRESH_MS);

  protected readonly hospitalId = inject(AuthService).user()?.hospital ?? null;
  protected readonly department = signal('');
  private readonly reloads = signal(0);
  protected readonly state = signal<QueueState>({ kind: 'loading' });
  /** The booking being called in: its button is busy and the others wait. */
  protected readonly calling = signal<string | null>(null);
  protected readonly callError = signal<string | null>(null);

  private readonly departments = toSignal(this.api.departments().pipe(catchError(() => of([]))), {
    initialValue: [],
  });
  protected readonly departmentOptions = computed(() =>
    this.departments()
      .filter((d) => d.hospitalId === this.hospitalId)
      .map((d) => ({ code: d.code, name: d.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  );

  private readonly bookings = computed(() => {
    const s = this.state();
    return s.kind === 'ready' ? s.bookings : [];
  });
  protected readonly waiting = computed(() => waitingToBeSeen(this.bookings()));
  protected readonly calledIn = computed(() =>
    this.bookings()
      .filter((b) => b.status === 'checked-in' && b.seenAt)
      .sort((a, b) => b.seenAt!.localeCompare(a.seenAt!)),
  );
  protected readonly notArrived = computed(
    () => this.bookings().filter((b) => b.status === 'booked').length,
  );
  protected readonly readAt = computed(() => {
    const s = this.state();
    return s.kind === 'ready' ? s.at : Date.now();
  });

  constructor() {
    toObservable(computed(() => ({ department: this.department(), reload: this.reloads() })))
      .pipe(
        switchMap(
          ({ department }): Observable<QueueState | { kind: 'failed'; message: string }> => {
            const hospital = this.hospitalId;
            if (!hospital)
              return of({
                kind: 'error' as const,
                message: $localize`:@@doctor.queue.noHospital:Tài khoản này không thuộc bệnh viện nào nên không có hàng chờ khám.`,
              });
            return timer(this.refreshMs, this.refreshMs).pipe(
              startWith(0),
              exhaustMap(() =>
                this.api.dayList(hospital, vnDay(Date.now()), department || undefined).pipe(
                  map((bookings): QueueState => ({
                    kind: 'ready',
                    bookings,
                    at: Date.now(),
                    refreshError: null,
                  })),
                  catchError((error: unknown) =>
                    of({ kind: 'failed' as const, message: problemText(error) }),
                  ),
                ),
              ),
            );
          },
        ),
        takeUntilDestroyed(),
      )
      .subscribe((update) => {
        if (update.kind !== 'failed') return this.state.set(update);
        // Keep showing the last list, marked stale, rather than blank the queue on one failed read.
        const current = this.state();
        this.state.set(
          current.kind === 'ready'
            ? { ...current, refreshError: update.message }
            : { kind: 'error', message: update.message },
        );
      });
  }

  protected setDepartment(code: string): void {
    this.department.set(code);
  }

  protected refresh(): void {
    this.reloads.update((n) => n + 1);
  }

  protected minutes(booking: Booking): number {
    return minutesWaiting(booking, this.readAt());
  }

  protected callIn(booking: Booking): void {
    if (this.calling()) return;
    this.calling.set(booking.id);
    this.callError.set(null);
    this.api
      .markSeen(booking.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (updated) => {
          this.calling.set(null);
          void this.router.navigate(['/doctor/patients', updated.patientId]);
        },
        error: (error: unknown) => {
          this.calling.set(null);
          this.callError.set(
            isProblemType(error, 'not-checked-in')
              ? $localize`:@@doctor.queue.notCheckedIn:Số ${booking.queueNumber}:QUEUE: không còn ở trạng thái đã tiếp đón (có thể đã bị hủy). Danh sách đã được làm mới.`
              : $localize`:@@doctor.queue.callFailed:Chưa mời được số ${booking.queueNumber}:QUEUE: vào khám: ${problemText(error)}:REASON:`,
          );
          this.refresh();
        },
      });
  }

  protected open(booking: Booking): void {
    void this.router.navigate(['/doctor/patients', booking.patientId]);
  }
}
