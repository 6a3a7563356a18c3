import { relations } from 'drizzle-orm';
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const COUNTY_ROLES = ['county_admin', 'county_editor', 'county_reviewer'] as const;
export type CountyRole = (typeof COUNTY_ROLES)[number];

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: COUNTY_ROLES }).notNull(),
  displayName: text('display_name').notNull(),
  createdAt: text('created_at').notNull(),
  disabledAt: text('disabled_at'),
});

/** Only the SHA-256 of a bearer token is stored; the token itself is shown once, at login. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId), index('api_tokens_expires_idx').on(t.expiresAt)],
);

export const usersRelations = relations(users, ({ many }) => ({ tokens: many(apiTokens) }));
export const apiTokensRelations = relations(apiTokens, ({ one }) => ({
  user: one(users, { fields: [apiTokens.userId], references: [users.id] }),
}));

export type UserRow = typeof users.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
