export * from './status.js';
export * from './agent-messages.js';
