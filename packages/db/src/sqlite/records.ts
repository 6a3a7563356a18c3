import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * 政府信息: the county's information records through their release workflow. `version` grows on
 * every change; only published changes travel to the hub. `index_no` (索引号) is set on
 * publication from `record_index_counters` in the same transaction and is never reused.
 * Full-text search runs on the FTS5 table `info_records_fts` (trigram), kept in step by triggers
 * (see the custom migration that creates it).
 */
export const infoRecords = sqliteTable(
  'info_records',
  {
    id: text('id').primaryKey(),
    countyCode: text('county_code').notNull(),
    townshipCode: text('township_code'),
    title: text('title').notNull(),
    /** sanitised HTML */
    body: text('body').notNull(),
    /** the body as plain text, for search */
    bodyText: text('body_text').notNull(),
    issuingBody: text('issuing_body').notNull(),
    docNo: text('doc_no'),
    writtenOn: text('written_on').notNull(),
    publishedOn: text('published_on'),
    domain: text('domain').notNull(),
    catalogItemId: text('catalog_item_id'),
    attribute: text('attribute').notNull(),
    proposedAttribute: text('proposed_attribute').notNull(),
    withheldGround: text('withheld_ground'),
    validity: text('validity').notNull().default('valid'),
    validFrom: text('valid_from'),
    expiredOn: text('expired_on'),
    repealedOn: text('repealed_on'),
    targetGroups: text('target_groups', { mode: 'json' }).$type<string[]>().notNull(),
    status: text('status').notNull().default('draft'),
    label: text('label'),
    indexNo: text('index_no'),
    indexYear: integer('index_year'),
    indexSeq: integer('index_seq'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: text('reviewed_at'),
    reviewComment: text('review_comment'),
    withdrawnAt: text('withdrawn_at'),
    /** 'document' or 'interpretation' (政策解读 of `interpretsRecordId`) */
    kind: text('kind').notNull().default('document'),
    interpretsRecordId: text('interprets_record_id'),
    /** text | qa | chart, for interpretations */
    interpretationForm: text('interpretation_form'),
    /** a policy document that must be published with its interpretation */
    needsInterpretation: integer('needs_interpretation', { mode: 'boolean' }).notNull().default(false),
    /** 有效期至: the record is due for clean-up after this date */
    validUntil: text('valid_until'),
    /** 文件类别: rule (规章) | normativeDocument (行政规范性文件) | other; counted in the annual report's section 二 */
    docCategory: text('doc_category'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    uniqueIndex('info_records_index_no_idx').on(t.indexNo),
    uniqueIndex('info_records_index_seq_idx').on(t.countyCode, t.indexYear, t.indexSeq),
    index('info_records_status_idx').on(t.countyCode, t.status, t.updatedAt),
    index('info_records_published_idx').on(t.publishedOn).where(sql`${t.status} = 'published'`),
    index('info_records_domain_idx').on(t.domain),
    index('info_records_interprets_idx').on(t.interpretsRecordId),
  ],
);

/** Per (county, year) the last index sequence handed out: incremented inside the publishing transaction. */
export const recordIndexCounters = sqliteTable(
  'record_index_counters',
  {
    countyCode: text('county_code').notNull(),
    year: integer('year').notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.year] })],
);

/** County settings of the records module (the index number pattern), audited when changed. */
export const recordSettings = sqliteTable('record_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export type InfoRecordRow = typeof infoRecords.$inferSelect;
export type NewInfoRecordRow = typeof infoRecords.$inferInsert;
