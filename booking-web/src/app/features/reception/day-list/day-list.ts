import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  InjectionToken,
  Injector,
  afterNextRender,
  afterRenderEffect,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { Booking, HospitalSummary } from '@qn/contracts';
import {
  type Observable,
  catchError,
  concat,
  exhaustMap,
  filter,
  forkJoin,
  map,
  of,
  startWith,
  switchMap,
  take,
  timer,
} from 'rxjs';

import { AuthService } from '../../../core/auth/auth-service';
import { isProblemType, problemText } from '../../../core/auth/problem-details';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { vnDay, vnMidnight } from '../../kiosk/kiosk-time';
import type { DepartmentChoice, DepartmentEntry } from '../../kiosk/kiosk-types';
import { FeedbackLinkCard } from '../feedback-link-card/feedback-link-card';
import { ReceptionApi } from '../reception-api';
import {
  BOOKING_STATUSES,
  type BookingStatus,
  bookingStatusLook,
  checkInProblemText,
  noShowProblemText,
} from './booking-status';

/** How often the day list is read again while it is on screen. */
export const DAY_LIST_REFRESH_MS = new InjectionToken<number>('DAY_LIST_REFRESH_MS', {
  providedIn: 'root',
  factory: () => 30_000,
});

export type StatusCounts = Readonly<Record<BookingStatus | 'total', number>>;

export interface DepartmentGroup {
  readonly code: string;
  readonly name: string;
  readonly bookings: readonly Booking[];
  readonly counts: StatusCounts;
}

export function countByStatus(bookings: readonly Booking[]): StatusCounts {
  const counts = {
    booked: 0,
    'checked-in': 0,
    'no-show': 0,
    cancelled: 0,
    held: 0,
    expired: 0,
    total: 0,
  };
  for (const b of bookings) {
    counts[b.status] += 1;
    counts.total += 1;
  }
  return counts;
}

/** Bookings by department, in the order the API sorted them (department, time, queue number). */
export function groupByDepartment(bookings: readonly Booking[]): DepartmentGroup[] {
  const groups = new Map<string, Booking[]>();
  for (const b of bookings) {
    const group = groups.get(b.departmentCode);
    if (group) group.push(b);
    else groups.set(b.departmentCode, [b]);
  }
  return [...groups].map(([code, list]) => ({
    code,
    name: list[0]!.serviceName,
    bookings: list,
    counts: countByStatus(list),
  }));
}

type ListState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | {
      readonly kind: 'ready';
      readonly bookings: readonly Booking[];
      /** When this list was read (epoch ms). */
      readonly at: number;
      /** The last automatic or manual refresh failed: the list shown may be out of date. */
      readonly refreshError: string | null;
    }
  | { readonly kind: 'error'; readonly message: string };

type Update =
  | { readonly kind: 'query'; readonly key: string; readonly hospital: string }
  | { readonly kind: 'ok'; readonly bookings: readonly Booking[] }
  | { readonly kind: 'failed'; readonly message: string };

type Directory =
  | {
      readonly kind: 'ready';
      readonly hospitals: readonly HospitalSummary[];
      readonly departments: readonly DepartmentEntry[];
    }
  | { readonly kind: 'error'; readonly message: string };

type Action = 'check-in' | 'no-show';

/**
 * The day's bookings at the receptionist's hospital ("Danh sách khám hôm nay"): any local day
 * (today in Asia/Ho_Chi_Minh by default), all departments or one, grouped by department, with
 * the counts per status. Each waiting patient can be checked in ("Đã đến") or, once the slot is
 * over, marked as not come ("Không đến", after a confirmation). The list is read again every
 * 30 s and on "Làm mới" while `active`; a hidden tab or a page left behind stops the timer.
 *
 * The day list carries patient ids only (there is no batch name lookup), so rows show the queue
 * number, time, ticket code and status, and "Xem người bệnh" asks the page to open the patient.
 * A checked-in visit can have its feedback slip printed ("In phiếu đánh giá", below its table).
 */
