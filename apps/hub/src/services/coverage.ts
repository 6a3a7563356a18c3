import {
  type Adoption,
  type CatalogLevel,
  type CatalogStatus,
  type CountyCoverage,
  DOMAINS,
  type Result,
  cityOf,
  cities,
  computeCoverage,
  counties as gbtCounties,
  countyByCode6,
  coveragePct,
  domainError,
  err,
  ok,
  reviewingCityCode,
  townshipsOf,
} from '@zwgk/core';
import { type HubDb, catalogExemptions, catalogItemVersions, catalogItems, standardGuidelines } from '@zwgk/db/pg';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { currentGuidelines } from './standards.js';

/** The current guideline of each domain as coverage needs it. */
async function guidelinesForCoverage(db: HubDb) {
  return (await currentGuidelines(db)).map((g) => ({
    domain: g.domain,
    version: g.version,
    items: g.items.map((i) => ({ id: i.id, domain: i.domain, category: i.category, name: i.name, levels: i.levels })),
  }));
}

export interface CountyCoverageView extends CountyCoverage {
  countyCode: string;
  countyName: string;
  cityCode: string | null;
  cityName: string | null;
}

/**
 * A county's coverage of the current guidelines (see core `computeCoverage` for the rule: only
 * published items cover; items in review are counted apart).
 */
export async function countyCoverage(db: HubDb, code: string): Promise<Result<CountyCoverageView>> {
  const county = countyByCode6(code);
  if (!county?.inGBT2260) return err(domainError('not_found', `没有县级行政区划 ${code}`));
  const [guidelines, items, exemptions] = await Promise.all([
    guidelinesForCoverage(db),
    db.execute<{
      id: string;
      domain: string;
      level: string;
      township_code: string | null;
      status: string;
      standard_item_id: string | null;
      pub_standard_item_id: string | null;
      pub_adoption: string | null;
      pub_version: string | null;
    }>(sql`
      select c.id, c.domain, c.level, c.township_code, c.status, c.standard_item_id,
        p.standard_item_id as pub_standard_item_id, p.adoption as pub_adoption, p.version::text as pub_version
      from ${catalogItems} c
      left join lateral (
        select v.standard_item_id, v.adoption, v.version from ${catalogItemVersions} v
        where v.item_id = c.id and v.status = 'published' order by v.version desc limit 1
      ) p on true
      where c.county_code = ${code} and not c.deleted`),
    db
      .select({ standardItemId: catalogExemptions.standardItemId, reason: catalogExemptions.reason })
      .from(catalogExemptions)
      .where(and(eq(catalogExemptions.countyCode, code), isNotNull(catalogExemptions.reason))),
  ]);
  const coverage = computeCoverage({
    guidelines,
    items: items.map((r) => ({
      id: r.id,
      domain: r.domain,
      level: r.level as CatalogLevel,
      townshipCode: r.township_code,
      status: r.status as CatalogStatus,
      standardItemId: r.standard_item_id,
      published: r.pub_version ? { standardItemId: r.pub_standard_item_id, adoption: (r.pub_adoption ?? 'local') as Adoption } : null,
    })),
    exemptions: exemptions.map((e) => ({ standardItemId: e.standardItemId, reason: e.reason! })),
    townships: townshipsOf(code).map((t) => ({ code: t.code, name: t.name })),
  });
  const city = cityOf(code);
  return ok({ countyCode: code, countyName: county.name, cityCode: city?.code6 ?? null, cityName: city?.name ?? null, ...coverage });
}

