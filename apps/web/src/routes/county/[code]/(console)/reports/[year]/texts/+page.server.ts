import { fail, redirect } from '@sveltejs/kit';
import { type ReportTextKey, type ReportTexts, REPORT_TEXT_SECTIONS, conflictingSections, readReportTextsForm } from '$lib/annual-report-texts';
import { consoleReportYear, fingerprintsOf, textsOf } from '$lib/server/annual-report-console';
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
    const texts = textsOf(draft);
    return {
      title: `${year}年度报告 · 文字部分`,
      year,
      canEdit: session.user.role === 'county_admin',
      texts,
      bases: fingerprintsOf(texts),
      updatedAt: draft.updatedAt,
      updatedBy: draft.updatedBy,
      published: draft.publishedVersion > 0,
      saved: url.searchParams.get('saved') === '1',
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

type Conflict = { key: ReportTextKey; heading: string; text: string };

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const year = consoleReportYear(params.year);
    const { values, texts, bases, errors } = readReportTextsForm(await request.formData());
    const none = { conflicts: [] as Conflict[], bases: null as ReportTexts | null, by: null as string | null, at: null as string | null };
    if (session.user.role !== 'county_admin') {
      return fail(403, { values, errors, message: '只有县级管理员可以撰写年度报告', ...none });
    }
    if (Object.keys(errors).length) return fail(400, { values, errors, message: '请检查标出的部分', ...none });
    const client = countyClient(session.code, session.token);
    try {
      // Best effort: the county node takes the texts without a version, so a save between this
      // read and the write below still wins; it narrows the window from minutes of typing to milliseconds.
      const current = await client.reports.annualDraft.query({ year });
      const saved = textsOf(current);
      const fingerprints = fingerprintsOf(saved);
      const clash = conflictingSections(bases, { fingerprints, texts: saved }, texts);
      if (clash.length) {
        return fail(409, {
          values,
          errors,
          message: '其他人在您编辑期间保存了本报告的文字部分',
          // the form now starts from their text: saving again overwrites it on purpose
          bases: fingerprints,
          conflicts: REPORT_TEXT_SECTIONS.filter((s) => clash.includes(s.key)).map((s) => ({ key: s.key, heading: s.heading, text: saved[s.key] })),
          by: current.updatedBy,
          at: current.updatedAt,
        });
      }
      await client.reports.putAnnualTexts.mutate({ year, texts });
    } catch (e) {
      const ui = requestUiError(e, '县级节点', countyActionError(e, { code: session.code, cookies, url }));
      return fail(failStatus(ui), { values, errors: ui.fields as Partial<Record<ReportTextKey, string>>, message: ui.message, ...none });
    }
    redirect(303, `/county/${session.code}/reports/${year}/texts?saved=1`);
  },
};
