import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type OnDestroy,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { interval } from 'rxjs';
// crypto.randomUUID exists only in secure contexts; a kiosk may load the app over plain HTTP on
// the hospital network, where uuid falls back to crypto.getRandomValues.
import { v4 as uuidv4 } from 'uuid';

import { Autofocus } from '../../../shared/autofocus';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { KioskApi } from '../kiosk-api';
import { KioskStore } from '../kiosk-store';
import type { AvailableSlot, Booking } from '../kiosk-types';
import { httpStatus, kioskProblemText, problemAlternatives, problemKind } from '../problem';

/** Where the seat stands: being held, held (and maybe being confirmed), or not held. */
type Phase = 'holding' | 'held' | 'confirming' | 'not-held';

/** The API's default, for the words when an answer does not say. */
const DEFAULT_HOLD_MS = 5 * 60_000;

/**
 * Step 5: the summary and the confirm button. On arrival the seat is HELD for the patient (a few
 * minutes, counted down on screen); "Xác nhận đặt lịch" confirms the hold into a booking with a
 * queue number. Leaving the step, the wizard or the session lets a live hold go at once.
 *
 * Each slot shown gets one hold attempt with one idempotency key: a retry after a lost answer
 * sends the same key again and cannot hold twice; another slot (an alternative) gets a new key.
 * When the seat was taken, or the hold lapsed, the API's alternatives are offered in place.
 */
@Component({
  selector: 'app-confirm-step',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './confirm-step.html',
  styleUrl: './confirm-step.scss',
})
export class ConfirmStep implements OnDestroy {
  private readonly api = inject(KioskApi);
  private readonly store = inject(KioskStore);
  private readonly destroyRef = inject(DestroyRef);

  readonly slot = input.required<AvailableSlot>();
  readonly booked = output<Booking>();
  /** The patient picked one of the alternatives offered after a 409. */
  readonly switchTo = output<AvailableSlot>();

  private holdKey = '';
  /** Counts the slots shown, so a hold answered for an earlier one is let go, not shown. */
  private attempt = 0;
  private destroyed = false;

  protected readonly phase = signal<Phase>('holding');
  protected readonly hold = signal<Booking | null>(null);
  /** When the hold lapses, on this kiosk's clock. */
  private readonly expiresAt = signal<number | null>(null);
  private readonly now = signal(Date.now());
  protected readonly holdMinutes = signal(DEFAULT_HOLD_MS / 60_000);

  protected readonly error = signal<string | null>(null);
  /** The last call failed without a final answer (network, 5xx): the button tries it again. */
  protected readonly retryable = signal(false);
  protected readonly alternatives = signal<readonly AvailableSlot[] | null>(null);
  /** The alternatives follow a hold that lapsed (not a seat someone else took). */
  protected readonly holdLapsed = signal(false);

  private readonly remainingMs = computed(() => {
    const until = this.expiresAt();
    return until === null ? 0 : Math.max(0, until - this.now());
  });
  /** `m:ss` left on the hold. */
  protected readonly countdown = computed(() => {
    const seconds = Math.ceil(this.remainingMs() / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  });
  protected readonly lapsed = computed(() => this.hold() !== null && this.remainingMs() === 0);

  constructor() {
    effect(() => {
      const slot = this.slot();
      untracked(() => this.start(slot));
    });
    interval(1000)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
  }

  /** Leaving with a live hold lets the seat go for the next patient (nobody waits for the answer). */
  ngOnDestroy(): void {
    this.destroyed = true;
    this.releaseLive();
  }

  /** A slot to hold: the first one, or an alternative the patient picked. */
  private start(slot: AvailableSlot): void {
    this.releaseLive();
    this.attempt++;
    this.holdKey = uuidv4();
    this.hold.set(null);
    this.expiresAt.set(null);
    this.alternatives.set(null);
    this.holdLapsed.set(false);
    this.placeHold(slot);
  }

  private placeHold(slot: AvailableSlot = this.slot()): void {
    const attempt = this.attempt;
    this.phase.set('holding');
    this.error.set(null);
    this.retryable.set(false);
    // Not cut short when the step goes away: a hold made anyway must be let go (below).
    this.api.hold(slot.slotId, this.holdKey).subscribe({
      next: (hold) => {
        if (this.destroyed || attempt !== this.attempt) {
          this.release(hold.id);
          return;
        }
        this.held(hold);
      },
      error: (error: unknown) => {
        if (this.destroyed || attempt !== this.attempt) return;
        this.refused(error);
      },
    });
  }

  protected confirm(): void {
    const hold = this.hold();
    if (!hold || this.phase() !== 'held') return;
    this.phase.set('confirming');
    this.error.set(null);
    this.retryable.set(false);
    this.api
      .confirmHold(hold.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (booking) => {
          this.forgetHold();
          this.booked.emit(booking);
        },
        error: (error: unknown) => {
          if (problemKind(error) === 'hold-expired') {
            this.forgetHold();
            this.refused(error);
            return;
          }
          this.phase.set('held');
          this.error.set(kioskProblemText(error));
          this.retryable.set(true);
        },
      });
  }

  /** The main button: confirm the hold, or try the hold again after a lost answer. */
  protected primary(): void {
    if (this.phase() === 'not-held') this.placeHold();
    else this.confirm();
  }

  protected choose(alternative: AvailableSlot): void {
    this.switchTo.emit(alternative);
  }

  private held(hold: Booking): void {
    // The hold's length from the API's own two times, counted on the kiosk's clock from now:
    // a kiosk clock a minute off must not show a minute too many or too few.
    const length =
      hold.holdExpiresAt !== undefined
        ? Date.parse(hold.holdExpiresAt) - Date.parse(hold.createdAt)
        : DEFAULT_HOLD_MS;
    const ms = Number.isFinite(length) && length > 0 ? length : DEFAULT_HOLD_MS;
    this.holdMinutes.set(Math.round(ms / 60_000));
    this.now.set(Date.now());
    this.expiresAt.set(Date.now() + ms);
    this.hold.set(hold);
    this.store.liveHold.set(hold.id);
    this.phase.set('held');
  }

  private refused(error: unknown): void {
    this.phase.set('not-held');
    this.error.set(kioskProblemText(error));
    const status = httpStatus(error);
    const unknown = status === 0 || status >= 500 || problemKind(error) === 'request-in-progress';
    this.retryable.set(unknown);
    if (status === 409) {
      const kind = problemKind(error);
      this.holdLapsed.set(kind === 'hold-expired');
      const offersOthers = kind !== 'already-booked-that-day' && kind !== 'too-many-bookings';
      if (offersOthers) {
        this.alternatives.set(problemAlternatives(error).filter((s) => s.seatsLeft > 0));
      }
    }
  }

  private forgetHold(): void {
    const id = this.hold()?.id;
    if (id && this.store.liveHold() === id) this.store.liveHold.set(null);
    this.hold.set(null);
    this.expiresAt.set(null);
  }

  /**
   * Lets this step's hold go unless it was confirmed, or the session ended and the page took
   * care of it (the store no longer names it).
   */
  private releaseLive(): void {
    const id = this.hold()?.id;
    if (id && this.store.liveHold() === id) {
      this.store.liveHold.set(null);
      this.release(id);
    }
  }

  private release(id: string): void {
    this.api.releaseHold(id).subscribe({ error: () => undefined }); // it lapses on its own anyway
  }
}
