/** REST routes of information records (政府信息); listed in `REST_ROUTES` (rest.ts). */
import {
  DOMAIN_CODES,
  RECORD_ATTRIBUTES,
  RECORD_DOC_CATEGORIES,
  RECORD_STATUSES,
  RECORD_VALIDITIES,
  infoRecordInputSchema,
  recordTransitionSchema,
} from '@zwgk/core';
import { type RouteDoc, bearerToken, parseInput, readJson, readQuery, unwrap } from '@zwgk/server';
import type { Context } from 'hono';
import { z } from 'zod';
import { type AuthUser, authenticate } from '../services/accounts.js';
import {
  createRecord,
  getRecord,
  indexPattern,
  indexPatternInputSchema,
  listRecords,
  recordListQuerySchema,
  setIndexPattern,
  transitionRecord,
  updateRecord,
} from '../services/records.js';
import type { RestDeps } from './rest.js';
import { patchBodySchema, versionSchema } from './schemas.js';

const user = (c: Context, deps: RestDeps): AuthUser =>
  unwrap(authenticate(deps.services, bearerToken(c.req.header('authorization'))));
const param = (c: Context, name: string): string => c.req.param(name) ?? '';

const date = z.string().nullable();
export const infoRecordViewSchema = z.object({
  id: z.string(),
  countyCode: z.string(),
  townshipCode: z.string().nullable(),
  title: z.string(),
  body: z.string().describe('sanitised HTML'),
  issuingBody: z.string(),
  docNo: z.string().nullable(),
  writtenOn: z.string(),
  publishedOn: date,
  domain: z.enum(DOMAIN_CODES),
  catalogItemId: z.string().nullable(),
  attribute: z.enum(RECORD_ATTRIBUTES),
  proposedAttribute: z.enum(RECORD_ATTRIBUTES),
  withheldGround: z.string().nullable(),
  validity: z.enum(RECORD_VALIDITIES),
  validFrom: date,
  expiredOn: date,
  repealedOn: date,
  targetGroups: z.array(z.string()),
  status: z.enum(RECORD_STATUSES),
  label: z.string().nullable().describe('此件公开发布 / 此件依申请公开'),
  indexNo: z.string().nullable().describe('索引号, set on publication'),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  docCategory: z.enum(RECORD_DOC_CATEGORIES).nullable().describe('文件类别 (规章 / 行政规范性文件 / 其他文件), counted in the annual report'),
});
const recordListSchema = z.object({
  items: z.array(infoRecordViewSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
const patchDocSchema = z
  .object(infoRecordInputSchema.shape)
  .partial()
  .extend({ version: versionSchema.optional().describe('乐观并发：客户端看到的版本号；不一致时返回 409') });
const patternSchema = z.object({ pattern: z.string() });

const TAGS = ['records'];

export const RECORD_ROUTES: readonly { doc: RouteDoc; handler: (c: Context, deps: RestDeps) => Response | Promise<Response> }[] = [
  {
    doc: {
      method: 'get',
      path: '/api/v1/records',
      summary: '政府信息列表（按状态、领域、公开属性、有效性、发布日期筛选；q 为全文检索）',
      description: 'q：按空白分词，每个词都须出现在标题或正文中；3个字及以上用 FTS5 trigram 索引，1–2个字用 LIKE。',
      tags: TAGS,
      auth: true,
      query: recordListQuerySchema,
      response: { description: '信息列表（最近修改的在前）', schema: recordListSchema },
      errors: [400],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(listRecords(d.services, readQuery(c, recordListQuerySchema))));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/records',
      summary: '起草政府信息（草稿；起草人提出公开属性，不予公开须注明依据；正文 HTML 入库前清理）',
      tags: TAGS,
      auth: true,
      body: infoRecordInputSchema,
      response: { status: 201, description: '新建的草稿', schema: infoRecordViewSchema },
      errors: [400, 403],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(createRecord(d.services, actor, await readJson(c, z.unknown()))), 201);
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/records/settings/index-pattern',
      summary: '索引号格式（占位符 {region} {year} {seq:6} {domain}）',
      tags: TAGS,
      auth: true,
      response: { description: '当前格式', schema: patternSchema },
    },
    handler: (c, d) => {
      user(c, d);
      return c.json({ pattern: indexPattern(d.services.db) });
    },
  },
  {
    doc: {
      method: 'put',
      path: '/api/v1/records/settings/index-pattern',
      summary: '设置索引号格式（县级管理员；须含 {region} {year} {seq}，已编的号不变）',
      tags: TAGS,
      auth: true,
      body: indexPatternInputSchema,
      response: { description: '新格式', schema: patternSchema },
      errors: [400, 403],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(setIndexPattern(d.services, actor, await readJson(c, z.unknown()))));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/records/{id}',
      summary: '读取政府信息',
      tags: TAGS,
      auth: true,
      response: { description: '信息', schema: infoRecordViewSchema },
      errors: [404],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(getRecord(d.services, param(c, 'id'))));
    },
  },
  {
    doc: {
      method: 'patch',
      path: '/api/v1/records/{id}',
      summary: '修改政府信息（草稿、已退回：起草人；已发布：管理员或审核人更正内容，不能改公开属性）',
      tags: TAGS,
      auth: true,
      body: patchDocSchema,
      response: { description: '修改后的信息', schema: infoRecordViewSchema },
      errors: [400, 403, 404, 409],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      const { version, ...patch } = await readJson(c, patchBodySchema);
      const v = version === undefined ? undefined : parseInput(z.object({ version: versionSchema }), { version }).version;
      return c.json(unwrap(updateRecord(d.services, actor, param(c, 'id'), patch, v)));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/records/{id}/transitions',
      summary: '发布流程：submit（提交审核）、approve（保密审查通过，可改公开属性并说明理由）、return（退回）、publish（发布并编索引号）、expire（失效）、repeal（废止）、withdraw（撤回）',
      description:
        'approve {attribute?, reason?, withheldGround?, comment?}：改变公开属性须填 reason，改为 withheld 须填 withheldGround，结果为 withheld 的信息不发布、不出县。return {comment}；publish {publishedOn?}；expire/repeal {on?, reason?}；withdraw {reason}。审核人不能审核本人起草的信息。',
      tags: TAGS,
      auth: true,
      body: recordTransitionSchema,
      response: { description: '操作后的信息（新版本）', schema: infoRecordViewSchema },
      errors: [400, 403, 404, 409],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(transitionRecord(d.services, actor, param(c, 'id'), await readJson(c, z.unknown()))));
    },
  },
];