@Component({
  selector: 'app-day-list',
  imports: [FeedbackLinkCard, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './day-list.html',
  styleUrl: './day-list.scss',
})
export class DayList {
  private readonly api = inject(ReceptionApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly refreshMs = inject(DAY_LIST_REFRESH_MS);

  /** False while the list is not on screen (another tab): nothing is read then. */
  readonly active = input(true);
  /** "Xem người bệnh": the page opens this patient. */
  readonly showPatient = output<string>();

  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  /** The receptionist's own hospital; an administrator (no hospital) chooses one. */
  protected readonly staffHospital = inject(AuthService).user()?.hospital ?? null;
  protected readonly hospitalId = signal(this.staffHospital ?? '');
  protected readonly date = signal(vnDay(Date.now()));
  protected readonly department = signal('');
  private readonly reloads = signal(0);

  protected readonly state = signal<ListState>({ kind: 'idle' });
  private shownKey: string | null = null;

  protected readonly busy = signal<ReadonlyMap<string, Action>>(new Map());
  protected readonly rowErrors = signal<ReadonlyMap<string, string>>(new Map());
  protected readonly notice = signal<string | null>(null);
  /** The booking whose no-show is being confirmed. */
  protected readonly confirming = signal<Booking | null>(null);
  protected readonly confirmError = signal<string | null>(null);
  /** The checked-in visit whose feedback slip is shown, as a list of one (a fresh card each). */
  protected readonly feedbackFor = signal<readonly Booking[]>([]);

  protected readonly statuses = BOOKING_STATUSES;
  protected readonly statusLook = bookingStatusLook;
  protected readonly refreshSeconds = Math.round(this.refreshMs / 1000);
  protected readonly dayStart = computed(() => vnMidnight(this.date()));

  /** Read once, the first time the list is shown: the departments (and hospitals, for admins). */
  private readonly directory = toSignal(
    toObservable(this.active).pipe(
      filter(Boolean),
      take(1),
      switchMap(() =>
        forkJoin({
          hospitals: this.staffHospital ? of<HospitalSummary[]>([]) : this.api.hospitals(),
          departments: this.api.departments(),
        }).pipe(
          map((d): Directory => ({ kind: 'ready', ...d })),
          catchError((error: unknown) =>
            of<Directory>({ kind: 'error', message: problemText(error) }),
          ),
        ),
      ),
    ),
    { initialValue: null },
  );
  protected readonly directoryError = computed(() => {
    const d = this.directory();
    return d?.kind === 'error' ? d.message : null;
  });
  protected readonly hospitals = computed(() => {
    const d = this.directory();
    return d?.kind === 'ready' ? d.hospitals : [];
  });
  protected readonly departmentOptions = computed<DepartmentChoice[]>(() => {
    const d = this.directory();
    const hospital = this.hospitalId();
    if (d?.kind !== 'ready') return [];
    return d.departments
      .filter((dep) => dep.hospitalId === hospital)
      .map((dep) => ({ code: dep.code, name: dep.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  });

  protected readonly bookings = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.bookings : null;
  });
  protected readonly groups = computed(() => {
    const list = this.bookings();
    return list ? groupByDepartment(list) : null;
  });
  protected readonly counts = computed(() => countByStatus(this.bookings() ?? []));

  constructor() {
    toObservable(
      computed(() => ({
        hospital: this.hospitalId(),
        date: this.date(),
        department: this.department(),
        active: this.active(),
        reload: this.reloads(),
      })),
    )
      .pipe(
        switchMap(({ hospital, date, department, active }): Observable<Update> => {
          const query = of<Update>({
            kind: 'query',
            key: `${hospital}|${date}|${department}`,
            hospital,
          });
          if (!active || !hospital) return query;
          // Read at once, then on every tick; exhaustMap skips a tick while a slow read is still
          // out instead of queueing it.
          const reads = timer(this.refreshMs, this.refreshMs).pipe(
            startWith(0),
            exhaustMap(() =>
              this.api.dayList(hospital, date, department || undefined).pipe(
                map((bookings): Update => ({ kind: 'ok', bookings })),
                catchError((error: unknown) =>
                  of<Update>({ kind: 'failed', message: problemText(error) }),
                ),
              ),
            ),
          );
          return concat(query, reads);
        }),
        takeUntilDestroyed(),
      )
      .subscribe((update) => this.apply(update));

    afterRenderEffect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.confirming() && !dialog.open) dialog.showModal();
      else if (!this.confirming() && dialog.open) dialog.close();
    });
  }

  protected setHospital(id: string): void {
    this.department.set('');
    this.hospitalId.set(id);
  }

  protected setDate(value: string): void {
    // A cleared or half-typed date field gives '': keep showing the last full day.
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) this.date.set(value);
  }

  protected today(): void {
    this.date.set(vnDay(Date.now()));
  }

  protected setDepartment(code: string): void {
    this.department.set(code);
  }

  /** Reads the list now (and restarts the 30 s timer from here). */
  protected refresh(): void {
    this.reloads.update((n) => n + 1);
  }

  protected checkIn(booking: Booking): void {
    if (this.busy().has(booking.id)) return;
    this.startAction(booking, 'check-in');
    this.api
      .checkIn(booking.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (updated) => {
          this.endAction(booking);
          this.replace(updated);
          this.notice.set(
            $localize`:@@reception.dayList.checkedIn:Đã tiếp đón số ${updated.queueNumber}:QUEUE: (${updated.serviceName}:DEPARTMENT:).`,
          );
          this.focusStatus(updated.id);
        },
        error: (error: unknown) => {
          this.endAction(booking, checkInProblemText(error));
          // The list is out of date (cancelled or marked elsewhere): show the booking as it is.
          if (isProblemType(error, 'booking-already-decided')) this.refresh();
        },
      });
  }

  protected askNoShow(booking: Booking): void {
    this.notice.set(null);
    this.confirmError.set(null);
    this.confirming.set(booking);
  }

  /** "Không" or Escape: nothing is sent. */
  protected keep(event?: Event): void {
    event?.preventDefault();
    const booking = this.confirming();
    if (booking && this.busy().has(booking.id)) return;
    this.confirming.set(null);
    this.confirmError.set(null);
  }

  protected markNoShow(): void {
    const booking = this.confirming();
    if (!booking || this.busy().has(booking.id)) return;
    this.startAction(booking, 'no-show');
    this.confirmError.set(null);
    this.api
      .noShow(booking.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (updated) => {
          this.endAction(booking);
          this.replace(updated);
          this.confirming.set(null);
          // Closed here rather than by the render effect, so the focus below is not undone.
          this.dialog().nativeElement.close();
          this.notice.set(
            $localize`:@@reception.dayList.noShowDone:Đã ghi số ${updated.queueNumber}:QUEUE: (${updated.serviceName}:DEPARTMENT:) là không đến.`,
          );
          this.focusStatus(updated.id);
        },
        error: (error: unknown) => {
          this.endAction(booking);
          this.confirmError.set(noShowProblemText(error));
          if (isProblemType(error, 'booking-already-decided')) this.refresh();
        },
      });
  }

  protected showFeedbackLink(booking: Booking): void {
    this.feedbackFor.set([booking]);
  }

  /** Closed: focus goes back to the row's status (its button stays where it was). */
  protected closeFeedbackLink(booking: Booking): void {
    this.feedbackFor.set([]);
    this.focusStatus(booking.id);
  }

  private apply(update: Update): void {
    const state = this.state();
    switch (update.kind) {
      case 'query':
        // A new hospital, day or department: the old list must not stay on screen as if current.
        if (update.key !== this.shownKey) {
          this.shownKey = update.key;
          this.state.set(update.hospital ? { kind: 'loading' } : { kind: 'idle' });
          this.rowErrors.set(new Map());
          this.notice.set(null);
          this.feedbackFor.set([]);
        }
        return;
      case 'ok':
        this.state.set({
          kind: 'ready',
          bookings: update.bookings,
          at: Date.now(),
          refreshError: null,
        });
        return;
      case 'failed':
        // A failed refresh keeps the last good list on screen, saying it may be out of date.
        this.state.set(
          state.kind === 'ready'
            ? { ...state, refreshError: update.message }
            : { kind: 'error', message: update.message },
        );
    }
  }

  private replace(updated: Booking): void {
    this.state.update((state) =>
      state.kind === 'ready'
        ? { ...state, bookings: state.bookings.map((b) => (b.id === updated.id ? updated : b)) }
        : state,
    );
  }

  private startAction(booking: Booking, action: Action): void {
    this.notice.set(null);
    this.busy.update((busy) => new Map(busy).set(booking.id, action));
    this.rowErrors.update((errors) => {
      const next = new Map(errors);
      next.delete(booking.id);
      return next;
    });
  }

  private endAction(booking: Booking, error?: string): void {
    this.busy.update((busy) => {
      const next = new Map(busy);
      next.delete(booking.id);
      return next;
    });
    if (error) this.rowErrors.update((errors) => new Map(errors).set(booking.id, error));
  }

  /** The row's buttons are gone once it is decided: focus its new status instead. */
  private focusStatus(bookingId: string): void {
    afterNextRender(
      () =>
        this.host.nativeElement
          .querySelector<HTMLElement>(`[data-status-of="${CSS.escape(bookingId)}"]`)
          ?.focus(),
      { injector: this.injector },
    );
  }
}
