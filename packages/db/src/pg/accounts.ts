import { relations } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const HUB_ROLES = ['province_admin', 'city_reviewer'] as const;
export type HubRole = (typeof HUB_ROLES)[number];

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<HubRole>().notNull(),
  /** the city (6-digit) a city reviewer reviews for; null for province admins */
  cityCode: varchar('city_code', { length: 6 }),
  displayName: text('display_name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  disabledAt: ts('disabled_at'),
});

/** Bearer tokens, stored as SHA-256 hashes only. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export const usersRelations = relations(users, ({ many }) => ({ tokens: many(apiTokens) }));

export const apiTokensRelations = relations(apiTokens, ({ one }) => ({
  user: one(users, { fields: [apiTokens.userId], references: [users.id] }),
}));
