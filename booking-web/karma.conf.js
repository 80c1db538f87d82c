// Karma configuration for `ng test` (Angular's unit-test builder, runner "karma").
// Runs once, headless, in the Debian Chromium at CHROME_BIN (default /usr/bin/chromium),
// and writes a machine-readable summary to .test-results/karma.json for the repo's
// test orchestrator: {"passed":N,"failed":N,"skipped":N}.
const fs = require('node:fs');
const path = require('node:path');

process.env.CHROME_BIN ??= '/usr/bin/chromium';

const SUMMARY_FILE = path.join(__dirname, '.test-results', 'karma.json');

/** Counts spec results and writes them as JSON when the run completes. */
function JsonSummaryReporter() {
  let counts = { passed: 0, failed: 0, skipped: 0 };

  this.onRunStart = () => {
    counts = { passed: 0, failed: 0, skipped: 0 };
    fs.rmSync(SUMMARY_FILE, { force: true });
  };

  this.onSpecComplete = (_browser, result) => {
    if (result.skipped || result.pending) counts.skipped += 1;
    else if (result.success) counts.passed += 1;
    else counts.failed += 1;
  };

  this.onRunComplete = (_browsers, results) => {
    // A run that errored before or between specs (compile error, browser crash) must not
    // look green to the orchestrator: count it as one failure if no spec failed.
    const broken = results.error || results.disconnected;
    const summary = { ...counts, failed: counts.failed + (broken && counts.failed === 0 ? 1 : 0) };
    fs.mkdirSync(path.dirname(SUMMARY_FILE), { recursive: true });
    fs.writeFileSync(SUMMARY_FILE, JSON.stringify(summary) + '\n');
  };
}
JsonSummaryReporter.$inject = [];

module.exports = function (config) {
  config.set({
    basePath: '',
    frameworks: ['jasmine'],
    plugins: [
      require('karma-jasmine'),
      require('karma-chrome-launcher'),
      { 'reporter:json-summary': ['type', JsonSummaryReporter] },
    ],
    client: {
      jasmine: {
        // Random order stays on: specs must not depend on each other.
      },
      clearContext: true,
    },
    // `progress` redraws one line in a terminal; `dots` keeps CI logs short. Failures print in both.
    reporters: [process.stdout.isTTY ? 'progress' : 'dots', 'json-summary'],
    customLaunchers: {
      ChromeHeadlessCI: {
        base: 'ChromeHeadless',
        // Root in CI/containers needs --no-sandbox; /dev/shm is small in containers.
        flags: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      },
    },
    browsers: ['ChromeHeadlessCI'],
    singleRun: true,
    autoWatch: false,
    restartOnFileChange: false,
    browserNoActivityTimeout: 60000,
  });
};
