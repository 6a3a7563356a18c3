export * from './outcomes.js';
export * from './deadlines.js';
export * from './annual-report.js';
export * from './workflow.js';
export * from './sealed.js';
export * from './federation.js';
export * from './reply-templates.js';
export * from './annual-report-publication.js';
