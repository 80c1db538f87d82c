import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type OnInit,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { Autofocus } from '../../../shared/autofocus';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { KioskApi } from '../kiosk-api';
import { KIOSK_BOOKING_DAYS } from '../kiosk-config';
import { addDays, nextVnDays, vnDay, vnMidnight } from '../kiosk-time';
import {
  type AvailableSlot,
  type Booking,
  type DepartmentChoice,
  type HospitalChoice,
  type WaitlistEntry,
  serviceIdFor,
} from '../kiosk-types';
import { loadState } from '../load-state';
import { kioskProblemText, problemAlternatives, problemKind } from '../problem';

/** The waitlist covers the chosen day and at most this many days in all. */
const WAIT_DAYS = 3;

/** A span of days the patient may wait for: the chosen day and the full days right after it. */
interface WaitSpan {
  readonly fromDay: string;
  readonly toDay: string;
  readonly from: string;
  readonly to: string;
  readonly days: number;
}

/**
 * Step 4: the free times of the chosen day, with the places left. When the day is full at the
 * chosen hospital, the patient can join the department's waitlist for that day (and the next
 * full days, up to three in all): a seat that frees up is held for them and they are told by
 * SMS/Zalo. When the patient is moving an appointment (`current`), its own time is marked.
 */
@Component({
  selector: 'app-time-step',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './time-step.html',
  styleUrl: './time-step.scss',
})
export class TimeStep implements OnInit {
  private readonly api = inject(KioskApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly lastDay = nextVnDays(inject(KIOSK_BOOKING_DAYS)).at(-1)!;

  readonly hospital = input.required<HospitalChoice>();
  readonly department = input.required<DepartmentChoice>();
  /** `YYYY-MM-DD`, Viet Nam time. */
  readonly day = input.required<string>();
  /** Offer the waitlist when the day is full (the booking wizard; not when moving a booking). */
  readonly waitlist = input(false);
  /** The appointment being moved, whose own time is shown but cannot be chosen. */
  readonly current = input<Booking | null>(null);
  readonly chosen = output<AvailableSlot>();
  /** The patient joined the waitlist and is done here. */
  readonly home = output();

  protected readonly midnight = computed(() => vnMidnight(this.day()));

  protected readonly slots = loadState(() =>
    this.api.availability({
      department: this.department().code,
      hospital: this.hospital().id,
      from: this.day(),
      to: this.day(),
      limit: 100,
    }),
  );

  protected readonly free = computed(
    () => this.slots.value()?.filter((s) => s.seatsLeft > 0) ?? null,
  );

  /** The waitlist is offered only for one department at one hospital, and only on a full day. */
  protected readonly canWait = computed(
    () => this.waitlist() && this.hospital().id !== null && this.free()?.length === 0,
  );

  /** The days after the chosen one, to offer waiting for them too only if they are full as well. */
  private readonly following = loadState(() =>
    this.api.availability({
      department: this.department().code,
      hospital: this.hospital().id,
      from: addDays(this.day(), 1),
      to: addDays(this.day(), WAIT_DAYS - 1),
      limit: 100,
    }),
  );

  protected readonly spans = computed<WaitSpan[] | null>(() => {
    if (!this.canWait()) return null;
    const later = this.following.value();
    if (!later && !this.following.error()) return null;
    const open = new Set((later ?? []).filter((s) => s.seatsLeft > 0).map((s) => vnDay(s.start)));
    const fromDay = this.day();
    const spans: WaitSpan[] = [];
    for (let n = 0; n < WAIT_DAYS; n++) {
      const toDay = addDays(fromDay, n);
      // A later day with seats (or one not read, or past the booking horizon) ends the offer.
      if (n > 0 && (!later || open.has(toDay) || toDay > this.lastDay)) break;
      spans.push({ fromDay, toDay, from: vnMidnight(fromDay), to: vnMidnight(toDay), days: n + 1 });
    }
    return spans;
  });

  protected readonly joining = signal(false);
  protected readonly joined = signal<WaitlistEntry | null>(null);
  protected readonly joinError = signal<string | null>(null);
  /** Free seats the API found on the days asked for (`seats-available`): book one instead. */
  protected readonly instead = signal<readonly AvailableSlot[] | null>(null);

  constructor() {
    effect(() => {
      if (this.canWait()) untracked(() => this.following.load());
    });
  }

  ngOnInit(): void {
    this.slots.load();
  }

  /** The appointment being moved is at this time. */
  protected isCurrent(slot: AvailableSlot): boolean {
    const current = this.current();
    return current !== null && current.serviceId === slot.serviceId && current.start === slot.start;
  }

  protected join(span: WaitSpan): void {
    const hospitalId = this.hospital().id;
    if (!hospitalId || this.joining()) return;
    this.joining.set(true);
    this.joinError.set(null);
    this.instead.set(null);
    this.api
      .joinWaitlist(serviceIdFor(hospitalId, this.department().code), span.fromDay, span.toDay)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (entry) => {
          this.joining.set(false);
          this.joined.set(entry);
        },
        error: (error: unknown) => {
          this.joining.set(false);
          this.joinError.set(kioskProblemText(error));
          if (problemKind(error) === 'seats-available') {
            this.instead.set(problemAlternatives(error).filter((s) => s.seatsLeft > 0));
          }
        },
      });
  }
}
