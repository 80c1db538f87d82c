import { existsSync, readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Set when the suite could not run at all (a component did not start, a build failed). */
  error?: string;
}

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
  numFailedTestSuites: number;
  numTotalTests: number;
}

/** Reads Jest's --json output. A test file that failed to load counts as one failure, not zero. */
export function readJestResult(suite: string, file: string): SuiteResult {
  if (!existsSync(file))
    return {
      suite,
      passed: 0,
      failed: 0,
      skipped: 0,
      error: 'Jest wrote no results (it crashed or found no configuration)',
    };
  const json = JSON.parse(readFileSync(file, 'utf8')) as JestJson;
  const brokenFiles = json.numRuntimeErrorTestSuites;
  return {
    suite,
    passed: json.numPassedTests,
    failed: json.numFailedTests + brokenFiles,
    skipped: json.numPendingTests + json.numTodoTests,
    ...(json.numTotalTests === 0 && brokenFiles === 0 ? { error: 'no tests were found' } : {}),
  };
}

export function readKarmaResult(suite: string, file: string): SuiteResult {
  if (!existsSync(file))
    return {
      suite,
      passed: 0,
      failed: 0,
      skipped: 0,
      error: 'Karma wrote no results (the browser did not start or the build failed)',
    };
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    passed: number;
    failed: number;
    skipped: number;
  };
  return { suite, ...json, ...(json.passed + json.failed === 0 ? { error: 'no specs ran' } : {}) };
}

/**
 * Reads a JUnit report (schemathesis writes one test case per API operation, failed when any of
 * its generated requests broke a check).
 */
export function readJunitResult(suite: string, file: string | undefined): SuiteResult {
  if (!file || !existsSync(file))
    return { suite, passed: 0, failed: 0, skipped: 0, error: 'no JUnit report was written' };
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
    readFileSync(file, 'utf8'),
  ) as { testsuites?: { tests?: string; failures?: string; errors?: string; skipped?: string } };
  const totals = parsed.testsuites;
  if (!totals) return { suite, passed: 0, failed: 0, skipped: 0, error: 'not a JUnit report' };
  const count = (value: string | undefined): number => Number(value ?? 0) || 0;
  const failed = count(totals.failures) + count(totals.errors);
  const skipped = count(totals.skipped);
  const passed = count(totals.tests) - failed - skipped;
  return {
    suite,
    passed,
    failed,
    skipped,
    ...(count(totals.tests) === 0 ? { error: 'no operations were tested' } : {}),
  };
}

/** The closing lines: one per suite, then the total `N passed, N failed` CI reads. */
export function summarise(results: SuiteResult[]): { lines: string[]; ok: boolean } {
  const lines = results.map(
    (r) =>
      `  ${r.suite.padEnd(34)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed${r.skipped ? ` ${r.skipped} skipped` : ''}${r.error ? `  ← ${r.error}` : ''}`,
  );
  const total = results.reduce(
    (sum, r) => ({
      passed: sum.passed + r.passed,
      failed: sum.failed + r.failed + (r.error ? 1 : 0),
      skipped: sum.skipped + r.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  // A skipped test is a defect here: it hides missing coverage, so it fails the run.
  const ok = total.failed === 0 && total.skipped === 0;
  lines.push(
    '',
    `Total: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
  );
  return { lines, ok };
}
