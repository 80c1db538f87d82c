export * from './status.js';
export * from './agent-messages.js';
export * from './booking.js';
export * from './kiosk.js';
export * from './record.js';
export * from './feedback.js';
export * from './directory.js';
