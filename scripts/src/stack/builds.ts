import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoPath } from './paths.js';
import { step } from './progress.js';
import { run } from './processes.js';

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.'))
      continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

interface WorkspaceBuild {
  workspace: string;
  title: string;
  /** Files and folders whose change makes the output stale, relative to the workspace. */
  inputs: string[];
  /** A file the build writes last, relative to the workspace. */
  output: string;
}

const BUILDS: WorkspaceBuild[] = [
  {
    workspace: 'contracts',
    title: 'shared contracts',
    inputs: ['src', 'tsconfig.json', 'package.json'],
    output: 'dist/index.js',
  },
  {
    workspace: 'card-crypto',
    title: 'card crypto (SUN, key diversification)',
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'],
    output: 'dist/index.js',
  },
  {
    workspace: 'fhir-profiles',
    title: 'FHIR profiles package (SUSHI)',
    inputs: ['input', 'src', 'sushi-config.yaml', 'scripts', 'package.json', 'tsconfig.build.json'],
    output: 'dist/index.js',
  },
  {
    workspace: 'ehr-api',
    title: 'ehr-api',
    inputs: [
      'src',
      'tsconfig.json',
      'tsconfig.build.json',
      'package.json',
      '../contracts/src',
      '../card-crypto/src',
    ],
    output: 'dist/server.js',
  },
  {
    workspace: 'card-reader-agent',
    title: 'card-reader-agent',
    inputs: ['src', 'tsconfig.json', 'package.json', '../contracts/src', '../card-crypto/src'],
    output: 'dist/cli.js',
  },
  {
    workspace: 'booking-web',
    title: 'booking-web (Angular, both locales)',
    inputs: [
      'src',
      'scripts',
      'angular.json',
      'package.json',
      'tsconfig.json',
      'tsconfig.app.json',
    ],
    output: 'dist/booking-web/browser/vi/kiosk.html',
  },
];

export const WEB_ROOT = repoPath('booking-web', 'dist', 'booking-web', 'browser');

/** Builds each workspace whose output is older than its inputs; an up-to-date one is skipped. */
export async function buildWorkspaces(logDir: string, only?: string[]): Promise<void> {
  for (const build of BUILDS) {
    if (only && !only.includes(build.workspace)) continue;
    const folder = repoPath(build.workspace);
    const outputTime = newestMtime(path.join(folder, build.output));
    const inputTime = Math.max(
      ...build.inputs.map((input) => newestMtime(path.join(folder, input))),
    );
    if (outputTime > 0 && outputTime >= inputTime) {
      console.log(`  ${build.title}: up to date`);
      continue;
    }
    await step(`build ${build.title}`, () =>
      run('npm', ['run', 'build', '-w', build.workspace], {
        hint: `Run \`npm run build -w ${build.workspace}\` to see the whole error.`,
        logFile: path.join(logDir, `build-${build.workspace}.log`),
      }),
    );
  }
}
