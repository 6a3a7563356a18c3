/** Reading and writing catalog sheets (事项目录 in Excel): pure parsing and layout, no I/O. */
export { splitTicks, type TickSegment } from './text.js';
export { PERIODS, TIME_LIMIT_EVENTS, type ParsedTimeLimit, type Period, type TimeLimitEvent, type TimeLimitRule, parseTimeLimit } from './time-limit.js';
export { type ParsedChannels, parseChannels } from './channels.js';
export { type ParsedAudience, type ParsedLevels, parseAudience, parseDomain, parseLevels, parseMethod } from './fields.js';
export { SHEET_COLUMN_NAMES, type SheetColumn, columnOf } from './columns.js';
export { type CellProblem, type NormaliseOptions, type NormalisedSheet, type SheetGrid, type SheetRow, normaliseSheet } from './sheet.js';
export { type CatalogSheetLayout, EXPORT_COLUMNS, type ExportableItem, audienceText, catalogSheetLayout } from './layout.js';
