import { describe, expect, it } from '@jest/globals';
import { DirectoryCache } from './directory-cache.js';

/** A stand-in for HAPI: counts requests and answers with the current version of the directory. */
function hapi(): { requests: number; version: number; load: () => Promise<string> } {
  const server = {
    requests: 0,
    version: 1,
    load: async (): Promise<string> => {
      server.requests++;
      const version = server.version;
      await new Promise((resolve) => setImmediate(resolve));
      return `{"version":${version}}`;
    },
  };
  return server;
}

describe('DirectoryCache', () => {
  it('asks HAPI once for many requests of one key, at once or later, and says how old the answer is', async () => {
    let now = 1_000_000;
    const cache = new DirectoryCache({ ttlMs: 30_000 }, () => now);
    const server = hapi();
    const first = await Promise.all(
      Array.from({ length: 5 }, () => cache.answer('/fhir/Organization', server.load)),
    );
    expect(first.map((a) => a.body)).toEqual(Array(5).fill('{"version":1}'));
    now += 12_500;
    expect(await cache.answer('/fhir/Organization', server.load)).toEqual({
      body: '{"version":1}',
      ageSeconds: 12,
    });
    expect(server.requests).toBe(1);
  });

  it('asks HAPI again once the answer is older than the time to live', async () => {
    let now = 1_000_000;
    const cache = new DirectoryCache({ ttlMs: 30_000 }, () => now);
    const server = hapi();
    await cache.answer('k', server.load);
    server.version = 2;
    now += 30_001;
    expect((await cache.answer('k', server.load)).body).toBe('{"version":2}');
    expect(server.requests).toBe(2);
  });

  it('forgets everything when a directory type is written, and nothing for other types', async () => {
    const cache = new DirectoryCache({ ttlMs: 30_000 });
    const server = hapi();
    await cache.answer('k', server.load);
    cache.written(['Patient', 'Observation']);
    await cache.answer('k', server.load);
    expect(server.requests).toBe(1);
    server.version = 2;
    cache.written(['Bundle', 'HealthcareService']);
    expect((await cache.answer('k', server.load)).body).toBe('{"version":2}');
  });

  it('keeps no answer HAPI gave while a write cleared the cache, and still answers the request', async () => {
    const cache = new DirectoryCache({ ttlMs: 30_000 });
    const server = hapi();
    const during = cache.answer('k', server.load);
    cache.written(['Organization']);
    server.version = 2;
    expect((await during).body).toBe('{"version":1}');
    expect((await cache.answer('k', server.load)).body).toBe('{"version":2}');
  });

  it('keeps no failure: the next request asks HAPI again', async () => {
    const cache = new DirectoryCache({ ttlMs: 30_000 });
    await expect(
      cache.answer('k', () => Promise.reject(new Error('HAPI answered 500'))),
    ).rejects.toThrow('HAPI answered 500');
    const server = hapi();
    expect((await cache.answer('k', server.load)).body).toBe('{"version":1}');
  });

  it('with a time to live of 0, asks HAPI every time', async () => {
    const cache = new DirectoryCache({ ttlMs: 0 });
    const server = hapi();
    await cache.answer('k', server.load);
    await cache.answer('k', server.load);
    expect(server.requests).toBe(2);
  });

  it('keeps no answer larger than its memory', async () => {
    const cache = new DirectoryCache({ ttlMs: 30_000, maxBytes: 1000 });
    let requests = 0;
    const big = (): Promise<string> => {
      requests++;
      return Promise.resolve('x'.repeat(600));
    };
    await cache.answer('k', big);
    await cache.answer('k', big);
    expect(requests).toBe(2);
  });
});
