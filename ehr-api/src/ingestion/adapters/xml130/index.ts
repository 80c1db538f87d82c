export { xml130Adapter } from './xml130-adapter.js';
export { writeXml130, type WriteXml130Options } from './writer.js';
