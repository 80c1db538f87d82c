import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, retry, timer } from 'rxjs';

import { API_BASE_URL } from '../../core/api-config';
import type { StationEvent } from './kiosk-types';

/** The part of `EventSource` we use; tests pass a fake. */
export interface EventSourceLike {
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent<string>) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  close(): void;
}

/** Opens a server-sent event stream; the browser's `EventSource` by default. */
export const EVENT_SOURCE_FACTORY = new InjectionToken<(url: string) => EventSourceLike>(
  'EVENT_SOURCE_FACTORY',
  { providedIn: 'root', factory: () => (url: string) => new EventSource(url) as EventSourceLike },
);

/** First reconnection delay; it doubles on each failure in a row, up to 30 s. */
export const STATION_EVENTS_RETRY_MS = new InjectionToken<number>('STATION_EVENTS_RETRY_MS', {
  providedIn: 'root',
  factory: () => 1000,
});
const MAX_RETRY_MS = 30_000;

/** What the stream tells the page: connected, lost (reconnecting), or an event. */
export type StationFeed =
  | { readonly kind: 'open' }
  | { readonly kind: 'down' }
  | { readonly kind: 'event'; readonly event: StationEvent };

const EVENT_TYPES = new Set<string>(['session.started', 'session.ended', 'card.rejected']);

/** Reads one `data:` payload; anything that is not a known, well-formed event is dropped. */
export function parseStationEvent(data: string): StationEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const event = value as { type?: unknown; session?: { token?: unknown; patient?: unknown } };
  if (typeof event.type !== 'string' || !EVENT_TYPES.has(event.type)) return null;
  if (
    event.type === 'session.started' &&
    (typeof event.session?.token !== 'string' || !event.session.patient)
  ) {
    return null;
  }
  return value as StationEvent;
}

/** The live events of one kiosk station (`GET /api/stations/:id/events`, SSE). */
@Injectable({ providedIn: 'root' })
export class StationEvents {
  private readonly open = inject(EVENT_SOURCE_FACTORY);
  private readonly baseUrl = inject(API_BASE_URL);
  private readonly retryMs = inject(STATION_EVENTS_RETRY_MS);

  /**
   * Connects on subscribe and reconnects forever with backoff (1 s, 2 s, 4 s … 30 s, reset
   * once connected); emits `down` when the connection drops. Unsubscribe (e.g.
   * `takeUntilDestroyed`) to close the stream.
   */
  watch(stationId: string, displayKey?: string | null): Observable<StationFeed> {
    // The display key proves this screen belongs to the station (EventSource cannot send headers).
    const query = displayKey ? `?key=${encodeURIComponent(displayKey)}` : '';
    const url = `${this.baseUrl}/api/stations/${encodeURIComponent(stationId)}/events${query}`;
    let failuresInARow = 0;
    return new Observable<StationFeed>((subscriber) => {
      const source = this.open(url);
      source.onopen = () => {
        failuresInARow = 0;
        subscriber.next({ kind: 'open' });
      };
      source.onmessage = (message: MessageEvent<string>) => {
        const event = parseStationEvent(message.data);
        if (event) subscriber.next({ kind: 'event', event });
      };
      // The browser would retry on its own, but not after every kind of failure (an HTTP
      // error closes the stream for good); we close and reconnect ourselves, always.
      source.onerror = () => {
        subscriber.next({ kind: 'down' });
        subscriber.error(new Error(`station event stream lost: ${url}`));
      };
      return () => source.close();
    }).pipe(
      retry({
        delay: () => timer(Math.min(this.retryMs * 2 ** failuresInARow++, MAX_RETRY_MS)),
      }),
    );
  }
}
