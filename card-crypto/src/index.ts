export * from './hex.js';
export * from './sun.js';
export * from './diversify.js';
export * from './demo-cards.js';
export * from './ndef.js';
export * from './ev2.js';
export * from './file-settings.js';
export * from './sdm.js';
