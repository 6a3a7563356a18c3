export * from './names.js';
export * from './link.js';
export * from './streams.js';
export * from './consumer.js';
export * from './relay.js';
export * from './auth.js';
export * from './credentials.js';
