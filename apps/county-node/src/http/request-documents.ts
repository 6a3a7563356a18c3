/**
 * REST routes of the standard reply texts of a request (JSON, .docx, printable HTML) and of the
 * annual report's export and publication; listed in `REST_ROUTES` (rest.ts) before the routes
 * whose `{param}` would also match a `{param}.docx` path.
 */
import { type RouteDoc, bearerToken, readJson, unwrap } from '@zwgk/server';
import type { Context } from 'hono';
import { z } from 'zod';
import { type AuthUser, authenticate } from '../services/accounts.js';
import { DOCX_CONTENT_TYPE, HTML_HEADERS, downloadHeaders } from '../services/document-render.js';
import {
  getRequestDocument,
  listRequestDocuments,
  requestDocumentDocx,
  requestDocumentListSchema,
  requestDocumentHtml,
  requestDocumentSchema,
  saveDocumentBodySchema,
  saveRequestDocument,
} from '../services/request-documents.js';
import type { RestDeps } from './rest.js';

type Handler = (c: Context, deps: RestDeps) => Response | Promise<Response>;

const user = (c: Context, deps: RestDeps): AuthUser =>
  unwrap(authenticate(deps.services, bearerToken(c.req.header('authorization'))));

/** The path parameter without the extension the route matched on. */
export const stripExt = (value: string | undefined, ext: string): string => (value ?? '').replace(new RegExp(`\\.${ext}$`), '');

const TAGS = ['requests'];
const KINDS_TEXT =
  'kind：acknowledgement（受理回执）、correctionNotice（补正告知书）、extensionNotice（延期答复告知书）、thirdPartyConsultation（第三方意见征询函），或答复书的办理结果代码（granted、partial、withheldStateSecret … otherOther，共21种，与年度报告申请情况表各行一一对应）';

export const REQUEST_DOCUMENT_ROUTES: readonly { doc: RouteDoc; handler: Handler }[] = [
  {
    doc: {
      method: 'get',
      path: '/api/v1/requests/{id}/documents',
      summary: '申请在当前环节可出具的文书：已办环节的文书、当前可办环节的文书（可答复时每种办理结果一份答复书）及已保存修改稿的文书',
      tags: TAGS,
      auth: true,
      response: { description: '文书清单', schema: requestDocumentListSchema },
      errors: [401, 404],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(listRequestDocuments(d.services, c.req.param('id') ?? '')));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/requests/{id}/documents/{kind}.docx',
      summary: '文书的 Word 文件（A4，仿宋/宋体，标题、文号、正文、落款和日期）',
      description: KINDS_TEXT,
      tags: TAGS,
      auth: true,
      response: { description: '.docx 文件', contentType: DOCX_CONTENT_TYPE, schema: z.string() },
      errors: [401, 404, 409],
    },
    handler: async (c, d) => {
      user(c, d);
      const f = unwrap(await requestDocumentDocx(d.services, c.req.param('id') ?? '', stripExt(c.req.param('kind'), 'docx')));
      return c.body(new Uint8Array(f.buffer), 200, downloadHeaders(DOCX_CONTENT_TYPE, f.fileName, f.asciiName));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/requests/{id}/documents/{kind}.html',
      summary: '文书的打印页面（HTML，含打印样式）',
      description: KINDS_TEXT,
      tags: TAGS,
      auth: true,
      response: { description: 'HTML 页面', contentType: 'text/html', schema: z.string() },
      errors: [401, 404, 409],
    },
    handler: (c, d) => {
      user(c, d);
      const html = unwrap(requestDocumentHtml(d.services, c.req.param('id') ?? '', stripExt(c.req.param('kind'), 'html')));
      return c.body(html, 200, HTML_HEADERS);
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/requests/{id}/documents/{kind}',
      summary: '依申请公开标准文本：按申请填好的文书（或已保存的修改稿），含引用条款和救济途径',
      description: KINDS_TEXT,
      tags: TAGS,
      auth: true,
      response: { description: '文书', schema: requestDocumentSchema },
      errors: [401, 404, 409],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(getRequestDocument(d.services, c.req.param('id') ?? '', c.req.param('kind') ?? '')));
    },
  },
  {
    doc: {
      method: 'put',
      path: '/api/v1/requests/{id}/documents/{kind}',
      summary: '保存文书修改稿（出具前可编辑；记入审计日志；带 version 做并发检查，0 表示基于模板）',
      description: KINDS_TEXT,
      tags: TAGS,
      auth: true,
      body: saveDocumentBodySchema,
      response: { description: '保存后的文书', schema: requestDocumentSchema },
      errors: [400, 401, 403, 404, 409],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      const body = await readJson(c, z.unknown());
      return c.json(unwrap(saveRequestDocument(d.services, actor, c.req.param('id') ?? '', c.req.param('kind') ?? '', body)));
    },
  },
];
