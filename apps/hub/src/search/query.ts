import {
  DOMAIN_CODES,
  PUBLIC_ATTRIBUTES,
  RECORD_VALIDITIES,
  type Result,
  countyByCode6,
  domainByCode,
  domainError,
  err,
  highlight,
  isIsoDate,
  ok,
  queryTerms,
  regionByCode,
  snippet,
  zodIssuesToFields,
} from '@zwgk/core';
import type { HubDb } from '@zwgk/db/pg';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { FINE_BUCKETS, sampleFor } from './sample.js';
import { queryWords } from './segment.js';
import { arrayLiteral } from './sql-arrays.js';

/**
 * Province-wide search over published records (DESIGN.md, "Chinese search"). The query is
 * segmented with jieba like the documents were; every word must match (`tsv @@ plainto_tsquery`).
 * Because AND-ing sub-words over-matches compounds (社会救助 matches 社会…救助), a query part that
 * segments into several words must also occur as written (LIKE on title, body or attachments'
 * text). Newest first is the cheap default; relevance ranks only the newest `RANK_WINDOW` matches.
 *
 * At a million records nothing reads more than a few thousand rows. The GIN index holds the
 * words, every filter column (btree_gin) and two sample-bucket lexemes per document (a hash of
 * its id, see sample.ts), so a uniform random share of the matches can be asked for without
 * reading the rest. Up to `COUNT_EXACT` candidates every one is read: totals and facets are
 * counted. Beyond, a random sample of about `SAMPLE_SIZE` is read (with the LIKE confirmation of
 * compounds) and scaled up: `totalExact` / `facetsExact` false. A row read costs a table page
 * (the body and tsv make rows wide), so these two numbers are the cost of a broad query. The page itself is always exact:
 * the newest matches are looked for in a recent date window first, widened until it holds the
 * page.
 */
export const PAGE_SIZE = 20;
export const RANK_WINDOW = 200;
/** up to this many matches, totals and facets are counted */
export const COUNT_EXACT = 2000;
/** beyond, a random sample of about this many matches is read and scaled */
export const SAMPLE_SIZE = 1000;

const date = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });

export const searchQuerySchema = z.object({
  q: z.string().trim().max(100, { error: '关键词不能超过100个字' }).optional(),
  /** a city (6 digits), county (6 digits) or township (12 digits) code; the province code means everywhere */
  region: z.string().regex(/^(\d{6}|\d{12})$/, { error: '区划代码应为6位或12位数字' }).optional(),
  domain: z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' }).optional(),
  from: date.optional(),
  to: date.optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  attribute: z.enum(PUBLIC_ATTRIBUTES, { error: '公开属性必须是 proactive 或 onRequest' }).optional(),
  validity: z.enum(RECORD_VALIDITIES, { error: '有效性必须是 valid、expired 或 repealed' }).optional(),
  sort: z.enum(['date', 'relevance'], { error: '排序方式必须是 date 或 relevance' }).default('date'),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(PAGE_SIZE),
});
export type SearchQuery = z.input<typeof searchQuerySchema>;

