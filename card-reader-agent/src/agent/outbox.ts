/**
 * Messages waiting for the WebSocket. Card events made while disconnected wait here, but a tap is
 * never delivered once older than `maxAgeMs` (the person has walked away; the API would refuse it).
 */
import type { AgentUpMessage } from '@qn/contracts';
import type { Clock } from './clock.js';

type CardMessage = Extract<AgentUpMessage, { type: 'card.tapped' | 'card.removed' | 'card.error' }>;

interface Entry {
  readonly message: CardMessage;
  readonly madeAt: number;
}

export interface OutboxOptions {
  readonly maxAgeMs: number;
  readonly clock: Clock;
  /** Hard cap on queued messages (oldest go first). */
  readonly capacity?: number;
}

/** Whether a card event made at `madeAt` may still be sent at `now`. */
export function isFresh(madeAt: number, now: number, maxAgeMs: number): boolean {
  return now - madeAt <= maxAgeMs;
}

export class Outbox {
  private entries: Entry[] = [];
  private readonly capacity: number;

  constructor(private readonly options: OutboxOptions) {
    this.capacity = options.capacity ?? 100;
  }

  /** Queues a card event; `madeAt` is when it happened (for a tap, when the card was read). */
  push(message: CardMessage, madeAt: number = this.options.clock.now()): void {
    this.entries.push({ message, madeAt });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  /** Removes and returns what is still fresh, oldest first; returns the stale count too. */
  drain(): { fresh: CardMessage[]; dropped: number } {
    const now = this.options.clock.now();
    const fresh = this.entries.filter((entry) => isFresh(entry.madeAt, now, this.options.maxAgeMs));
    const dropped = this.entries.length - fresh.length;
    this.entries = [];
    return { fresh: fresh.map((entry) => entry.message), dropped };
  }

  get size(): number {
    return this.entries.length;
  }
}
