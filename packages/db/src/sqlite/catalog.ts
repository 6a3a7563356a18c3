import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
    responsibleBody: text('responsible_body').notNull(),
    method: text('method').notNull(),
    channels: text('channels', { mode: 'json' }).$type<string[]>().notNull(),
    audience: text('audience').notNull(),
    audienceNote: text('audience_note'),
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
  ],
);

export type CatalogItemRow = typeof catalogItems.$inferSelect;
export type NewCatalogItemRow = typeof catalogItems.$inferInsert;
