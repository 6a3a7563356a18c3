import { createHash } from 'node:crypto';
import { type Result, counties, countyByCode6, domainByCode, domainError, err, ok } from '@zwgk/core';
import { type HubDb, infoRecords } from '@zwgk/db/pg';
import { type SQL, and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { Feed } from 'feed';
import { z } from 'zod';

/**
 * RSS 2.0 and Atom 1.0 feeds of newly published information records, province-wide or per
 * county, optionally per domain. Only public records: a withdrawn one leaves the feed with its
 * next request; an expired or repealed one stays, saying so in its title and summary. Links point
 * at the web portal, so a reader follows them to the record page, never to the hub.
 */

export const FEED_FORMATS = ['atom', 'rss'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
};

export const DEFAULT_FEED_SIZE = 50;

export const feedQuerySchema = z.object({
  domain: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, { error: '领域代码应为小写字母、数字和连字符，如 social-assistance' })
    .optional()
    .describe('26个试点领域之一的代码；不填为全部领域'),
  limit: z.coerce
    .number({ error: '条数必须是数字' })
    .int({ error: '条数必须是整数' })
    .min(1, { error: '条数至少为1' })
    .max(100, { error: '条数不能超过100' })
    .default(DEFAULT_FEED_SIZE)
    .describe('最多条数，1–100，默认50'),
});
export type FeedQuery = z.output<typeof feedQuerySchema>;

/** What a feed shows of one record. */
export interface FeedRecord {
  id: string;
  countyCode: string;
  title: string;
  /** sanitised HTML */
  body: string;
  issuingBody: string;
  docNo: string | null;
  indexNo: string;
  publishedOn: string;
  domain: string;
  validity: string;
  expiredOn: string | null;
  repealedOn: string | null;
  label: string;
  kind: string;
  updatedAt: Date;
}

export interface FeedScope {
  countyCode?: string;
  domain?: string;
}

// XML 1.0 cannot carry these at all, not even as character references
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Plain text as the HTML that feed titles and summaries are declared to be (Atom `type="html"`,
 * RSS by convention): a title such as `办法<script>` must reach a reader as text, not markup.
 */
