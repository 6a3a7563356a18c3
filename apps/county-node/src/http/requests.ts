/** REST routes of information requests, the annual report and the deadline engine; listed in `REST_ROUTES` (rest.ts). */
import { type RouteDoc, bearerToken, readJson, unwrap } from '@zwgk/server';
import type { Context } from 'hono';
import { z } from 'zod';
import { type AuthUser, authenticate } from '../services/accounts.js';
import {
  annualReport,
  annualReportSchema,
  calendarDueDate,
  countyCalendar,
  dueDateQuerySchema,
  dueDateResultSchema,
  getRequest,
  listRequests,
  listRequestsQuerySchema,
  registerInputSchema,
  registerRequest,
  requestDetailSchema,
  requestSummarySchema,
  reviewLitigationInputSchema,
  putReviewLitigation,
  transitionBodySchema,
  transitionRequest,
} from '../services/requests.js';
import type { RestDeps } from './rest.js';

type Handler = (c: Context, deps: RestDeps) => Response | Promise<Response>;

const user = (c: Context, deps: RestDeps): AuthUser =>
  unwrap(authenticate(deps.services, bearerToken(c.req.header('authorization'))));

const TAGS = ['requests'];

export const REQUEST_ROUTES: readonly { doc: RouteDoc; handler: Handler }[] = [
  {
    doc: {
      method: 'get',
      path: '/api/v1/requests',
      summary: '依申请公开工作台：按答复期限排序（可按状态、即将到期 dueSoon / 已逾期 overdue 筛选）',
      tags: TAGS,
      auth: true,
      query: listRequestsQuerySchema,
      response: { description: '申请列表', schema: z.object({ today: z.string(), requests: z.array(requestSummarySchema) }) },
      errors: [400, 401],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(listRequests(d.services, c.req.query())));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/requests',
      summary: '登记当面、邮寄、传真等方式收到的申请（按条例第三十一条确定收到申请之日）',
      tags: TAGS,
      auth: true,
      body: registerInputSchema,
      response: { status: 201, description: '登记的申请，含答复期限及其说明', schema: requestDetailSchema },
      errors: [400, 401, 403],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(registerRequest(d.services, actor, await readJson(c, z.unknown()))), 201);
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/requests/{id}',
      summary: '一件申请：申请人、办理过程、各项期限及其计算说明',
      tags: TAGS,
      auth: true,
      response: { description: '申请', schema: requestDetailSchema },
      errors: [401, 404],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(getRequest(d.services, c.req.param('id') ?? '')));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/requests/{id}/transitions',
      summary:
        '办理环节：register、requestCorrection、receiveCorrection、lapse、startReview、startConsultation {party}、endConsultation、startProcessing、extend {workingDays, approvedBy}、reply / replyOnTheSpot {outcome, replyText}、archive、withdraw；可带 on（日期，默认今天）与 version',
      tags: TAGS,
      auth: true,
      body: transitionBodySchema,
      response: { description: '办理后的申请', schema: requestDetailSchema },
      errors: [400, 401, 403, 404, 409],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(transitionRequest(d.services, actor, c.req.param('id') ?? '', await readJson(c, z.unknown()))));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/reports/annual/{year}',
      summary: '政府信息公开工作年度报告（国办公开办函〔2021〕30号）：申请情况表、主动公开、行政复议和诉讼，及校验结果',
      tags: ['reports'],
      auth: true,
      response: { description: '报告各表与校验', schema: annualReportSchema },
      errors: [400, 401],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(annualReport(d.services, c.req.param('year'))));
    },
  },
  {
    doc: {
      method: 'put',
      path: '/api/v1/reports/annual/{year}/review-litigation',
      summary: '填报行政复议、行政诉讼情况（仅县级管理员）；返回含校验的报告',
      tags: ['reports'],
      auth: true,
      body: reviewLitigationInputSchema,
      response: { description: '报告各表与校验', schema: annualReportSchema },
      errors: [400, 401, 403],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(putReviewLitigation(d.services, actor, c.req.param('year'), await readJson(c, z.unknown()))));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/calendar/due-date',
      summary: '期限计算：start 之后第 workingDays 个工作日（期间开始之日不计算在内），附说明；未公布放假安排的年份标记为暂定',
      tags: ['calendar'],
      query: dueDateQuerySchema,
      response: { description: '到期日及说明', schema: dueDateResultSchema },
      errors: [400],
    },
    handler: (c, d) => c.json(unwrap(calendarDueDate(countyCalendar(d.services.db), c.req.query()))),
  },
];
