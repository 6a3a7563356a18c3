/**
 * REST routes of the later life of information records: attachments, overdue interpretations,
 * the review view with negative-list flags, the negative list, the yearly assessment of withheld
 * records, and validity clean-up. Listed in `REST_ROUTES` (rest.ts) before the `{id}` routes.
 */
import {
  MAX_ATTACHMENT_BYTES,
  contentDisposition,
  domainError,
  negativeListEntryInputSchema,
  withheldAssessmentSchema,
} from '@zwgk/core';
import { AppError, type RouteDoc, bearerToken, errorBody, readJson, readQuery, unwrap } from '@zwgk/server';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { type AuthUser, authenticate } from '../services/accounts.js';
import { addAttachment, deleteAttachment, getAttachment, listAttachments } from '../services/attachments.js';
import {
  assessWithheld,
  cleanupQuerySchema,
  cleanupResultInputSchema,
  cleanupWorklist,
  createNegativeListEntry,
  deleteNegativeListEntry,
  draftCleanupResult,
  negativeList,
  overdueInterpretations,
  recordReview,
  updateNegativeListEntry,
  withheldDue,
} from '../services/records-lifecycle.js';
import { infoRecordViewSchema } from './records.js';
import type { RestDeps } from './rest.js';

const user = (c: Context, deps: RestDeps): AuthUser =>
  unwrap(authenticate(deps.services, bearerToken(c.req.header('authorization'))));
const param = (c: Context, name: string): string => c.req.param(name) ?? '';
const badRequest = (message: string) => new AppError(domainError('bad_request', message));

/** `POST /api/v1/records/{id}/attachments`: its own body limit (20 MB plus the multipart envelope). */
export const ATTACHMENT_UPLOAD_PATH = /^\/api\/v1\/records\/[^/]+\/attachments\/?$/;
export const attachmentBodyLimit = bodyLimit({
  maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024,
  onError: (c) => c.json(errorBody(domainError('bad_request', '附件不能超过 20 MB')), 413),
});

const attachmentSchema = z.object({
  id: z.string(),
  recordId: z.string(),
  name: z.string(),
  mediaType: z.string().describe('detected from the content'),
  size: z.number().int(),
  sha256: z.string().describe('hex SHA-256; also the ETag when downloaded'),
  createdAt: z.string(),
  createdBy: z.string(),
  federated: z.boolean().describe('its bytes have been written to the outbox for the hub'),
});
const recordBrief = z.object({
  id: z.string(),
  title: z.string(),
  indexNo: z.string().nullable(),
  docNo: z.string().nullable(),
  issuingBody: z.string(),
  publishedOn: z.string().nullable(),
  status: z.string(),
  validity: z.string(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
});
const entrySchema = negativeListEntryInputSchema.extend({
  id: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
const flagSchema = z.object({ entryId: z.string(), reason: z.string() });

async function uploadedFile(c: Context): Promise<{ bytes: Uint8Array; name: string | undefined }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) throw badRequest('请以 multipart/form-data 上传附件（字段名 file）');
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw badRequest('无法读取上传的表单');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw badRequest('请在表单字段 file 中上传附件');
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name || undefined };
}

const TAGS = ['records'];
const TAG_NEG = ['negative-list'];