export function feedText(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of a sanitised HTML body, whitespace collapsed, cut to `max` characters. */
export function plainExcerpt(html: string, max = 160): string {
  const text = html
    .replace(/<(br|\/p|\/h[2-4]|\/li|\/tr)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (m, e: string) => {
      if (!e.startsWith('#')) return ENTITIES[e.toLowerCase()] ?? m;
      const cp = /^#x/i.test(e) ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    })
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/** 【已失效】/【已废止】 before the title of a record no longer in force; nothing for a valid one. */
export function validityTag(r: Pick<FeedRecord, 'validity'>): string {
  return r.validity === 'expired' ? '【已失效】' : r.validity === 'repealed' ? '【已废止】' : '';
}

/** The summary line: the metadata a reader of a disclosure list expects, then the opening of the text. */
export function feedSummary(r: FeedRecord): string {
  const parts = [`索引号：${r.indexNo}`, `发布机构：${r.issuingBody}`];
  if (r.docNo) parts.push(`文号：${r.docNo}`);
  parts.push(`发布日期：${r.publishedOn}`);
  if (r.validity === 'expired') parts.push(`本文件已于${r.expiredOn ?? ''}失效`);
  else if (r.validity === 'repealed') parts.push(`本文件已于${r.repealedOn ?? ''}废止`);
  const head = `${parts.join('；')}。`;
  const excerpt = plainExcerpt(r.body);
  return excerpt ? `${head}${excerpt}` : head;
}

/** Where the portal shows a scope, and where it serves the scope's feed (the hub's feed, proxied). */
export function feedLinks(portalUrl: string, scope: FeedScope, format: FeedFormat) {
  const q = scope.domain ? `?domain=${encodeURIComponent(scope.domain)}` : '';
  const base = scope.countyCode ? `${portalUrl}/gk/${scope.countyCode}` : `${portalUrl}/gk`;
  return {
    html: scope.countyCode ? `${base}${q}` : `${portalUrl}/search${q}`,
    self: `${base}/feed.${format}${q}`,
    record: (id: string) => `${portalUrl}/records/${encodeURIComponent(id)}`,
  };
}

export function feedTitle(scope: FeedScope): string {
  const where = scope.countyCode ? `${countyByCode6(scope.countyCode)?.name ?? scope.countyCode}政府信息公开专栏` : '河北省政府信息公开';
  const domainName = scope.domain ? domainByCode(scope.domain)?.name : null;
  return `${where}${domainName ? ` · ${domainName}` : ''} · 最新政府信息`;
}

/** China midnight of a YYYY-MM-DD date: the day a record was published, as readers there count it. */
const chinaDay = (d: string) => new Date(`${d}T00:00:00+08:00`);

/** The feed document. Pure: the same records give the same bytes, so the ETag is a digest. */
export function renderRecordFeed(opts: { format: FeedFormat; portalUrl: string; scope: FeedScope; records: readonly FeedRecord[] }): string {
  const links = feedLinks(opts.portalUrl, opts.scope, opts.format);
  const updated = opts.records.reduce((m, r) => (r.updatedAt > m ? r.updatedAt : m), new Date(0));
  const feed = new Feed({
    id: links.self,
    title: feedTitle(opts.scope),
    description: '新发布的主动公开和依申请公开政府信息；已撤回的信息不再列出，已失效或废止的信息注明有效性。',
    link: links.html,
    feedLinks: { [opts.format]: links.self },
    language: 'zh-CN',
    updated,
    generator: 'zwgk',
    copyright: opts.scope.countyCode ? `${countyByCode6(opts.scope.countyCode)?.name ?? ''}人民政府` : '河北省人民政府',
  });
  for (const r of opts.records) {
    const domainName = domainByCode(r.domain)?.name ?? r.domain;
    feed.addItem({
      title: feedText(`${validityTag(r)}${r.title}`),
      id: links.record(r.id),
      link: links.record(r.id),
      date: r.updatedAt,
      published: chinaDay(r.publishedOn),
      description: feedText(feedSummary(r)),
      category: [{ name: feedText(domainName), term: r.domain }],
      author: [{ name: feedText(r.issuingBody) }],
    });
  }
  return opts.format === 'atom' ? feed.atom1() : feed.rss2();
}

export interface RenderedFeed {
  xml: string;
  contentType: string;
  etag: string;
  /** the newest change among the entries (epoch for an empty feed) */
  lastModified: Date;
}

/** Checks the scope, reads the newest public records in it, and renders the feed. */
export async function recordFeed(
  db: HubDb,
  portalUrl: string,
  format: FeedFormat,
  countyCode: string | undefined,
  query: FeedQuery,
): Promise<Result<RenderedFeed>> {
  if (countyCode !== undefined && !countyByCode6(countyCode)?.inGBT2260) {
    return err(domainError('not_found', `没有县级行政区划 ${countyCode}`));
  }
  if (query.domain !== undefined && !domainByCode(query.domain)) {
    return err(domainError('not_found', `没有领域 ${query.domain}（应为26个试点领域之一的代码）`));
  }
  const scope: FeedScope = { ...(countyCode ? { countyCode } : {}), ...(query.domain ? { domain: query.domain } : {}) };
  const order = [desc(infoRecords.publishedOn), desc(infoRecords.updatedAt), desc(infoRecords.id)];
  let where: SQL | undefined = and(
    eq(infoRecords.withdrawn, false),
    isNotNull(infoRecords.publishedOn),
    countyCode ? eq(infoRecords.countyCode, countyCode) : undefined,
    query.domain ? eq(infoRecords.domain, query.domain) : undefined,
  );
  if (!countyCode) {
    // Province-wide, a plain top-N sorts every public record (≈1 s at a million rows). The newest
    // N of each county come from the (county_code, published_on) index instead, and the newest N
    // of those ≈170 × N rows are the province's.
    const ids = await db.execute<{ id: string }>(sql`
      select r.id from unnest(${sql.param(`{${counties().map((c) => c.code6).join(',')}}`)}::text[]) as c(code)
      cross join lateral (
        select id, published_on, updated_at from ${infoRecords}
        where county_code = c.code and not withdrawn and published_on is not null
          ${query.domain ? sql`and domain = ${query.domain}` : sql``}
        order by published_on desc, updated_at desc, id desc
        limit ${query.limit}) r
      order by r.published_on desc, r.updated_at desc, r.id desc
      limit ${query.limit}`);
    // the filters again: a record withdrawn between the two reads stays out
    where = ids.length ? and(where, inArray(infoRecords.id, ids.map((r) => r.id))) : sql`false`;
  }
  const records = await db
    .select({
      id: infoRecords.id,
      countyCode: infoRecords.countyCode,
      title: infoRecords.title,
      body: infoRecords.body,
      issuingBody: infoRecords.issuingBody,
      docNo: infoRecords.docNo,
      indexNo: infoRecords.indexNo,
      publishedOn: infoRecords.publishedOn,
      domain: infoRecords.domain,
      validity: infoRecords.validity,
      expiredOn: infoRecords.expiredOn,
      repealedOn: infoRecords.repealedOn,
      label: infoRecords.label,
      kind: infoRecords.kind,
      updatedAt: infoRecords.updatedAt,
    })
    .from(infoRecords)
    .where(where)
    .orderBy(...order)
    .limit(query.limit);
  const rows = records.map((r) => ({ ...r, publishedOn: r.publishedOn! }));
  const xml = renderRecordFeed({ format, portalUrl, scope, records: rows });
  return ok({
    xml,
    contentType: FEED_CONTENT_TYPES[format],
    etag: `"${createHash('sha256').update(xml).digest('hex').slice(0, 32)}"`,
    lastModified: rows.reduce((m, r) => (r.updatedAt > m ? r.updatedAt : m), new Date(0)),
  });
}
