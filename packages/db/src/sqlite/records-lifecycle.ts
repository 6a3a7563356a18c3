import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Attachments of information records (附件). The bytes live in the county database itself, not
 * as files under the data dir: a record, its attachments, the audit row and the outbox rows that
 * carry them to the hub commit in one SQLite transaction, a backup of the county is one file, and
 * there is no orphan-file clean-up. 20 MB per file is far below SQLite's blob limit.
 */
export const recordAttachments = sqliteTable(
  'record_attachments',
  {
    id: text('id').primaryKey(),
    recordId: text('record_id').notNull(),
    countyCode: text('county_code').notNull(),
    /** the uploader's file name, shown and offered on download only; never used to decide the type */
    name: text('name').notNull(),
    /** detected from the bytes */
    mediaType: text('media_type').notNull(),
    ext: text('ext').notNull(),
    size: integer('size').notNull(),
    /** hex SHA-256 of the bytes; also the ETag */
    sha256: text('sha256').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    /** when its bytes were written to the outbox for the hub (the record was published) */
    federatedAt: text('federated_at'),
  },
  (t) => [index('record_attachments_record_idx').on(t.recordId, t.createdAt)],
);

/** 负面清单: what the county must not disclose proactively; published as a whole on every change. */
export const negativeListEntries = sqliteTable(
  'negative_list_entries',
  {
    id: text('id').primaryKey(),
    countyCode: text('county_code').notNull(),
    category: text('category').notNull(),
    content: text('content').notNull(),
    legalBasis: text('legal_basis').notNull(),
    /** the date the entry is next reviewed */
    reviewOn: text('review_on').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [index('negative_list_entries_county_idx').on(t.countyCode, t.category)],
);

/** The version of the county's negative list as a whole (the federated unit). */
export const negativeListVersions = sqliteTable('negative_list_versions', {
  countyCode: text('county_code').primaryKey(),
  version: integer('version').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** 不予公开信息年度评估: each yearly assessment of a withheld record (keep or release). */
export const withheldAssessments = sqliteTable(
  'withheld_assessments',
  {
    id: text('id').primaryKey(),
    recordId: text('record_id').notNull(),
    countyCode: text('county_code').notNull(),
    decision: text('decision').notNull(),
    reason: text('reason').notNull(),
    assessedOn: text('assessed_on').notNull(),
    assessedAt: text('assessed_at').notNull(),
    assessedBy: text('assessed_by').notNull(),
  },
  (t) => [uniqueIndex('withheld_assessments_record_idx').on(t.recordId, t.assessedAt)],
);

export type RecordAttachmentRow = typeof recordAttachments.$inferSelect;
export type NegativeListEntryRow = typeof negativeListEntries.$inferSelect;