export const RECORD_LIFECYCLE_ROUTES: readonly { doc: RouteDoc; handler: (c: Context, deps: RestDeps) => Response | Promise<Response> }[] = [
  {
    doc: {
      method: 'get',
      path: '/api/v1/records/interpretations/overdue',
      summary: '逾期未解读的政策文件（需解读、已发布，发布后第3个工作日仍无已发布的解读）',
      tags: TAGS,
      auth: true,
      response: {
        description: '逾期清单',
        schema: z.object({
          today: z.string(),
          items: z.array(
            z.object({
              record: recordBrief,
              dueOn: z.string(),
              provisional: z.boolean(),
              overdue: z.literal(true),
              interpretations: z
                .array(z.object({ id: z.string(), title: z.string(), status: z.string(), form: z.string().nullable(), publishedOn: z.string().nullable(), createdBy: z.string() }))
                .describe('linked interpretations not withdrawn (drafts and those in review)'),
            }),
          ),
        }),
      },
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(overdueInterpretations(d.services)));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/records/withheld/due',
      summary: '到期需年度评估的不予公开信息（上次评估已满一年）',
      tags: TAGS,
      auth: true,
      response: {
        description: '评估清单',
        schema: z.object({
          today: z.string(),
          items: z.array(z.object({ record: recordBrief.extend({ withheldGround: z.string().nullable() }), lastAssessedOn: z.string() })),
        }),
      },
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(withheldDue(d.services)));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/records/cleanup',
      summary: '有效性清理工作清单（有效期已届满，或施行已满 years 年的有效文件）',
      tags: TAGS,
      auth: true,
      query: cleanupQuerySchema,
      response: {
        description: '清理清单',
        schema: z.object({ today: z.string(), years: z.number().int(), items: z.array(z.object({ record: recordBrief, reason: z.string() })) }),
      },
      errors: [400],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(cleanupWorklist(d.services, readQuery(c, cleanupQuerySchema))));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/records/cleanup/result',
      summary: '起草清理结果（列出期间内宣布失效、废止的文件；之后按普通信息审核、发布）',
      tags: TAGS,
      auth: true,
      body: cleanupResultInputSchema,
      response: { status: 201, description: '清理结果草稿及所列文件', schema: z.object({ record: infoRecordViewSchema, listed: z.array(recordBrief) }) },
      errors: [400, 403],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(draftCleanupResult(d.services, actor, await readJson(c, z.unknown()))), 201);
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/records/{id}/review',
      summary: '保密审查视图：信息、负面清单提示（flags）、附件',
      tags: TAGS,
      auth: true,
      response: {
        description: '审查视图',
        schema: z.object({ record: infoRecordViewSchema, flags: z.array(flagSchema), attachments: z.array(attachmentSchema) }),
      },
      errors: [404],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(recordReview(d.services, param(c, 'id'))));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/records/{id}/assess',
      summary: '不予公开信息年度评估：keep（继续不予公开）或 release（转为公开并发布，理由记入审计）',
      tags: TAGS,
      auth: true,
      body: withheldAssessmentSchema,
      response: { description: '评估结果', schema: z.object({ record: infoRecordViewSchema, decision: z.enum(['keep', 'release']) }) },
      errors: [400, 403, 404, 409],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(assessWithheld(d.services, actor, param(c, 'id'), await readJson(c, z.unknown()))));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/records/{id}/attachments',
      summary: '信息的附件列表',
      tags: TAGS,
      auth: true,
      response: { description: '附件', schema: z.object({ items: z.array(attachmentSchema) }) },
      errors: [404],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json({ items: unwrap(listAttachments(d.services, param(c, 'id'))) });
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/records/{id}/attachments',
      summary: '上传附件（multipart 字段 file；按内容识别类型，只接受 PDF、DOCX、XLSX、PNG、JPEG；不超过 20 MB）',
      description: '类型只按文件内容判断（魔数；DOCX/XLSX 检查压缩包内的 [Content_Types].xml 与 word/、xl/ 部件），与文件名无关。草稿与已退回的信息由起草人上传；已发布的信息由管理员或审核人上传，并随即报送省级平台。',
      tags: TAGS,
      auth: true,
      response: { status: 201, description: '附件', schema: attachmentSchema },
      errors: [400, 403, 404, 409, 413],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      const file = await uploadedFile(c);
      return c.json(unwrap(await addAttachment(d.services, actor, param(c, 'id'), file)), 201);
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/records/{id}/attachments/{attachmentId}',
      summary: '下载附件（Content-Type 为识别出的类型，ETag 为 SHA-256）',
      tags: TAGS,
      auth: true,
      response: { description: '文件内容', schema: z.string().describe('binary'), contentType: 'application/octet-stream' },
      errors: [404],
    },
    handler: (c, d) => {
      user(c, d);
      const a = unwrap(getAttachment(d.services, param(c, 'id'), param(c, 'attachmentId')));
      return attachmentResponse(c, a);
    },
  },
  {
    doc: {
      method: 'delete',
      path: '/api/v1/records/{id}/attachments/{attachmentId}',
      summary: '删除附件（仅草稿）',
      tags: TAGS,
      auth: true,
      response: { description: '已删除', schema: z.object({ deleted: z.literal(true) }) },
      errors: [403, 404, 409],
    },
    handler: (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(deleteAttachment(d.services, actor, param(c, 'id'), param(c, 'attachmentId'))));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/negative-list',
      summary: '本县负面清单（公开发布的全部条目）',
      tags: TAG_NEG,
      response: {
        description: '负面清单',
        schema: z.object({ countyCode: z.string(), version: z.number().int(), updatedAt: z.string().nullable(), entries: z.array(entrySchema) }),
      },
    },
    handler: (c, d) => c.json(unwrap(negativeList(d.services))),
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/negative-list/entries',
      summary: '新增负面清单条目（县级管理员；清单整体报送省级平台）',
      tags: TAG_NEG,
      auth: true,
      body: negativeListEntryInputSchema,
      response: { status: 201, description: '条目', schema: entrySchema },
      errors: [400, 403],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(createNegativeListEntry(d.services, actor, await readJson(c, z.unknown()))), 201);
    },
  },
  {
    doc: {
      method: 'patch',
      path: '/api/v1/negative-list/entries/{id}',
      summary: '修改负面清单条目（县级管理员）',
      tags: TAG_NEG,
      auth: true,
      body: negativeListEntryInputSchema.partial(),
      response: { description: '条目', schema: entrySchema },
      errors: [400, 403, 404],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(updateNegativeListEntry(d.services, actor, param(c, 'id'), await readJson(c, z.unknown()))));
    },
  },
  {
    doc: {
      method: 'delete',
      path: '/api/v1/negative-list/entries/{id}',
      summary: '删除负面清单条目（县级管理员）',
      tags: TAG_NEG,
      auth: true,
      response: { description: '已删除', schema: z.object({ deleted: z.literal(true) }) },
      errors: [403, 404],
    },
    handler: (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(deleteNegativeListEntry(d.services, actor, param(c, 'id'))));
    },
  },
];

/** A stored file as a download: its detected type, its name per RFC 6266, never sniffed. */
export function attachmentResponse(c: Context, a: { data: Uint8Array; mediaType: string; name: string; sha256: string; size: number }): Response {
  const etag = `"${a.sha256}"`;
  const headers: Record<string, string> = {
    'content-type': a.mediaType,
    'content-disposition': contentDisposition(a.name),
    'x-content-type-options': 'nosniff',
    etag,
    'cache-control': 'private, max-age=0, must-revalidate',
  };
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(a.data), { status: 200, headers: { ...headers, 'content-length': String(a.size) } });
}
