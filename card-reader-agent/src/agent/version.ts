import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    // src/agent/version.ts and dist/agent/version.js both sit two levels below package.json
    const pkg: unknown = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    if (
      typeof pkg === 'object' &&
      pkg !== null &&
      typeof (pkg as { version?: unknown }).version === 'string'
    ) {
      return (pkg as { version: string }).version;
    }
  } catch {
    // fall through
  }
  return '0.0.0';
}

export const AGENT_VERSION = readVersion();
