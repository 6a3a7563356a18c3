import { describe, expect, it } from 'vitest';
import { emptyCatalogForm } from './catalog-form';
import {
  adoptOverrides,
  daysBetween,
  readExemptionForm,
  readIds,
  readReviewForm,
  readStandardForm,
  toStandardInput,
} from './console-forms';

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe('readReviewForm', () => {
  it('requires comments to return an item', () => {
    const r = readReviewForm(form([['id', 'a1'], ['version', '3'], ['decision', 'return'], ['comments', '  ']]));
    expect(r.error).toMatch(/必须填写审核意见/);
    expect(r.values).toEqual({ id: 'a1', version: 3, decision: 'return', comments: '' });
  });
  it('approves without comments and ignores a bad version', () => {
    const r = readReviewForm(form([['id', 'a1'], ['version', 'x'], ['decision', 'approve']]));
    expect(r.error).toBeNull();
    expect(r.values.version).toBeUndefined();
  });
  it('refuses an unknown decision', () => {
    expect(readReviewForm(form([['id', 'a1'], ['decision', 'publish']])).error).toBe('请选择审核结论');
  });
});

describe('readIds', () => {
  it('keeps each selected id once', () => {
    expect(readIds(form([['ids', 'b'], ['ids', 'a'], ['ids', 'b'], ['ids', ' ']]))).toEqual(['b', 'a']);
  });
});

describe('readExemptionForm', () => {
  it('wants a reason of at least five characters', () => {
    expect(readExemptionForm(form([['standardItemId', 'x.01'], ['reason', '不适用']])).error).toMatch(/至少5个字/);
    expect(readExemptionForm(form([['standardItemId', 'x.01'], ['reason', ' 本县无此类项目建设 ']]))).toEqual({
      standardItemId: 'x.01',
      reason: '本县无此类项目建设',
      error: null,
    });
  });
});

describe('adoptOverrides', () => {
  const standard = {
    name: '临时救助',
    content: '救助对象',
    legalBasis: '《社会救助暂行办法》',
    timeLimit: '20个工作日内',
    responsibleBody: '县级民政部门',
    method: 'proactive',
    channels: ['website', 'bulletin-board'],
    audience: 'public',
    audienceNote: null,
  };
  const values = {
    ...emptyCatalogForm(),
    ...standard,
    channels: ['bulletin-board', 'website'],
    audienceNote: '',
  };
  it('is empty when nothing was changed (adopted as is)', () => {
    expect(adoptOverrides(standard, values)).toEqual({});
  });
  it('sends only the changed elements', () => {
    expect(adoptOverrides(standard, { ...values, responsibleBody: '长安区民政局', channels: ['website'] })).toEqual({
      responsibleBody: '长安区民政局',
      channels: ['website'],
    });
    expect(adoptOverrides(standard, { ...values, audience: 'specific', audienceNote: '低保家庭' })).toEqual({
      audience: 'specific',
      audienceNote: '低保家庭',
    });
  });
});

describe('standard item form', () => {
  it('reads lists once each and drops the note for 全社会', () => {
    const v = readStandardForm(
      form([
        ['category', ' 救助 '],
        ['name', '名单'],
        ['channels', 'website'],
        ['channels', 'website'],
        ['levels', 'county'],
        ['levels', 'township'],
        ['audience', 'public'],
        ['audienceNote', '不应发送'],
      ]),
    );
    expect(v.channels).toEqual(['website']);
    expect(toStandardInput(v)).toMatchObject({ category: '救助', levels: ['county', 'township'], audienceNote: null });
  });
});

describe('daysBetween', () => {
  it('counts calendar days, negative when past', () => {
    expect(daysBetween('2025-03-01', '2025-03-31')).toBe(30);
    expect(daysBetween('2025-03-01', '2025-02-27')).toBe(-2);
  });
});
