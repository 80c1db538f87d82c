import { nodeProject } from '../jest.preset.js';

// Unit tests (`*.test.ts`) need nothing running. Integration tests (`*.int.test.ts`) need a real
// pcscd with the vpcd driver (see README.md); they fail with a clear message when it is missing.
/** @type {import('jest').Config} */
export default {
  rootDir: '.',
  // @pokusew/pcsclite keeps a native handle after close(); do not let it hold the run open.
  forceExit: true,
  projects: [
    { ...nodeProject('card-reader-agent'), rootDir: import.meta.dirname },
    {
      ...nodeProject('card-reader-agent', { integration: true }),
      rootDir: import.meta.dirname,
      testTimeout: 60_000,
    },
  ],
};
