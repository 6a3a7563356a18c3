import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * What the county publishes, in the order it happened. `seq` is the federation sequence: with
 * AUTOINCREMENT the counter lives in `sqlite_sequence` and moves inside the writing transaction, so
 * a rolled-back change does not leave a hole the hub would take for a lost event. Rows are kept
 * after sending so the hub can ask for a replay.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    entityId: text('entity_id').notNull(),
    entityVersion: integer('entity_version').notNull(),
    /** the signed envelope JSON, published byte for byte */
    envelope: text('envelope').notNull(),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_sent_at_idx').on(t.sentAt)],
);

/**
 * Hub messages the county has applied, written in the same transaction as their effect, so a
 * redelivered message is recognised and not applied twice.
 */
export const inboundApplied = sqliteTable('inbound_applied', {
  messageId: text('message_id').primaryKey(),
  kind: text('kind').notNull(),
  appliedAt: text('applied_at').notNull(),
});

export type OutboxRecord = typeof outbox.$inferSelect;
export type InboundAppliedRow = typeof inboundApplied.$inferSelect;
