import type { Adoption, CatalogLevel, CatalogStatus } from './catalog.js';
import { DOMAINS, type DomainCode } from './domains.js';

/**
 * Catalog coverage (覆盖情况): for each standard item of a domain's current guideline, whether the
 * county has adopted it, adapted it, declared it not applicable (with a reason), or is missing it.
 *
 * Counting rule: an item covers its standard item only once a version of it has been published
 * (approved by the level above); items in review are shown separately (`inReview`) and do not
 * count. A published item covers its standard item even when a not-applicable declaration also
 * exists (the declaration is then moot). Coverage % = (adopted + adapted + notApplicable) / total.
 */
export type CoverageState = 'adopted' | 'adapted' | 'notApplicable' | 'missing';

export interface CoverageStandardItem {
  id: string;
  domain: string;
  category: string;
  name: string;
  levels: readonly CatalogLevel[];
}

export interface CoverageGuideline {
  domain: string;
  version: number;
  items: readonly CoverageStandardItem[];
}

export interface CoverageCatalogItem {
  id: string;
  domain: string;
  level: CatalogLevel;
  townshipCode: string | null;
  /** from the item's latest published version; null when never published */
  published: { standardItemId: string | null; adoption: Adoption } | null;
  /** the item's current (working) state */
  status: CatalogStatus;
  standardItemId: string | null;
}

export interface CoverageExemption {
  standardItemId: string;
  reason: string;
}

export interface StandardItemCoverage {
  standardItemId: string;
  category: string;
  name: string;
  state: CoverageState;
  reason: string | null;
  /** published catalog items implementing it */
  itemIds: string[];
  /** a version implementing it is waiting for review */
  inReview: boolean;
}

export interface CoverageCounts {
  standardItems: number;
  adopted: number;
  adapted: number;
  notApplicable: number;
  missing: number;
  inReview: number;
  /** published items with no standard item */
  local: number;
  /** (adopted + adapted + notApplicable) / standardItems × 100, one decimal; 100 when there are no standard items */
  coveragePct: number;
}

export interface DomainCoverage extends CoverageCounts {
  domain: string;
  name: string;
  version: number | null;
  items: StandardItemCoverage[];
}

export interface TownshipCoverage {
  code: string;
  name: string;
  /** township-level items with a published version */
  publishedItems: number;
  /** township-level items, any status */
  items: number;
}

export interface CountyCoverage {
  totals: CoverageCounts;
  domains: DomainCoverage[];
  townships: TownshipCoverage[];
}

export const coveragePct = (covered: number, total: number): number =>
  total === 0 ? 100 : Math.round((covered / total) * 1000) / 10;

const emptyCounts = (): CoverageCounts => ({
  standardItems: 0,
  adopted: 0,
  adapted: 0,
  notApplicable: 0,
  missing: 0,
  inReview: 0,
  local: 0,
  coveragePct: 100,
});

function finish(c: CoverageCounts): CoverageCounts {
  c.coveragePct = coveragePct(c.adopted + c.adapted + c.notApplicable, c.standardItems);
  return c;
}

/** Coverage of one county against the current guideline of each domain. Pure: the caller loads the data. */
export function computeCoverage(input: {
  guidelines: readonly CoverageGuideline[];
  items: readonly CoverageCatalogItem[];
  exemptions: readonly CoverageExemption[];
  townships?: readonly { code: string; name: string }[];
}): CountyCoverage {
  const published = new Map<string, CoverageCatalogItem[]>();
  const reviewing = new Set<string>();
  const localByDomain = new Map<string, number>();
  for (const it of input.items) {
    if (it.published) {
      const sid = it.published.standardItemId;
      if (sid) {
        const list = published.get(sid);
        if (list) list.push(it);
        else published.set(sid, [it]);
      } else {
        localByDomain.set(it.domain, (localByDomain.get(it.domain) ?? 0) + 1);
      }
    }
    if (it.status === 'submitted' && it.standardItemId) reviewing.add(it.standardItemId);
  }
  const exempt = new Map(input.exemptions.map((e) => [e.standardItemId, e.reason]));
  const byDomain = new Map(input.guidelines.map((g) => [g.domain, g]));

  const totals = emptyCounts();
  const domains: DomainCoverage[] = DOMAINS.map((d) => {
    const g = byDomain.get(d.code);
    const counts = emptyCounts();
    const items: StandardItemCoverage[] = (g?.items ?? []).map((s) => {
      const implementing = published.get(s.id) ?? [];
      const inReview = reviewing.has(s.id);
      let state: CoverageState;
      if (implementing.some((i) => i.published?.adoption === 'adopted')) state = 'adopted';
      else if (implementing.length) state = 'adapted';
      else if (exempt.has(s.id)) state = 'notApplicable';
      else state = 'missing';
      counts.standardItems++;
      counts[state]++;
      if (inReview) counts.inReview++;
      return {
        standardItemId: s.id,
        category: s.category,
        name: s.name,
        state,
        reason: state === 'notApplicable' ? (exempt.get(s.id) ?? null) : null,
        itemIds: implementing.map((i) => i.id),
        inReview,
      };
    });
    counts.local = localByDomain.get(d.code) ?? 0;
    for (const k of ['standardItems', 'adopted', 'adapted', 'notApplicable', 'missing', 'inReview', 'local'] as const) {
      totals[k] += counts[k];
    }
    return { domain: d.code, name: d.name, version: g?.version ?? null, ...finish(counts), items };
  });

  const townships = (input.townships ?? []).map((t) => {
    const own = input.items.filter((i) => i.level === 'township' && i.townshipCode === t.code);
    return { code: t.code, name: t.name, items: own.length, publishedItems: own.filter((i) => i.published).length };
  });
  return { totals: finish(totals), domains, townships };
}

/** One cell of the province matrix: a county's coverage of one domain. */
export interface CoverageCell {
  domain: DomainCode;
  standardItems: number;
  covered: number;
  coveragePct: number;
}
