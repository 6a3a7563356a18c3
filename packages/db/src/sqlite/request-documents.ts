import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Standard reply texts a clerk edited before issue: one draft per request and document kind
 * (a reply outcome or a procedural letter), replacing the filled template until deleted.
 */
export const requestDocuments = sqliteTable(
  'request_documents',
  {
    requestId: text('request_id').notNull(),
    kind: text('kind').notNull(),
    /** {title, docNo, addressee, paragraphs, date, issuer} as edited */
    draft: text('draft', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.kind] })],
);

/**
 * The annual report of a year: what staff write (sections 一, 五, 六) and enter (section 二's
 * table), and, once published, the tables as published and sent to the hub.
 */
export const annualReports = sqliteTable('annual_reports', {
  year: integer('year').primaryKey(),
  /** 一、总体情况 */
  overview: text('overview').notNull().default(''),
  /** 五、存在的主要问题及改进情况 */
  problems: text('problems').notNull().default(''),
  /** 六、其他需要报告的事项 */
  otherMatters: text('other_matters').notNull().default(''),
  /** 二、主动公开政府信息情况 (the 30号 table), as entered */
  proactive: text('proactive', { mode: 'json' }).$type<Record<string, unknown>>(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
  publishedAt: text('published_at'),
  publishedBy: text('published_by'),
  /** version of the `annual.report` last sent; 0 before the first publication */
  publishedVersion: integer('published_version').notNull().default(0),
  /** the `annual.report` body as published */
  published: text('published', { mode: 'json' }).$type<Record<string, unknown>>(),
});

export type RequestDocumentRow = typeof requestDocuments.$inferSelect;
export type AnnualReportRow = typeof annualReports.$inferSelect;
