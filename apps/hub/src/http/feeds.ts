/** RSS/Atom feeds of published records at the hub: the routes and their OpenAPI entries. */
import { type RouteDoc, parseInput, readQuery, unwrap } from '@zwgk/server';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { HubDeps } from '../deps.js';
import { FEED_CONTENT_TYPES, type FeedFormat, feedQuerySchema, recordFeed } from '../services/feeds.js';

const countyParam = z.object({ code: z.string().regex(/^\d{6}$/, { error: '县级代码必须是6位数字' }) });

const NOTE =
  '只含已公开（主动公开、依申请公开）且未撤回的信息，按发布日期从新到旧；已失效、已废止的信息标题前注明【已失效】【已废止】。条目链接指向门户网站的信息页面（ZWGK_PORTAL_URL）。ETag 为内容摘要，If-None-Match 命中时返回 304。';

const doc = (format: FeedFormat, county: boolean): RouteDoc => ({
  method: 'get',
  path: county ? `/api/v1/counties/{code}/feeds/records.${format}` : `/api/v1/feeds/records.${format}`,
  summary: `${county ? '一个县' : '全省'}最新政府信息订阅（${format === 'atom' ? 'Atom 1.0' : 'RSS 2.0'}；domain 指定领域）`,
  description: NOTE,
  tags: ['feeds'],
  query: feedQuerySchema,
  response: { description: `${format === 'atom' ? 'Atom' : 'RSS'} XML`, schema: z.string(), contentType: FEED_CONTENT_TYPES[format].split(';')[0]! },
  errors: [400, 404],
});

export const FEED_ROUTES: readonly RouteDoc[] = [doc('atom', false), doc('rss', false), doc('atom', true), doc('rss', true)];

export function mountFeeds(app: Hono, deps: HubDeps): void {
  const serve = async (c: Context, format: FeedFormat, county?: string) => {
    const query = readQuery(c, feedQuerySchema);
    const feed = unwrap(await recordFeed(deps.db, deps.portalUrl, format, county, query));
    const headers: Record<string, string> = {
      'content-type': feed.contentType,
      etag: feed.etag,
      // readers poll; a few minutes' staleness is fine, and a withdrawal shows within that
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    };
    if (feed.lastModified.getTime() > 0) headers['last-modified'] = feed.lastModified.toUTCString();
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === feed.etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(feed.xml, { status: 200, headers });
  };
  for (const format of ['atom', 'rss'] as const) {
    app.get(`/api/v1/feeds/records.${format}`, (c) => serve(c, format));
    app.get(`/api/v1/counties/:code/feeds/records.${format}`, (c) => {
      const { code } = parseInput(countyParam, { code: c.req.param('code') });
      return serve(c, format, code);
    });
  }
}
