import { error } from '@sveltejs/kit';
import { groupByCity, latest } from '$lib/regions';
import { toUiError } from '$lib/server/backend-error';
import { hubClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
  let rows;
  try {
    rows = await hubClient().counties.list.query();
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    error(503, { message: ui.message, code: ui.code });
  }
  const enrolled = rows
    .filter((c) => c.enrolled)
    .map((c) => ({
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
  return {
    title: '政府信息公开 · 事项目录',
    groups: groupByCity(enrolled),
    total: rows.length,
    enrolled: enrolled.length,
    withCatalog: enrolled.filter((c) => c.publishedItems > 0).length,
  };
};
