import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder, whatever the current directory. */
export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}

/** Built tools reused by every later run (FerretDB binary). Git-ignored. */
export const CACHE_DIR = process.env.QN_CACHE_DIR
  ? path.resolve(process.env.QN_CACHE_DIR)
  : repoPath('.cache');
