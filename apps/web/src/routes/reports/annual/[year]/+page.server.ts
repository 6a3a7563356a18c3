import { chinaDate } from '@zwgk/core';
import { toUiError } from '$lib/server/backend-error';
import { reportYearOf, tablesView, yearOptions } from '$lib/server/annual-report';
import { hubClient } from '$lib/server/trpc';
import type { UiError } from '$lib/errors';
import type { PageServerLoad } from './$types';

/**
 * The province's 政府信息公开工作年度报告 tables for a year: the sums of the published county
 * reports, with the counties included (linked to their own report pages and to the records
 * carrying their full text) and those still missing.
 */
export const load: PageServerLoad = async ({ params }) => {
  const year = reportYearOf(params.year);
  const hub = hubClient();
  let loadError: UiError | null = null;
  try {
    const [report, years] = await Promise.all([hub.reports.annual.query({ year }), hub.reports.annualYears.query()]);
    // the missing counties by city, so the list reads like the region tree
    const byCity = new Map<string, { code: string; name: string }[]>();
    for (const c of report.missing) {
      const city = c.cityName ?? '省直管';
      byCity.set(city, [...(byCity.get(city) ?? []), { code: c.code, name: c.name }]);
    }
    return {
      title: `${year}年度河北省政府信息公开工作年度报告统计`,
      year,
      years: yearOptions(years.years, year),
      included: report.included.map((c) => ({ ...c, publishedOn: chinaDate(new Date(c.publishedAt)) })),
      missingCount: report.missing.length,
      missingByCity: [...byCity.entries()].map(([city, counties]) => ({ city, counties })),
      passes: report.checks.passes,
      tables: report.included.length ? tablesView(report) : null,
      loadError,
    };
  } catch (e) {
    loadError = toUiError(e, '省级平台');
    return { title: `${year}年度政府信息公开工作年度报告`, year, years: yearOptions([], year), included: [], missingCount: 0, missingByCity: [], passes: false, tables: null, loadError };
  }
};
