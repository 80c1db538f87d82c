// All Node test projects of the monorepo in one place, so the test command can pick them by name:
// unit projects are named after their workspace, `<workspace>:int` need the running stack,
// `booking-web:e2e` drives Chromium against the running system.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';

const workspaces = ['contracts', 'card-crypto', 'scripts', 'fhir-profiles', 'ehr-api', 'card-reader-agent', 'booking-web/e2e', 'docker'];
const projects = [];
for (const workspace of workspaces) {
  const file = path.join(import.meta.dirname, workspace, 'jest.config.js');
  if (!existsSync(file)) continue;
  const config = (await import(pathToFileURL(file).href)).default;
  for (const project of config.projects ?? [config]) {
    projects.push({ rootDir: path.dirname(file), ...project });
  }
}

export default { projects };
