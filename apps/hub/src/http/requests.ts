/** REST routes of applications for disclosure and the working-day calendar at the hub; mounted by app.ts. */
import { type RouteDoc, parseInput, readJson, readQuery, unwrap } from '@zwgk/server';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { HubDeps, Viewer } from '../deps.js';
import {
  calendarDueDate,
  calendarYearLoadedSchema,
  dueDateQuerySchema,
  dueDateResultSchema,
  fileRequest,
  fileRequestInputSchema,
  filedSchema,
  loadCalendarYear,
  requestStats,
  requestStatsSchema,
  statsQuerySchema,
  trackQuerySchema,
  trackRequest,
  trackedSchema,
} from '../services/requests.js';

const API = '/api/v1';
const trackingParam = z.object({ trackingNo: z.string().min(1).max(40) });

export const REQUEST_ROUTE_DOCS: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/requests',
    summary: '在线提交政府信息公开申请（任一已接入的县；县级节点离线时也受理，恢复后送达）',
    description:
      'The applicant and the description are encrypted to the county\'s X25519 key before they are stored or published; the hub keeps only the tracking number, a hash of the secret and the applicant type. Keep the secret: it is shown once.',
    tags: ['requests'],
    body: fileRequestInputSchema,
    response: { status: 201, description: '查询号与查询码', schema: filedSchema },
    errors: [400, 409],
  },
  {
    method: 'get',
    path: '/api/v1/requests/stats',
    summary: '依申请公开统计：各县收到申请数、按时答复率、答复用时中位数、当前逾期、办理结果构成、按月趋势（省级看全部，市级看本市所审县）',
    tags: ['requests'],
    auth: true,
    query: statsQuerySchema,
    response: { description: '统计', schema: requestStatsSchema },
    errors: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/v1/requests/{trackingNo}',
    summary: '凭查询号和查询码（?secret=）查询申请进度：状态、各环节日期、答复期限、办理结果',
    tags: ['requests'],
    query: trackQuerySchema,
    response: { description: '进度', schema: trackedSchema },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/calendar/due-date',
    summary: '期限计算：start 之后第 workingDays 个工作日（期间开始之日不计算在内），附说明；未公布放假安排的年份标记为暂定',
    tags: ['calendar'],
    query: dueDateQuerySchema,
    response: { description: '到期日及说明', schema: dueDateResultSchema },
    errors: [400],
  },
  {
    method: 'post',
    path: '/api/v1/calendar/years',
    summary: '载入新一年的放假安排（holiday-cn 格式 JSON；省级管理员），并下发各县重算在办申请的期限',
    tags: ['calendar'],
    auth: true,
    body: z.unknown(),
    response: { status: 201, description: '载入结果', schema: calendarYearLoadedSchema },
    errors: [400, 401, 403],
  },
];

/** Registers the routes; `/requests/stats` before `/requests/:trackingNo`. */
export function mountRequests(app: Hono, deps: HubDeps, viewer: (c: Context) => Promise<Viewer | null>): void {
  app.post(`${API}/requests`, async (c) => {
    const input = await readJson(c, fileRequestInputSchema);
    return c.json(unwrap(await fileRequest(deps, input)), 201);
  });
  app.get(`${API}/requests/stats`, async (c) => c.json(unwrap(await requestStats(deps.db, await viewer(c), c.req.query()))));
  app.get(`${API}/requests/:trackingNo`, async (c) => {
    const { trackingNo } = parseInput(trackingParam, { trackingNo: c.req.param('trackingNo') });
    const { secret } = readQuery(c, trackQuerySchema);
    return c.json(unwrap(await trackRequest(deps.db, trackingNo, secret)));
  });
  app.get(`${API}/calendar/due-date`, async (c) => c.json(unwrap(await calendarDueDate(deps.db, readQuery(c, dueDateQuerySchema)))));
  app.post(`${API}/calendar/years`, async (c) => {
    const who = await viewer(c);
    const body = await readJson(c, z.unknown());
    return c.json(unwrap(await loadCalendarYear(deps, who, body)), 201);
  });
}