export const matrixQuerySchema = z
  .object({
    city: z.string().regex(/^\d{6}$/, { error: '市级代码必须是6位数字' }).optional(),
    sort: z.enum(['region', 'coverage', 'name'], { error: '排序只能是 region、coverage 或 name' }).default('region'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type MatrixQuery = z.input<typeof matrixQuerySchema>;

export interface MatrixRow {
  countyCode: string;
  countyName: string;
  cityCode: string | null;
  cityName: string | null;
  /** null when the province reviews the county (省直管) */
  reviewingCityCode: string | null;
  covered: number;
  standardItems: number;
  coveragePct: number;
  /** per domain, in the domains' order: covered of standardItems */
  domains: { domain: string; covered: number; standardItems: number; coveragePct: number }[];
}

/**
 * The province's coverage matrix: every county × every domain, from two queries (the standard
 * item counts of the current guidelines, and the covered standard items per county and domain:
 * published items' standard items together with not-applicable declarations).
 */
export async function coverageMatrix(db: HubDb, query: MatrixQuery) {
  const q = matrixQuerySchema.parse(query);
  const [totals, covered] = await Promise.all([
    db.execute<{ domain: string; n: number }>(sql`
      select g.domain, jsonb_array_length(g.items)::int as n from ${standardGuidelines} g
      where g.version = (select max(g2.version) from ${standardGuidelines} g2 where g2.domain = g.domain)`),
    db.execute<{ county_code: string; domain: string; n: number }>(sql`
      with cur as (
        select g.domain, g.items from ${standardGuidelines} g
        where g.version = (select max(g2.version) from ${standardGuidelines} g2 where g2.domain = g.domain)
      ),
      std as (select cur.domain, i->>'id' as sid from cur, jsonb_array_elements(cur.items) i),
      pub as (
        select distinct on (v.item_id) v.item_id, v.county_code, v.standard_item_id
        from ${catalogItemVersions} v
        join ${catalogItems} c on c.id = v.item_id and not c.deleted
        where v.status = 'published'
        order by v.item_id, v.version desc
      ),
      cov as (
        select county_code, standard_item_id as sid from pub where standard_item_id is not null
        union
        select county_code, standard_item_id from ${catalogExemptions} where reason is not null
      )
      select cov.county_code, std.domain, count(distinct std.sid)::int as n
      from cov join std on std.sid = cov.sid
      group by cov.county_code, std.domain`),
  ]);
  const totalOf = new Map(totals.map((t) => [t.domain, Number(t.n)]));
  const coveredOf = new Map(covered.map((c) => [`${c.county_code}:${c.domain}`, Number(c.n)]));
  const all = gbtCounties().filter((c) => !q.city || cityOf(c.code6!)?.code6 === q.city);
  let rows: MatrixRow[] = all.map((c) => {
    const code = c.code6!;
    const city = cityOf(code);
    const domains = DOMAINS.map((d) => {
      const standardItems = totalOf.get(d.code) ?? 0;
      const n = coveredOf.get(`${code}:${d.code}`) ?? 0;
      return { domain: d.code, covered: n, standardItems, coveragePct: coveragePct(n, standardItems) };
    });
    const sum = domains.reduce((a, d) => ({ c: a.c + d.covered, t: a.t + d.standardItems }), { c: 0, t: 0 });
    return {
      countyCode: code,
      countyName: c.name,
      cityCode: city?.code6 ?? null,
      cityName: city?.name ?? null,
      reviewingCityCode: reviewingCityCode(code) ?? null,
      covered: sum.c,
      standardItems: sum.t,
      coveragePct: coveragePct(sum.c, sum.t),
      domains,
    };
  });
  const dir = q.order === 'desc' ? -1 : 1;
  const byRegion = (a: MatrixRow, b: MatrixRow) =>
    (a.cityCode ?? '').localeCompare(b.cityCode ?? '') || a.countyCode.localeCompare(b.countyCode);
  rows = rows.sort((a, b) => {
    if (q.sort === 'coverage') return dir * (a.coveragePct - b.coveragePct) || byRegion(a, b);
    if (q.sort === 'name') return dir * a.countyName.localeCompare(b.countyName, 'zh-Hans-CN') || byRegion(a, b);
    return dir * byRegion(a, b);
  });
  const sum = rows.reduce((a, r) => ({ c: a.c + r.covered, t: a.t + r.standardItems }), { c: 0, t: 0 });
  const cityRows = cities()
    .map((city) => {
      const own = rows.filter((r) => r.cityCode === city.code6);
      const s = own.reduce((a, r) => ({ c: a.c + r.covered, t: a.t + r.standardItems }), { c: 0, t: 0 });
      return { cityCode: city.code6!, cityName: city.name, counties: own.length, coveragePct: coveragePct(s.c, s.t) };
    })
    .filter((c) => c.counties > 0);
  return {
    domains: DOMAINS.map((d) => ({ domain: d.code, name: d.name, standardItems: totalOf.get(d.code) ?? 0 })),
    summary: { counties: rows.length, covered: sum.c, standardItems: sum.t, coveragePct: coveragePct(sum.c, sum.t), cities: cityRows },
    rows,
  };
}
