import type { Model } from 'mongoose';
import { isDuplicateKey } from '../scheduling/models.js';

/** A name for one holder of leases and locks: this process, told apart from a restarted one. */
export function newOwnerId(): string {
  return `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A claim on one document by one instance, until a time; carried over attempts feed the backoff. */
export interface LeaseDocument {
  _id: string;
  owner: string;
  until: Date;
  attempts?: number;
}

/**
 * Claims `id` for `owner` by inserting its lease (atomic on FerretDB, where concurrent updates of
 * one document can be lost). A lease that has run out (a crashed holder, or a backoff that is
 * over) is removed, exactly that one, and claimed anew. Returns the attempts carried over, or
 * undefined when someone else holds it.
 */
export async function claimLease<T extends LeaseDocument>(
  leases: Model<T>,
  id: string,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<{ attempts: number } | undefined> {
  const until = new Date(now.getTime() + leaseMs);
  let attempts = 0;
  for (let tries = 0; tries < 2; tries++) {
    try {
      await leases.create({ _id: id, owner, until, attempts } as Partial<T>);
      return { attempts };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const held = await leases.findById(id).lean<LeaseDocument>();
    if (!held) continue;
    if (held.until.getTime() > now.getTime()) return undefined;
    attempts = held.attempts ?? 0;
    await leases.deleteOne({ _id: id, owner: held.owner, until: held.until });
  }
  return undefined;
}
