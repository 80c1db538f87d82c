// booking-web imports TYPES from @qn/contracts, which resolve to contracts/dist/*.d.ts.
// On a fresh clone that folder does not exist yet: build the contracts package once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!existsSync(join(repoRoot, 'contracts', 'dist', 'index.d.ts'))) {
  console.log('booking-web: building @qn/contracts (contracts/dist is missing)');
  const run = spawnSync('npm', ['run', 'build', '-w', 'contracts'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
