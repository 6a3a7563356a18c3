import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Attachments of published records, reassembled from `info.attachment` chunks so the hub can
 * serve them while the county is offline. `data` is set only once every chunk has arrived and
 * the SHA-256 of the whole matches the county's; a mismatch leaves `quarantined = true`.
 */
export const hubRecordAttachments = pgTable(
  'record_attachments',
  {
    id: text('id').primaryKey(),
    recordId: text('record_id').notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    chunksTotal: integer('chunks_total').notNull(),
    complete: boolean('complete').notNull().default(false),
    quarantined: boolean('quarantined').notNull().default(false),
    data: bytea('data'),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [index('record_attachments_record_idx').on(t.recordId)],
);

/** Chunks waiting for the rest of their attachment; deleted once it is complete. */
export const hubAttachmentChunks = pgTable(
  'attachment_chunks',
  {
    attachmentId: text('attachment_id').notNull(),
    idx: integer('idx').notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.attachmentId, t.idx] })],
);

/** Each county's published negative list (负面清单), replaced as a whole by a newer version. */
export const hubNegativeLists = pgTable('negative_lists', {
  countyCode: varchar('county_code', { length: 6 }).primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
  entries: jsonb('entries').$type<unknown[]>().notNull(),
  updatedAt: ts('updated_at').notNull(),
});
