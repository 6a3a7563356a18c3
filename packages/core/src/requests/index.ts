export * from './outcomes.js';
export * from './deadlines.js';
export * from './annual-report.js';
