import { countyLoadFailed } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import { parseSort, sortRows } from '$lib/sort';
import { CATALOG_LEVELS, CATALOG_STATUSES, DOMAINS } from '@zwgk/core';
import { domainOrder } from '$lib/server/vocab';
import type { PageServerLoad } from './$types';

const SORT_KEYS = ['name', 'domain', 'level', 'responsibleBody', 'method', 'status', 'updatedAt', 'version'] as const;
type SortKey = (typeof SORT_KEYS)[number];

const PAGE_SIZE = 50;
/** The node pages by 200; a county catalog holds a few hundred items, so the web sorts them all. */
const FETCH_PAGE = 200;
const FETCH_CAP = 2000;

const pick = <T extends string>(v: string | null, allowed: readonly T[]): T | undefined =>
  v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const domain = pick(url.searchParams.get('domain'), DOMAINS.map((d) => d.code));
  const level = pick(url.searchParams.get('level'), CATALOG_LEVELS);
  const status = pick(url.searchParams.get('status'), CATALOG_STATUSES);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const filter = { domain, level, status, ...(q ? { q } : {}) };

  const node = countyClient(session.code, session.token);
  type Item = Awaited<ReturnType<typeof node.catalog.list.query>>['items'][number];
  const items: Item[] = [];
  let total = 0;
  try {
    for (let offset = 0; offset < FETCH_CAP; offset += FETCH_PAGE) {
      const page = await node.catalog.list.query({ ...filter, limit: FETCH_PAGE, offset });
      total = page.total;
      items.push(...page.items);
      if (page.items.length < FETCH_PAGE || items.length >= total) break;
    }
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }

  const sort = parseSort<SortKey>(url.searchParams, SORT_KEYS, { key: 'updatedAt', dir: 'desc' });
  const sorted = sortRows(
    items,
    {
      name: (i) => i.name,
      domain: (i) => domainOrder(i.domain),
      level: (i) => `${i.level}:${i.townshipCode ?? ''}`,
      responsibleBody: (i) => i.responsibleBody,
      method: (i) => i.method,
      status: (i) => CATALOG_STATUSES.indexOf(i.status),
      updatedAt: (i) => i.updatedAt,
      version: (i) => i.version,
    },
    sort,
  );
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const pageNo = Math.min(pages, Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));

  return {
    title: '事项目录',
    filters: { domain: domain ?? '', level: level ?? '', status: status ?? '', q },
    sort,
    total,
    truncated: total > items.length,
    page: pageNo,
    pages,
    items: sorted.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE).map((i) => ({
      id: i.id,
      name: i.name,
      domain: i.domain,
      level: i.level,
      townshipCode: i.townshipCode,
      responsibleBody: i.responsibleBody,
      method: i.method,
      channels: i.channels,
      status: i.status,
      version: i.version,
      updatedAt: i.updatedAt,
      updatedBy: i.updatedBy,
    })),
    done: url.searchParams.get('done'),
    doneName: url.searchParams.get('name'),
  };
};
