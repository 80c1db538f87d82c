// `npm test`: one headless Karma run (see karma.conf.js), then make sure the orchestrator's
// summary file tells the truth. Karma writes .test-results/karma.json itself; if the run dies
// before Karma starts (a compile error, a missing browser) no file would be written, so a
// stale summary is removed first and a failing one is written here instead.
// Extra arguments go to `ng test`, e.g. `npm test -- --include src/app/core`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const summary = join(root, '.test-results', 'karma.json');

function finish(code) {
  if (code !== 0 && !existsSync(summary)) {
    mkdirSync(dirname(summary), { recursive: true });
    writeFileSync(summary, JSON.stringify({ passed: 0, failed: 1, skipped: 0 }) + '\n');
  }
  process.exit(code);
}

rmSync(summary, { force: true });

const contracts = spawnSync('node', [join(root, 'scripts', 'ensure-contracts.mjs')], {
  stdio: 'inherit',
});
if (contracts.status !== 0) finish(contracts.status ?? 1);

const run = spawnSync('npx', ['ng', 'test', 'booking-web', '--watch=false', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { CHROME_BIN: '/usr/bin/chromium', ...process.env },
});
finish(run.status ?? 1);
