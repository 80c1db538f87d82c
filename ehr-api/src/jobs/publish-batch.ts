/** What one attempt to publish a batch to HAPI came to. */
export interface PublishOutcome {
  published: number;
  /** HAPI failed or was unreachable (not a refusal of one item): stop until the next tick. */
  hapiFailing: boolean;
}

/**
 * After HAPI refused a batch (a 4xx: one item broke a rule), sends each item on its own, so that a
 * bad one holds back only itself. When HAPI fails meanwhile, the items not yet sent wait out their
 * backoff. Shared by the booking outbox and the audit publisher.
 */
export async function publishEachAlone<T>(
  items: T[],
  refusal: unknown,
  publishAlone: (item: T) => Promise<PublishOutcome>,
  retryLater: (items: T[], error: unknown) => Promise<void>,
): Promise<PublishOutcome> {
  let published = 0;
  for (const [index, item] of items.entries()) {
    const outcome = await publishAlone(item);
    published += outcome.published;
    if (outcome.hapiFailing) {
      await retryLater(items.slice(index + 1), refusal);
      return { published, hapiFailing: true };
    }
  }
  return { published, hapiFailing: false };
}
