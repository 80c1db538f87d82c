import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { EMPTY, Subject, catchError, concat, interval, of, switchMap, timer } from 'rxjs';

import { Autofocus } from '../../shared/autofocus';
import { KioskFeedback } from '../../feedback/kiosk-feedback';
import { BookingWizard } from './booking-wizard/booking-wizard';
import { IdleScreen, type StationConnection } from './idle-screen/idle-screen';
import { KioskApi } from './kiosk-api';
import { KIOSK_IDLE_TIMEOUT_MS, KIOSK_IDLE_WARNING_MS, KIOSK_REJECTION_MS } from './kiosk-config';
import { KioskStore } from './kiosk-store';
import { MyRecord } from './my-record/my-record';
import type { Booking, StationEvent } from './kiosk-types';
import { PatientHome } from './patient-home/patient-home';
import { RescheduleWizard } from './reschedule/reschedule-wizard';
import { type StationFeed, StationEvents } from './station-events';
import { Ticket } from './ticket/ticket';

/**
 * The public kiosk of one station (`/kiosk?station=kiosk-01`). It listens to the station's
 * events: a card tap starts a session (home → booking wizard → ticket, or home → the patient's
 * own record summary); card removal, sign-out, a 401 or a minute without a touch ends it and
 * clears every trace of the patient.
 *
 * Only the idle screen is in this component's chunk: the signed-in screens (imported below, used
 * only inside the template's `@defer` block) come in a chunk of their own, fetched once the idle
 * screen is up. The page does not use the router: `station` and `key` are inputs, bound from the
 * query by the router (`withComponentInputBinding`) in the full app and from `location.search` by
 * the kiosk's own start-up (`kiosk-main.ts`).
 */
@Component({
  selector: 'app-kiosk-page',
  imports: [
    Autofocus,
    IdleScreen,
    PatientHome,
    MyRecord,
    BookingWizard,
    Ticket,
    KioskFeedback,
    RescheduleWizard,
  ],
  providers: [KioskStore, KioskApi],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './kiosk-page.html',
  styleUrl: './kiosk-page.scss',
  host: {
    '(document:pointerdown)': 'touched()',
    '(document:keydown)': 'touched()',
    '(document:touchstart)': 'touched()',
    '(document:wheel)': 'touched()',
  },
})
export class KioskPage {
  protected readonly store = inject(KioskStore);
  private readonly api = inject(KioskApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly idleMs = inject(KIOSK_IDLE_TIMEOUT_MS);
  private readonly warningMs = inject(KIOSK_IDLE_WARNING_MS);
  private readonly rejectionMs = inject(KIOSK_REJECTION_MS);

  /** `?station=`: the station this screen belongs to. */
  readonly station = input<string | null | undefined>(null);
  /** `?key=`: the station's display key, proving this screen belongs to it. */
  readonly key = input<string | null | undefined>(null);

  /** The station, trimmed; null when not configured. */
  protected readonly stationId = computed(() => this.station()?.trim() || null);
  private readonly feedParams = computed(
    () => ({ station: this.stationId(), key: this.key()?.trim() || null }),
    { equal: (a, b) => a.station === b.station && a.key === b.key },
  );
  protected readonly connection = signal<StationConnection>('connecting');

  private readonly lastActivity = signal(Date.now());
  private readonly now = signal(Date.now());
  /** Whole seconds until the idle timeout, shown in the last few seconds. */
  protected readonly secondsLeft = computed(() =>
    Math.max(0, Math.ceil((this.lastActivity() + this.idleMs - this.now()) / 1000)),
  );
  protected readonly showCountdown = computed(
    () => this.store.session() !== null && this.secondsLeft() * 1000 <= this.warningMs,
  );

  private readonly rejections = new Subject<string>();

  constructor() {
    const events = inject(StationEvents);
    toObservable(this.feedParams)
      .pipe(
        switchMap(({ station, key }) => {
          this.store.clear();
          this.connection.set('connecting');
          return station ? events.watch(station, key) : EMPTY;
        }),
        takeUntilDestroyed(),
      )
      .subscribe((feed) => this.onFeed(feed));

    interval(1000)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.tick());

    this.rejections
      .pipe(
        switchMap((message) => {
          this.store.rejection.set(message);
          return timer(this.rejectionMs);
        }),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.store.rejection.set(null));
  }

  /** Any touch, key or pointer event restarts the idle timer. */
  protected touched(): void {
    const now = Date.now();
    this.lastActivity.set(now);
    this.now.set(now);
  }

  protected startBooking(): void {
    this.store.view.set('wizard');
  }

  protected openRecord(): void {
    this.store.view.set('record');
  }

  /** The "Đánh giá lượt khám" step: visits to rate and the hospital's replies. */
  protected openFeedback(): void {
    this.store.view.set('feedback');
  }

  /** "Đổi giờ" on one of the patient's appointments. */
  protected startReschedule(booking: Booking): void {
    this.store.rescheduling.set(booking);
    this.store.view.set('reschedule');
  }

  protected booked(booking: Booking): void {
    this.store.showTicket(booking);
  }

  protected backHome(): void {
    this.store.ticket.set(null);
    this.store.rescheduling.set(null);
    this.store.view.set('home');
  }

  /** The patient asked to finish: tell the API, and forget everything at once. */
  protected signOut(): void {
    this.endSession();
  }

  private endSession(): void {
    const token = this.store.token();
    const hold = this.store.liveHold();
    this.store.clear();
    if (token) {
      // A seat held in the wizard is let go first, while the token still works.
      const release = hold
        ? this.api.releaseHoldAs(token, hold).pipe(catchError(() => of(null)))
        : EMPTY;
      concat(release, this.api.endSession(token))
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({ error: () => undefined }); // the session also expires on its own
    }
  }

  private tick(): void {
    if (!this.store.session()) return;
    const now = Date.now();
    this.now.set(now);
    if (now - this.lastActivity() >= this.idleMs) this.endSession();
  }

  private onFeed(feed: StationFeed): void {
    switch (feed.kind) {
      case 'open':
        if (this.connection() === 'down' && this.store.session()) this.checkSession();
        this.connection.set('open');
        return;
      case 'down':
        this.connection.set('down');
        return;
      case 'event':
        this.onEvent(feed.event);
    }
  }

  private onEvent(event: StationEvent): void {
    switch (event.type) {
      case 'session.started':
        this.store.start(event.session);
        this.store.rejection.set(null);
        this.touched();
        return;
      case 'session.ended':
        this.store.clear();
        return;
      case 'card.rejected':
        this.rejections.next(event.message);
    }
  }

  /** After a reconnect we may have missed `session.ended`: ask (a 401 clears the session). */
  private checkSession(): void {
    this.api
      .currentSession()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ error: () => undefined });
  }
}
