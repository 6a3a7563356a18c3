import { STARTING_GUIDELINES } from '@zwgk/core';
import { describe, expect, it } from 'vitest';
import { type WorkingStandardItem, compareWorkingCopy, workingFingerprint } from './standards-admin';

const current = STARTING_GUIDELINES.find((g) => g.domain === 'social-assistance')!.items;
const work = (over: Partial<WorkingStandardItem>[] = []): WorkingStandardItem[] =>
  current.map((i, n) => ({ ...i, retiredAt: null, updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'prov', ...(over[n] ?? {}) }));

describe('compareWorkingCopy', () => {
  it('an untouched working copy has nothing to publish', () => {
    const c = compareWorkingCopy(work(), current);
    expect(c.pending).toBe(0);
    expect(c.rows.every((r) => r.state === 'same')).toBe(true);
  });

  it('names each state: changed fields, retired items that will be removed, new items', () => {
    const w = work([{ timeLimit: '实时公开' }, { retiredAt: '2025-02-01T00:00:00.000Z' }]);
    w.push({ ...current[0]!, id: 'social-assistance.99', name: '新事项', retiredAt: null, updatedAt: '', updatedBy: 'prov' });
    w.push({ ...current[0]!, id: 'social-assistance.98', name: '停用的新事项', retiredAt: '2025-02-01T00:00:00.000Z', updatedAt: '', updatedBy: 'prov' });
    const c = compareWorkingCopy(w, current);
    expect(c.rows[0]).toMatchObject({ state: 'changed', changedFields: ['timeLimit'] });
    expect(c.rows[1]!.state).toBe('removing');
    expect(c.rows.find((r) => r.item.id === 'social-assistance.99')!.state).toBe('added');
    expect(c.rows.find((r) => r.item.id === 'social-assistance.98')!.state).toBe('retired');
    expect(c.diff.added.map((i) => i.id)).toEqual(['social-assistance.99']);
    expect(c.diff.removed.map((i) => i.id)).toEqual([current[1]!.id]);
    expect(c.pending).toBe(3);
  });

  it('with no published version, every active item is new', () => {
    const c = compareWorkingCopy(work(), null);
    expect(c.pending).toBe(current.length);
  });
});

describe('workingFingerprint', () => {
  it('changes with the content to publish, not with bookkeeping or order', () => {
    const a = workingFingerprint(work());
    expect(workingFingerprint([...work()].reverse())).toBe(a);
    expect(workingFingerprint(work([{ updatedBy: 'someone else' }]))).toBe(a);
    expect(workingFingerprint(work([{ name: '改名' }]))).not.toBe(a);
    expect(workingFingerprint(work([{ retiredAt: '2025-02-01T00:00:00.000Z' }]))).not.toBe(a);
  });
});
