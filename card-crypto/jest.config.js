import { nodeProject } from '../jest.preset.js';

// Unit tests only: published vectors (NXP AN12196, AN10922, NIST SP 800-38B); nothing needs to run.
export default { ...nodeProject('card-crypto'), rootDir: import.meta.dirname };
