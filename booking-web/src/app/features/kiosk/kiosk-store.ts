import { Injectable, computed, signal } from '@angular/core';

import type { Booking, KioskSession } from './kiosk-types';

/** Which screen the kiosk shows. */
export type KioskView =
  'idle' | 'home' | 'record' | 'wizard' | 'ticket' | 'feedback' | 'reschedule';

/**
 * The state of one kiosk page, in signals. Everything about the patient lives here or in
 * the components of the signed-in screens, so `clear()` plus leaving those screens removes
 * it all. The session token is kept in memory only: never in localStorage or sessionStorage.
 * Provided by `KioskPage`, so it also dies with the page.
 */
@Injectable()
export class KioskStore {
  readonly session = signal<KioskSession | null>(null);
  readonly view = signal<KioskView>('idle');
  /** The booking just made, shown as a ticket. */
  readonly ticket = signal<Booking | null>(null);
  /** The appointment whose time the patient is changing (the `reschedule` view). */
  readonly rescheduling = signal<Booking | null>(null);
  /**
   * The id of the seat the booking wizard holds right now and has not confirmed: the page lets it
   * go before it ends the session, while the token still works.
   */
  readonly liveHold = signal<string | null>(null);
  /** A rejected tap's message, shown on the idle screen for a few seconds. */
  readonly rejection = signal<string | null>(null);

  readonly patient = computed(() => this.session()?.patient ?? null);
  readonly token = computed(() => this.session()?.token ?? null);

  /** A card was tapped: a new patient, with nothing left from anyone before. */
  start(session: KioskSession): void {
    this.clear();
    this.session.set(session);
    this.view.set('home');
  }

  showTicket(booking: Booking): void {
    this.ticket.set(booking);
    this.view.set('ticket');
  }

  /** Back to the idle screen with no patient data left. */
  clear(): void {
    this.session.set(null);
    this.ticket.set(null);
    this.rescheduling.set(null);
    this.liveHold.set(null);
    this.view.set('idle');
  }
}
