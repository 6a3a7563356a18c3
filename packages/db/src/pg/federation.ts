import { bigint, bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Every county event the hub has accepted, keyed by `(origin, seq)`: the dedupe key of the
 * protocol, so a redelivered or replayed event is inserted at most once and applied at most once.
 * Kept after applying: it is what high-water marks are computed from, and an audit trail of who
 * signed what.
 */
export const inbox = pgTable(
  'inbox',
  {
    origin: varchar('origin', { length: 6 }).notNull(),
    seq: bigint('seq', { mode: 'bigint' }).notNull(),
    kind: text('kind').notNull(),
    schema: text('schema').notNull(),
    entityId: text('entity_id').notNull(),
    entityVersion: bigint('entity_version', { mode: 'bigint' }).notNull(),
    envelope: jsonb('envelope').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'inbox_pkey', columns: [t.origin, t.seq] })],
);

/**
 * What arrived but was not accepted (undecodable, unknown schema, wrong signer, bad signature…).
 * Never silently dropped: an operator can see it, and a county can be asked to re-send.
 * `county_code` is the county of the subject it arrived on; `origin` and `seq` are what the message
 * claimed, when it could be decoded at all. `raw` is the message as UTF-8 text, or `base64:` and the
 * bytes when they are not storable as text.
 */
export const quarantine = pgTable(
  'quarantine',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    subject: text('subject').notNull(),
    countyCode: varchar('county_code', { length: 6 }),
    origin: text('origin'),
    seq: text('seq'),
    reason: text('reason').notNull(),
    detail: text('detail'),
    raw: text('raw').notNull(),
  },
  (t) => [index('quarantine_county_idx').on(t.countyCode, t.id)],
);

/**
 * Envelopes the hub itself originates (replay requests; later standards and review decisions).
 * `seq` is the hub's envelope seq and, as `hub:<seq>`, the message id. Rows are kept after publishing.
 */
export const hubOutbox = pgTable(
  'hub_outbox',
  {
    seq: bigserial('seq', { mode: 'bigint' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    kind: text('kind').notNull(),
    envelope: jsonb('envelope'),
    createdAt: ts('created_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
  },
  (t) => [index('hub_outbox_county_idx').on(t.countyCode, t.seq)],
);
