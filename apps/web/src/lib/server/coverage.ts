/** The coverage matrix as the province console and the public page load it. */
import { error } from '@sveltejs/kit';
import { cities } from '@zwgk/core';
import { toUiError } from './backend-error';
import { hubClient } from './trpc';
import { parseSort, sortRows } from '$lib/sort';

export const MATRIX_SORT_KEYS = ['city', 'county', 'coverage'] as const;
export type MatrixSortKey = (typeof MATRIX_SORT_KEYS)[number] | `d-${string}`;

export async function loadMatrix(url: URL, token?: string) {
  const cityParam = url.searchParams.get('city') ?? '';
  const cityList = cities().map((c) => ({ code: c.code6!, name: c.name }));
  const city = cityList.some((c) => c.code === cityParam) ? cityParam : '';
  const onlyEnrolled = url.searchParams.get('scope') !== 'all';
  const hub = hubClient(token);
  let matrix;
  let enrolled: Set<string>;
  try {
    const [m, counties] = await Promise.all([hub.coverage.matrix.query(city ? { city } : {}), hub.counties.list.query()]);
    matrix = m;
    enrolled = new Set(counties.filter((c) => c.enrolled).map((c) => c.code));
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    error(ui.code === 'unavailable' ? 503 : 400, { message: ui.message, code: ui.code });
  }
  const domainKeys = matrix.domains.map((d) => `d-${d.domain}`);
  const sort = parseSort<string>(url.searchParams, [...MATRIX_SORT_KEYS, ...domainKeys], { key: 'city', dir: 'asc' });
  const rows = matrix.rows
    .filter((r) => !onlyEnrolled || enrolled.has(r.countyCode))
    .map((r) => ({ ...r, enrolled: enrolled.has(r.countyCode) }));
  const byRegion = [...rows].sort((a, b) => (a.cityCode ?? '').localeCompare(b.cityCode ?? '') || a.countyCode.localeCompare(b.countyCode));
  const sorted = sortRows(
    byRegion,
    {
      city: (r) => `${r.cityCode ?? ''}${r.countyCode}`,
      county: (r) => r.countyName,
      coverage: (r) => r.coveragePct,
      ...Object.fromEntries(matrix.domains.map((d) => [`d-${d.domain}`, (r: (typeof rows)[number]) => r.domains.find((x) => x.domain === d.domain)?.coveragePct ?? null])),
    },
    sort,
  );
  // the summary row: what the rows shown add up to, per domain and in all
  const perDomain = matrix.domains.map((d) => {
    let covered = 0;
    let total = 0;
    for (const r of rows) {
      const x = r.domains.find((y) => y.domain === d.domain);
      if (!x) continue;
      covered += x.covered;
      total += x.standardItems;
    }
    return { domain: d.domain, covered, standardItems: total, coveragePct: total ? Math.round((covered / total) * 1000) / 10 : null };
  });
  const covered = rows.reduce((n, r) => n + r.covered, 0);
  const total = rows.reduce((n, r) => n + r.standardItems, 0);
  return {
    cities: cityList,
    filters: { city, scope: onlyEnrolled ? 'enrolled' : 'all' },
    sort,
    domains: matrix.domains,
    rows: sorted,
    summary: {
      label: city ? `${cityList.find((c) => c.code === city)?.name ?? ''}合计` : '全省合计',
      counties: rows.length,
      covered,
      standardItems: total,
      coveragePct: total ? Math.round((covered / total) * 1000) / 10 : null,
      domains: perDomain,
    },
    cityFigures: matrix.summary.cities,
  };
}

export type MatrixData = Awaited<ReturnType<typeof loadMatrix>>;

export async function loadCountyCoverage(code: string, token?: string) {
  if (!/^\d{6}$/.test(code)) error(404, { message: '没有这个县级行政区划', code: 'not_found' });
  try {
    return await hubClient(token).coverage.county.query({ code });
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    error(ui.code === 'not_found' ? 404 : ui.code === 'unavailable' ? 503 : 400, { message: ui.message, code: ui.code });
  }
}

export type CountyCoverageData = Awaited<ReturnType<typeof loadCountyCoverage>>;
