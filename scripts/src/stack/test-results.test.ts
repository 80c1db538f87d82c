import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJunitResult, summarise } from './test-results.js';

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

describe('readJunitResult', () => {
  const report = (xml: string): string => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'qn-junit-')), 'junit.xml');
    writeFileSync(file, xml);
    return file;
  };

  it('counts the operations that passed and failed in a schemathesis report', () => {
    const file = report(`<?xml version="1.0" encoding="utf-8"?>
<testsuites errors="1" failures="2" skipped="0" tests="83" time="103.9">
  <testsuite name="schemathesis" errors="1" failures="2" skipped="0" tests="83">
    <testcase name="GET /api/auth/me" time="0.5" />
  </testsuite>
</testsuites>`);
    expect(readJunitResult('API fuzzing', file)).toEqual({
      suite: 'API fuzzing',
      passed: 80,
      failed: 3,
      skipped: 0,
    });
  });

  it('fails the suite when no report was written or it tested nothing', () => {
    expect(readJunitResult('API fuzzing', undefined).error).toBe('no JUnit report was written');
    expect(
      readJunitResult('API fuzzing', report('<testsuites tests="0" failures="0"></testsuites>'))
        .error,
    ).toBe('no operations were tested');
  });
});
