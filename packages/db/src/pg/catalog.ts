import type { TimeLimitRule } from '@zwgk/core';
import { relations } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { counties } from './counties.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The province-wide projection of every county's catalog items, rebuilt from `catalog.item`
 * events. A row only ever moves to a higher `version`; a deletion keeps the row with
 * `deleted = true` so that a late, older upsert cannot bring the item back.
 */
export const catalogItems = pgTable(
  'catalog_items',
  {
    id: text('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    domain: text('domain').notNull(),
    level: text('level').notNull(),
    townshipCode: varchar('township_code', { length: 12 }),
    name: text('name').notNull(),
    content: text('content').notNull(),
    legalBasis: text('legal_basis').notNull(),
    timeLimit: text('time_limit').notNull(),
    /** the structured reading of the phrase, as the county derived it; null when none */
    timeLimitRule: jsonb('time_limit_rule').$type<TimeLimitRule>(),
    responsibleBody: text('responsible_body').notNull(),
    method: text('method').notNull(),
    channels: jsonb('channels').$type<string[]>().notNull(),
    audience: text('audience').notNull(),
    audienceNote: text('audience_note'),
    category: text('category'),
    standardItemId: text('standard_item_id'),
    adoption: text('adoption').notNull().default('local'),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    status: text('status').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    deleted: boolean('deleted').notNull().default(false),
    /** the county's timestamps, as the county reported them */
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** when the hub applied the latest version */
    appliedAt: ts('applied_at').notNull().defaultNow(),
  },
  (t) => [index('catalog_items_county_idx').on(t.countyCode)],
);

export const catalogItemsRelations = relations(catalogItems, ({ one }) => ({
  county: one(counties, { fields: [catalogItems.countyCode], references: [counties.code] }),
}));

/**
 * Every version of every item the hub has received (the county bumps the version on each change,
 * including submission and the review outcome). Published versions are what the public sees:
 * the latest published version of an item, even while a newer working version is in draft.
 */
export const catalogItemVersions = pgTable(
  'catalog_item_versions',
  {
    itemId: text('item_id').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    domain: text('domain').notNull(),
    standardItemId: text('standard_item_id'),
    adoption: text('adoption').notNull(),
    status: text('status').notNull(),
    /** the item as the county sent it (catalog.item body) */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    /** the county's time of the change; set on published versions only */
    publishedAt: ts('published_at'),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'catalog_item_versions_pkey', columns: [t.itemId, t.version] }),
    index('catalog_item_versions_county_idx').on(t.countyCode, t.status),
  ],
);

/** Review decisions (审核意见) made at the hub; one per submitted version. */
export const catalogReviews = pgTable(
  'catalog_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: text('item_id').notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    decision: text('decision').notNull(),
    comments: text('comments').notNull(),
    fieldComments: jsonb('field_comments').$type<Record<string, string>>(),
    reviewer: text('reviewer').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('catalog_reviews_item_version_idx').on(t.itemId, t.version),
    index('catalog_reviews_county_idx').on(t.countyCode, t.at),
  ],
);

/** Counties' not-applicable declarations, projected from `catalog.exemption`; `reason` null = withdrawn. */
export const catalogExemptions = pgTable(
  'catalog_exemptions',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    standardItemId: text('standard_item_id').notNull(),
    reason: text('reason'),
    version: bigint('version', { mode: 'number' }).notNull(),
    /** the county's time of the declaration or withdrawal */
    at: ts('at').notNull(),
    appliedAt: ts('applied_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'catalog_exemptions_pkey', columns: [t.countyCode, t.standardItemId] })],
);

/**
 * The province's working copy of the standard items (标准事项) of the 26 domain guidelines.
 * Edits here reach counties only when a new guideline version of the domain is published.
 */
export const standardItems = pgTable(
  'standard_items',
  {
    id: text('id').primaryKey(),
    domain: text('domain').notNull(),
    category: text('category').notNull(),
    name: text('name').notNull(),
    content: text('content').notNull(),
    legalBasis: text('legal_basis').notNull(),
    timeLimit: text('time_limit').notNull(),
    responsibleBody: text('responsible_body').notNull(),
    method: text('method').notNull(),
    channels: jsonb('channels').$type<string[]>().notNull(),
    audience: text('audience').notNull(),
    audienceNote: text('audience_note'),
    levels: jsonb('levels').$type<string[]>().notNull(),
    retiredAt: ts('retired_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [index('standard_items_domain_idx').on(t.domain)],
);

/** Published guideline versions (标准指引), each a snapshot of the domain's items at publication. */
export const standardGuidelines = pgTable(
  'standard_guidelines',
  {
    domain: text('domain').notNull(),
    version: integer('version').notNull(),
    publishedAt: ts('published_at').notNull().defaultNow(),
    publishedBy: text('published_by').notNull(),
    items: jsonb('items').$type<Record<string, unknown>[]>().notNull(),
  },
  (t) => [primaryKey({ name: 'standard_guidelines_pkey', columns: [t.domain, t.version] })],
);
