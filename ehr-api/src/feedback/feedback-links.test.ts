import { describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { looksLikeLinkToken, signLink, verifyLink } from './feedback-links.js';

const KEY = randomBytes(32);

describe('feedback links', () => {
  it('gives back the booking id of a link it signed', () => {
    const bookingId = randomUUID();
    const token = signLink(KEY, bookingId);
    expect(token.startsWith(`${bookingId}.`)).toBe(true);
    expect(looksLikeLinkToken(token)).toBe(true);
    expect(verifyLink(KEY, token)).toBe(bookingId);
  });

  it('refuses the MAC of one booking put on another booking', () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const mac = signLink(KEY, a).split('.')[1];
    expect(verifyLink(KEY, `${b}.${mac}`)).toBeUndefined();
  });

  it('refuses a link signed with another key, a changed MAC and malformed tokens', () => {
    const bookingId = randomUUID();
    expect(verifyLink(KEY, signLink(randomBytes(32), bookingId))).toBeUndefined();
    const token = signLink(KEY, bookingId);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyLink(KEY, flipped)).toBeUndefined();
    // The other 15 spellings of the same MAC bytes (the last letter's unused bits) are refused too.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    for (let low = 0; low < 16; low++) {
      const spelling = `${token.slice(0, -1)}${alphabet[(last & 0b110000) | low]}`;
      if (spelling !== token) expect(verifyLink(KEY, spelling)).toBeUndefined();
    }
    for (const bad of [
      '',
      bookingId,
      `${bookingId}.`,
      `${bookingId}.short`,
      `../x.${'a'.repeat(22)}`,
    ])
      expect(verifyLink(KEY, bad)).toBeUndefined();
  });
});
