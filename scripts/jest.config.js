import { nodeProject } from '../jest.preset.js';

export default { projects: [{ ...nodeProject('scripts'), rootDir: import.meta.dirname }] };
