import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { isolatedMongoUri } from '../test-support/stack-env.js';
import { claimLeases, type LeaseDocument } from './lease.js';

describe('claimLeases (real MongoDB-wire server)', () => {
  let connection: Connection;
  let leases: Model<LeaseDocument>;
  const now = new Date('2026-11-25T08:00:00Z');

  beforeAll(async () => {
    connection = await mongoose.createConnection(isolatedMongoUri('leases')).asPromise();
    leases = connection.model<LeaseDocument>(
      'TestLease',
      new Schema<LeaseDocument>(
        { _id: String, owner: String, until: Date, attempts: Number },
        { versionKey: false },
      ),
    );
  });
  beforeEach(async () => {
    await leases.deleteMany({});
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('claims free ids in one go, leaves one held by another instance, and takes over one that ran out with its attempts', async () => {
    await leases.create([
      { _id: 'held', owner: 'other', until: new Date(now.getTime() + 60_000), attempts: 1 },
      { _id: 'ran-out', owner: 'crashed', until: new Date(now.getTime() - 1), attempts: 3 },
    ]);
    const claimed = await claimLeases(leases, ['a', 'held', 'b', 'ran-out'], 'me', now, 30_000);
    expect([...claimed.entries()].sort()).toEqual([
      ['a', { attempts: 0 }],
      ['b', { attempts: 0 }],
      ['ran-out', { attempts: 3 }],
    ]);
    const stored = await leases.find().sort({ _id: 1 }).lean();
    expect(stored.map((l) => [l._id, l.owner])).toEqual([
      ['a', 'me'],
      ['b', 'me'],
      ['held', 'other'],
      ['ran-out', 'me'],
    ]);
  });

  it('gives each id to exactly one of several instances claiming at once', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `id-${i}`);
    const owners = ['one', 'two', 'three'];
    const results = await Promise.all(
      owners.map((owner) => claimLeases(leases, ids, owner, now, 30_000)),
    );
    const claimedBy = ids.map((id) => results.filter((claimed) => claimed.has(id)).length);
    expect(claimedBy).toEqual(ids.map(() => 1));
  });
});
