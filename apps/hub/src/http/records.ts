/** Public records and province-wide search at the hub: the routes and their OpenAPI entries. */
import { DOMAIN_CODES, PUBLIC_ATTRIBUTES, RECORD_VALIDITIES } from '@zwgk/core';
import { type RouteDoc, parseInput, readQuery, unwrap } from '@zwgk/server';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { HubDeps } from '../deps.js';
import { searchQuerySchema, searchResultSchema, search } from '../search/query.js';
import { getPublicRecord } from '../services/records.js';

const idParam = z.object({ id: z.string().min(1).max(200, { error: '编号过长' }) });

export const publicRecordSchema = z.object({
  id: z.string(),
  countyCode: z.string(),
  countyName: z.string().nullable(),
  cityCode: z.string().nullable(),
  townshipCode: z.string().nullable(),
  version: z.number().int(),
  indexNo: z.string().describe('索引号'),
  title: z.string(),
  body: z.string().describe('sanitised HTML'),
  issuingBody: z.string(),
  docNo: z.string().nullable(),
  writtenOn: z.string(),
  publishedOn: z.string(),
  domain: z.enum(DOMAIN_CODES),
  domainName: z.string().nullable(),
  catalogItemId: z.string().nullable(),
  attribute: z.enum(PUBLIC_ATTRIBUTES),
  label: z.string().describe('此件公开发布 / 此件依申请公开'),
  validity: z.enum(RECORD_VALIDITIES),
  validFrom: z.string().nullable(),
  expiredOn: z.string().nullable(),
  repealedOn: z.string().nullable(),
  targetGroups: z.array(z.string()),
  updatedAt: z.string(),
});

export const RECORD_ROUTES: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/search',
    summary: '全省政府信息检索（中文分词全文检索；按区划、领域、日期、公开属性、有效性筛选；分面统计；高亮摘要）',
    description: [
      'q 按空白分为若干部分，每部分用 jieba 分词后全部词须命中（GIN 索引）；由多个词组成的部分另须原样出现（LIKE 复核），避免“社会救助”匹配到分散的“社会”“救助”。',
      'region：市、县（6位）或乡镇（12位）代码。sort=date（默认，新到旧）或 relevance（在最新的1000条命中内按 ts_rank_cd 排序）。',
      '命中超过10000条时 total 为10000、totalExact=false，分面统计基于其中10000条（facetsExact=false）。',
      'titleHtml 与 snippet 已做 HTML 转义，只含 <mark> 标签；title 为纯文本。',
    ].join(''),
    tags: ['search'],
    query: searchQuerySchema,
    response: { description: '检索结果', schema: searchResultSchema },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/records/{id}',
    summary: '一条已公开的政府信息（含索引号、标注、有效性）；草稿、不予公开和已撤回的信息不存在于省级平台',
    tags: ['records'],
    response: { description: '信息', schema: publicRecordSchema },
    errors: [404],
  },
];

export function mountRecords(app: Hono, deps: HubDeps): void {
  app.get('/api/v1/search', async (c) => c.json(unwrap(await search(deps.db, readQuery(c, searchQuerySchema)))));
  app.get('/api/v1/records/:id', async (c) => {
    const { id } = parseInput(idParam, { id: c.req.param('id') });
    return c.json(unwrap(await getPublicRecord(deps.db, id)));
  });
}
