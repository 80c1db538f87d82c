import { badRequest, HttpError } from '../errors/http-error.js';
import { newOwnerId } from '../jobs/lease.js';
import { isDuplicateKey, type IdempotencyDocument } from './models.js';
import type { Model } from 'mongoose';

/** What a first request answered, kept so a retry with the same key gets the same answer. */
export type StoredOutcome<T> = { status: number; body: T; replayed: boolean };

const KEY = /^[\x21-\x7e]{1,200}$/;
const KEEP_MS = 24 * 60 * 60 * 1000;

/** A sentence saying what is wrong with an Idempotency-Key header value, or undefined. */
export function idempotencyKeyProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === '')
    return 'The Idempotency-Key header is required: send a new random value (e.g. a UUID) with each booking, and the same value when retrying it.';
  if (!KEY.test(value))
    return 'The Idempotency-Key header must be 1 to 200 visible ASCII characters (a UUID is a good choice).';
  return undefined;
}

/** The request's Idempotency-Key header, or a 400 saying what is wrong with it. */
export function requireIdempotencyKey(header: string | undefined): string {
  const keyProblem = idempotencyKeyProblem(header);
  if (keyProblem || header === undefined)
    throw badRequest(keyProblem ?? 'Idempotency-Key missing', {
      errors: [{ field: 'Idempotency-Key', message: keyProblem }],
    });
  return header;
}

/**
 * Idempotency keys in MongoDB, one document per key, claimed by inserting it (a unique `_id`):
 * the first request runs, a concurrent one with the same key gets 409, a later one gets the
 * first answer again (success or 4xx), and a reuse of the key for another request gets 422.
 * A 5xx or unexpected failure forgets the key, so the client's retry runs again.
 */
export class IdempotencyStore {
  /** This process, as named in the keys it holds. */
  private readonly owner = newOwnerId();
  /** Requests of this process on each key right now (claiming or working). */
  private readonly running = new Map<string, number>();

  constructor(
    private readonly keys: Model<IdempotencyDocument>,
    private readonly options: { lockMs: number; clock: () => Date },
  ) {}

  async run<T>(
    scope: string,
    key: string,
    fingerprint: string,
    work: () => Promise<{ status: number; body: T }>,
  ): Promise<StoredOutcome<T>> {
    const id = `${scope}:${key}`;
    this.running.set(id, (this.running.get(id) ?? 0) + 1);
    try {
      const claimed = await this.claim(id, fingerprint);
      if (claimed !== 'claimed') return this.replay<T>(claimed);
      return await this.runClaimed(id, work);
    } finally {
      const left = (this.running.get(id) ?? 1) - 1;
      if (left > 0) this.running.set(id, left);
      else this.running.delete(id);
    }
  }

  private async runClaimed<T>(
    id: string,
    work: () => Promise<{ status: number; body: T }>,
  ): Promise<StoredOutcome<T>> {
    let outcome: { status: number; body: T };
    try {
      outcome = await work();
    } catch (error) {
      if (error instanceof HttpError && error.status < 500) {
        const response = {
          code: error.code,
          title: error.title,
          detail: error.detail,
          extra: error.extra,
        };
        await this.keys.updateOne(
          { _id: id },
          { $set: { state: 'done', status: error.status, response } },
        );
      } else {
        await this.keys.deleteOne({ _id: id, state: 'in-flight' }).catch(() => undefined);
      }
      throw error;
    }
    await this.keys.updateOne(
      { _id: id },
      {
        $set: {
          state: 'done',
          status: outcome.status,
          response: outcome.body as Record<string, unknown>,
        },
      },
    );
    return { ...outcome, replayed: false };
  }

  /** Removes keys past their day; returns how many. */
  async purgeExpired(): Promise<number> {
    const result = await this.keys.deleteMany({ expiresAt: { $lte: this.options.clock() } });
    return result.deletedCount;
  }

  private async claim(id: string, fingerprint: string): Promise<'claimed' | IdempotencyDocument> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.options.clock();
      try {
        await this.keys.create({
          _id: id,
          fingerprint,
          state: 'in-flight',
          lockedUntil: new Date(now.getTime() + this.options.lockMs),
          owner: this.owner,
          createdAt: now,
          expiresAt: new Date(now.getTime() + KEEP_MS),
        });
        return 'claimed';
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await this.keys.findById(id).lean();
      if (!existing) continue; // forgotten between the two calls: claim again
      if (existing.expiresAt.getTime() <= now.getTime()) {
        await this.keys.deleteOne({ _id: id, expiresAt: existing.expiresAt });
        continue;
      }
      if (existing.fingerprint !== fingerprint) {
        throw new HttpError({
          status: 422,
          code: 'idempotency-key-reused',
          title: 'Idempotency key reused',
          detail:
            'This Idempotency-Key was already used for a different request. Use a new key for a new booking; reuse a key only to retry the very same request.',
        });
      }
      if (existing.state === 'done') return existing;
      // Locked by an attempt of this very process that is no longer running: it failed and could
      // not forget the key (the database was unreachable then). No need to wait out the lock.
      const orphaned = existing.owner === this.owner && (this.running.get(id) ?? 0) <= 1;
      if (!orphaned && existing.lockedUntil.getTime() > now.getTime()) {
        throw new HttpError({
          status: 409,
          code: 'request-in-progress',
          title: 'Request in progress',
          detail:
            'A request with this Idempotency-Key is still being processed. Wait a moment and retry with the same key to get its answer.',
        });
      }
      // The first attempt died without finishing (its lock ran out): take the key over.
      const takenOver = await this.keys
        .findOneAndUpdate(
          { _id: id, state: 'in-flight', lockedUntil: existing.lockedUntil },
          {
            $set: { lockedUntil: new Date(now.getTime() + this.options.lockMs), owner: this.owner },
          },
          { returnDocument: 'after' },
        )
        .lean();
      if (takenOver) return 'claimed';
    }
    throw new HttpError({
      status: 409,
      code: 'request-in-progress',
      title: 'Request in progress',
      detail:
        'A request with this Idempotency-Key is being processed. Retry with the same key in a moment.',
    });
  }

  private replay<T>(stored: IdempotencyDocument): StoredOutcome<T> {
    const status = stored.status ?? 500;
    const response = stored.response ?? {};
    if (status >= 400) {
      const { code, title, detail, extra } = response as {
        code: string;
        title: string;
        detail: string;
        extra?: Record<string, unknown>;
      };
      throw new HttpError({ status, code, title, detail, ...(extra ? { extra } : {}) });
    }
    return { status, body: response as T, replayed: true };
  }
}
