import { describe, expect, it } from 'vitest';
import {
  catalogActionsFrom,
  deriveAdoption,
  diffSnapshots,
  nextCatalogStatus,
  nextReviewAfterPublication,
  oneYearAfter,
  reviewDue,
  withDiffs,
} from './catalog-review.js';
import { catalogExemptionBodySchema, catalogReviewBodySchema, exemptionReasonSchema } from './catalog-events.js';
import { catalogItemSchema } from './catalog.js';
import { CURRENT_SCHEMAS, isAcceptedSchema } from './envelope.js';
import { STARTING_STANDARDS } from './standards.js';

describe('catalog review workflow', () => {
  it('goes draft → submitted → returned → (edit keeps returned) → submitted → published → (edit) draft', () => {
    const steps = [
      ['draft', 'submit', 'submitted'],
      ['submitted', 'return', 'returned'],
      ['returned', 'edit', 'returned'],
      ['returned', 'submit', 'submitted'],
      ['submitted', 'approve', 'published'],
      ['published', 'edit', 'draft'],
      ['submitted', 'withdraw', 'draft'],
    ] as const;
    for (const [from, action, to] of steps) expect(nextCatalogStatus(from, action)).toEqual({ ok: true, value: to });
  });

  it('refuses what the state does not allow with invalid_state', () => {
    for (const [from, action] of [
      ['draft', 'approve'],
      ['draft', 'return'],
      ['published', 'submit'],
      ['submitted', 'edit'],
      ['submitted', 'delete'],
      ['submitted', 'submit'],
      ['returned', 'approve'],
    ] as const) {
      const r = nextCatalogStatus(from, action);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid_state', details: { status: from, action } });
    }
    expect(catalogActionsFrom('submitted')).toEqual(['withdraw', 'approve', 'return']);
  });

  it('sets the next review date one year after publication unless a later one is set', () => {
    expect(oneYearAfter('2024-02-29')).toBe('2025-02-28');
    expect(nextReviewAfterPublication(null, '2025-03-10T08:00:00.000Z')).toBe('2026-03-10');
    expect(nextReviewAfterPublication('2025-12-31', '2025-03-10T08:00:00.000Z')).toBe('2025-12-31');
    expect(nextReviewAfterPublication('2025-01-01', '2025-03-10T08:00:00.000Z')).toBe('2026-03-10');
    expect(reviewDue('2025-04-01', '2025-03-10')).toEqual({ due: true, overdue: false, daysLeft: 22 });
    expect(reviewDue('2025-03-01', '2025-03-10')).toEqual({ due: true, overdue: true, daysLeft: -9 });
    expect(reviewDue('2025-06-01', '2025-03-10').due).toBe(false);
  });
});

describe('adoption', () => {
  const std = STARTING_STANDARDS[0]!;
  const copy = {
    standardItemId: std.id,
    category: std.category,
    name: std.name,
    content: std.content,
    legalBasis: std.legalBasis,
    timeLimit: std.timeLimit,
    responsibleBody: std.responsibleBody,
    method: std.method,
    channels: [...std.channels].reverse(),
    audience: std.audience,
    audienceNote: std.audienceNote,
  };
  it('is adopted for an unchanged copy (channel order does not matter), adapted when localised, local without a standard', () => {
    expect(deriveAdoption(copy, std)).toEqual({ adoption: 'adopted', differences: [] });
    expect(deriveAdoption({ ...copy, responsibleBody: '某县某局' }, std)).toEqual({
      adoption: 'adapted',
      differences: ['responsibleBody'],
    });
    expect(deriveAdoption({ ...copy, standardItemId: null }, std).adoption).toBe('local');
    expect(deriveAdoption(copy, undefined).adoption).toBe('adapted');
  });
});

describe('version diffs', () => {
  it('lists changed fields between consecutive versions, ignoring bookkeeping', () => {
    expect(diffSnapshots({ name: 'a', version: 1, status: 'draft' }, { name: 'b', version: 2, status: 'draft' })).toEqual([
      { field: 'name', label: '事项名称', before: 'a', after: 'b' },
    ]);
    const v = withDiffs([
      { version: 2, status: 'submitted' as const, snapshot: { name: 'a', status: 'submitted' } },
      { version: 1, status: 'draft' as const, snapshot: { name: 'a', status: 'draft' } },
    ]);
    expect(v.map((x) => x.version)).toEqual([1, 2]);
    expect(v[1]!.changes).toEqual([{ field: 'status', label: '状态', before: 'draft', after: 'submitted' }]);
  });
});

describe('federation bodies', () => {
  it('accepts a catalog.item body written before the new fields, with defaults', () => {
    const old = {
      id: 'x',
      countyCode: '130102',
      status: 'draft',
      version: 1,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      domain: 'social-assistance',
      level: 'county',
      townshipCode: null,
      name: 'n',
      content: 'c',
      legalBasis: 'l',
      timeLimit: 't',
      responsibleBody: 'r',
      method: 'proactive',
      channels: ['website'],
      audience: 'public',
      audienceNote: null,
    };
    expect(catalogItemSchema.parse(old)).toMatchObject({ category: null, standardItemId: null, adoption: 'local', nextReviewOn: null });
    expect(CURRENT_SCHEMAS['catalog.item']).toBe(1);
    for (const k of ['standard.guideline', 'catalog.review', 'catalog.exemption']) expect(isAcceptedSchema(k, `${k}/1`)).toBe(true);
  });

  it('checks review and exemption bodies', () => {
    expect(
      catalogReviewBodySchema.safeParse({
        reviewId: 'r',
        itemId: 'i',
        version: 2,
        decision: 'approve',
        comments: '',
        reviewer: 'sjz',
        decidedAt: '2025-01-01T00:00:00.000Z',
      }).success,
    ).toBe(true);
    expect(
      catalogExemptionBodySchema.safeParse({
        standardItemId: 'social-assistance.01',
        countyCode: '130102',
        reason: null,
        version: 2,
        at: '2025-01-01T00:00:00.000Z',
      }).success,
    ).toBe(true);
    expect(exemptionReasonSchema.safeParse('不适用').success).toBe(false);
    expect(exemptionReasonSchema.safeParse('本县无国有土地上房屋征收项目').success).toBe(true);
  });
});
