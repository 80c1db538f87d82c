import { describe, expect, it } from '@jest/globals';
import { summarise } from './test-results.js';

describe('summarise', () => {
  it('ends with the total line CI reads', () => {
    const { lines, ok } = summarise([
      { suite: 'unit', passed: 10, failed: 0, skipped: 0 },
      { suite: 'integration', passed: 5, failed: 1, skipped: 0 },
    ]);
    expect(lines.at(-1)).toBe('Total: 15 passed, 1 failed');
    expect(ok).toBe(false);
  });

  it('fails the run when a suite could not run at all, even with no failed test', () => {
    const { lines, ok } = summarise([
      { suite: 'integration', passed: 0, failed: 0, skipped: 0, error: 'the stack did not start' },
    ]);
    expect(ok).toBe(false);
    expect(lines.at(-1)).toBe('Total: 0 passed, 1 failed');
  });

  it('fails the run when a test was skipped', () => {
    const { lines, ok } = summarise([{ suite: 'unit', passed: 3, failed: 0, skipped: 1 }]);
    expect(ok).toBe(false);
    expect(lines.at(-1)).toBe('Total: 3 passed, 0 failed, 1 skipped');
  });
});
