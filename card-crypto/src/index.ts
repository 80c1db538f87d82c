export * from './hex.js';
export * from './sun.js';
export * from './diversify.js';
export * from './demo-cards.js';
