import type { TimeLimitRule } from '@zwgk/core';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * 事项目录: the county's catalog items. Rows are soft-deleted (`deleted_at`) so a deletion keeps
 * its version number and the federation tombstone can say which version it removes. Timestamps are
 * ISO-8601 strings, the same text the federation envelope carries.
 */
export const catalogItems = sqliteTable(
  'catalog_items',
  {
    id: text('id').primaryKey(),
    countyCode: text('county_code').notNull(),
    domain: text('domain').notNull(),
    level: text('level').notNull(),
    townshipCode: text('township_code'),
    name: text('name').notNull(),
    content: text('content').notNull(),
    legalBasis: text('legal_basis').notNull(),
    timeLimit: text('time_limit').notNull(),
    /** the structured reading of the phrase (`parseTimeLimit`), derived when the item is written; null when none */
    timeLimitRule: text('time_limit_rule', { mode: 'json' }).$type<TimeLimitRule>(),
    responsibleBody: text('responsible_body').notNull(),
    method: text('method').notNull(),
    channels: text('channels', { mode: 'json' }).$type<string[]>().notNull(),
    audience: text('audience').notNull(),
    audienceNote: text('audience_note'),
    /** 一级事项 */
    category: text('category'),
    /** the standard item this item implements (`<domain>.<nn>`); null for a local item */
    standardItemId: text('standard_item_id'),
    /** adopted | adapted | local, derived against the standard item when the item is written */
    adoption: text('adoption').notNull().default('local'),
    /** the guideline version of the item's domain the adoption was derived against */
    standardVersion: integer('standard_version'),
    /** YYYY-MM-DD; set one year after publication unless the county chose a later date */
    nextReviewOn: text('next_review_on'),
    status: text('status').notNull().default('draft'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [
    index('catalog_items_county_domain_idx').on(t.countyCode, t.domain),
    index('catalog_items_updated_idx').on(t.updatedAt),
    index('catalog_items_live_idx').on(t.countyCode).where(sql`${t.deletedAt} is null`),
    index('catalog_items_standard_idx').on(t.standardItemId),
    index('catalog_items_review_idx').on(t.nextReviewOn),
  ],
);

/** Every version of every item, as written (动态管理: nothing is overwritten). */
export const catalogItemVersions = sqliteTable(
  'catalog_item_versions',
  {
    itemId: text('item_id').notNull(),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    snapshot: text('snapshot', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    at: text('at').notNull(),
    by: text('by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.version] })],
);

/** Review decisions received from the hub, with the reviewer's comments. */
export const catalogReviewComments = sqliteTable(
  'catalog_review_comments',
  {
    reviewId: text('review_id').primaryKey(),
    itemId: text('item_id').notNull(),
    /** the submitted version the decision is about */
    version: integer('version').notNull(),
    decision: text('decision').notNull(),
    comments: text('comments').notNull(),
    fieldComments: text('field_comments', { mode: 'json' }).$type<Record<string, string>>(),
    reviewer: text('reviewer').notNull(),
    decidedAt: text('decided_at').notNull(),
    receivedAt: text('received_at').notNull(),
    /** false when the item had moved on (withdrawn, edited) before the decision arrived */
    applied: integer('applied', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('catalog_review_comments_item_idx').on(t.itemId, t.version)],
);

/** Every guideline version the hub has published to this county, as received. */
export const standardGuidelines = sqliteTable(
  'standard_guidelines',
  {
    domain: text('domain').notNull(),
    version: integer('version').notNull(),
    items: text('items', { mode: 'json' }).$type<Record<string, unknown>[]>().notNull(),
    publishedAt: text('published_at').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.domain, t.version] })],
);

/** Standard items the county declared not applicable (不适用), with the reason; withdrawn ones are kept. */
export const standardExemptions = sqliteTable('standard_exemptions', {
  standardItemId: text('standard_item_id').primaryKey(),
  reason: text('reason').notNull(),
  declaredBy: text('declared_by').notNull(),
  declaredAt: text('declared_at').notNull(),
  withdrawnAt: text('withdrawn_at'),
  /** grows with every declaration and withdrawal; the federated entity version */
  version: integer('version').notNull().default(1),
});

export type CatalogItemRow = typeof catalogItems.$inferSelect;
export type NewCatalogItemRow = typeof catalogItems.$inferInsert;
export type CatalogItemVersionRow = typeof catalogItemVersions.$inferSelect;
export type CatalogReviewCommentRow = typeof catalogReviewComments.$inferSelect;
export type StandardGuidelineRow = typeof standardGuidelines.$inferSelect;
export type StandardExemptionRow = typeof standardExemptions.$inferSelect;
