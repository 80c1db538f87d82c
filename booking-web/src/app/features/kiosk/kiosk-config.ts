import { InjectionToken } from '@angular/core';

/** A signed-in kiosk returns to the idle screen after this long without a touch or key. */
export const KIOSK_IDLE_TIMEOUT_MS = new InjectionToken<number>('KIOSK_IDLE_TIMEOUT_MS', {
  providedIn: 'root',
  factory: () => 60_000,
});

/** The idle countdown becomes visible this long before the timeout. */
export const KIOSK_IDLE_WARNING_MS = new InjectionToken<number>('KIOSK_IDLE_WARNING_MS', {
  providedIn: 'root',
  factory: () => 10_000,
});

/** How long a "card rejected" message stays on the idle screen. */
export const KIOSK_REJECTION_MS = new InjectionToken<number>('KIOSK_REJECTION_MS', {
  providedIn: 'root',
  factory: () => 8_000,
});

/** How many days ahead the booking wizard offers (today included). */
export const KIOSK_BOOKING_DAYS = new InjectionToken<number>('KIOSK_BOOKING_DAYS', {
  providedIn: 'root',
  factory: () => 14,
});
