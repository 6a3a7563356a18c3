import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Counties' published annual reports (`annual.report`): the three tables of the 30号 format as
 * published, the newest version per county and year. The province's report is their sum.
 */
export const annualReports = pgTable(
  'annual_reports',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    year: integer('year').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    publishedAt: ts('published_at').notNull(),
    requestTable: jsonb('request_table').$type<Record<string, unknown>>().notNull(),
    proactive: jsonb('proactive').$type<Record<string, unknown>>().notNull(),
    reviewLitigation: jsonb('review_litigation').$type<Record<string, unknown>>().notNull(),
    /** the information record carrying the report's full text and .docx (null from older counties) */
    recordId: text('record_id'),
    /** that record's .docx attachment of this version */
    docxAttachmentId: text('docx_attachment_id'),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.year] })],
);

export type AnnualReportProjectionRow = typeof annualReports.$inferSelect;
