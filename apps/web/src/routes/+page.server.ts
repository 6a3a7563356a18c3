import { type CountySummary, DIRECT_GROUP, groupByCity, groupKeyOf, latest, matchesCounty } from '$lib/regions';
import { toUiError } from '$lib/server/backend-error';
import { hubClient } from '$lib/server/trpc';
import type { UiError } from '$lib/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const cityParam = url.searchParams.get('city') ?? '';
  const countyParam = url.searchParams.get('county') ?? '';

  let all: CountySummary[] = [];
  let loadError: UiError | null = null;
  let detail: {
    enrolledAt: string | null;
    lastEventAt: string | null;
    lastHeartbeatAt: string | null;
    lastSeq: string;
    type: string | null;
  } | null = null;
  try {
    const rows = await hubClient().counties.list.query();
    all = rows.map((c) => ({
      code: c.code,
      name: c.name,
      cityCode: c.cityCode,
      cityName: c.cityName,
      provinceAdministered: c.provinceAdministered,
      enrolled: c.enrolled,
      lastSyncAt: latest(c.federation.lastEventAt, c.federation.lastHeartbeatAt),
      catalogItems: c.federation.catalogItems,
      publishedItems: c.federation.publishedItems,
    }));
    const chosen = rows.find((c) => c.code === countyParam);
    if (chosen) {
      detail = {
        enrolledAt: chosen.enrolledAt,
        lastEventAt: chosen.federation.lastEventAt,
        lastHeartbeatAt: chosen.federation.lastHeartbeatAt,
        lastSeq: chosen.federation.lastSeq,
        type: chosen.type,
      };
    }
  } catch (e) {
    loadError = toUiError(e, '省级平台');
  }

  const groups = groupByCity(all);
  const cities = groups.map((g) => ({ key: g.key, name: g.name, total: g.counties.length }));
  const city = cities.some((c) => c.key === cityParam) ? cityParam : '';
  const selected = all.find((c) => c.code === countyParam && (!city || groupKeyOf(c) === city)) ?? null;

  const shownGroups = groups
    .filter((g) => !city || g.key === city)
    .map((g) => ({ ...g, counties: g.counties.filter((c) => matchesCounty(c, q)) }))
    .filter((g) => g.counties.length > 0);

  // the figures describe what the region switcher shows: the province, or one city
  const scope = city ? all.filter((c) => groupKeyOf(c) === city) : all;
  const enrolled = scope.filter((c) => c.enrolled);
  return {
    title: selected ? selected.name : city ? cities.find((c) => c.key === city)?.name : undefined,
    q,
    city,
    cityName: cities.find((c) => c.key === city)?.name ?? null,
    isDirectGroup: city === DIRECT_GROUP,
    cities,
    groups: shownGroups,
    shownCount: shownGroups.reduce((n, g) => n + g.counties.length, 0),
    provinceTotal: all.length,
    totals: {
      counties: scope.length,
      enrolled: enrolled.length,
      items: scope.reduce((n, c) => n + c.catalogItems, 0),
      published: scope.reduce((n, c) => n + c.publishedItems, 0),
    },
    selected: selected && detail ? { ...selected, ...detail } : null,
    loadError,
  };
};
