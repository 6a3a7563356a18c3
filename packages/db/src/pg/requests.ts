import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/**
 * Information requests as the hub knows them: what tracking and statistics need, never the
 * applicant's identity or the request's text (those stay at the county; what the portal receives
 * is sealed to the county's key and kept only inside the `request.filed` envelope in
 * `hub_outbox`). A row is created when the portal accepts a filing (`status` 'submitted',
 * version 0) or when the first `info.request` of a county-registered request arrives; later
 * versions replace it only when newer and from the same county.
 */
export const infoRequests = pgTable(
  'info_requests',
  {
    trackingNo: varchar('tracking_no', { length: 24 }).primaryKey(),
    /** SHA-256 of the applicant's tracking secret; null for requests registered at the county */
    secretHash: text('secret_hash'),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    status: text('status').notNull(),
    channel: text('channel').notNull(),
    applicantType: text('applicant_type').notNull(),
    filedAt: ts('filed_at'),
    receivedOn: day('received_on'),
    dueOn: day('due_on'),
    provisional: boolean('provisional').notNull().default(false),
    repliedOn: day('replied_on'),
    outcome: text('outcome'),
    /** [{type, on}] without details */
    events: jsonb('events').$type<{ type: string; on: string }[]>().notNull().default([]),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('info_requests_county_idx').on(t.countyCode, t.receivedOn), index('info_requests_open_idx').on(t.status, t.dueOn)],
);

/** Holiday files a province admin loaded (beyond the bundled data), broadcast to every county. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  file: jsonb('file').notNull(),
  loadedAt: ts('loaded_at').notNull().defaultNow(),
  loadedBy: text('loaded_by').notNull(),
});
