import { nodeProject } from '../jest.preset.js';

// Structure tests of the production compose stack (no Docker engine runs here or on CI).
// The HAPI FHIR launcher below has its own Maven tests; keep Jest out of it.
export default {
  ...nodeProject('docker', { testMatch: ['<rootDir>/*.test.ts'] }),
  rootDir: import.meta.dirname,
  modulePathIgnorePatterns: ['<rootDir>/hapi-fhir/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/hapi-fhir/'],
};
