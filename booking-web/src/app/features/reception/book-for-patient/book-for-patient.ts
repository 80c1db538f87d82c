import { formatDate } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  InjectionToken,
  Injector,
  LOCALE_ID,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import type {
  AvailableSlot,
  Booking,
  BookingRule,
  HospitalSummary,
  PatientSearchResult,
  WaitlistEntry,
} from '@qn/contracts';
import { type Observable, catchError, forkJoin, map, of, startWith, switchMap } from 'rxjs';
// crypto.randomUUID exists only in secure contexts; a reception PC may reach the app over plain
// HTTP on the hospital network, where uuid falls back to crypto.getRandomValues.
import { v4 as uuidv4 } from 'uuid';

import { AuthService } from '../../../core/auth/auth-service';
import { isProblemType, problemText } from '../../../core/auth/problem-details';
import { Autofocus } from '../../../shared/autofocus';
import { VN_UTC_OFFSET, VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { addDays, nextVnDays, vnDay, vnMidnight } from '../../kiosk/kiosk-time';
import type { DepartmentChoice, DepartmentEntry } from '../../kiosk/kiosk-types';
import { ReceptionApi, type RuleOverride } from '../reception-api';
import type { WalkInFallback } from '../walk-in/walk-in';
import {
  bookingAlternatives,
  bookingProblemText,
  outcomeUnknown,
  refusedRule,
} from './booking-problem';

/** How many days ahead reception books (today included). */
export const RECEPTION_BOOKING_DAYS = new InjectionToken<number>('RECEPTION_BOOKING_DAYS', {
  providedIn: 'root',
  factory: () => 14,
});

/** The most slots one availability request asks for (the API's maximum). */
const RANGE_LIMIT = 200;

/** A waitlist place covers at most this many days. */
const WAIT_DAYS = 3;

/** The shortest reason the API accepts for setting a rule aside. */
const OVERRIDE_REASON_MIN = 10;

/** The rules an administrator may set aside, in the order the form lists them. */
export const OVERRIDABLE_RULES: readonly BookingRule[] = [
  'max-future-bookings',
  'one-per-department-day',
];

type Load<T> =
  | { readonly kind: 'idle' }
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

function valueOf<T>(state: Load<T> | undefined): T | null {
  return state?.kind === 'ready' ? state.value : null;
}

interface DayOption {
  readonly day: string;
  readonly label: string;
  /** Free seats that day; null when the range answer was cut off before it. */
  readonly seats: number | null;
}

/**
 * Booking on a patient's behalf: hospital (or any, earliest), department, day (marked with the
 * seats left) and a free time, then one confirmation. Each attempt carries a new
 * Idempotency-Key; only a retry of the same attempt whose answer was lost (network error,
 * 5xx, still in progress) sends the same key again, so a retry never books twice. A refusal
 * (409) says why in words and offers the API's alternatives in place. Days without a free seat
 * at the chosen hospital can be waited for (the department's waitlist). After a refusal by a
 * per-patient rule, an administrator may book anyway, setting the rule aside with a reason.
 */
@Component({
  selector: 'app-book-for-patient',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './book-for-patient.html',
  styleUrl: './book-for-patient.scss',
})
export class BookForPatient {
  private readonly api = inject(ReceptionApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);
  private readonly locale = inject(LOCALE_ID);
  private readonly staffHospital = inject(AuthService).user()?.hospital ?? null;
  protected readonly isAdmin = inject(AuthService).user()?.role === 'admin';

  readonly patient = input.required<PatientSearchResult>();
  readonly booked = output<Booking>();
  /** The patient joined a department's waitlist. */
  readonly waitlisted = output<WaitlistEntry>();

  private readonly confirmButton = viewChild<ElementRef<HTMLButtonElement>>('confirmButton');
  private readonly heading = viewChild.required<ElementRef<HTMLElement>>('heading');

  private readonly range = nextVnDays(inject(RECEPTION_BOOKING_DAYS));
  /** Bumped to reload the directory, or the free seats after a booking. */
  private readonly directoryReloads = signal(0);
  private readonly seatReloads = signal(0);
  /** The attempt whose answer was lost, to retry with the same key (and the same override). */
  private pending: {
    readonly slotId: string;
    readonly key: string;
    readonly override: string;
  } | null = null;

  protected readonly directory = toSignal(
    toObservable(this.directoryReloads).pipe(
      switchMap(() =>
        load(forkJoin({ hospitals: this.api.hospitals(), departments: this.api.departments() })),
      ),
    ),
    { initialValue: { kind: 'loading' } satisfies Load<never> },
  );
  protected readonly hospitals = computed<readonly HospitalSummary[]>(
    () => valueOf(this.directory())?.hospitals ?? [],
  );
  private readonly departments = computed<readonly DepartmentEntry[]>(
    () => valueOf(this.directory())?.departments ?? [],
  );

  /** Hospital id, or '' for any hospital; starts at the receptionist's own hospital. */
  protected readonly hospitalId = linkedSignal<readonly HospitalSummary[], string>({
    source: this.hospitals,
    computation: (list, previous) => {
      // Keep a choice made from a loaded list (a reload of the directory must not undo it).
      const chosen = previous && previous.source.length > 0 ? previous.value : null;
      if (chosen !== null && (chosen === '' || list.some((h) => h.id === chosen))) return chosen;
      return list.some((h) => h.id === this.staffHospital) ? this.staffHospital! : '';
    },
  });

  /** The chosen hospital's departments, or every department code once for any hospital. */
  protected readonly departmentOptions = computed<DepartmentChoice[]>(() => {
    const hospital = this.hospitalId();
    const byCode = new Map<string, DepartmentChoice>();
    for (const d of this.departments()) {
      if (hospital && d.hospitalId !== hospital) continue;
      if (!byCode.has(d.code)) byCode.set(d.code, { code: d.code, name: d.name });
    }
    return [...byCode.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  });

  protected readonly departmentCode = linkedSignal<DepartmentChoice[], string>({
    source: this.departmentOptions,
    computation: (options, previous) =>
      previous && options.some((o) => o.code === previous.value) ? previous.value : '',
  });

  /** Free seats over the whole range, to mark the days. */
  private readonly rangeSlots = toSignal(
    toObservable(
      computed(() => ({
        department: this.departmentCode(),
        hospital: this.hospitalId() || null,
        reload: this.seatReloads(),
      })),
    ).pipe(
      switchMap(({ department, hospital }) =>
        department
          ? load(
              this.api.availability({
                department,
                hospital,
                from: this.range[0]!,
                to: this.range[this.range.length - 1]!,
                limit: RANGE_LIMIT,
              }),
            )
          : of<Load<AvailableSlot[]>>({ kind: 'idle' }),
      ),
    ),
  );

  protected readonly dayOptions = computed<DayOption[] | null>(() => {
    const slots = valueOf(this.rangeSlots());
    if (!slots) return null;
    const seats = new Map<string, number>();
    for (const s of slots)
      seats.set(vnDay(s.start), (seats.get(vnDay(s.start)) ?? 0) + s.seatsLeft);
    // Earliest first: a full page may have cut off later days, which we cannot judge.
    const lastKnown = slots.length >= RANGE_LIMIT ? vnDay(slots[slots.length - 1]!.start) : null;
    return this.range.map((day) => {
      const known = !lastKnown || day <= lastKnown;
      const count = known ? (seats.get(day) ?? 0) : null;
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

  /** The chosen day: kept while it still has seats, else the first day that has. */
  protected readonly day = linkedSignal<DayOption[] | null, string>({
    source: this.dayOptions,
    computation: (options, previous) => {
      const open = (options ?? []).filter((o) => o.seats !== 0);
      if (previous && open.some((o) => o.day === previous.value)) return previous.value;
      return open[0]?.day ?? this.range[0]!;
    },
  });

  protected readonly daySlots = toSignal(
    toObservable(
      computed(() => ({
        department: this.departmentCode(),
        hospital: this.hospitalId() || null,
        day: this.day(),
        days: this.dayOptions() !== null,
        reload: this.seatReloads(),
      })),
    ).pipe(
      switchMap(({ department, hospital, day, days }) =>
        department && days
          ? load(this.api.availability({ department, hospital, from: day, to: day, limit: 100 }))
          : of<Load<AvailableSlot[]>>({ kind: 'idle' }),
      ),
    ),
  );

  /** Why the free times could not be read (the range for the days, or the day's times). */
  protected readonly slotsError = computed(() => {
    const range = this.rangeSlots();
    if (range?.kind === 'error') return range.message;
    const day = this.daySlots();
    return day?.kind === 'error' ? day.message : null;
  });

  protected readonly freeSlots = computed(
    () => valueOf(this.daySlots())?.filter((s) => s.seatsLeft > 0) ?? null,
  );

  /** The slot to book: one of the day's times, or an alternative the API offered. */
  /**
   * The slot to book: one of the day's free times (dropped when a reload shows it full), or an
   * alternative the API offered, which need not be on the day shown and is kept until changed.
   */
  protected readonly chosen = linkedSignal<AvailableSlot[] | null, AvailableSlot | null>({
    source: this.freeSlots,
    computation: (list, previous) => {
      const slot = previous?.value ?? null;
      if (!slot) return null;
      const offered = slot === this.alternativeChosen;
      return offered || list?.some((s) => s.slotId === slot.slotId) ? slot : null;
    },
  });
  private alternativeChosen: AvailableSlot | null = null;

  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly alternatives = signal<readonly AvailableSlot[] | null>(null);
  protected readonly result = signal<Booking | null>(null);
  /** The last attempt's answer was lost: the button says "Thử lại" and reuses the key. */
  protected readonly retrying = signal(false);

  /** The department at the chosen hospital (`null` for any hospital): what a waitlist is kept for. */
  private readonly service = computed(() => {
    const hospital = this.hospitalId();
    const code = this.departmentCode();
    if (!hospital || !code) return null;
    return this.departments().find((d) => d.hospitalId === hospital && d.code === code) ?? null;
  });

  /** Days with no seat left at the chosen hospital: the days a patient may wait for. */
  protected readonly fullDays = computed<DayOption[]>(() =>
    this.service() ? (this.dayOptions() ?? []).filter((o) => o.seats === 0) : [],
  );

  /** The first day to wait for: the day shown when it is full, else the first full day. */
  protected readonly waitFrom = linkedSignal<DayOption[], string | null>({
    source: this.fullDays,
    computation: (days, previous) => {
      if (previous?.value && days.some((d) => d.day === previous.value)) return previous.value;
      return days.find((d) => d.day === this.day())?.day ?? days[0]?.day ?? null;
    },
  });

  /** The last day to wait for: the first day or one of the full days right after it. */
  protected readonly waitToOptions = computed<DayOption[]>(() => {
    const days = this.fullDays();
    const start = days.findIndex((d) => d.day === this.waitFrom());
    if (start < 0) return [];
    const run: DayOption[] = [days[start]!];
    for (let i = start + 1; i < days.length && run.length < WAIT_DAYS; i++) {
      if (days[i]!.day !== addDays(run[run.length - 1]!.day, 1)) break;
      run.push(days[i]!);
    }
    return run;
  });

  protected readonly waitTo = linkedSignal<DayOption[], string | null>({
    source: this.waitToOptions,
    computation: (days, previous) =>
      previous?.value && days.some((d) => d.day === previous.value)
        ? previous.value
        : (days[0]?.day ?? null),
  });

  /** A walk-in found today full: the waitlist part is shown open. */
  protected readonly waitlistOffered = signal(false);
  protected readonly joining = signal(false);
  protected readonly joined = signal<WaitlistEntry | null>(null);
  protected readonly joinError = signal<string | null>(null);

  /** The per-patient rule the last refusal was about; an administrator may set it aside. */
  protected readonly refusedRule = signal<BookingRule | null>(null);
  protected readonly overrideRules = signal<ReadonlySet<BookingRule>>(new Set());
  protected readonly overrideReason = signal('');
  protected readonly overrideError = signal<string | null>(null);
  protected readonly overridableRules = OVERRIDABLE_RULES;

  /**
   * A walk-in found no seat today: this form takes the same department at the same hospital,
   * offers the API's alternatives on the next days, and opens the waitlist (today first), so
   * reception can offer either. Focus moves to the alternatives, or to this form without them.
   */
  offerInstead(offer: WalkInFallback): void {
    this.result.set(null);
    this.resetAttempt();
    this.resetWaitlist();
    this.hospitalId.set(offer.hospitalId);
    this.departmentCode.set(offer.departmentCode);
    this.alternatives.set(offer.alternatives.length > 0 ? offer.alternatives : null);
    this.waitlistOffered.set(true);
    if (offer.alternatives.length === 0) {
      afterNextRender(() => this.heading().nativeElement.focus(), { injector: this.injector });
    }
  }

  protected reloadDirectory(): void {
    this.directoryReloads.update((n) => n + 1);
  }

  protected reloadSeats(): void {
    this.seatReloads.update((n) => n + 1);
  }

  protected setHospital(id: string): void {
    this.resetAttempt();
    this.resetWaitlist();
    this.hospitalId.set(id);
  }

  protected setDepartment(code: string): void {
    this.resetAttempt();
    this.resetWaitlist();
    this.departmentCode.set(code);
  }

  protected setDay(day: string): void {
    this.resetAttempt();
    this.day.set(day);
  }

  protected choose(slot: AvailableSlot): void {
    if (slot.slotId !== this.chosen()?.slotId) this.resetAttempt();
    this.alternativeChosen = null;
    this.chosen.set(slot);
  }

  /** An alternative from a 409: chosen, and the confirm button takes the focus. */
  protected chooseAlternative(slot: AvailableSlot): void {
    this.choose(slot);
    this.alternativeChosen = slot;
    afterNextRender(() => this.confirmButton()?.nativeElement.focus(), {
      injector: this.injector,
    });
  }

  protected confirm(event?: Event): void {
    event?.preventDefault();
    this.send();
  }

  /** "Đặt lịch, bỏ qua quy tắc": the same slot, with the rules ticked and the reason. */
  protected confirmOverride(): void {
    const rules = OVERRIDABLE_RULES.filter((r) => this.overrideRules().has(r));
    const reason = this.overrideReason().trim();
    if (rules.length === 0) {
      this.overrideError.set(
        $localize`:@@reception.override.error.rules:Đánh dấu ít nhất một quy tắc cần bỏ qua.`,
      );
      return;
    }
    if (reason.length < OVERRIDE_REASON_MIN) {
      this.overrideError.set(
        $localize`:@@reception.override.error.reason:Ghi lý do (ít nhất ${OVERRIDE_REASON_MIN}:MIN: ký tự): lý do được lưu cùng lịch hẹn.`,
      );
      return;
    }
    this.overrideError.set(null);
    this.send({ rules, reason });
  }

  protected toggleRule(rule: BookingRule, on: boolean): void {
    this.overrideRules.update((set) => {
      const next = new Set(set);
      if (on) next.add(rule);
      else next.delete(rule);
      return next;
    });
  }

  protected ruleLabel(rule: BookingRule): string {
    return rule === 'max-future-bookings'
      ? $localize`:@@reception.override.rule.max:Giới hạn số lịch hẹn sắp tới của một người bệnh`
      : $localize`:@@reception.override.rule.day:Mỗi khoa chỉ một lịch hẹn trong một ngày`;
  }

  /** Puts the patient on the department's waitlist for the days chosen. */
  protected joinWaitlist(): void {
    const service = this.service();
    const from = this.waitFrom();
    const to = this.waitTo();
    if (!service || !from || !to || this.joining()) return;
    this.joining.set(true);
    this.joinError.set(null);
    this.alternatives.set(null);
    this.api
      .joinWaitlist(this.patient().patientId, service.serviceId, from, to)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (entry) => {
          this.joining.set(false);
          this.joined.set(entry);
          this.waitlisted.emit(entry);
        },
        error: (error: unknown) => {
          this.joining.set(false);
          this.joinError.set(bookingProblemText(error));
          const alternatives = bookingAlternatives(error);
          this.alternatives.set(alternatives.length > 0 ? alternatives : null);
        },
      });
  }

  private send(override?: RuleOverride): void {
    const slot = this.chosen();
    if (!slot || this.submitting()) return;
    const overrideKey = override ? JSON.stringify(override) : '';
    const same = this.pending?.slotId === slot.slotId && this.pending.override === overrideKey;
    const key = same && this.pending ? this.pending.key : uuidv4();
    this.pending = { slotId: slot.slotId, key, override: overrideKey };
    this.submitting.set(true);
    this.error.set(null);
    this.alternatives.set(null);
    this.api
      .book(slot.slotId, this.patient().patientId, key, override)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (booking) => {
          this.pending = null;
          this.submitting.set(false);
          this.retrying.set(false);
          this.refusedRule.set(null);
          this.result.set(booking);
          this.booked.emit(booking);
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          const unknown = outcomeUnknown(error);
          if (!unknown) this.pending = null;
          this.retrying.set(unknown);
          this.error.set(bookingProblemText(error));
          const rule = refusedRule(error);
          if (rule && rule !== this.refusedRule()) {
            this.refusedRule.set(rule);
            this.overrideRules.set(new Set([rule]));
          }
          const alternatives = bookingAlternatives(error);
          this.alternatives.set(alternatives.length > 0 ? alternatives : null);
          // The seats shown are out of date: read them again (a full time drops out of the list).
          if (isProblemType(error, 'slot-full') || isProblemType(error, 'slot-closed')) {
            this.reloadSeats();
          }
        },
      });
  }

  /** After a booking: a fresh form for the next one, with the seats read again. */
  protected another(): void {
    this.result.set(null);
    this.chosen.set(null);
    this.resetAttempt();
    this.reloadSeats();
  }

  private resetAttempt(): void {
    this.pending = null;
    this.alternativeChosen = null;
    this.retrying.set(false);
    this.error.set(null);
    this.alternatives.set(null);
    this.refusedRule.set(null);
    this.overrideRules.set(new Set());
    this.overrideReason.set('');
    this.overrideError.set(null);
  }

  private resetWaitlist(): void {
    this.waitlistOffered.set(false);
    this.joined.set(null);
    this.joinError.set(null);
  }
}
