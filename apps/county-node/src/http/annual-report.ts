/** REST routes of the annual report's texts, export (.docx, HTML) and publication; listed in `REST_ROUTES` (rest.ts). */
import { type RouteDoc, bearerToken, readJson, unwrap } from '@zwgk/server';
import type { Context } from 'hono';
import { z } from 'zod';
import { type AuthUser, authenticate } from '../services/accounts.js';
import {
  annualReportDocx,
  annualReportDraftSchema,
  annualReportHtml,
  annualReportTextsInputSchema,
  getAnnualReportDraft,
  publishAnnualReport,
  publishedReportSchema,
  putAnnualReportTexts,
} from '../services/annual-report-export.js';
import { DOCX_CONTENT_TYPE, HTML_HEADERS, downloadHeaders } from '../services/document-render.js';
import { stripExt } from './request-documents.js';
import type { RestDeps } from './rest.js';

type Handler = (c: Context, deps: RestDeps) => Response | Promise<Response>;

const user = (c: Context, deps: RestDeps): AuthUser =>
  unwrap(authenticate(deps.services, bearerToken(c.req.header('authorization'))));

const TAGS = ['reports'];
const REFUSED = '未通过校验时返回 409（invalid_state），details.failedChecks 列出未通过的各项校验';

export const ANNUAL_REPORT_ROUTES: readonly { doc: RouteDoc; handler: Handler }[] = [
  {
    doc: {
      method: 'get',
      path: '/api/v1/reports/annual/{year}.docx',
      summary: '政府信息公开工作年度报告 Word 文件（国办公开办函〔2021〕30号格式，六部分及各表）',
      description: REFUSED,
      tags: TAGS,
      auth: true,
      response: { description: '.docx 文件', contentType: DOCX_CONTENT_TYPE, schema: z.string() },
      errors: [400, 401, 409],
    },
    handler: async (c, d) => {
      user(c, d);
      const f = unwrap(await annualReportDocx(d.services, stripExt(c.req.param('year'), 'docx')));
      return c.body(new Uint8Array(f.buffer), 200, downloadHeaders(DOCX_CONTENT_TYPE, f.fileName, f.asciiName));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/reports/annual/{year}.html',
      summary: '政府信息公开工作年度报告打印页面（HTML）',
      description: REFUSED,
      tags: TAGS,
      auth: true,
      response: { description: 'HTML 页面', contentType: 'text/html', schema: z.string() },
      errors: [400, 401, 409],
    },
    handler: (c, d) => {
      user(c, d);
      return c.body(unwrap(annualReportHtml(d.services, stripExt(c.req.param('year'), 'html'))), 200, HTML_HEADERS);
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/reports/annual/{year}/texts',
      summary: '年度报告的文字部分（一、五、六）与主动公开情况表，及当前未通过的校验',
      tags: TAGS,
      auth: true,
      response: { description: '报告草稿', schema: annualReportDraftSchema },
      errors: [400, 401],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(getAnnualReportDraft(d.services, c.req.param('year'))));
    },
  },
  {
    doc: {
      method: 'put',
      path: '/api/v1/reports/annual/{year}/texts',
      summary: '填写年度报告的总体情况、存在的主要问题及改进情况、其他需要报告的事项，及主动公开情况表（仅县级管理员；只改所传字段）',
      tags: TAGS,
      auth: true,
      body: annualReportTextsInputSchema,
      response: { description: '报告草稿', schema: annualReportDraftSchema },
      errors: [400, 401, 403],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(putAnnualReportTexts(d.services, actor, c.req.param('year'), await readJson(c, z.unknown()))));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/reports/annual/{year}/publish',
      summary: '发布年度报告（仅县级管理员；校验须全部通过），并将三张统计表报送省级平台（annual.report）；报告同时作为政府信息发布（全文为正文，.docx 为附件，有索引号，标注“此件公开发布”），再次发布则更新同一条信息',
      description: REFUSED,
      tags: TAGS,
      auth: true,
      response: { status: 201, description: '发布结果', schema: publishedReportSchema },
      errors: [400, 401, 403, 409],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(await publishAnnualReport(d.services, actor, c.req.param('year'))), 201);
    },
  },
];
