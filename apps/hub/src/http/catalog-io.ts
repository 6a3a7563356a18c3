/** The hub's catalog download in Excel: the route and its OpenAPI entry. */
import { type RouteDoc, parseInput, readQuery, unwrap } from '@zwgk/server';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { HubDeps, Viewer } from '../deps.js';
import { XLSX_MIME, catalogExportQuerySchema, countyCatalogWorkbook } from '../services/catalog-export.js';

const countyParam = z.object({ code: z.string().regex(/^\d{6}$/, { error: '县级代码必须是6位数字' }) });

/** `attachment` with an ASCII fallback name and the real (Chinese) one per RFC 6266 / 5987. */
const attachment = (fileName: string, fallback: string) =>
  `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export const CATALOG_EXPORT_ROUTES: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/counties/{code}/catalog.xlsx',
    summary: '下载一个县的事项目录（Excel，标准目录格式）',
    description:
      '表头 序号 | 一级事项 | 二级事项 | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象 | 公开方式 | 公开层级 | 乡镇（街道） | 所属领域。公众得到已发布的版本；省级管理员和该县所属市的审核人员默认得到全部未删除事项的当前版本（scope=published 可只要已发布版本）。',
    tags: ['catalog'],
    query: catalogExportQuerySchema,
    response: { description: '.xlsx 工作簿', schema: z.string().describe('binary'), contentType: XLSX_MIME },
    errors: [400, 401, 403, 404],
  },
];

export function mountCatalogExport(app: Hono, deps: HubDeps, viewer: (c: Context) => Promise<Viewer | null>): void {
  app.get('/api/v1/counties/:code/catalog.xlsx', async (c) => {
    const { code } = parseInput(countyParam, { code: c.req.param('code') });
    const query = readQuery(c, catalogExportQuerySchema);
    const { bytes, fileName, scope } = unwrap(await countyCatalogWorkbook(deps.db, await viewer(c), code, query));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': XLSX_MIME,
      'content-disposition': attachment(fileName, `catalog-${code}${scope === 'all' ? '-all' : ''}.xlsx`),
      'cache-control': scope === 'all' ? 'private, no-store' : 'no-cache',
    });
  });
}
