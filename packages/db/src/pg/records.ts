import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, date, index, integer, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** Postgres `tsvector`; written only by SQL (`setweight(to_tsvector('simple', …))`). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Published information records of every county, projected from `info.record` events. A row only
 * moves to a higher `version`; a withdrawal keeps the row (`withdrawn = true`) so that an older
 * version replayed later cannot bring it back. The search indexer picks up rows whose
 * `indexed_version` is behind `version` (off the ingest path).
 */
export const infoRecords = pgTable(
  'info_records',
  {
    id: text('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    cityCode: varchar('city_code', { length: 6 }),
    townshipCode: varchar('township_code', { length: 12 }),
    version: bigint('version', { mode: 'number' }).notNull(),
    withdrawn: boolean('withdrawn').notNull().default(false),
    indexNo: text('index_no').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    issuingBody: text('issuing_body').notNull(),
    docNo: text('doc_no'),
    writtenOn: day('written_on'),
    publishedOn: day('published_on'),
    domain: text('domain').notNull(),
    catalogItemId: text('catalog_item_id'),
    attribute: text('attribute').notNull(),
    label: text('label').notNull(),
    validity: text('validity').notNull(),
    validFrom: day('valid_from'),
    expiredOn: day('expired_on'),
    repealedOn: day('repealed_on'),
    targetGroups: jsonb('target_groups').$type<string[]>().notNull(),
    /** 'document' or 'interpretation' (政策解读 of `interpretsRecordId`) */
    kind: text('kind').notNull().default('document'),
    interpretsRecordId: text('interprets_record_id'),
    interpretationForm: text('interpretation_form'),
    /** 文件类别: 'rule' 规章 | 'normativeDocument' 行政规范性文件 | 'other'; null = not stated */
    docCategory: text('doc_category'),
    /** the county's time of the change */
    updatedAt: ts('updated_at').notNull(),
    appliedAt: ts('applied_at').notNull().defaultNow(),
    /** the version the search index reflects; 0 = not indexed yet */
    indexedVersion: bigint('indexed_version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    index('info_records_county_idx').on(t.countyCode, t.publishedOn),
    index('info_records_index_no_idx').on(t.indexNo),
    index('info_records_interprets_idx').on(t.interpretsRecordId),
    index('info_records_unindexed_idx').on(t.id).where(sql`${t.indexedVersion} < ${t.version}`),
  ],
);

/**
 * The province-wide search index: one row per public record (withdrawn records are removed).
 * `tsv` holds jieba `cutForSearch` tokens of the title (weight A), body (weight B) and the
 * attachments' names and text (weight C), parsed with the 'simple' configuration, plus one
 * sample-bucket lexeme (`#0`…`#63`) for random samples of matches; `body_text` is the snippet
 * source.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    recordId: text('record_id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    cityCode: varchar('city_code', { length: 6 }),
    townshipCode: varchar('township_code', { length: 12 }),
    domain: text('domain').notNull(),
    year: integer('year').notNull(),
    attribute: text('attribute').notNull(),
    validity: text('validity').notNull(),
    publishedOn: day('published_on').notNull(),
    indexNo: text('index_no').notNull(),
    title: text('title').notNull(),
    bodyText: text('body_text').notNull(),
    tsv: tsvector('tsv').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [
    // The words and the equality filters in one GIN index (btree_gin, created by migration 0008),
    // so a search reads only rows that match them all. Not the date: a range over a GIN column
    // merges one posting list per day (≈20 ms for two years); dates go by year here, then the row.
    // No pending list: with fastupdate every query also scans up to gin_pending_list_limit of
    // unmerged entries; the indexer writes in small batches off the ingest path, so it pays instead.
    index('search_documents_tsv_idx')
      .using('gin', t.tsv, t.cityCode, t.countyCode, t.townshipCode, t.domain, t.year, t.attribute, t.validity)
      .with({ fastupdate: false }),
    index('search_documents_published_idx').on(t.publishedOn.desc(), t.recordId.desc()),
    index('search_documents_county_idx').on(t.countyCode, t.publishedOn.desc()),
    index('search_documents_domain_idx').on(t.domain, t.publishedOn.desc()),
  ],
);

/**
 * Text extracted from a record's attachments (PDF, DOCX, XLSX) for the search index, one row per
 * complete attachment at the hub, so a record re-indexed after a change does not unpack its
 * files again. `status` says why there is no text ('empty', 'unsupported' for images, 'failed'
 * with `detail` for a malformed file); such rows are kept too, so a bad file is tried once.
 */
export const searchAttachmentTexts = pgTable(
  'search_attachment_texts',
  {
    attachmentId: text('attachment_id').primaryKey(),
    recordId: text('record_id').notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    text: text('text').notNull(),
    detail: text('detail'),
    extractedAt: ts('extracted_at').notNull().defaultNow(),
  },
  (t) => [index('search_attachment_texts_record_idx').on(t.recordId)],
);
