import { htmlToText } from '@zwgk/core';
import { type HubDb, infoRecords, searchDocuments } from '@zwgk/db/pg';
import { asc, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { tokensText, warmUp } from './segment.js';
import { arrayLiteral } from './sql-arrays.js';

/**
 * Keeps `search_documents` in step with the `info_records` projection, off the ingest path:
 * segmentation costs ~0.5 ms per record (DESIGN.md: ≈2,000 records/s per core), too much to
 * hold the ingest transaction for. Rows whose `indexed_version` is behind `version` are read
 * without locks, segmented, and written in one short transaction that only moves forward: a
 * search document is replaced only by a newer version, and `indexed_version` only grows, so a
 * record changed while it was being segmented is simply picked up again on the next round.
 */
export interface SearchIndexerOptions {
  db: HubDb;
  logger: Logger;
  /** records per round; default 500 */
  batchSize?: number;
  /** pause when there is nothing to index; default 250 ms */
  idleMs?: number;
}

export class SearchIndexer {
  readonly #db: HubDb;
  readonly #log: Logger;
  readonly #batch: number;
  readonly #idleMs: number;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(opts: SearchIndexerOptions) {
    this.#db = opts.db;
    this.#log = opts.logger.child({ component: 'search-indexer' });
    this.#batch = opts.batchSize ?? 500;
    this.#idleMs = opts.idleMs ?? 250;
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
    const live = rows
      .filter((r) => !r.withdrawn && r.publishedOn)
      .map((r) => {
        const bodyText = htmlToText(r.body);
        return { ...r, publishedOn: r.publishedOn!, bodyText, titleTokens: tokensText(r.title), bodyTokens: tokensText(bodyText) };
      });
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
            setweight(to_tsvector('simple', u.title_tokens), 'A') || setweight(to_tsvector('simple', u.body_tokens), 'B'),
            u.version
          from unnest(${col((r) => r.id)}::text[], ${col((r) => r.countyCode)}::text[], ${col((r) => r.cityCode)}::text[],
            ${col((r) => r.townshipCode)}::text[], ${col((r) => r.domain)}::text[], ${col((r) => r.attribute)}::text[],
            ${col((r) => r.validity)}::text[], ${col((r) => r.publishedOn)}::date[], ${col((r) => r.indexNo)}::text[],
            ${col((r) => r.title)}::text[], ${col((r) => r.bodyText)}::text[], ${col((r) => r.titleTokens)}::text[],
            ${col((r) => r.bodyTokens)}::text[], ${col((r) => String(r.version))}::bigint[])
            as u(id, county_code, city_code, township_code, domain, attribute, validity, published_on, index_no, title,
                 body_text, title_tokens, body_tokens, version)
          on conflict (record_id) do update set
            county_code = excluded.county_code, city_code = excluded.city_code, township_code = excluded.township_code,
            domain = excluded.domain, year = excluded.year, attribute = excluded.attribute, validity = excluded.validity,
            published_on = excluded.published_on, index_no = excluded.index_no, title = excluded.title,
            body_text = excluded.body_text, tsv = excluded.tsv, version = excluded.version
          where ${searchDocuments.version} < excluded.version`);
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
