/** Public attachments and negative lists at the hub: the routes and their OpenAPI entries. */
import { contentDisposition } from '@zwgk/core';
import { type RouteDoc, parseInput, readQuery, unwrap } from '@zwgk/server';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { HubDeps } from '../deps.js';
import { getPublicAttachment, publishedNegativeLists } from '../services/records-lifecycle.js';

const ids = z.object({
  id: z.string().min(1).max(200, { error: '编号过长' }),
  attachmentId: z.string().min(1).max(200, { error: '编号过长' }),
});
const negativeListQuery = z.object({ county: z.string().regex(/^\d{6}$/, { error: '县级区划代码为6位数字' }).optional() });

export const RECORD_LIFECYCLE_ROUTES: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/records/{id}/attachments/{attachmentId}',
    summary: '下载已公开政府信息的附件（县级节点离线时亦可下载；ETag 为 SHA-256）',
    tags: ['records'],
    response: { description: '文件内容', schema: z.string().describe('binary'), contentType: 'application/octet-stream' },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/negative-list',
    summary: '各县公开的负面清单（county 指定一个县）',
    tags: ['negative-list'],
    query: negativeListQuery,
    response: {
      description: '负面清单',
      schema: z.object({
        items: z.array(
          z.object({
            countyCode: z.string(),
            countyName: z.string().nullable(),
            version: z.number().int(),
            updatedAt: z.string(),
            entries: z.array(z.object({ id: z.string(), category: z.string(), content: z.string(), legalBasis: z.string(), reviewOn: z.string() })),
          }),
        ),
      }),
    },
    errors: [400],
  },
];

export function mountRecordsLifecycle(app: Hono, deps: HubDeps): void {
  app.get('/api/v1/records/:id/attachments/:attachmentId', async (c) => {
    const p = parseInput(ids, { id: c.req.param('id'), attachmentId: c.req.param('attachmentId') });
    const a = unwrap(await getPublicAttachment(deps.db, p.id, p.attachmentId));
    const etag = `"${a.sha256}"`;
    const headers: Record<string, string> = {
      'content-type': a.mediaType,
      'content-disposition': contentDisposition(a.name),
      'x-content-type-options': 'nosniff',
      etag,
      'cache-control': 'public, max-age=300',
    };
    if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(a.data), { status: 200, headers: { ...headers, 'content-length': String(a.size) } });
  });
  app.get('/api/v1/negative-list', async (c) => {
    const q = readQuery(c, negativeListQuery);
    return c.json({ items: await publishedNegativeLists(deps.db, q.county) });
  });
}
