export * from './catalog.js';
export * from './federation.js';
export * from './accounts.js';
export * from './audit.js';
export * from './requests.js';
export * from './records.js';
export * from './request-documents.js';
export * from './records-lifecycle.js';
