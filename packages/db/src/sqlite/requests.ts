import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * 依申请公开: the county's information requests. The applicant's identity and contact details live
 * here in clear and nowhere else: what federates (`info.request`) carries only status, dates,
 * outcome, applicant type and channel. Dates are `YYYY-MM-DD`, timestamps ISO-8601.
 */
export const infoRequests = sqliteTable(
  'info_requests',
  {
    id: text('id').primaryKey(),
    trackingNo: text('tracking_no').notNull(),
    /** §31 channel: inPerson | registeredMail | ordinaryMail | online | fax */
    channel: text('channel').notNull(),
    receivedOn: text('received_on').notNull(),
    applicantName: text('applicant_name').notNull(),
    applicantIdType: text('applicant_id_type'),
    applicantIdNumber: text('applicant_id_number'),
    applicantPhone: text('applicant_phone'),
    applicantEmail: text('applicant_email'),
    applicantAddress: text('applicant_address'),
    organisationName: text('organisation_name'),
    applicantType: text('applicant_type').notNull(),
    description: text('description').notNull(),
    deliveryForm: text('delivery_form').notNull(),
    status: text('status').notNull(),
    outcome: text('outcome'),
    replyText: text('reply_text'),
    repliedOn: text('replied_on'),
    /** the day of the reply or the withdrawal */
    closedOn: text('closed_on'),
    /** the binding reply due date; null while awaiting a correction or during an open consultation */
    dueOn: text('due_on'),
    provisional: integer('provisional', { mode: 'boolean' }).notNull().default(false),
    /** filed at the province portal: when */
    filedAt: text('filed_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    createdBy: text('created_by').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('info_requests_tracking_no_idx').on(t.trackingNo),
    index('info_requests_status_due_idx').on(t.status, t.dueOn),
    index('info_requests_received_idx').on(t.receivedOn),
  ],
);

/** Every step of a request (the audit timeline): what happened, on which day, by whom. */
export const infoRequestEvents = sqliteTable(
  'info_request_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id')
      .notNull()
      .references(() => infoRequests.id),
    type: text('type').notNull(),
    on: text('on').notNull(),
    at: text('at').notNull(),
    by: text('by').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('info_request_events_request_idx').on(t.requestId, t.id)],
);

/** Holiday files loaded after the bundled data (a province admin's `calendar.year`); merged at start-up. */
export const calendarYears = sqliteTable('calendar_years', {
  year: integer('year').primaryKey(),
  file: text('file', { mode: 'json' }).$type<unknown>().notNull(),
  loadedAt: text('loaded_at').notNull(),
  source: text('source').notNull(),
});

/** Section 四 of the annual report, entered by staff per year (as entered, checked when read). */
export const annualReviewLitigation = sqliteTable('annual_review_litigation', {
  year: integer('year').primaryKey(),
  counts: text('counts', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export type InfoRequestRow = typeof infoRequests.$inferSelect;
export type InfoRequestEventRow = typeof infoRequestEvents.$inferSelect;
