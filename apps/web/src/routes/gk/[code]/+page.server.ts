import { error } from '@sveltejs/kit';
import { DOMAINS, cityOf, countyByCode6 } from '@zwgk/core';
import { toUiError } from '$lib/server/backend-error';
import { config } from '$lib/server/env';
import { hubClient } from '$lib/server/trpc';
import { feedPath } from '$lib/server/records-public';
import type { UiError } from '$lib/errors';
import type { PageServerLoad } from './$types';

/**
 * A county's 政府信息公开专栏, laid out as 国办公开办函〔2019〕61号 asks: 指南, 制度, 法定主动公开内容
 * by domain (the county's published records and catalog items), 年度报告; and the negative list
 * (负面清单) the seed asks to publish "便于群众监督".
 */
const SECTIONS = ['guide', 'rules', 'negative-list', 'reports'] as const;
type Section = (typeof SECTIONS)[number] | 'content';
const PAGE_SIZE = 20;

interface NegativeListEntry {
  id: string;
  category: string;
  content: string;
  legalBasis: string;
  reviewOn: string;
}

/** The county's negative list as the hub publishes it; the hub has no tRPC procedure for it, only REST. */
async function publishedNegativeList(code: string): Promise<{ updatedAt: string | null; entries: NegativeListEntry[] }> {
  const res = await fetch(`${config().hubUrl}/api/v1/negative-list?county=${code}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`hub answered ${res.status}`);
  const body = (await res.json()) as { items?: { countyCode: string; updatedAt: string; entries: NegativeListEntry[] }[] };
  const mine = body.items?.find((i) => i.countyCode === code);
  return { updatedAt: mine?.updatedAt ?? null, entries: mine?.entries ?? [] };
}

export const load: PageServerLoad = async ({ params, url }) => {
  const county = countyByCode6(params.code);
  if (!county?.inGBT2260) error(404, { message: `没有县级行政区划 ${params.code}`, code: 'not_found' });
  const sp = url.searchParams;
  const sectionParam = sp.get('section') ?? '';
  const section: Section = (SECTIONS as readonly string[]).includes(sectionParam) ? (sectionParam as Section) : 'content';
  const domain = section === 'content' ? DOMAINS.find((d) => d.code === sp.get('domain'))?.code : undefined;
  const page = Math.max(1, Math.min(500, Number(sp.get('page')) || 1));
  const hub = hubClient();

  let loadError: UiError | null = null;
  let counts: Record<string, number> = {};
  let countsExact = true;
  let records: {
    id: string;
    title: string;
    indexNo: string;
    issuingBody: string | null;
    writtenOn: string | null;
    publishedOn: string;
    validity: string;
  }[] = [];
  let total = 0;
  let items: { id: string; name: string; category: string | null; timeLimit: string; responsibleBody: string }[] = [];
  let negativeList: { updatedAt: string | null; entries: NegativeListEntry[] } | null = null;
  try {
    // facet counts for the tree (all domains), and the list for the chosen domain
    const [all, list, catalog] = await Promise.all([
      hub.search.query.query({ region: params.code, pageSize: 1 }),
      section === 'content' ? hub.search.query.query({ region: params.code, ...(domain ? { domain } : {}), page, pageSize: PAGE_SIZE }) : null,
      domain ? hub.catalog.county.query({ code: params.code, domain }).catch(() => null) : null,
    ]);
    if (section === 'negative-list') negativeList = await publishedNegativeList(params.code);
    counts = Object.fromEntries(all.facets.domain.map((f) => [f.value, f.count]));
    countsExact = all.facetsExact;
    if (list) {
      total = list.total;
      // the search hit has no issuing body or written date: read those from each record (one batched call)
      const full = await Promise.all(list.items.map((it) => hub.records.get.query({ id: it.id }).catch(() => null)));
      records = list.items.map((it, i) => ({
        id: it.id,
        title: it.title,
        indexNo: it.indexNo,
        issuingBody: full[i]?.issuingBody ?? null,
        writtenOn: full[i]?.writtenOn ?? null,
        publishedOn: it.publishedOn,
        validity: it.validity,
      }));
    }
    items = (catalog?.items ?? []).map((it) => ({
      id: it.id,
      name: it.name,
      category: it.category ?? null,
      timeLimit: it.timeLimit,
      responsibleBody: it.responsibleBody,
    }));
  } catch (e) {
    loadError = toUiError(e, '省级平台');
  }

  const city = cityOf(params.code);
  const domainName = domain ? DOMAINS.find((d) => d.code === domain)!.name : null;
  return {
    title: `${county.name}政府信息公开专栏${domainName ? ` · ${domainName}` : ''}`,
    county: { code: params.code, name: county.name, cityName: city?.name ?? null },
    section,
    domain: domain ?? '',
    domainName,
    domains: DOMAINS.map((d) => ({ code: d.code, no: d.no, name: d.name, count: counts[d.code] ?? 0 })),
    countsExact,
    page,
    pages: Math.max(1, Math.min(500, Math.ceil(total / PAGE_SIZE))),
    total,
    records,
    catalogItems: items,
    negativeList,
    loadError,
    // the portal's own addresses of the hub's feeds: the county's, and the chosen domain's
    feeds: {
      county: { atom: feedPath('atom', params.code), rss: feedPath('rss', params.code) },
      domain: domain ? { atom: feedPath('atom', params.code, domain), rss: feedPath('rss', params.code, domain) } : null,
    },
  };
};
