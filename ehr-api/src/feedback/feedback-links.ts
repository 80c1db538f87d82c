import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '../scheduling/models.js';
import type { FeedbackLinkKeyDocument } from './models.js';

/**
 * Feedback links: the ticket carries `<bookingId>.<mac>`, where the MAC is HMAC-SHA256 of the
 * booking id under a server key, cut to 128 bits. Whoever holds the ticket can rate that one
 * booking without signing in; nobody can make a link for another booking without the key.
 * Nothing is stored per link, so printing a ticket costs no write.
 */
const KEY_ID = 'v1';
const CONTEXT = 'qn-feedback-link/v1\n';
const MAC_BYTES = 16;
const TOKEN = /^([A-Za-z0-9-]{1,64})\.([A-Za-z0-9_-]{22})$/;

function mac(key: Buffer, bookingId: string): Buffer {
  return createHmac('sha256', key)
    .update(CONTEXT + bookingId, 'utf8')
    .digest()
    .subarray(0, MAC_BYTES);
}

/** The link token of a booking under `key`. */
export function signLink(key: Buffer, bookingId: string): string {
  return `${bookingId}.${mac(key, bookingId).toString('base64url')}`;
}

/** The booking id a token was made for, or undefined when it is malformed or not ours. */
export function verifyLink(key: Buffer, token: string): string | undefined {
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  const [, bookingId, given] = match as unknown as [string, string, string];
  // Compared as text, not decoded bytes: the last of 22 base64url letters carries 4 unused bits,
  // and decoding would accept 16 spellings of one MAC. In constant time, so a forger learns
  // nothing from how long a refusal takes.
  const expected = Buffer.from(mac(key, bookingId).toString('base64url'), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected)
    ? bookingId
    : undefined;
}

/** Whether a string has the shape of a link token (before any key is read). */
export function looksLikeLinkToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * The signing key lives in MongoDB (`feedback_link_keys`), made by the first instance that needs
 * it: an insert into a unique `_id`, so two instances starting together agree on one key, and
 * links keep working across restarts with no configuration. Read once per process.
 */
export class FeedbackLinks {
  private key: Promise<Buffer> | undefined;

  constructor(private readonly keys: Model<FeedbackLinkKeyDocument>) {}

  async tokenFor(bookingId: string): Promise<string> {
    // Booking ids are UUIDs; anything else could not be told apart from the MAC in the token.
    if (!/^[A-Za-z0-9-]{1,64}$/.test(bookingId))
      throw new Error(`booking id ${bookingId} cannot be put in a feedback link`);
    return signLink(await this.signingKey(), bookingId);
  }

  async bookingOf(token: string): Promise<string | undefined> {
    if (!looksLikeLinkToken(token)) return undefined;
    return verifyLink(await this.signingKey(), token);
  }

  private signingKey(): Promise<Buffer> {
    // A failed read is not kept: the next request tries again.
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async loadKey(): Promise<Buffer> {
    const existing = await this.keys.findById(KEY_ID).lean<FeedbackLinkKeyDocument>();
    if (existing) return Buffer.from(existing.key, 'base64url');
    const key = randomBytes(32);
    try {
      await this.keys.create({
        _id: KEY_ID,
        key: key.toString('base64url'),
        createdAt: new Date(),
      });
      return key;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const winner = await this.keys.findById(KEY_ID).lean<FeedbackLinkKeyDocument>();
      if (!winner) throw error;
      return Buffer.from(winner.key, 'base64url');
    }
  }
}
