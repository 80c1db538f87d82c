import { describe, expect, it } from '@jest/globals';
import { cardFileReadKey, diversifyAes128 } from './diversify.js';
import { fromHex, toHex } from './hex.js';

describe('diversifyAes128 (NXP AN10922)', () => {
  it('gives the diversified key of AN10922 section 2.2.1 when given its master key and input', () => {
    // M = UID 04782E21801D80 || AID 3042F5 || system identifier "NXP Abu".
    const master = fromHex('00112233445566778899AABBCCDDEEFF');
    const m = fromHex('04782E21801D803042F54E585020416275');
    expect(toHex(diversifyAes128(master, m))).toBe('A8DD63A3B89D54B37CA802473FDA9175');
  });

  it('uses no padding and subkey K1 when the input fills both blocks (31 bytes)', () => {
    const master = fromHex('00112233445566778899AABBCCDDEEFF');
    const full = diversifyAes128(master, Buffer.alloc(31, 0x42));
    const shorter = diversifyAes128(master, Buffer.alloc(30, 0x42));
    expect(full).toHaveLength(16);
    expect(toHex(full)).not.toBe(toHex(shorter));
  });

  it('refuses an empty input, an input over 31 bytes and a key that is not AES-128', () => {
    const master = Buffer.alloc(16);
    expect(() => diversifyAes128(master, new Uint8Array(0))).toThrow(RangeError);
    expect(() => diversifyAes128(master, new Uint8Array(32))).toThrow(RangeError);
    expect(() => diversifyAes128(Buffer.alloc(24), new Uint8Array(7))).toThrow(RangeError);
  });
});

describe('cardFileReadKey', () => {
  const master = fromHex('A1B2C3D4E5F60718293A4B5C6D7E8F90');

  it('gives each card its own key when the UIDs differ', () => {
    const a = cardFileReadKey(master, fromHex('04DE5F1EACC040'), 1);
    const b = cardFileReadKey(master, fromHex('04DE5F1EACC041'), 1);
    expect(toHex(a)).not.toBe(toHex(b));
    expect(toHex(a)).toBe(toHex(cardFileReadKey(master, fromHex('04DE5F1EACC040'), 1)));
  });

  it('gives a new key when the key version changes', () => {
    const uid = fromHex('04DE5F1EACC040');
    expect(toHex(cardFileReadKey(master, uid, 1))).not.toBe(toHex(cardFileReadKey(master, uid, 2)));
  });

  it('is the AN10922 diversification of UID || "QNFR" || version', () => {
    const uid = fromHex('04DE5F1EACC040');
    expect(toHex(cardFileReadKey(master, uid, 3))).toBe(
      toHex(diversifyAes128(master, fromHex('04DE5F1EACC040514E465203'))),
    );
  });
});
