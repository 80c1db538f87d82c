import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SW, withStatus } from '../emulator/apdu.js';
import { encodeNdefFile, encodeUriMessage } from '../sun/ndef.js';
import { buildSunUrl } from '../sun/sun.js';
import { CARD_ERROR_CODES, CardReadError } from './card-errors.js';
import { APDU, readSun, type Transmit } from './read-sun.js';

/**
 * Property tests of reading a card at the reader: whatever a card or reader answers (any NDEF file,
 * any status word, short or empty answers, a transmit that fails), `readSun` ends in a SUN message
 * or a `CardReadError` with one of the stable codes the agent reports, never another exception.
 */
const KEYS = { metaRead: Buffer.alloc(16, 0x11), fileRead: Buffer.alloc(16, 0x22) };

/** How the card answers one APDU, beyond a correct answer. */
type Misbehaviour =
  | { kind: 'none' }
  | { kind: 'status'; sw: number }
  | { kind: 'short'; bytes: number[] }
  | { kind: 'extra'; bytes: number[] }
  | { kind: 'throw' };

const misbehaviour: fc.Arbitrary<Misbehaviour> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  fc.record({
    kind: fc.constant('status' as const),
    sw: fc.oneof(
      fc.constantFrom(SW.failed, SW.fileNotFound, SW.wrongLength, 0x6a86, 0x9100),
      fc.integer({ min: 0, max: 0xffff }),
    ),
  }),
  fc.record({
    kind: fc.constant('short' as const),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 1 }),
  }),
  fc.record({
    kind: fc.constant('extra' as const),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
  }),
  fc.constant({ kind: 'throw' as const }),
);

/** A card holding `file` as its NDEF file (NLEN included), answering the n-th APDU with `plan[n]`. */
function cardWith(file: Buffer, uid: Buffer, plan: Misbehaviour[]): Transmit {
  let n = 0;
  return (apdu) => {
    const how = plan[n++ % Math.max(plan.length, 1)] ?? { kind: 'none' };
    let answer: Buffer;
    if (apdu.equals(APDU.getUid)) answer = withStatus(uid, SW.ok);
    else if (apdu.equals(APDU.selectNdefFile)) answer = withStatus(Buffer.alloc(0), SW.ok);
    else if (apdu[1] === 0xb0) {
      const offset = ((apdu[2] ?? 0) << 8) | (apdu[3] ?? 0);
      answer = withStatus(file.subarray(offset, offset + (apdu[4] ?? 0)), SW.ok);
    } else answer = withStatus(Buffer.alloc(0), SW.insNotSupported);
    switch (how.kind) {
      case 'none':
        return Promise.resolve(answer);
      case 'status':
        return Promise.resolve(withStatus(answer.subarray(0, -2), how.sw));
      case 'short':
        return Promise.resolve(Buffer.from(how.bytes));
      case 'extra':
        return Promise.resolve(Buffer.concat([Buffer.from(how.bytes), answer]));
      case 'throw':
        return Promise.reject(new Error('SCardTransmit error: card was removed'));
    }
  };
}

async function outcome(transmit: Transmit): Promise<'read' | CardReadError> {
  try {
    const read = await readSun(transmit);
    expect(read.sun.piccData).toMatch(/^[0-9A-F]{32}$/);
    expect(read.sun.cmac).toMatch(/^[0-9A-F]{16}$/);
    return 'read';
  } catch (error) {
    if (error instanceof CardReadError) {
      expect(CARD_ERROR_CODES).toContain(error.code);
      return error;
    }
    throw error;
  }
}

const goodFile = fc
  .tuple(fc.uint8Array({ minLength: 7, maxLength: 7 }), fc.integer({ min: 0, max: 0xffffff }))
  .map(([uid, counter]) => ({
    uid: Buffer.from(uid),
    file: encodeNdefFile(
      encodeUriMessage(
        buildSunUrl({ baseUrl: 'https://the.qn.card/t', uid, counter, keys: KEYS }).url,
      ),
    ),
  }));

describe('readSun against arbitrary cards and readers', () => {
  it('ends in a SUN message or a CardReadError for an NDEF file of arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 10 }),
        async (file, uid) => {
          await outcome(cardWith(Buffer.from(file), Buffer.from(uid), []));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('ends in a SUN message or a CardReadError for a real SUN file with bytes changed', async () => {
    await fc.assert(
      fc.asyncProperty(
        goodFile,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        async ({ uid, file }, edits) => {
          const changed = Buffer.from(file);
          for (const [at, value] of edits) changed[at % changed.length] = value;
          await outcome(cardWith(changed, uid, []));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('ends in a SUN message or a CardReadError whatever status words, short answers or failures the reader gives', async () => {
    let read = 0;
    await fc.assert(
      fc.asyncProperty(
        goodFile,
        fc.array(misbehaviour, { maxLength: 8 }),
        async ({ uid, file }, plan) => {
          if ((await outcome(cardWith(file, uid, plan))) === 'read') read += 1;
        },
      ),
      { numRuns: 1000 },
    );
    // A good card with a well-behaved reader is read: the property is not only about refusals.
    expect(read).toBeGreaterThan(50);
  });
});
