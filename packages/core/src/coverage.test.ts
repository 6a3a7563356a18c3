import { describe, expect, it } from 'vitest';
import { type CoverageCatalogItem, computeCoverage, coveragePct } from './coverage.js';

const std = (domain: string, n: number) => ({
  id: `${domain}.${String(n).padStart(2, '0')}`,
  domain,
  category: '一级',
  name: `${domain} ${n}`,
  levels: ['county' as const],
});

const item = (id: string, domain: string, over: Partial<CoverageCatalogItem> = {}): CoverageCatalogItem => ({
  id,
  domain,
  level: 'county',
  townshipCode: null,
  status: 'published',
  standardItemId: null,
  published: null,
  ...over,
});

describe('computeCoverage', () => {
  /**
   * Hand-computed example. social-assistance has 4 standard items, elderly-care 2:
   *   sa.01 adopted (published, adopted)           → adopted
   *   sa.02 adapted (published, adapted) + in review again → adapted, inReview
   *   sa.03 only submitted, never published         → missing, inReview
   *   sa.04 declared not applicable                 → notApplicable
   *   ec.01 published adapted AND declared n/a      → adapted (an item beats a declaration)
   *   ec.02 nothing                                 → missing
   * plus one published local item in elderly-care, a draft local one (not counted), and a township item.
   * social-assistance: 3 of 4 covered = 75 %; elderly-care: 1 of 2 = 50 %; total 4 of 6 = 66.7 %.
   */
  const T1 = '130102001000';
  const result = computeCoverage({
    guidelines: [
      { domain: 'social-assistance', version: 2, items: [1, 2, 3, 4].map((n) => std('social-assistance', n)) },
      { domain: 'elderly-care', version: 1, items: [1, 2].map((n) => std('elderly-care', n)) },
    ],
    items: [
      item('a', 'social-assistance', { standardItemId: 'social-assistance.01', published: { standardItemId: 'social-assistance.01', adoption: 'adopted' } }),
      item('b', 'social-assistance', {
        status: 'submitted',
        standardItemId: 'social-assistance.02',
        published: { standardItemId: 'social-assistance.02', adoption: 'adapted' },
      }),
      item('c', 'social-assistance', { status: 'submitted', standardItemId: 'social-assistance.03' }),
      item('d', 'elderly-care', { standardItemId: 'elderly-care.01', published: { standardItemId: 'elderly-care.01', adoption: 'adapted' } }),
      item('e', 'elderly-care', { published: { standardItemId: null, adoption: 'local' } }),
      item('f', 'elderly-care', { status: 'draft' }),
      item('g', 'elderly-care', { level: 'township', townshipCode: T1, published: { standardItemId: null, adoption: 'local' } }),
    ],
    exemptions: [
      { standardItemId: 'social-assistance.04', reason: '本县无此类对象，依据……' },
      { standardItemId: 'elderly-care.01', reason: '已有事项，声明作废' },
    ],
    townships: [
      { code: T1, name: '建北街道' },
      { code: '130102002000', name: '青园街道' },
    ],
  });

  it('counts each standard item once in the right state', () => {
    const sa = result.domains.find((d) => d.domain === 'social-assistance')!;
    expect(sa.items.map((i) => [i.standardItemId, i.state, i.inReview])).toEqual([
      ['social-assistance.01', 'adopted', false],
      ['social-assistance.02', 'adapted', true],
      ['social-assistance.03', 'missing', true],
      ['social-assistance.04', 'notApplicable', false],
    ]);
    expect(sa.items[3]!.reason).toBe('本县无此类对象，依据……');
    expect(sa).toMatchObject({ version: 2, standardItems: 4, adopted: 1, adapted: 1, notApplicable: 1, missing: 1, inReview: 2, local: 0, coveragePct: 75 });
    const ec = result.domains.find((d) => d.domain === 'elderly-care')!;
    expect(ec).toMatchObject({ standardItems: 2, adopted: 0, adapted: 1, notApplicable: 0, missing: 1, local: 2, coveragePct: 50 });
    expect(ec.items[0]).toMatchObject({ state: 'adapted', reason: null, itemIds: ['d'] });
  });

  it('sums the totals and lists every domain, those without a guideline at 100 %', () => {
    expect(result.totals).toEqual({
      standardItems: 6,
      adopted: 1,
      adapted: 2,
      notApplicable: 1,
      missing: 2,
      inReview: 2,
      local: 2,
      coveragePct: 66.7,
    });
    expect(result.domains).toHaveLength(26);
    expect(result.domains.find((d) => d.domain === 'health-care')).toMatchObject({ version: null, standardItems: 0, coveragePct: 100 });
  });

  it('counts township-level items per township', () => {
    expect(result.townships).toEqual([
      { code: T1, name: '建北街道', items: 1, publishedItems: 1 },
      { code: '130102002000', name: '青园街道', items: 0, publishedItems: 0 },
    ]);
    expect(coveragePct(1, 3)).toBe(33.3);
  });
});
