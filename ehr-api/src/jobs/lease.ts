import mongoose, { type Model } from 'mongoose';
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

/**
 * claimLease for many ids in one round trip: one insert of every lease (unordered, so each stands
 * or falls alone). Only an id whose lease already exists costs more: claimLease decides it (held,
 * or run out and taken over). Returns the attempts carried over of each id claimed.
 */
export async function claimLeases<T extends LeaseDocument>(
  leases: Model<T>,
  ids: string[],
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<Map<string, { attempts: number }>> {
  const claimed = new Map<string, { attempts: number }>();
  if (ids.length === 0) return claimed;
  const until = new Date(now.getTime() + leaseMs);
  const taken = new Set<number>();
  try {
    // The driver's own insert (mongoose's would build a document per lease): _id is a string here,
    // which the driver's typing for a collection of unknown shape does not expect.
    const documents = ids.map((id) => ({ _id: id, owner, until, attempts: 0 }));
    await leases.collection.insertMany(documents as unknown as Array<{ _id: never }>, {
      ordered: false,
    });
  } catch (error) {
    if (!(error instanceof mongoose.mongo.MongoBulkWriteError)) throw error;
    const writeErrors = error.writeErrors as
      Array<{ code: number; index: number }> | { code: number; index: number };
    for (const writeError of Array.isArray(writeErrors) ? writeErrors : [writeErrors]) {
      if (writeError.code !== 11000) throw error;
      taken.add(writeError.index);
    }
  }
  const heldAlready = ids.filter((_, index) => taken.has(index));
  for (const [index, id] of ids.entries()) if (!taken.has(index)) claimed.set(id, { attempts: 0 });
  await Promise.all(
    heldAlready.map(async (id) => {
      const lease = await claimLease(leases, id, owner, now, leaseMs);
      if (lease) claimed.set(id, lease);
    }),
  );
  return claimed;
}
