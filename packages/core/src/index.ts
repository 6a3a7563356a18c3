export * from './result.js';
export * from './domains.js';
export * from './catalog.js';
export * from './envelope.js';
export * from './regions/index.js';
