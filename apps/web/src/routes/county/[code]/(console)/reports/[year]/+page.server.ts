import { fail } from '@sveltejs/kit';
import { COUNTED_PROACTIVE_COLUMNS, COUNTED_PROACTIVE_COLUMN_NAMES, COUNTED_PROACTIVE_ROWS, COUNTED_PROACTIVE_ROW_NAMES, REVIEW_LITIGATION_GROUPS, REVIEW_LITIGATION_GROUP_NAMES } from '@zwgk/core';
import { readReviewLitigationForm, reportChecks, reportRows } from '$lib/requests';
import { readProactiveForm } from '$lib/annual-report-form';
import { consoleReportYear, publicationState } from '$lib/server/annual-report-console';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { failStatus, requestUiError } from '$lib/server/request-errors';
import { REPORT_VOCAB } from '$lib/server/request-vocab';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

const yearOf = consoleReportYear;

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const year = yearOf(params.year);
  try {
    const client = countyClient(session.code, session.token);
    const [report, draft] = await Promise.all([client.reports.annual.query({ year }), client.reports.annualDraft.query({ year })]);
    const counted = report.proactive.counted;
    return {
      title: `${year}年度政府信息公开工作年度报告`,
      year,
      canEnter: session.user.role === 'county_admin',
      saved: url.searchParams.get('saved') === '1',
      report,
      rows: reportRows(report.requestTable),
      checks: reportChecks(report.checks.requestTable, report.checks.reviewLitigation, report.reviewLitigation !== null),
      orgTypes: REPORT_VOCAB.orgTypes,
      groups: REVIEW_LITIGATION_GROUPS.map((g) => ({ code: g, name: REVIEW_LITIGATION_GROUP_NAMES[g] })),
      caseNames: REPORT_VOCAB.caseNames,
      // section 二: counted cells (with the records behind them) and the rows staff enter
      countedRows: COUNTED_PROACTIVE_ROWS.map((row) => ({
        key: row,
        label: COUNTED_PROACTIVE_ROW_NAMES[row],
        cells: COUNTED_PROACTIVE_COLUMNS.map((col) => ({ key: col, label: COUNTED_PROACTIVE_COLUMN_NAMES[col], rule: report.proactive.countingRules[col] ?? '', ...counted[row][col] })),
      })),
      countedColumns: COUNTED_PROACTIVE_COLUMNS.map((col) => ({ key: col, label: COUNTED_PROACTIVE_COLUMN_NAMES[col], rule: report.proactive.countingRules[col] ?? '' })),
      entered: (draft.proactive ?? null) as Record<string, number> | null,
      proactiveFailed: draft.failedChecks.filter((f) => f.section.startsWith('二')).map((f) => f.message),
      // sections 一, 五, 六, the preview, the exports and publication
      publication: publicationState(session.code, draft),
      publishedNow: Number(url.searchParams.get('published')) || null,
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

export const actions: Actions = {
  proactive: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const year = yearOf(params.year);
    const { proactive, values, errors } = readProactiveForm(await request.formData());
    if (session.user.role !== 'county_admin') {
      return fail(403, { proactiveValues: values, proactiveMessage: '只有县级管理员可以填报主动公开情况', proactiveErrors: {} as Record<string, string> });
    }
    if (Object.keys(errors).length) return fail(400, { proactiveValues: values, proactiveMessage: '请检查标出的格子', proactiveErrors: errors });
    try {
      await countyClient(session.code, session.token).reports.putAnnualTexts.mutate({ year, texts: { proactive } });
    } catch (e) {
      const ui = requestUiError(e, '县级节点', countyActionError(e, { code: session.code, cookies, url }));
      return fail(failStatus(ui), { proactiveValues: values, proactiveMessage: ui.message, proactiveErrors: ui.fields });
    }
    return { proactiveSaved: true };
  },
  reviewLitigation: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const year = yearOf(params.year);
    const { counts, values, errors } = readReviewLitigationForm(await request.formData());
    if (session.user.role !== 'county_admin') {
      return fail(403, { values, message: '只有县级管理员可以填报行政复议、行政诉讼情况', errors: {} as Record<string, string> });
    }
    if (Object.keys(errors).length) return fail(400, { values, message: '请在每一格填写非负整数（没有的填0）', errors });
    try {
      await countyClient(session.code, session.token).reports.putReviewLitigation.mutate({ year, counts });
    } catch (e) {
      const ui = requestUiError(e, '县级节点', countyActionError(e, { code: session.code, cookies, url }));
      return fail(failStatus(ui), { values, message: ui.message, errors: ui.fields });
    }
    return { savedNow: true };
  },
};
