export * from './errors.js';
export * from './validate.js';
export * from './auth.js';
export * from './logger.js';
export * from './metrics.js';
export * from './openapi.js';
export * from './trpc.js';
export * from './catalog-workbook.js';
