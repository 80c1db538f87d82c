import { describe, expect, it } from '@jest/globals';
import { groupCommitLoader } from './group-commit.js';

/** A batch function whose calls stay open until released, recording what each was given. */
function controlledBatches(): {
  calls: string[][];
  finish: (index: number, error?: Error) => void;
  batch: (keys: readonly string[]) => Promise<string[]>;
} {
  const calls: string[][] = [];
  const finishers: Array<(error?: Error) => void> = [];
  return {
    calls,
    finish: (index, error) => finishers[index]!(error),
    batch: (keys) =>
      new Promise<string[]>((resolve, reject) => {
        calls.push([...keys]);
        finishers.push((error) => (error ? reject(error) : resolve(keys.map((k) => `v-${k}`))));
      }),
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('groupCommitLoader', () => {
  it('sends a load at once when nothing is in flight', async () => {
    const db = controlledBatches();
    const loader = groupCommitLoader(db.batch, { maxBatchSize: 10 });
    const value = loader.load('a');
    await settle();
    expect(db.calls).toEqual([['a']]);
    db.finish(0);
    await expect(value).resolves.toBe('v-a');
  });

  it('holds the loads made while a batch is in flight and sends them as one batch when it is back', async () => {
    const db = controlledBatches();
    const loader = groupCommitLoader(db.batch, { maxBatchSize: 10 });
    const first = loader.load('a');
    await settle();
    const later = ['b', 'c', 'd'].map((key) => loader.load(key));
    await settle();
    expect(db.calls).toEqual([['a']]);
    db.finish(0);
    await first;
    await settle();
    expect(db.calls).toEqual([['a'], ['b', 'c', 'd']]);
    db.finish(1);
    await expect(Promise.all(later)).resolves.toEqual(['v-b', 'v-c', 'v-d']);
  });

  it('goes on after a failed batch: its loads fail, the next batch is sent', async () => {
    const db = controlledBatches();
    const loader = groupCommitLoader(db.batch, { maxBatchSize: 10 });
    const failing = loader.load('a');
    await settle();
    const next = loader.load('b');
    db.finish(0, new Error('connection reset'));
    await expect(failing).rejects.toThrow('connection reset');
    await settle();
    expect(db.calls).toEqual([['a'], ['b']]);
    db.finish(1);
    await expect(next).resolves.toBe('v-b');
  });

  it('keeps batches to maxBatchSize and sends up to maxInFlight of them at once', async () => {
    const db = controlledBatches();
    const loader = groupCommitLoader(db.batch, { maxBatchSize: 2, maxInFlight: 2 });
    const values = ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => loader.load(key));
    await settle();
    expect(db.calls).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    db.finish(1);
    await settle();
    expect(db.calls).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    db.finish(0);
    db.finish(2);
    await expect(Promise.all(values)).resolves.toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => `v-${k}`),
    );
  });
});
