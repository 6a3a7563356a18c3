import { htmlToText } from '@zwgk/core';
import { type HubDb, infoRecords, searchAttachmentTexts, searchDocuments } from '@zwgk/db/pg';
import { asc, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { extractAttachmentText } from './extract.js';
import { sampleLexemes } from './sample.js';
import { tokensText, warmUp } from './segment.js';
import { arrayLiteral } from './sql-arrays.js';

/**
 * Keeps `search_documents` in step with the `info_records` projection, off the ingest path:
 * segmentation costs ~0.5 ms per record (DESIGN.md: ≈2,000 records/s per core), too much to
 * hold the ingest transaction for. Rows whose `indexed_version` is behind `version` are read
 * without locks, segmented, and written in one short transaction that only moves forward: a
 * search document is replaced only by the same or a newer version (the same one when an
 * attachment completed: ingest then sets `indexed_version` back to 0), and `indexed_version`
 * only grows, so a record changed while it was being segmented is simply picked up again on the
 * next round.
 */
export interface SearchIndexerOptions {
  db: HubDb;
  logger: Logger;
  /** records per round; default 500 */
  batchSize?: number;
  /** pause when there is nothing to index; default 250 ms */
  idleMs?: number;
  /**
   * `tokensText` of many texts at once; default one after another on this thread. Bulk loads
   * pass a `SegmentPool` so that segmentation uses every core.
   */
  tokenize?: (texts: readonly string[]) => Promise<string[]>;
}

export class SearchIndexer {
  readonly #db: HubDb;
  readonly #log: Logger;
  readonly #batch: number;
  readonly #idleMs: number;
  readonly #tokenize: (texts: readonly string[]) => Promise<string[]>;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(opts: SearchIndexerOptions) {
    this.#db = opts.db;
    this.#log = opts.logger.child({ component: 'search-indexer' });
    this.#batch = opts.batchSize ?? 500;
    this.#idleMs = opts.idleMs ?? 250;
    this.#tokenize = opts.tokenize ?? (async (texts) => texts.map(tokensText));
  }

  /**
   * The attachments' names and text of these records, extracting (once) those not extracted
   * yet. Only complete, verified attachments of the record's own county count. Extraction runs
   * outside any transaction: a slow or broken file holds no locks.
   */
  async #attachmentText(records: readonly { id: string; countyCode: string }[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!records.length) return out;
    const rows = await this.#db.execute<{ id: string; record_id: string; county_code: string; name: string; media_type: string; text: string | null }>(sql`
      select a.id, a.record_id, a.county_code, a.name, a.media_type, t.text
      from record_attachments a
      join unnest(${sql.param(arrayLiteral(records.map((r) => r.id)))}::text[], ${sql.param(arrayLiteral(records.map((r) => r.countyCode)))}::text[])
        as u(id, county_code) on a.record_id = u.id and a.county_code = u.county_code
      left join ${searchAttachmentTexts} t on t.attachment_id = a.id
      where a.complete and not a.quarantined
      order by a.received_at, a.id`);
    const parts = new Map<string, { names: string[]; texts: string[] }>();
    for (const a of rows) {
      let text = a.text;
      if (text === null) {
        // one file's bytes at a time (up to 20 MB each)
        const [file] = await this.#db.execute<{ data: Buffer | null }>(sql`select data from record_attachments where id = ${a.id}`);
        const got = file?.data ? await extractAttachmentText(a.media_type, file.data) : { status: 'failed' as const, text: '', detail: 'no bytes' };
        if (got.status === 'failed') this.#log.warn({ attachment: a.id, record: a.record_id, detail: got.detail }, 'attachment text not extracted; indexing its name only');
        await this.#db
          .insert(searchAttachmentTexts)
          .values({ attachmentId: a.id, recordId: a.record_id, countyCode: a.county_code, name: a.name, status: got.status, text: got.text, detail: got.detail })
          .onConflictDoNothing();
        text = got.text;
      }
      const p = parts.get(a.record_id) ?? { names: [], texts: [] };
      p.names.push(a.name.replace(/\.[A-Za-z0-9]{2,5}$/, ''));
      if (text) p.texts.push(text);
      parts.set(a.record_id, p);
    }
    // segmentation reads the first MAX_SEGMENTED_CHARS of it: names first, so they always count
    for (const [id, p] of parts) out.set(id, [...p.names, ...p.texts].join('\n'));
    return out;
  }

  /** Indexes one batch; returns how many records it handled. */
  async runOnce(): Promise<number> {
    const rows = await this.#db
      .select({
        id: infoRecords.id,
        version: infoRecords.version,
        withdrawn: infoRecords.withdrawn,
        countyCode: infoRecords.countyCode,
        cityCode: infoRecords.cityCode,
        townshipCode: infoRecords.townshipCode,
        domain: infoRecords.domain,
        attribute: infoRecords.attribute,
        validity: infoRecords.validity,
        publishedOn: infoRecords.publishedOn,
        indexNo: infoRecords.indexNo,
        title: infoRecords.title,
        body: infoRecords.body,
      })
      .from(infoRecords)
      .where(sql`${infoRecords.indexedVersion} < ${infoRecords.version}`)
      .orderBy(asc(infoRecords.id))
      .limit(this.#batch);
    if (!rows.length) return 0;
    const gone = rows.filter((r) => r.withdrawn || !r.publishedOn);
    const shown = rows.filter((r) => !r.withdrawn && r.publishedOn).map((r) => ({ ...r, publishedOn: r.publishedOn!, bodyText: htmlToText(r.body) }));
    const attachments = await this.#attachmentText(shown);
    const tokens = await this.#tokenize(shown.flatMap((r) => [r.title, r.bodyText, attachments.get(r.id) ?? '']));
    const live = shown.map((r, i) => ({
      ...r,
      titleTokens: tokens[3 * i]!,
      bodyTokens: tokens[3 * i + 1]!,
      attachmentTokens: tokens[3 * i + 2]!,
    }));
    await this.#db.transaction(async (tx) => {
      if (gone.length) {
        const ids = sql.param(arrayLiteral(gone.map((r) => r.id)));
        await tx.execute(sql`delete from ${searchDocuments} where record_id = any(${ids}::text[])`);
      }
      if (live.length) {
        const col = (f: (r: (typeof live)[number]) => string | null) => sql.param(arrayLiteral(live.map(f)));
        await tx.execute(sql`
          insert into ${searchDocuments} (record_id, county_code, city_code, township_code, domain, year, attribute, validity,
            published_on, index_no, title, body_text, tsv, version)
          select u.id, u.county_code, u.city_code, u.township_code, u.domain, extract(year from u.published_on)::int,
            u.attribute, u.validity, u.published_on, u.index_no, u.title, u.body_text,
            setweight(to_tsvector('simple', u.title_tokens), 'A') || setweight(to_tsvector('simple', u.body_tokens), 'B')
              || setweight(to_tsvector('simple', u.attachment_tokens), 'C') || array_to_tsvector(array[u.bucket, u.fine_bucket]),
            u.version
          from unnest(${col((r) => r.id)}::text[], ${col((r) => r.countyCode)}::text[], ${col((r) => r.cityCode)}::text[],
            ${col((r) => r.townshipCode)}::text[], ${col((r) => r.domain)}::text[], ${col((r) => r.attribute)}::text[],
            ${col((r) => r.validity)}::text[], ${col((r) => r.publishedOn)}::date[], ${col((r) => r.indexNo)}::text[],
            ${col((r) => r.title)}::text[], ${col((r) => r.bodyText)}::text[], ${col((r) => r.titleTokens)}::text[],
            ${col((r) => r.bodyTokens)}::text[], ${col((r) => r.attachmentTokens)}::text[], ${col((r) => sampleLexemes(r.id)[0])}::text[], ${col((r) => sampleLexemes(r.id)[1])}::text[],
            ${col((r) => String(r.version))}::bigint[])
            as u(id, county_code, city_code, township_code, domain, attribute, validity, published_on, index_no, title,
                 body_text, title_tokens, body_tokens, attachment_tokens, bucket, fine_bucket, version)
          on conflict (record_id) do update set
            county_code = excluded.county_code, city_code = excluded.city_code, township_code = excluded.township_code,
            domain = excluded.domain, year = excluded.year, attribute = excluded.attribute, validity = excluded.validity,
            published_on = excluded.published_on, index_no = excluded.index_no, title = excluded.title,
            body_text = excluded.body_text, tsv = excluded.tsv, version = excluded.version
          where ${searchDocuments.version} <= excluded.version`);
      }
      await tx.execute(sql`
        update ${infoRecords} r set indexed_version = u.version
        from unnest(${sql.param(arrayLiteral(rows.map((r) => r.id)))}::text[],
                    ${sql.param(arrayLiteral(rows.map((r) => String(r.version))))}::bigint[]) as u(id, version)
        where r.id = u.id and r.indexed_version < u.version`);
    });
    return rows.length;
  }

  /** Indexes until nothing is pending (tests, tools, the benchmark). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    warmUp();
    this.#loop = (async () => {
      let backoff = this.#idleMs;
      while (this.#running) {
        let n = 0;
        try {
          n = await this.runOnce();
          backoff = this.#idleMs;
        } catch (e) {
          if (!this.#running) break;
          this.#log.warn({ err: e }, 'search indexing failed; will retry');
          backoff = Math.min(backoff * 2, 10_000);
        }
        if (n > 0 || !this.#running) continue;
        await new Promise<void>((res) => {
          const timer = setTimeout(res, backoff);
          this.#wake = () => {
            clearTimeout(timer);
            res();
          };
        });
        this.#wake = undefined;
      }
    })();
  }

  /** Index now rather than after the idle pause (e.g. after an ingest batch with records). */
  wake(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }
}
