import { error } from '@sveltejs/kit';
import {
  LINK_HEALTH_NAMES,
  STATUS_FILTERS,
  type StatusFilter,
  heartbeatStale,
  linkHealth,
  matchesStatus,
} from '$lib/federation';
import { DIRECT_GROUP, DIRECT_GROUP_NAME, groupKeyOf, latest } from '$lib/regions';
import { toUiError } from '$lib/server/backend-error';
import { PROVINCE_COOKIE, PROVINCE_PATH, reloginIfUnauthorized, requireProvince } from '$lib/server/session';
import { hubClient } from '$lib/server/trpc';
import { parseSort, sortRows } from '$lib/sort';
import type { PageServerLoad } from './$types';

const SORT_KEYS = [
  'code',
  'name',
  'city',
  'health',
  'lastSeq',
  'maxSeqSeen',
  'lagEvents',
  'lastEventAt',
  'lastHeartbeatAt',
  'quarantinedCount',
  'catalogItems',
] as const;
type SortKey = (typeof SORT_KEYS)[number];

/** Worst first when sorting by health descending. */
const HEALTH_RANK = { unenrolled: 0, ok: 1, lagging: 2, stale: 3, quarantined: 4 } as const;

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const session = requireProvince(locals, url);
  let rows;
  try {
    rows = await hubClient(session.token).counties.list.query();
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    reloginIfUnauthorized(ui, { cookies, url, name: PROVINCE_COOKIE, path: PROVINCE_PATH });
    error(ui.code === 'forbidden' ? 403 : 503, { message: ui.message, code: ui.code });
  }

  const now = Date.now();
  const all = rows.map((c) => {
    const f = c.federation;
    const facts = {
      enrolled: c.enrolled,
      lagEvents: f.lagEvents,
      quarantinedCount: f.quarantinedCount,
      lastHeartbeatAt: f.lastHeartbeatAt,
      lastEventAt: f.lastEventAt,
    };
    return {
      code: c.code,
      name: c.name,
      group: groupKeyOf(c),
      cityName: c.provinceAdministered ? `${c.cityName ?? ''}（省直管）` : (c.cityName ?? '—'),
      enrolled: c.enrolled,
      enrolledAt: c.enrolledAt,
      health: linkHealth(facts, now),
      stale: heartbeatStale(facts, now),
      lastSeq: f.lastSeq,
      maxSeqSeen: f.maxSeqSeen,
      lastHeartbeatSeq: f.lastHeartbeatSeq,
      lagEvents: f.lagEvents,
      lastEventAt: f.lastEventAt,
      lastHeartbeatAt: f.lastHeartbeatAt,
      lastContactAt: latest(f.lastEventAt, f.lastHeartbeatAt),
      lagSeconds: f.lagSeconds,
      quarantinedCount: f.quarantinedCount,
      catalogItems: f.catalogItems,
      publishedItems: f.publishedItems,
      facts,
    };
  });

  const cityOptions = new Map<string, string>();
  for (const c of [...all].sort((a, b) => a.code.localeCompare(b.code))) {
    if (!cityOptions.has(c.group)) cityOptions.set(c.group, c.group === DIRECT_GROUP ? DIRECT_GROUP_NAME : c.cityName);
  }
  const cities = [...cityOptions]
    .map(([key, name]) => ({ key, name }))
    .sort((a, b) => (a.key === DIRECT_GROUP ? 1 : b.key === DIRECT_GROUP ? -1 : a.key.localeCompare(b.key)));

  const cityParam = url.searchParams.get('city') ?? '';
  const city = cityOptions.has(cityParam) ? cityParam : '';
  const statusParam = url.searchParams.get('status') ?? '';
  const status = (STATUS_FILTERS as readonly string[]).includes(statusParam) ? (statusParam as StatusFilter) : '';
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);

  const filtered = all.filter(
    (c) =>
      (!city || c.group === city) &&
      (!status || matchesStatus(c.facts, status, now)) &&
      (!q || c.name.includes(q) || c.code.startsWith(q)),
  );
  const sort = parseSort<SortKey>(url.searchParams, SORT_KEYS, { key: 'code', dir: 'asc' });
  const sorted = sortRows(
    filtered,
    {
      code: (c) => c.code,
      name: (c) => c.name,
      city: (c) => c.group,
      health: (c) => HEALTH_RANK[c.health],
      lastSeq: (c) => c.lastSeq,
      maxSeqSeen: (c) => c.maxSeqSeen,
      lagEvents: (c) => (c.enrolled ? c.lagEvents : null),
      lastEventAt: (c) => c.lastEventAt,
      lastHeartbeatAt: (c) => c.lastHeartbeatAt,
      quarantinedCount: (c) => c.quarantinedCount,
      catalogItems: (c) => c.catalogItems,
    },
    sort,
  );

  return {
    title: '联邦同步状态',
    now,
    sort,
    filters: { city, status, q },
    cities,
    rows: sorted.map(({ facts: _facts, ...r }) => ({ ...r, healthName: LINK_HEALTH_NAMES[r.health] })),
    totals: {
      counties: all.length,
      enrolled: all.filter((c) => c.enrolled).length,
      lagging: all.filter((c) => c.enrolled && c.lagEvents > 0).length,
      stale: all.filter((c) => c.stale).length,
      quarantined: all.reduce((n, c) => n + c.quarantinedCount, 0),
      items: all.reduce((n, c) => n + c.catalogItems, 0),
    },
  };
};
