import { nodeProject } from '../../jest.preset.js';

// Browser tests of the running system: Chromium (Debian's, through playwright-core) against the
// API serving the built app, with the real stack behind it. Started by `./dev test`.
export default {
  projects: [
    {
      ...nodeProject('booking-web', { testMatch: ['<rootDir>/**/*.e2e.test.ts'] }),
      displayName: 'booking-web:e2e',
      testPathIgnorePatterns: ['/node_modules/'],
      rootDir: import.meta.dirname,
    },
  ],
};
