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
import { queryWords } from './segment.js';

/**
 * Province-wide search over published records (DESIGN.md, "Chinese search"). The query is
 * segmented with jieba like the documents were; every word must match (`tsv @@ plainto_tsquery`,
 * GIN index). Because AND-ing sub-words over-matches compounds (社会救助 matches 社会…救助), a
 * query part that segments into several words must also occur as written (LIKE). Newest first
 * is the cheap default; relevance ranks only the newest `RANK_WINDOW` matches. Totals and facets
 * are exact up to `COUNT_CAP` matches and approximate beyond (`totalExact` / `facetsExact`).
 */
export const PAGE_SIZE = 20;
export const RANK_WINDOW = 1000;
export const COUNT_CAP = 10_000;

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
  totalExact: z.boolean(),
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
  facetsExact: z.boolean(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

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

  const conds: SQL[] = [];
  const tsq = uniqueWords.length ? sql`plainto_tsquery('simple', ${uniqueWords.join(' ')})` : null;
  if (tsq) conds.push(sql`d.tsv @@ ${tsq}`);
  for (const part of confirm) {
    const pattern = `%${escapeLike(part)}%`;
    // Chinese has no case, and LIKE is far cheaper than ILIKE; fold only when the part has letters
    conds.push(
      /[A-Za-z]/.test(part)
        ? sql`(d.title ilike ${pattern} or d.body_text ilike ${pattern})`
        : sql`(d.title like ${pattern} or d.body_text like ${pattern})`,
    );
  }
  if (q.region) {
    const r = regionCondition(q.region);
    if (!r.ok) return r;
    if (r.value) conds.push(r.value);
  }
  if (q.domain) conds.push(sql`d.domain = ${q.domain}`);
  if (q.attribute) conds.push(sql`d.attribute = ${q.attribute}`);
  if (q.validity) conds.push(sql`d.validity = ${q.validity}`);
  if (q.from) conds.push(sql`d.published_on >= ${q.from}::date`);
  if (q.to) conds.push(sql`d.published_on <= ${q.to}::date`);
  if (q.year) conds.push(sql`d.year = ${q.year}`);
  const where = conds.length ? sql.join(conds, sql` and `) : sql`true`;
  const offset = (q.page - 1) * q.pageSize;
  const cols = sql`d.record_id as id, d.county_code, d.title, d.index_no, d.published_on::text as published_on, d.domain,
    d.attribute, d.validity, d.body_text`;

  const itemsQuery =
    q.sort === 'relevance' && tsq
      ? sql`with recent as (
            select ${cols}, d.tsv from search_documents d where ${where}
            order by d.published_on desc, d.record_id desc limit ${RANK_WINDOW})
          select id, county_code, title, index_no, published_on, domain, attribute, validity, body_text from recent
          order by ts_rank_cd(tsv, ${tsq}) desc, published_on desc, id desc
          limit ${q.pageSize} offset ${offset}`
      : sql`select ${cols} from search_documents d where ${where}
          order by d.published_on desc, d.record_id desc limit ${q.pageSize} offset ${offset}`;

  const [rows, counted, facetRows] = await Promise.all([
    db.execute<Row>(itemsQuery),
    db.execute<{ n: number }>(sql`select count(*)::int as n from (select 1 from search_documents d where ${where} limit ${COUNT_CAP + 1}) m`),
    db.execute<{ k: string; v: string; n: number }>(sql`
      with m as (select d.domain, d.county_code, d.year from search_documents d where ${where} limit ${COUNT_CAP})
      select 'domain' as k, domain as v, count(*)::int as n from m group by domain
      union all select 'county', county_code, count(*)::int from m group by county_code
      union all select 'year', year::text, count(*)::int from m group by year`),
  ]);
  const n = counted[0]?.n ?? 0;
  const exact = n <= COUNT_CAP;
  const terms = queryTerms(parts.join(' '), uniqueWords);
  const facet = (k: string, name: (v: string) => string | null) =>
    facetRows
      .filter((r) => r.k === k)
      .map((r) => ({ value: r.v, name: name(r.v), count: r.n }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return ok({
    total: exact ? n : COUNT_CAP,
    totalExact: exact,
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
      snippet: snippet(r.body_text, terms),
    })),
    facets: {
      domain: facet('domain', (v) => domainByCode(v)?.name ?? null),
      county: facet('county', (v) => countyByCode6(v)?.name ?? null),
      year: facet('year', () => null),
    },
    facetsExact: exact,
  });
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
