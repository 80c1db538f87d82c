import type { StationEvent } from '@qn/contracts';

/** A test kiosk page: reads a station's Server-Sent Events with fetch and keeps every event. */
export interface StationEventsClient {
  readonly status: number;
  readonly events: Array<{ event: StationEvent; receivedAt: number }>;
  /** The first event (received after `after`, by index) that matches; rejects after the timeout. */
  next(
    accept: (event: StationEvent) => boolean,
    options?: { timeoutMs?: number; after?: number },
  ): Promise<{ event: StationEvent; receivedAt: number; index: number }>;
  close(): void;
}

export async function openStationEvents(
  baseUrl: string,
  stationId: string,
  key: string,
): Promise<StationEventsClient> {
  const controller = new AbortController();
  const response = await fetch(
    `${baseUrl}/api/stations/${encodeURIComponent(stationId)}/events?key=${encodeURIComponent(key)}`,
    { signal: controller.signal, headers: { Accept: 'text/event-stream' } },
  );
  const events: Array<{ event: StationEvent; receivedAt: number }> = [];
  const waiters = new Set<() => void>();
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice('data: '.length))
              .join('\n');
            if (data) {
              events.push({
                event: JSON.parse(data) as StationEvent,
                receivedAt: performance.now(),
              });
              for (const wake of waiters) wake();
            }
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  } else {
    await response.body?.cancel();
  }
  return {
    status: response.status,
    events,
    next(accept, options = {}) {
      const { timeoutMs = 3000, after = 0 } = options;
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const index = events.findIndex((e, i) => i >= after && accept(e.event));
          const found = events[index];
          if (index >= 0 && found) {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve({ ...found, index });
            return true;
          }
          return false;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `no matching station event within ${timeoutMs} ms; got ${JSON.stringify(events.slice(after).map((e) => e.event))}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    close() {
      controller.abort();
    },
  };
}
