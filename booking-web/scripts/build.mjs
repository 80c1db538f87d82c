// `npm run build`: the production build, both locales, as two Angular applications.
//
//   booking-web   every face, with the router (src/main.ts)
//   kiosk         the public kiosk screen alone (src/kiosk.ts)
//
// Why two: esbuild splits code shared by the kiosk and the rest of the app into common chunks,
// so a kiosk started from the full app's bundle also loads code only other pages use. Built on
// its own the kiosk's first screen is about 10% lighter, which is what brings it under issue 8's
// budget (250 kB raw, 90 kB gzipped). The kiosk's files are then merged into the full app's
// locale folders: its index.html becomes `<locale>/kiosk.html`, which the API and nginx serve
// for `/<locale>/kiosk`; its hashed scripts sit beside the full app's (same name means same
// content, and a clash of names with different bytes fails the build).
//
//   node scripts/build.mjs [--output-path <dir>] [--stats-json]
//
// Default output: dist/booking-web (browser/vi, browser/en). With --stats-json the esbuild
// metafiles of both builds are merged into <dir>/stats.json (bench/web.ts reads it).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--output-path');
const output = at >= 0 ? resolve(args[at + 1]) : join(root, 'dist', 'booking-web');
const statsJson = args.includes('--stats-json');
const kioskOutput = `${output}-kiosk`;
const LOCALES = ['vi', 'en'];

function ng(project, outputPath) {
  const run = spawnSync(
    'npx',
    [
      'ng',
      'build',
      project,
      '--configuration',
      'production',
      '--output-path',
      outputPath,
      ...(statsJson ? ['--stats-json'] : []),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (run.status !== 0) process.exit(run.status ?? 1);
}

function sameBytes(a, b) {
  return readFileSync(a).equals(readFileSync(b));
}

/** Copies `from` into `into`, file by file; a file already there must hold the same bytes. */
function mergeFolder(from, into) {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(into, name);
    if (statSync(source).isDirectory()) {
      if (!existsSync(target)) renameSync(source, target);
      else mergeFolder(source, target);
      continue;
    }
    if (existsSync(target)) {
      if (!sameBytes(source, target))
        throw new Error(
          `kiosk build: ${relative(output, target)} exists in both builds with different bytes`,
        );
      continue;
    }
    copyFileSync(source, target);
  }
}

ng('booking-web', output);
ng('kiosk', kioskOutput);

for (const locale of LOCALES) {
  const from = join(kioskOutput, 'browser', locale);
  const into = join(output, 'browser', locale);
  renameSync(join(from, 'index.html'), join(into, 'kiosk.html'));
  mergeFolder(from, into);
}
if (statsJson) {
  const full = JSON.parse(readFileSync(join(output, 'stats.json'), 'utf8'));
  const kiosk = JSON.parse(readFileSync(join(kioskOutput, 'stats.json'), 'utf8'));
  full.inputs = { ...kiosk.inputs, ...full.inputs };
  full.outputs = { ...kiosk.outputs, ...full.outputs };
  writeFileSync(join(output, 'stats.json'), JSON.stringify(full));
}
rmSync(kioskOutput, { recursive: true, force: true });
console.log(`booking-web: full app and kiosk merged in ${relative(process.cwd(), output) || '.'}`);
