export * from './model.js';
export * from './workflow.js';
export * from './index-number.js';
export * from './federation.js';
export * from './text.js';
export * from './lifecycle.js';
