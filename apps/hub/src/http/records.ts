/** Public records and province-wide search at the hub: the routes and their OpenAPI entries. */
import { DOMAIN_CODES, INTERPRETATION_FORMS, PUBLIC_ATTRIBUTES, RECORD_DOC_CATEGORIES, RECORD_KINDS, RECORD_VALIDITIES } from '@zwgk/core';
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
  kind: z.enum(RECORD_KINDS).optional().describe('document（文件）或 interpretation（政策解读）'),
  interpretsRecordId: z.string().nullable().optional().describe('政策解读所解读的文件'),
  interpretationForm: z.enum(INTERPRETATION_FORMS).nullable().optional().describe('文字解读 text / 问答 qa / 图解 chart'),
  docCategory: z.enum(RECORD_DOC_CATEGORIES).nullable().optional().describe('文件类别：规章 rule / 行政规范性文件 normativeDocument / 其他文件 other；空为未注明'),
  interpretations: z
    .array(z.object({ id: z.string(), title: z.string(), form: z.string().nullable(), publishedOn: z.string().nullable() }))
    .describe('本文件已公开的政策解读'),
  interprets: z.object({ id: z.string(), title: z.string() }).nullable().describe('政策解读所解读的文件（已公开时）'),
  attachments: z
    .array(
      z.object({
        id: z.string(),
        recordId: z.string(),
        name: z.string(),
        mediaType: z.string().describe('由文件内容判定的类型'),
        size: z.number().int(),
        sha256: z.string(),
      }),
    )
    .describe('已完整接收并校验的附件；下载见 /api/v1/records/{id}/attachments/{attachmentId}'),
});

export const RECORD_ROUTES: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/search',
    summary: '全省政府信息检索（中文分词全文检索；按区划、领域、日期、公开属性、有效性筛选；分面统计；高亮摘要）',
    description: [
      'q 按空白分为若干部分，每部分用 jieba 分词后全部词须命中（GIN 索引）；由多个词组成的部分另须原样出现（LIKE 复核），避免“社会救助”匹配到分散的“社会”“救助”。',
      'region：市、县（6位）或乡镇（12位）代码。sort=date（默认，新到旧）或 relevance（在最新的200条命中内按 ts_rank_cd 排序）。',
      '命中不超过2000条时 total 与分面统计均为精确计数；超过时取约1000条命中的随机样本（经索引抽样，复合词亦在样本内原样复核）按比例换算，total 取两位有效数字，totalExact=false、facetsExact=false（页面显示为“约”）；分页结果始终精确。附件（PDF、DOCX、XLSX）的文字和附件名称同样可检索，命中仅在附件中时摘要取自附件。',
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
    summary: '一条已公开的政府信息（含索引号、标注、有效性、附件、政策解读的关联）；草稿、不予公开和已撤回的信息不存在于省级平台',
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
