export * from './dates.js';
export * from './holiday-file.js';
export * from './calendar.js';
export * from './default.js';
export * from './due-date.js';
