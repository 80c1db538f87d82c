import { describe, expect, it } from '@jest/globals';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles the ceiling per attempt up to the maximum when jitter is at its top', () => {
    const backoff = new Backoff({ initialDelayMs: 500, maxDelayMs: 4000, random: () => 0.999999 });
    expect(Array.from({ length: 6 }, () => backoff.next())).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ]);
  });

  it('never goes below half the initial delay when jitter is at its bottom', () => {
    const backoff = new Backoff({ initialDelayMs: 500, maxDelayMs: 30_000, random: () => 0 });
    expect(Array.from({ length: 4 }, () => backoff.next())).toEqual([250, 250, 250, 250]);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff({
      initialDelayMs: 100,
      maxDelayMs: 10_000,
      random: () => 0.999999,
    });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('spreads delays over the window with real randomness', () => {
    const delays = Array.from({ length: 200 }, () => {
      const b = new Backoff({ initialDelayMs: 1000, maxDelayMs: 30_000 });
      b.next();
      b.next();
      b.next();
      return b.next(); // ceiling 8000
    });
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8000);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});
