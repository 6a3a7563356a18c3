/** REST routes of the province's and counties' annual reports at the hub (public); mounted by app.ts. */
import { type RouteDoc, parseInput, unwrap } from '@zwgk/server';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { HubDeps } from '../deps.js';
import {
  annualReportYears,
  annualReportYearsSchema,
  annualYearParam,
  countyAnnualReport,
  countyAnnualReportSchema,
  provinceAnnualReport,
  provinceAnnualReportSchema,
} from '../services/annual-report.js';

const API = '/api/v1';
const countyParam = z.object({ code: z.string().regex(/^\d{6}$/, { error: '县级代码必须是6位数字' }) });

export const ANNUAL_REPORT_ROUTE_DOCS: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/reports/annual',
    summary: '有县级年度报告已发布的年度（新的在前），及每年已发布的县数',
    tags: ['reports'],
    response: { description: '年度列表', schema: annualReportYearsSchema },
  },
  {
    method: 'get',
    path: '/api/v1/reports/annual/{year}',
    summary: '全省政府信息公开工作年度报告统计表：各表为已发布县级年度报告之和，列出已纳入和未发布的县，及校验结果',
    tags: ['reports'],
    response: { description: '全省汇总', schema: provinceAnnualReportSchema },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/counties/{code}/reports/annual/{year}',
    summary: '某县已发布的政府信息公开工作年度报告统计表（主动公开、申请办理、行政复议和诉讼）',
    tags: ['reports'],
    response: { description: '县级年度报告', schema: countyAnnualReportSchema },
    errors: [400, 404],
  },
];

export function mountAnnualReports(app: Hono, deps: HubDeps): void {
  app.get(`${API}/reports/annual`, async (c) => c.json(unwrap(await annualReportYears(deps.db))));
  app.get(`${API}/reports/annual/:year`, async (c) => {
    const { year } = parseInput(annualYearParam, { year: c.req.param('year') });
    return c.json(unwrap(await provinceAnnualReport(deps.db, year)));
  });
  app.get(`${API}/counties/:code/reports/annual/:year`, async (c) => {
    const { code } = parseInput(countyParam, { code: c.req.param('code') });
    const { year } = parseInput(annualYearParam, { year: c.req.param('year') });
    return c.json(unwrap(await countyAnnualReport(deps.db, code, year)));
  });
}
