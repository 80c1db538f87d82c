import DataLoader from 'dataloader';

/**
 * A DataLoader that sends at most `maxInFlight` batches to the database at once. A load made while
 * the database is idle goes on the next tick, as with a plain DataLoader; loads made while batches
 * are in flight wait for one of them to finish and then go together, as one command. Under load
 * that is one round trip for many requests instead of one each (group commit, as databases do
 * with their logs), at the price of waiting for at most one command already on its way.
 * DataLoader has the hook (`batchScheduleFn`) but no such policy of its own.
 */
export function groupCommitLoader<K, V>(
  batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>,
  options: { maxBatchSize: number; maxInFlight?: number },
): DataLoader<K, V> {
  const maxInFlight = options.maxInFlight ?? 1;
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    inFlight--;
    waiting.shift()?.();
  };
  return new DataLoader<K, V>(
    async (keys) => {
      try {
        return await batch(keys);
      } finally {
        release();
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatchSize,
      batchScheduleFn: (dispatch) => {
        const go = (): void => {
          inFlight++;
          dispatch();
        };
        if (inFlight < maxInFlight) {
          // Taken now, so that loads later in this tick wait rather than start a second batch.
          inFlight++;
          process.nextTick(dispatch);
        } else waiting.push(go);
      },
    },
  );
}
