import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync, mkdirSync } from 'node:fs';
import { CardReaders } from './card-readers.js';
import { EmulatedNtag424, ZERO_KEYS } from '../emulator/ntag424-card.js';
import { tapCard, tapEmulatedCard } from '../emulator/tap-card.js';
import { verifySun } from '../sun/sun.js';
import { fromHex } from '../sun/hex.js';
import {
  nextEvent,
  percentile,
  requirePcscd,
  VPCD_READER_NAME,
  waitForReader,
} from '../test-support/pcsc-stack.js';

// Reader 0 belongs to this file; the agent's integration test uses reader 1.
const READER_INDEX = 0;
const READER = VPCD_READER_NAME(READER_INDEX);
const UID = '04DE5F1EACC040';

describe('CardReaders on real pcscd + vpcd', () => {
  let cards: CardReaders;

  beforeAll(async () => {
    requirePcscd();
    cards = new CardReaders({ readTimeoutMs: 1500 });
    cards.start();
    await waitForReader(cards, READER);
  });

  afterAll(() => {
    cards?.close();
  });

  /** Taps, waits for the outcome, removes, waits for card.removed. */
  async function tapAndRemove<K extends 'card.tapped' | 'card.error'>(
    outcome: K,
    tap: () => ReturnType<typeof tapCard>,
  ) {
    const result = nextEvent(cards, outcome, READER);
    const card = await tap();
    const event = await result;
    const removed = nextEvent(cards, 'card.removed', READER);
    await card.remove();
    await removed;
    return { event, card };
  }

  it('emits card.tapped with the UID, ISO 14443-4 kind and a SUN whose CMAC verifies, then card.removed', async () => {
    const { event } = await tapAndRemove('card.tapped', () =>
      tapCard({ reader: READER_INDEX, uid: UID, counter: 42 }),
    );
    expect(event).toMatchObject({
      reader: READER,
      kind: 'TAG_ISO_14443_4',
      atr: '3B8180018080',
      uid: UID,
    });
    expect(event.sun).toBeDefined();
    expect(verifySun(event.sun!, ZERO_KEYS)).toEqual({ ok: true, uid: UID, counter: 42 });
  });

  it('gives increasing counters for two taps of the same card in a row', async () => {
    const card = new EmulatedNtag424({ uid: fromHex(UID), counter: 100 });
    const counters: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { event } = await tapAndRemove('card.tapped', () =>
        tapEmulatedCard(card, { reader: READER_INDEX }),
      );
      const verified = verifySun(event.sun!, card.keys);
      counters.push(verified.ok ? verified.counter : -1);
    }
    expect(counters).toEqual([100, 101]);
  });

  it.each([
    ['garbage', 'invalid_ndef'],
    ['fail', 'read_failed'],
    ['foreign', 'unsupported_card'],
    ['blank', 'blank_card'],
    ['slow', 'timeout'],
  ] as const)(
    'emits card.error when the card is %s (%s) and reads the next good tap',
    async (behaviour, code) => {
      const { event } = await tapAndRemove('card.error', () =>
        tapCard({ reader: READER_INDEX, uid: UID, behaviour }),
      );
      expect(event).toMatchObject({ reader: READER, code });
      const next = await tapAndRemove('card.tapped', () =>
        tapCard({ reader: READER_INDEX, uid: UID, counter: 5 }),
      );
      expect(verifySun(next.event.sun!, ZERO_KEYS)).toMatchObject({ ok: true, counter: 5 });
    },
  );

  it('reports a wrong CMAC as read (the API refuses it) and it does not verify', async () => {
    const { event } = await tapAndRemove('card.tapped', () =>
      tapCard({ reader: READER_INDEX, uid: UID, behaviour: 'wrong-cmac' }),
    );
    expect(verifySun(event.sun!, ZERO_KEYS)).toEqual({ ok: false, reason: 'cmac' });
  });

  it('reports an ISO 14443-3 tag with its UID and no SUN', async () => {
    const { event } = await tapAndRemove('card.tapped', () =>
      tapCard({ reader: READER_INDEX, uid: UID, behaviour: 'type2' }),
    );
    expect(event).toMatchObject({ kind: 'TAG_ISO_14443_3', uid: UID });
    expect(event.sun).toBeUndefined();
  });

  it('measures tap latency over 20 taps (emulator connect → card.tapped, and nfc-pcsc card → card.tapped)', async () => {
    const endToEnd: number[] = [];
    const ours: number[] = [];
    const card = new EmulatedNtag424({ uid: fromHex(UID), counter: 1000 });
    for (let i = 0; i < 20; i += 1) {
      const { event, card: present } = await tapAndRemove('card.tapped', () =>
        tapEmulatedCard(card, { reader: READER_INDEX }),
      );
      endToEnd.push(event.timing.emitted - present.tappedAt);
      ours.push(event.timing.emitted - event.timing.cardEvent);
    }
    const summary = {
      taps: 20,
      connectToTappedMs: {
        median: percentile(endToEnd, 50),
        p95: percentile(endToEnd, 95),
        min: Math.min(...endToEnd),
        max: Math.max(...endToEnd),
      },
      cardEventToTappedMs: {
        median: percentile(ours, 50),
        p95: percentile(ours, 95),
        min: Math.min(...ours),
        max: Math.max(...ours),
      },
    };
    mkdirSync('.test-results', { recursive: true });
    writeFileSync('.test-results/card-reader-latency.json', JSON.stringify(summary, null, 2));
    process.stdout.write(`tap latency: ${JSON.stringify(summary)}\n`);
    expect(percentile(ours, 50)).toBeLessThan(1000);
  }, 120_000);
});
