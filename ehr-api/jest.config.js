import { nodeProject } from '../jest.preset.js';

export default {
  projects: [nodeProject('ehr-api'), nodeProject('ehr-api', { integration: true })].map((project) => ({
    ...project,
    rootDir: import.meta.dirname,
  })),
};
