/**
 * Search totals and facets past `COUNT_EXACT` candidates, on a real Postgres: up to it everything
 * is counted; beyond, totals and facets come from a random sample of the matches (through the
 * sample-bucket lexemes), scaled and flagged as estimates, and a compound's total from the share
 * of sampled candidates that contain it as written.
 */
import { connectHubDb, migrateHubDb } from '@zwgk/db/pg';
import { type TestDatabase, createTestDatabase } from '@zwgk/testing';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndexer } from '../src/search/indexer.js';
import { COUNT_EXACT, type SearchQuery, type SearchResult, roughly, search } from '../src/search/query.js';
import { FINE_BUCKETS, SAMPLE_BUCKETS, sampleBucket, sampleFor, sampleLexemes } from '../src/search/sample.js';
import { arrayLiteral } from '../src/search/sql-arrays.js';

const N = 4500;
const COUNTIES = ['130102', '130104', '130105', '130602', '130603'];
let database: TestDatabase;
let hub: ReturnType<typeof connectHubDb>;

// a third each: the compound as written, its parts apart, and only one of the parts
const TITLES = ['城乡社会救助标准调整的通知', '社会保险与就业救助政策问答', '临时救助资金发放情况'];
const rec = (i: number) => ({
  id: `s${i}`,
  county: COUNTIES[i % COUNTIES.length]!,
  title: TITLES[i % 3]!,
  domain: i % 2 ? 'social-assistance' : 'employment-entrepreneurship',
  publishedOn: `${2020 + (i % 4)}-06-0${1 + (i % 7)}`,
});

async function find(q: SearchQuery): Promise<SearchResult> {
  const r = await search(hub.db, q);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const sum = (xs: { count: number }[]) => xs.reduce((a, f) => a + f.count, 0);
const near = (got: number, want: number, tolerance = 0.1) => expect(Math.abs(got - want)).toBeLessThanOrEqual(want * tolerance);

beforeAll(async () => {
  database = await createTestDatabase();
  await migrateHubDb(database.url);
  hub = connectHubDb(database.url, { max: 4 });
  const rows = Array.from({ length: N }, (_, i) => rec(i));
  const col = (f: (r: (typeof rows)[number]) => string) => sql.param(arrayLiteral(rows.map(f)));
  await hub.db.execute(sql`
    insert into info_records (id, county_code, city_code, version, index_no, title, body, issuing_body, written_on,
      published_on, domain, attribute, label, validity, target_groups, updated_at)
    select u.id, u.county_code, left(u.county_code, 4) || '00', 1, u.id, u.title, '<p>正文</p>', '民政局', u.published_on,
      u.published_on, u.domain, 'proactive', '此件公开发布', 'valid', '[]'::jsonb, now()
    from unnest(${col((r) => r.id)}::text[], ${col((r) => r.county)}::text[], ${col((r) => r.title)}::text[],
      ${col((r) => r.publishedOn)}::date[], ${col((r) => r.domain)}::text[]) as u(id, county_code, title, published_on, domain)`);
  await new SearchIndexer({ db: hub.db, logger: pino({ level: 'silent' }), batchSize: 1000 }).drain();
  // index-only counting needs the visibility map, as autovacuum keeps it on a live hub
  await hub.db.execute(sql`vacuum analyze search_documents`);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await database?.drop();
});

describe('search past the counted size', () => {
  it('spreads record ids evenly over the sample buckets, and picks buckets for a share', () => {
    const counts = new Array<number>(SAMPLE_BUCKETS).fill(0);
    for (let i = 0; i < 64_000; i++) counts[sampleBucket(`rec-${i}`)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1150);
    const [coarse, fine] = sampleLexemes('rec-1');
    expect(Number(fine.slice(2)) % SAMPLE_BUCKETS).toBe(Number(coarse.slice(1)));
    expect(sampleFor(0.5)).toEqual({ query: Array.from({ length: 32 }, (_, b) => `'#${b}'`).join(' | '), fraction: 0.5 });
    expect(sampleFor(1 / 64).fraction).toBe(1 / 64);
    expect(sampleFor(0.001)).toEqual({ query: "'##0' | '##1' | '##2' | '##3' | '##4'", fraction: 5 / FINE_BUCKETS });
    expect(sampleFor(0).fraction).toBe(1 / FINE_BUCKETS);
  });

  it('estimates a broad word\'s total and facets from a sample, flagged as estimates', async () => {
    expect(N).toBeGreaterThan(2 * COUNT_EXACT);
    const r = await find({ q: '救助' });
    expect(r).toMatchObject({ totalExact: false, facetsExact: false });
    near(r.total, N);
    expect(r.items).toHaveLength(20);
    // the page is exact: the newest first
    expect(r.items[0]!.publishedOn).toBe('2023-06-07');
    // scaled sample counts: each family adds up to about the total, each value to about its share
    for (const f of [r.facets.domain, r.facets.county, r.facets.year]) near(sum(f), N);
    for (const d of r.facets.domain) near(d.count, N / 2, 0.15);
    for (const c of r.facets.county) near(c.count, N / COUNTIES.length, 0.25);
    expect(r.facets.year.map((y) => y.value).sort()).toEqual(['2020', '2021', '2022', '2023']);
  });

  it('estimates a compound from the share of sampled candidates that contain it as written', async () => {
    const r = await find({ q: '社会救助' });
    expect(r.totalExact).toBe(false);
    expect(r.facetsExact).toBe(false);
    near(r.total, N / 3);
    // an estimate is rounded so that it does not read as a count
    expect(r.total % 100).toBe(0);
    expect([roughly(87.4), roughly(1503.7), roughly(12_345)]).toEqual([87, 1500, 12_000]);
    expect(r.items.every((i) => i.title.includes('社会救助'))).toBe(true);
    // the pages are exact: newest first, the second going on where the first ended
    const second = await find({ q: '社会救助', page: 2 });
    const dates = [...r.items, ...second.items].map((i) => i.publishedOn);
    expect(dates).toHaveLength(40);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(new Set([...r.items, ...second.items].map((i) => i.id)).size).toBe(40);
  });

  it('is exact again once filters bring the candidates under the sample size', async () => {
    const r = await find({ q: '社会救助', region: COUNTIES[0] });
    expect(r).toMatchObject({ total: N / 3 / COUNTIES.length, totalExact: true, facetsExact: true });
    expect(r.facets.county).toEqual([expect.objectContaining({ value: COUNTIES[0], count: N / 3 / COUNTIES.length })]);
    const y = await find({ q: '救助', year: 2021, domain: 'social-assistance' });
    const want = Array.from({ length: N }, (_, i) => rec(i)).filter((x) => x.publishedOn.startsWith('2021') && x.domain === 'social-assistance').length;
    expect(y).toMatchObject({ total: want, totalExact: true, facetsExact: true });
  });

  it('browses without a query the same way', async () => {
    const r = await find({});
    expect(r.totalExact).toBe(false);
    near(r.total, N);
    near(sum(r.facets.domain), N);
    const few = await find({ region: COUNTIES[1], year: 2020 });
    const want = Array.from({ length: N }, (_, i) => rec(i)).filter((x) => x.county === COUNTIES[1] && x.publishedOn.startsWith('2020')).length;
    expect(few).toMatchObject({ total: want, totalExact: true, facetsExact: true });
  });
});
