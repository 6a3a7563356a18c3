import { describe, expect, it } from 'vitest';
import { diffRows, displayValue, lastPublishedBefore } from './diff';
import { VOCAB } from './server/vocab';
import { vocabNames } from './vocab';

const names = vocabNames(VOCAB);

describe('displayValue', () => {
  it('names codes, joins lists and marks empty values', () => {
    expect(displayValue('channels', ['website', 'bulletin-board'], names)).toBe('政府网站、社区/企事业单位/村公示栏');
    expect(displayValue('method', 'proactive', names)).toBe('主动公开');
    expect(displayValue('status', 'returned', names)).toBe('已退回');
    expect(displayValue('audienceNote', null, names)).toBe('—');
    expect(displayValue('channels', [], names)).toBe('—');
    expect(displayValue('townshipCode', '130102001000', names, () => '建北街道')).toBe('建北街道');
  });
});

describe('diffRows', () => {
  const before = { name: '临时救助', channels: ['website', 'gazette'], responsibleBody: '民政局', status: 'published', audienceNote: null };
  const after = { name: '临时救助', channels: ['gazette', 'website'], responsibleBody: '区民政局', status: 'draft', audienceNote: '' };

  it('keeps the table order and flags what differs', () => {
    const rows = diffRows(before, after, names);
    expect(rows.map((r) => r.field)).toEqual(['name', 'responsibleBody', 'channels', 'audienceNote', 'status']);
    expect(rows.filter((r) => r.changed).map((r) => r.field)).toEqual(['responsibleBody', 'channels', 'status']);
    const body = rows.find((r) => r.field === 'responsibleBody')!;
    expect(body).toMatchObject({ label: '公开主体', before: '民政局', after: '区民政局' });
    // null and '' are both empty: not a change
    expect(rows.find((r) => r.field === 'audienceNote')!.changed).toBe(false);
  });

  it('lists only the changes when asked, and treats the first version as all new', () => {
    expect(diffRows(before, after, names, { changedOnly: true }).map((r) => r.label)).toEqual(['公开主体', '公开渠道和载体', '状态']);
    const first = diffRows(null, { name: 'x', audienceNote: null }, names);
    expect(first).toEqual([
      { field: 'name', label: '事项名称', before: '—', after: 'x', changed: true },
      { field: 'audienceNote', label: '公开对象说明', before: '—', after: '—', changed: false },
    ]);
  });
});

describe('lastPublishedBefore', () => {
  it('finds the newest published version older than the given one', () => {
    const v = (version: number, status: string) => ({ version, status, snapshot: {} });
    const list = [v(1, 'draft'), v(2, 'submitted'), v(3, 'published'), v(4, 'draft'), v(5, 'published'), v(6, 'submitted')];
    expect(lastPublishedBefore(list, 6)?.version).toBe(5);
    expect(lastPublishedBefore(list, 5)?.version).toBe(3);
    expect(lastPublishedBefore(list, 3)).toBeNull();
  });
});