const facetSchema = z.object({ value: z.string(), name: z.string().nullable(), count: z.number().int() });
export const searchResultSchema = z.object({
  total: z.number().int(),
  totalExact: z.boolean().describe('false: over 2,000 matches, total is estimated from a random sample of them (shown as 约)'),
  page: z.number().int(),
  pageSize: z.number().int(),
  sort: z.enum(['date', 'relevance']),
  /** the words the query was segmented into (what the index was asked for) */
  words: z.array(z.string()),
  items: z.array(
    z.object({
      id: z.string(),
      countyCode: z.string(),
      countyName: z.string().nullable(),
      title: z.string().describe('plain text: escape it when rendering'),
      titleHtml: z.string().describe('the title HTML-escaped, hits in <mark>'),
      indexNo: z.string(),
      publishedOn: z.string(),
      domain: z.string(),
      domainName: z.string().nullable(),
      attribute: z.string(),
      validity: z.string(),
      snippet: z.string().describe('an excerpt HTML-escaped, hits in <mark>'),
    }),
  ),
  facets: z.object({ domain: z.array(facetSchema), county: z.array(facetSchema), year: z.array(facetSchema) }),
  facetsExact: z.boolean().describe('false: facet counts are scaled from a random sample of about 1,000 matches'),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;
const yearsIn = (from: number, to: number): SQL =>
  sql`d.year = any(${`{${Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i).join(',')}}`}::int[])`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

function regionCondition(code: string): Result<SQL | null> {
  const region = regionByCode(code);
  if (!region) return err(domainError('validation_failed', `没有区划 ${code}`, { fields: [{ field: 'region', message: '未知的区划代码' }] }));
  switch (region.level) {
    case 'province':
      return ok(null);
    case 'city':
      return ok(sql`d.city_code = ${region.code6!}`);
    case 'county':
      return ok(sql`d.county_code = ${region.code6!}`);
    default:
      return ok(sql`d.township_code = ${region.code}`);
  }
}

interface Row extends Record<string, unknown> {
  id: string;
  county_code: string;
  title: string;
  index_no: string;
  published_on: string;
  domain: string;
  attribute: string;
  validity: string;
  body_text: string;
}

export async function search(db: HubDb, input: SearchQuery): Promise<Result<SearchResult>> {
  const parsed = searchQuerySchema.safeParse(input);
  if (!parsed.success) return err(domainError('validation_failed', '查询参数有误', { fields: zodIssuesToFields(parsed.error.issues) }));
  const q = parsed.data;

  const parts = [...new Set((q.q ?? '').split(/[\s\u3000]+/).filter(Boolean))].slice(0, 10);
  const words: string[] = [];
  const confirm: string[] = [];
  for (const part of parts) {
    const w = queryWords(part);
    words.push(...w);
    // a part that is not exactly one indexed word must also occur as written
    if (w.length !== 1 || w[0] !== part.toLowerCase()) confirm.push(part);
  }
  const uniqueWords = [...new Set(words)];
  if (parts.length && !uniqueWords.length) {
    // only punctuation: nothing can match
    return ok(empty(q.page, q.pageSize, q.sort));
  }

  // conditions the GIN index answers (words and filters: btree_gin) and those that need the row
  const indexed: SQL[] = [];
  const confirms: SQL[] = [];
  const tsq = uniqueWords.length ? sql`plainto_tsquery('simple', ${uniqueWords.join(' ')})` : null;
  if (tsq) indexed.push(sql`d.tsv @@ ${tsq}`);
  for (const part of confirm) {
    const pattern = `%${escapeLike(part)}%`;
    // Chinese has no case, and LIKE is far cheaper than ILIKE; fold only when the part has letters
    const op = sql.raw(/[A-Za-z]/.test(part) ? 'ilike' : 'like');
    confirms.push(sql`(d.title ${op} ${pattern} or d.body_text ${op} ${pattern}
      or exists (select 1 from search_attachment_texts t where t.record_id = d.record_id and t.county_code = d.county_code
        and (t.text ${op} ${pattern} or t.name ${op} ${pattern})))`);
  }
  if (q.region) {
    const r = regionCondition(q.region);
    if (!r.ok) return r;
    if (r.value) indexed.push(r.value);
  }
  if (q.domain) indexed.push(sql`d.domain = ${q.domain}`);
  if (q.attribute) indexed.push(sql`d.attribute = ${q.attribute}`);
  if (q.validity) indexed.push(sql`d.validity = ${q.validity}`);
  if (q.from || q.to) {
    // the years for the GIN index (equality keys are cheap there, ranges are not), the day for the row
    indexed.push(yearsIn(Math.max(MIN_YEAR, q.from ? Number(q.from.slice(0, 4)) : 0), Math.min(MAX_YEAR, q.to ? Number(q.to.slice(0, 4)) : MAX_YEAR)));
    if (q.from) indexed.push(sql`d.published_on >= ${q.from}::date`);
    if (q.to) indexed.push(sql`d.published_on <= ${q.to}::date`);
  }
  if (q.year) indexed.push(sql`d.year = ${q.year}`);
  const and = (xs: SQL[]) => (xs.length ? sql.join(xs, sql` and `) : sql`true`);
  const where = and([...indexed, ...confirms]);
  const offset = (q.page - 1) * q.pageSize;

  const filters = and(indexed);
  const probe = await probeCandidates(db, filters, q.from, q.to);
  const [rows, counted] = await Promise.all([
    pageRows(db, where, tsq, probe, q.sort === 'relevance' && tsq ? 'relevance' : 'date', offset, q.pageSize),
    countAndFacets(db, filters, confirms.length ? and(confirms) : null, probe),
  ]);
  const terms = queryTerms(parts.join(' '), uniqueWords);
  const snippets = await attachmentSnippets(db, rows, terms);
  const facet = (k: string, name: (v: string) => string | null) =>
    counted.facets
      .filter((r) => r.k === k)
      .map((r) => ({ value: r.v, name: name(r.v), count: r.n }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return ok({
    total: counted.total,
    totalExact: counted.totalExact,
    page: q.page,
    pageSize: q.pageSize,
    sort: q.sort,
    words: uniqueWords,
    items: rows.map((r) => ({
      id: r.id,
      countyCode: r.county_code,
      countyName: countyByCode6(r.county_code)?.name ?? null,
      title: r.title,
      titleHtml: highlight(r.title, terms),
      indexNo: r.index_no,
      publishedOn: r.published_on,
      domain: r.domain,
      domainName: domainByCode(r.domain)?.name ?? null,
      attribute: r.attribute,
      validity: r.validity,
      snippet: snippets.get(r.id) ?? snippet(r.body_text, terms),
    })),
    facets: {
      domain: facet('domain', (v) => domainByCode(v)?.name ?? null),
      county: facet('county', (v) => countyByCode6(v)?.name ?? null),
      year: facet('year', () => null),
    },
    facetsExact: counted.facetsExact,
  });
}

interface Counted {
  total: number;
  totalExact: boolean;
  facets: { k: string; v: string; n: number }[];
  facetsExact: boolean;
}

interface Probe {
  /** about how many rows the index conditions match (from a 1/1,024 sample, or 1/64 when few) */
  estimate: number;
  /** the published dates the matches can have: the index's oldest and newest, within from/to */
  oldest: string | null;
  newest: string | null;
}

/** Fine buckets whose count, × 1,024, estimates the candidates: a read of ≈0.1 % of them. */
const PROBE = sampleFor(4 / FINE_BUCKETS);
/** One coarse bucket: 1/64 of the candidates, read when the probe found few. */
const COARSE = sampleFor(1 / 64);

/**
 * One round trip before the real queries: an estimate of the candidates (rows the GIN index says
 * match) from a tiny random sample, and the date range the matches can span. The estimate only
 * chooses strategies; what is reported is counted (or flagged as estimated) later.
 */
async function probeCandidates(db: HubDb, filters: SQL, from?: string, to?: string): Promise<Probe> {
  const [r] = await db.execute<{ n: number; oldest: string | null; newest: string | null }>(sql`
    select (select count(*)::int from search_documents d where ${filters} and d.tsv @@ ${PROBE.query}::tsquery) as n,
      (select min(published_on)::text from search_documents) as oldest,
      (select max(published_on)::text from search_documents) as newest`);
  let estimate = Math.round((r?.n ?? 0) / PROBE.fraction);
  // 8 or more rule out COUNT_EXACT or fewer; below, one coarse bucket (1/64: a few dozen rows
  // here) tells more precisely
  if (estimate < 4 * COUNT_EXACT) {
    const [c] = await db.execute<{ n: number }>(sql`select count(*)::int as n from search_documents d where ${filters} and d.tsv @@ ${COARSE.query}::tsquery`);
    estimate = Math.round((c?.n ?? 0) / COARSE.fraction);
  }
  const clamp = (d: string | null, lo?: string, hi?: string) => (d === null ? null : lo && d < lo ? lo : hi && d > hi ? hi : d);
  return {
    estimate,
    oldest: clamp(r?.oldest ?? null, from, to),
    newest: clamp(r?.newest ?? null, from, to),
  };
}

const DAY = 86_400_000;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);
const minusDays = (d: string, n: number) => new Date(Date.parse(d) - n * DAY).toISOString().slice(0, 10);

/**
 * The page, newest first (or the newest `RANK_WINDOW` ranked by relevance). With many candidates
 * the newest ones are looked for in a recent date window first (the GIN index holds the date, so
 * only matches inside the window are read), widened eightfold until it holds enough or covers
 * every date. Reading the page's rows, with their body, happens only for the page.
 */
async function pageRows(db: HubDb, where: SQL, tsq: SQL | null, probe: Probe, sort: 'date' | 'relevance', offset: number, pageSize: number): Promise<Row[]> {
  const need = sort === 'relevance' ? RANK_WINDOW : offset + pageSize;
  const { oldest, newest, estimate } = probe;
  // The candidates are gathered first (bitmap scans of the GIN index) and only then sorted: the
  // planner, left to itself, may walk a date index and test every row's tsv, which is slow for
  // rare words. The probe and the window keep the candidates to a few times the page.
  const ids = (lower: string | null) => {
    const w = lower ? sql`${where} and ${yearsIn(Number(lower.slice(0, 4)), Number(newest!.slice(0, 4)))} and d.published_on >= ${lower}::date` : where;
    return sort === 'relevance'
      ? sql`with c as materialized (select d.record_id, d.published_on from search_documents d where ${w}),
          recent as (select record_id, published_on from c order by published_on desc, record_id desc limit ${RANK_WINDOW})
          select r.record_id, ts_rank_cd(d.tsv, ${tsq!}) as rank, r.published_on, (select count(*) from c)::int as seen
          from recent r join search_documents d on d.record_id = r.record_id
          order by rank desc, r.published_on desc, r.record_id desc limit ${pageSize} offset ${offset}`
      : sql`with c as materialized (select d.record_id, d.published_on from search_documents d where ${w})
          select record_id, 0::real as rank, published_on, 0 as seen from c
          order by published_on desc, record_id desc limit ${pageSize} offset ${offset}`;
  };
  const read = (lower: string | null) =>
    db.execute<Row & { seen: number }>(sql`
      select d.record_id as id, d.county_code, d.title, d.index_no, d.published_on::text as published_on, d.domain,
        d.attribute, d.validity, d.body_text, p.seen
      from (${ids(lower)}) p join search_documents d on d.record_id = p.record_id
      order by p.rank desc, p.published_on desc, p.record_id desc`);
  if (!oldest || !newest || estimate < 4 * need) return read(null);
  const span = Math.max(1, daysBetween(oldest, newest));
  // twice the days the candidates' average density says hold `need` of them
  let days = Math.max(1, Math.ceil((2 * span * need) / estimate));
  for (;;) {
    if (days >= span) return read(null);
    const rows = await read(minusDays(newest, days));
    const enough = sort === 'relevance' ? (rows[0]?.seen ?? 0) >= RANK_WINDOW : rows.length === pageSize;
    if (enough) return rows;
    days *= 8;
  }
}

/**
 * The total and the facets. Few candidates (the probe says they may be few, and a read capped at
 * `COUNT_EXACT` + 1 confirms it) are all read: totals and facets are counted. Many are sampled at
 * random through the sample-bucket lexemes, about `SAMPLE_SIZE` of them: the total is the
 * sample's (confirmed) count scaled up, flagged `totalExact: false`, and so are the facets.
 */
async function countAndFacets(db: HubDb, filters: SQL, confirm: SQL | null, probe: Probe): Promise<Counted> {
  const tally = async (extra: SQL, limit: number | null) => {
    const rows = await db.execute<{ k: string; v: string; n: number }>(sql`
      with m as materialized (
        select d.domain, d.county_code, d.year, ${confirm ?? sql`true`} as hit
        from search_documents d where ${filters} and ${extra} ${limit === null ? sql`` : sql`limit ${limit}`})
      select 'read' as k, '' as v, count(*)::int as n from m
      union all select 'hits', '', count(*)::int from m where hit
      union all select 'domain', domain, count(*)::int from m where hit group by domain
      union all select 'county', county_code, count(*)::int from m where hit group by county_code
      union all select 'year', year::text, count(*)::int from m where hit group by year`);
    return {
      read: rows.find((r) => r.k === 'read')?.n ?? 0,
      hits: rows.find((r) => r.k === 'hits')?.n ?? 0,
      facets: rows.filter((r) => r.k !== 'read' && r.k !== 'hits'),
    };
  };
  let estimate = probe.estimate;
  // near the threshold either may happen: a count, or an estimate that says it is one
  if (estimate < COUNT_EXACT) {
    const all = await tally(sql`true`, COUNT_EXACT + 1);
    if (all.read <= COUNT_EXACT) return { total: all.hits, totalExact: true, facets: all.facets, facetsExact: true };
    estimate = Math.max(estimate, COUNT_EXACT + 1);
  }
  const sample = sampleFor(SAMPLE_SIZE / estimate);
  const s = await tally(sql`d.tsv @@ ${sample.query}::tsquery`, null);
  const scale = 1 / sample.fraction;
  return {
    total: roughly(s.hits * scale),
    totalExact: false,
    facets: s.facets.map((f) => ({ ...f, n: Math.max(1, Math.round(f.n * scale)) })),
    facetsExact: false,
  };
}

/** An estimate to two significant digits (1,503.7 → 1,500), so that it does not read as a count. */
export const roughly = (n: number): number => {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
};

/**
 * Where a page's hit is in neither the title nor the body, the excerpt comes from the first
 * attachment whose text (or name) has it, introduced by the attachment's name.
 */
async function attachmentSnippets(db: HubDb, rows: readonly Row[], terms: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!terms.length) return out;
  const missing = rows.filter((r) => !snippet(`${r.title} ${r.body_text}`, terms).includes('<mark>'));
  if (!missing.length) return out;
  const files = await db.execute<{ record_id: string; county_code: string; name: string; text: string }>(sql`
    select t.record_id, t.county_code, t.name, t.text from search_attachment_texts t
    where t.record_id = any(${sql.param(arrayLiteral(missing.map((r) => r.id)))}::text[])
    order by t.extracted_at, t.attachment_id`);
  for (const r of missing) {
    for (const f of files) {
      if (f.record_id !== r.id || f.county_code !== r.county_code) continue;
      const inText = snippet(f.text, terms);
      const inName = highlight(f.name, terms);
      if (!inText.includes('<mark>') && !inName.includes('<mark>')) continue;
      out.set(r.id, `附件《${inName}》${inText.includes('<mark>') ? `：${inText}` : ''}`);
      break;
    }
  }
  return out;
}

const empty = (page: number, pageSize: number, sort: 'date' | 'relevance'): SearchResult => ({
  total: 0,
  totalExact: true,
  page,
  pageSize,
  sort,
  words: [],
  items: [],
  facets: { domain: [], county: [], year: [] },
  facetsExact: true,
});
