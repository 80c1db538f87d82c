import { describe, expect, it } from '@jest/globals';
import { Outbox, isFresh } from './outbox.js';
import { cardRemovedMessage, cardTappedMessage } from './messages.js';

function fakeClock(start: number): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const tap = (at: number) =>
  cardTappedMessage(
    {
      reader: 'R',
      kind: 'TAG_ISO_14443_4',
      atr: '3B8180018080',
      uid: '04DE5F1EACC040',
      tappedAt: new Date(at),
    },
    at,
  );

describe('Outbox', () => {
  it('delivers a tap queued 5 s ago', () => {
    const clock = fakeClock(1_000_000);
    const outbox = new Outbox({ maxAgeMs: 30_000, clock });
    outbox.push(tap(clock.now()));
    clock.advance(5_000);
    expect(outbox.drain()).toEqual({
      fresh: [expect.objectContaining({ type: 'card.tapped' })],
      dropped: 0,
    });
  });

  it('drops a tap once it is older than 30 s', () => {
    const clock = fakeClock(1_000_000);
    const outbox = new Outbox({ maxAgeMs: 30_000, clock });
    outbox.push(tap(clock.now()));
    clock.advance(30_001);
    expect(outbox.drain()).toEqual({ fresh: [], dropped: 1 });
  });

  it('keeps fresh events in order and empties itself on drain', () => {
    const clock = fakeClock(0);
    const outbox = new Outbox({ maxAgeMs: 30_000, clock });
    outbox.push(tap(0), 0);
    clock.advance(20_000);
    outbox.push(cardRemovedMessage('R', 20_000), 20_000);
    clock.advance(15_000);
    const { fresh, dropped } = outbox.drain();
    expect(fresh.map((m) => m.type)).toEqual(['card.removed']);
    expect(dropped).toBe(1);
    expect(outbox.size).toBe(0);
  });

  it('forgets the oldest events beyond its capacity', () => {
    const clock = fakeClock(0);
    const outbox = new Outbox({ maxAgeMs: 30_000, clock, capacity: 2 });
    outbox.push(cardRemovedMessage('A', 0));
    outbox.push(cardRemovedMessage('B', 0));
    outbox.push(cardRemovedMessage('C', 0));
    expect(outbox.drain().fresh.map((m) => (m.type === 'card.removed' ? m.reader : ''))).toEqual([
      'B',
      'C',
    ]);
  });

  it('treats exactly the age limit as fresh and one millisecond more as stale', () => {
    expect(isFresh(0, 30_000, 30_000)).toBe(true);
    expect(isFresh(0, 30_001, 30_000)).toBe(false);
  });
});
