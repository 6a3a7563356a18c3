/**
 * Grouping the province's counties for the portal's region switcher (province → city → county).
 * The two 省直管 county-level cities (辛集, 定州) are coded under a city but administered by the
 * province, so they get a group of their own, as Hebei's own portals list them.
 */

export const DIRECT_GROUP = 'direct';
export const DIRECT_GROUP_NAME = '省直管县级市';

export interface CountySummary {
  code: string;
  name: string;
  cityCode: string | null;
  cityName: string | null;
  provinceAdministered: boolean;
  enrolled: boolean;
  /** the later of the last event and the last heartbeat: when the county was last heard from */
  lastSyncAt: string | null;
  catalogItems: number;
  publishedItems: number;
}

export interface CountyGroup {
  key: string;
  name: string;
  counties: CountySummary[];
}

export const groupKeyOf = (c: Pick<CountySummary, 'cityCode' | 'provinceAdministered'>): string =>
  c.provinceAdministered ? DIRECT_GROUP : (c.cityCode ?? DIRECT_GROUP);

/** Groups in city-code order, the 省直管 group last; counties in code order. */
export function groupByCity(counties: readonly CountySummary[]): CountyGroup[] {
  const groups = new Map<string, CountyGroup>();
  for (const c of [...counties].sort((a, b) => a.code.localeCompare(b.code))) {
    const key = groupKeyOf(c);
    let g = groups.get(key);
    if (!g) {
      g = { key, name: key === DIRECT_GROUP ? DIRECT_GROUP_NAME : (c.cityName ?? '其他'), counties: [] };
      groups.set(key, g);
    }
    g.counties.push(c);
  }
  return [...groups.values()].sort((a, b) =>
    a.key === DIRECT_GROUP ? 1 : b.key === DIRECT_GROUP ? -1 : a.key.localeCompare(b.key),
  );
}

/** The search box: a county's name contains the words, or its code starts with the digits. */
export function matchesCounty(c: Pick<CountySummary, 'code' | 'name'>, q: string): boolean {
  const words = q.trim().split(/\s+/).filter(Boolean);
  return words.every((w) => (/^\d+$/.test(w) ? c.code.startsWith(w) : c.name.includes(w)));
}

/** Latest of several ISO timestamps, or null. */
export function latest(...values: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  let bestMs = -Infinity;
  for (const v of values) {
    if (!v) continue;
    const ms = Date.parse(v);
    if (Number.isFinite(ms) && ms > bestMs) {
      best = v;
      bestMs = ms;
    }
  }
  return best;
}
