import { describe, expect, it } from '@jest/globals';
import { CROCKFORD_ALPHABET, newTicketCode, normalizeTicketCode } from './ticket-code.js';

describe('ticket codes', () => {
  it('are 8 Crockford base32 characters with no I, L, O or U', () => {
    for (let i = 0; i < 200; i++)
      expect(newTicketCode()).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
  });

  it('encode the 40 random bits exactly: all-zero and all-one bytes give the alphabet ends', () => {
    expect(newTicketCode(() => Buffer.alloc(5, 0))).toBe('00000000');
    expect(newTicketCode(() => Buffer.alloc(5, 0xff))).toBe('ZZZZZZZZ');
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
  });

  it('do not repeat in 10 000 draws', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => newTicketCode()));
    expect(codes.size).toBe(10_000);
  });

  it('read back look-alikes, case, dashes and spaces as the same code, and refuse what cannot be one', () => {
    expect(normalizeTicketCode('o1il-ab cd')).toBe('0111ABCD');
    expect(normalizeTicketCode('0111ABCDE')).toBeUndefined();
    expect(normalizeTicketCode('0111ABCU')).toBeUndefined();
  });
});
