import { DOMAINS, cityOf, counties, isProvinceAdministered } from '@zwgk/core';
import { type CountySummary, groupByCity } from '$lib/regions';
import { toUiError } from '$lib/server/backend-error';
import { feedPath } from '$lib/server/records-public';
import { hubClient } from '$lib/server/trpc';
import type { UiError } from '$lib/errors';
import type { PageServerLoad } from './$types';

/**
 * The province's 政府信息公开专栏 (国办公开办函〔2019〕61号): 指南, 制度, 法定主动公开内容 counted by
 * domain across every county, the counties' own 专栏 by city, 年度报告. The list of counties comes
 * from the region registry, not from the hub, so the directory stays usable while the hub is down.
 */
const SECTIONS = ['guide', 'rules', 'counties', 'reports'] as const;
type Section = (typeof SECTIONS)[number] | 'content';

export const load: PageServerLoad = async ({ url }) => {
  const sectionParam = url.searchParams.get('section') ?? '';
  const section: Section = (SECTIONS as readonly string[]).includes(sectionParam) ? (sectionParam as Section) : 'content';

  let loadError: UiError | null = null;
  let domainCounts: Record<string, number> = {};
  let countyCounts: Record<string, number> = {};
  let countsExact = true;
  let total = 0;
  try {
    // one page of one hit is enough: only the facets and the total are shown
    const all = await hubClient().search.query.query({ pageSize: 1 });
    domainCounts = Object.fromEntries(all.facets.domain.map((f) => [f.value, f.count]));
    countyCounts = Object.fromEntries(all.facets.county.map((f) => [f.value, f.count]));
    countsExact = all.facetsExact && all.totalExact;
    total = all.total;
  } catch (e) {
    loadError = toUiError(e, '省级平台');
  }

  const summaries: CountySummary[] = counties().map((c) => {
    const city = cityOf(c.code6!);
    return {
      code: c.code6!,
      name: c.name,
      cityCode: city?.code6 ?? null,
      cityName: city?.name ?? null,
      provinceAdministered: isProvinceAdministered(c.code6!),
      enrolled: false,
      lastSyncAt: null,
      catalogItems: 0,
      publishedItems: 0,
    };
  });
  const groups = groupByCity(summaries).map((g) => ({
    key: g.key,
    name: g.name,
    counties: g.counties.map((c) => ({ code: c.code, name: c.name, count: countyCounts[c.code] ?? 0 })),
  }));

  const heading = {
    guide: '政府信息公开指南',
    rules: '政府信息公开制度',
    counties: '各县（市、区）政府信息公开专栏',
    reports: '政府信息公开年度报告',
    content: '法定主动公开内容',
  }[section];
  return {
    title: `河北省政府信息公开专栏 · ${heading}`,
    section,
    heading,
    domains: DOMAINS.map((d) => ({ code: d.code, no: d.no, name: d.name, count: domainCounts[d.code] ?? 0 })),
    countsExact,
    total,
    groups,
    countyTotal: summaries.length,
    loadError,
    feeds: { atom: feedPath('atom'), rss: feedPath('rss') },
  };
};
