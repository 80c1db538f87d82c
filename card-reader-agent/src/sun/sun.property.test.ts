import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeUriMessage, encodeUriMessage, NdefError } from './ndef.js';
import { buildSunUrl, parseSunUrl, verifySun, type SunKeys } from './sun.js';

/**
 * Property tests of what the agent reads off a card: the NDEF URI record and the SUN parameters
 * in it. A card can hold anything (a blank, a transit card, a forged tag), so every input must end
 * in a URL, a `NdefError` or `null` (no SUN), never another exception, and at once.
 */
const KEYS: SunKeys = { metaRead: Buffer.alloc(16, 0x11), fileRead: Buffer.alloc(16, 0x22) };
const hex = (length: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEF'),
    minLength: length,
    maxLength: length,
  });

function decodeOrNdefError(bytes: Uint8Array): string | NdefError {
  try {
    return decodeUriMessage(bytes);
  } catch (error) {
    if (error instanceof NdefError) return error;
    throw error;
  }
}

/** A real SUN URL as a card makes it, to mutate. */
const sunUrl = fc
  .tuple(
    fc.uint8Array({ minLength: 7, maxLength: 7 }),
    fc.integer({ min: 0, max: 0xffffff }),
    fc.constantFrom('https://the.qn.card/t', 'https://the.qn.card/t?x=1', 'http://a.b/c'),
  )
  .map(([uid, counter, baseUrl]) => buildSunUrl({ baseUrl, uid, counter, keys: KEYS }).url);

describe('NDEF URI records and SUN URLs under arbitrary input', () => {
  it('decodes arbitrary bytes to a URL or refuses them with NdefError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const answer = decodeOrNdefError(bytes);
        expect(typeof answer === 'string' || answer instanceof NdefError).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes record-shaped bytes (any header flags, type and lengths) to a URL or refuses them with NdefError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constant(0xffffffff)),
        fc.uint8Array({ maxLength: 260 }),
        (header, typeLength, payloadLength, rest) => {
          const lengthBytes =
            header & 0x10
              ? [payloadLength & 0xff]
              : [
                  (payloadLength >>> 24) & 0xff,
                  (payloadLength >>> 16) & 0xff,
                  (payloadLength >>> 8) & 0xff,
                  payloadLength & 0xff,
                ];
          const bytes = Uint8Array.from([header, typeLength, ...lengthBytes, 0x55, ...rest]);
          const answer = decodeOrNdefError(bytes);
          expect(typeof answer === 'string' || answer instanceof NdefError).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back every URL it writes into a record', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), sunUrl, fc.string({ maxLength: 200 })), (url) => {
        let message: Buffer;
        try {
          message = encodeUriMessage(url);
        } catch (error) {
          expect(error).toBeInstanceOf(NdefError); // longer than a short record holds
          return;
        }
        const readBack = decodeOrNdefError(message);
        // Text that is not whole UTF-16 (or holds U+FFFD) cannot be told from bad bytes on the card.
        const wholeUtf16 = Buffer.from(url, 'utf8').toString('utf8') === url;
        if (wholeUtf16 && !url.includes('\uFFFD')) expect(readBack).toBe(url);
        else expect(readBack).toBeInstanceOf(NdefError);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds SUN parameters in any text, or answers null, and only ever hex of the right length', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc
            .tuple(
              fc.webUrl(),
              hex(32),
              hex(16),
              fc.constantFrom('picc_data', 'e', 'PICC_DATA'),
              fc.constantFrom('cmac', 'c'),
            )
            .map(([base, e, c, ek, ck]) => `${base}?${ek}=${e}&${ck}=${c}`),
        ),
        (text) => {
          const fields = parseSunUrl(text);
          if (fields !== null) {
            expect(fields.piccData).toMatch(/^[0-9A-F]{32}$/);
            expect(fields.cmac).toMatch(/^[0-9A-F]{16}$/);
            expect(
              verifySun(fields, KEYS).ok === true || verifySun(fields, KEYS).ok === false,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('answers a real SUN URL with characters changed, dropped or added with null or fields that verify only when untouched', () => {
    fc.assert(
      fc.property(
        sunUrl,
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.oneof(
              fc.constant(''),
              fc.string({ maxLength: 3 }),
              fc.constantFrom('%', '%00', '&', '=', '#', '?', 'ệ'),
            ),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (url, edits) => {
          let changed = url;
          for (const [at, text] of edits) {
            const i = at % (changed.length + 1);
            changed = changed.slice(0, i) + text + changed.slice(i + (text === '' ? 1 : 0));
          }
          const fields = parseSunUrl(changed);
          if (fields === null) return;
          const verdict = verifySun(fields, KEYS);
          const original = parseSunUrl(url);
          if (verdict.ok)
            expect({ piccData: fields.piccData, cmac: fields.cmac }).toEqual({
              piccData: original?.piccData,
              cmac: original?.cmac,
            });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
