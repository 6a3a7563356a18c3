import { error } from '@sveltejs/kit';
import { annualReportDueOn, chinaDate, cityOf, countyByCode6 } from '@zwgk/core';
import { toUiError } from '$lib/server/backend-error';
import { reportRecordLinks, reportYearOf, tablesView, yearOptions } from '$lib/server/annual-report';
import { hubClient } from '$lib/server/trpc';
import type { UiError } from '$lib/errors';
import type { PageServerLoad } from './$types';

/**
 * A county's published 政府信息公开工作年度报告 for a year, as the hub holds it: the tables, and the
 * record carrying the full text and the .docx.
 */
export const load: PageServerLoad = async ({ params }) => {
  const county = countyByCode6(params.code);
  if (!county?.inGBT2260) error(404, { message: `没有县级行政区划 ${params.code}`, code: 'not_found' });
  const year = reportYearOf(params.year);
  const hub = hubClient();
  const base = {
    title: `${county.name}${year}年政府信息公开工作年度报告`,
    county: { code: params.code, name: county.name, cityName: cityOf(params.code)?.name ?? null },
    year,
    dueOn: annualReportDueOn(year, 'government'),
  };
  const years = await hub.reports.annualYears.query().then((r) => r.years, () => []);
  let loadError: UiError | null = null;
  try {
    const report = await hub.reports.countyAnnual.query({ code: params.code, year });
    return {
      ...base,
      years: yearOptions(years, year),
      published: { version: report.version, publishedOn: chinaDate(new Date(report.publishedAt)), passes: report.checks.passes },
      record: reportRecordLinks(report.record),
      tables: tablesView(report),
      loadError,
    };
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    // not published yet is an answer, not a failure
    if (ui.code !== 'not_found') loadError = ui;
    return { ...base, years: yearOptions(years, year), published: null, record: null, tables: null, loadError };
  }
};
