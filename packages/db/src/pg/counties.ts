import { relations, sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The county registry as the hub knows it. A row exists once a county is enrolled, or earlier when
 * something arrived on its subjects that had to be quarantined (so the count has somewhere to go);
 * the keys and `enrolled_at` are null until enrollment.
 *
 * Federation progress: `high_water_seq` is the highest seq up to which every event has been
 * applied (no holes below it); `max_seq_seen` the highest seq inboxed; `last_heartbeat_seq` the
 * county's own last outbox seq as of its latest heartbeat. A difference between them is a gap.
 */
export const counties = pgTable('counties', {
  code: varchar('code', { length: 6 }).primaryKey(),
  name: text('name').notNull(),
  cityCode: varchar('city_code', { length: 6 }),
  signingPublicKey: text('signing_public_key'),
  encryptionPublicKey: text('encryption_public_key'),
  enrolledAt: ts('enrolled_at'),
  highWaterSeq: bigint('high_water_seq', { mode: 'bigint' }).notNull().default(sql`0`),
  maxSeqSeen: bigint('max_seq_seen', { mode: 'bigint' }).notNull().default(sql`0`),
  lastHeartbeatSeq: bigint('last_heartbeat_seq', { mode: 'bigint' }).notNull().default(sql`0`),
  lastEventAt: ts('last_event_at'),
  lastHeartbeatAt: ts('last_heartbeat_at'),
  lastReplayRequestedAt: ts('last_replay_requested_at'),
  quarantinedCount: integer('quarantined_count').notNull().default(0),
});

/** One-time tokens a province admin issues so that one county can register its keys. Only hashes are kept. */
export const enrollmentTokens = pgTable(
  'enrollment_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('enrollment_tokens_county_idx').on(t.countyCode)],
);

export const countiesRelations = relations(counties, ({ many }) => ({
  enrollmentTokens: many(enrollmentTokens),
}));

export const enrollmentTokensRelations = relations(enrollmentTokens, ({ one }) => ({
  county: one(counties, { fields: [enrollmentTokens.countyCode], references: [counties.code] }),
}));
