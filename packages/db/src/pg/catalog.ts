import { relations } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';
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
    responsibleBody: text('responsible_body').notNull(),
    method: text('method').notNull(),
    channels: jsonb('channels').$type<string[]>().notNull(),
    audience: text('audience').notNull(),
    audienceNote: text('audience_note'),
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
