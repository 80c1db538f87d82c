import { nodeProject } from '../jest.preset.js';

// Unit tests only: the schemas under arbitrary input; nothing needs to run.
export default { ...nodeProject('contracts'), rootDir: import.meta.dirname };
