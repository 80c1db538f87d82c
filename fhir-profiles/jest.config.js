import { nodeProject } from '../jest.preset.js';

// Unit tests read build/package.tgz: run `npm run build -w fhir-profiles` first.
// Integration tests (*.int.test.ts) need HAPI_FHIR_URL pointing at a HAPI server that installed it.
export default {
  projects: [nodeProject('fhir-profiles'), nodeProject('fhir-profiles', { integration: true })],
};
