import { error } from '@sveltejs/kit';
import { CATALOG_LEVELS, DOMAINS, cityOf, countyByCode6, townshipsOf } from '@zwgk/core';
import { toUiError } from '$lib/server/backend-error';
import { hubClient } from '$lib/server/trpc';
import { VOCAB } from '$lib/server/vocab';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
  const county = countyByCode6(params.code);
  if (!county?.inGBT2260) error(404, { message: `没有县级行政区划 ${params.code}`, code: 'not_found' });
  const townships = townshipsOf(params.code).map((t) => ({ code: t.code, name: t.name }));
  const domainParam = url.searchParams.get('domain') ?? '';
  const levelParam = url.searchParams.get('level') ?? '';
  const townshipParam = url.searchParams.get('township') ?? '';
  const domain = DOMAINS.find((d) => d.code === domainParam)?.code;
  const level = (CATALOG_LEVELS as readonly string[]).includes(levelParam) ? (levelParam as (typeof CATALOG_LEVELS)[number]) : undefined;
  const township = townships.some((t) => t.code === townshipParam) ? townshipParam : undefined;
  let result;
  try {
    result = await hubClient().catalog.county.query({ code: params.code, ...(domain ? { domain } : {}), ...(level ? { level } : {}), ...(township ? { township } : {}) });
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    error(ui.code === 'not_found' ? 404 : ui.code === 'unavailable' ? 503 : 400, { message: ui.message, code: ui.code });
  }
  const townshipName = new Map(townships.map((t) => [t.code, t.name]));
  // one table per domain, rows grouped by 一级事项 (merged cells, as the standard table has them)
  const byDomain = new Map<string, typeof result.items>();
  for (const it of result.items) {
    const list = byDomain.get(it.domain);
    if (list) list.push(it);
    else byDomain.set(it.domain, [it]);
  }
  const sections = DOMAINS.filter((d) => byDomain.has(d.code)).map((d) => {
    const items = byDomain.get(d.code)!;
    const groups: { category: string; items: typeof items }[] = [];
    for (const it of items) {
      const cat = it.category ?? '其他事项';
      const last = groups.at(-1);
      if (last && last.category === cat) last.items.push(it);
      else groups.push({ category: cat, items: [it] });
    }
    return {
      domain: d.code,
      name: d.name,
      count: items.length,
      groups: groups.map((g) => ({
        category: g.category,
        items: g.items.map((it) => ({
          id: it.id,
          name: it.name,
          content: it.content,
          legalBasis: it.legalBasis,
          timeLimit: it.timeLimit,
          responsibleBody: it.responsibleBody,
          channels: it.channels,
          audience: it.audience,
          audienceNote: it.audienceNote,
          method: it.method,
          level: it.level,
          township: it.townshipCode ? (townshipName.get(it.townshipCode) ?? it.townshipCode) : null,
          version: it.version,
          publishedAt: it.appliedAt,
        })),
      })),
    };
  });
  const city = cityOf(params.code);
  return {
    title: `${county.name}基层政务公开标准目录`,
    county: { code: params.code, name: county.name, cityName: city?.name ?? null, cityCode: city?.code6 ?? null },
    vocab: VOCAB,
    townships,
    filters: { domain: domain ?? '', level: level ?? '', township: township ?? '' },
    total: result.total,
    sections,
  };
};
