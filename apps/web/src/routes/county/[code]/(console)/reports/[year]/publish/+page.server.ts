import { fail, redirect } from '@sveltejs/kit';
import { consoleReportYear, publicationState } from '$lib/server/annual-report-console';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { failStatus, requestUiError } from '$lib/server/request-errors';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const year = consoleReportYear(params.year);
  try {
    const draft = await countyClient(session.code, session.token).reports.annualDraft.query({ year });
    const state = publicationState(session.code, draft);
    return {
      title: `${state.published ? '更新已发布的报告' : '发布年度报告'} · ${year}年度`,
      year,
      canPublish: session.user.role === 'county_admin',
      state,
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const year = consoleReportYear(params.year);
    const fd = await request.formData();
    if (session.user.role !== 'county_admin') return fail(403, { message: '只有县级管理员可以发布年度报告', confirmError: null });
    if (fd.get('confirm') !== 'yes') return fail(400, { message: '请先勾选确认', confirmError: '请勾选此项，确认已预览全文并核对数据' });
    const client = countyClient(session.code, session.token);
    let version: number;
    try {
      // blank sections are the console's rule (the county node would issue them as “（未填写）”); the checks are the node's
      const { missingTexts } = publicationState(session.code, await client.reports.annualDraft.query({ year }));
      if (missingTexts.length) return fail(409, { message: `${missingTexts.join('、')}尚未填写，不能发布`, confirmError: null });
      version = (await client.reports.publishAnnual.mutate({ year })).version;
    } catch (e) {
      const ui = requestUiError(e, '县级节点', countyActionError(e, { code: session.code, cookies, url }));
      return fail(failStatus(ui), { message: ui.message, confirmError: null });
    }
    redirect(303, `/county/${session.code}/reports/${year}?published=${version}`);
  },
};
