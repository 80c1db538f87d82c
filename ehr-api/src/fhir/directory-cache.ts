import { LRUCache } from 'lru-cache';

/** The resource types of the directory: who the hospitals, departments and practitioners are. */
export const DIRECTORY_TYPES: ReadonlySet<string> = new Set([
  'Organization',
  'Location',
  'HealthcareService',
  'Practitioner',
  'PractitionerRole',
]);

interface CachedAnswer {
  body: string;
  storedAt: number;
}

/**
 * The facade's answers to directory reads and searches, kept for a short time. The directory is
 * public, small, asked for by every kiosk and client, and changes a few times a year; HAPI's own
 * search cache already answers a repeated search from results up to a minute old. Patient data
 * is never kept here. This instance forgets everything as soon as it writes a directory resource
 * to HAPI; another instance's write shows here within `ttlMs`.
 */
export class DirectoryCache {
  private readonly answers: LRUCache<string, CachedAnswer, () => Promise<string>> | undefined;

  constructor(
    options: { ttlMs: number; maxBytes?: number },
    private readonly clock: () => number = Date.now,
  ) {
    if (options.ttlMs <= 0) return;
    this.answers = new LRUCache<string, CachedAnswer, () => Promise<string>>({
      ttl: options.ttlMs,
      ttlAutopurge: false,
      maxSize: options.maxBytes ?? 32 * 1024 * 1024,
      // A JavaScript string takes up to two bytes a character.
      sizeCalculation: (answer) => Math.max(1, answer.body.length * 2),
      // `fetch` asks HAPI once for a key however many ask at once, and keeps no failure.
      fetchMethod: async (_key, _stale, { context: load }) => ({
        body: await load(),
        storedAt: this.clock(),
      }),
      perf: { now: this.clock },
    });
  }

  /**
   * The answer for `key`: kept, or from `load` (kept when it succeeds and fits). `ageSeconds` is how
   * long ago HAPI gave it, for the HTTP Age header.
   */
  async answer(
    key: string,
    load: () => Promise<string>,
  ): Promise<{ body: string; ageSeconds: number }> {
    if (!this.answers) return { body: await load(), ageSeconds: 0 };
    let loaded: Promise<string> | undefined;
    const loadOnce = (): Promise<string> => (loaded ??= load());
    let answer: CachedAnswer | undefined;
    try {
      answer = await this.answers.fetch(key, { context: loadOnce });
    } catch {
      // A write cleared the cache while HAPI answered (the cache then drops that answer and
      // rejects), or the request this one joined failed: answer from our own request to HAPI,
      // whose failure is the one to report.
      return { body: await loadOnce(), ageSeconds: 0 };
    }
    if (!answer) return { body: await loadOnce(), ageSeconds: 0 };
    return {
      body: answer.body,
      ageSeconds: Math.max(0, Math.floor((this.clock() - answer.storedAt) / 1000)),
    };
  }

  /** Forgets every answer when any of these types is part of the directory. */
  written(resourceTypes: Iterable<string>): void {
    for (const type of resourceTypes)
      if (DIRECTORY_TYPES.has(type)) {
        this.answers?.clear();
        return;
      }
  }
}
