import { describe, expect, it } from 'vitest';
import { catalogItemToForm, parseChannels, readCatalogForm, toCatalogInput } from './catalog-form';
import { fieldErrors } from './errors';

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe('parseChannels', () => {
  it('returns every checked channel once, in the catalog order', () => {
    const f = form([
      ['channels', 'bulletin-board'],
      ['channels', 'website'],
      ['channels', 'website'],
      ['channels', ' hotline-12345 '],
    ]);
    expect(parseChannels(f)).toEqual(['website', 'bulletin-board', 'hotline-12345']);
  });
  it('gives an empty list when nothing is checked, and keeps unknown codes last for the node to reject', () => {
    expect(parseChannels(form([]))).toEqual([]);
    expect(parseChannels(form([['channels', 'pigeon'], ['channels', 'gazette'], ['channels', '']]))).toEqual([
      'gazette',
      'pigeon',
    ]);
  });
  it('ignores files posted under the name', () => {
    const f = form([['channels', 'website']]);
    f.append('channels', new Blob(['x']), 'x.txt');
    expect(parseChannels(f)).toEqual(['website']);
  });
});

describe('readCatalogForm / toCatalogInput', () => {
  const base: [string, string][] = [
    ['domain', 'social-assistance'],
    ['level', 'county'],
    ['townshipCode', '130102001000'],
    ['name', '最低生活保障对象名单'],
    ['content', '保障对象、人数和金额'],
    ['legalBasis', ''],
    ['timeLimit', '20个工作日内'],
    ['responsibleBody', '民政局'],
    ['method', 'proactive'],
    ['channels', 'website'],
    ['audience', 'public'],
    ['audienceNote', '残疾人'],
  ];

  it('keeps what was typed and sends empty required text as is (the node names it)', () => {
    const v = readCatalogForm(form(base));
    expect(v.legalBasis).toBe('');
    const input = toCatalogInput(v);
    expect(input.legalBasis).toBe('');
    expect(input.channels).toEqual(['website']);
  });

  it('drops the township for a county-level item and the note for 全社会', () => {
    const input = toCatalogInput(readCatalogForm(form(base)));
    expect(input.townshipCode).toBeNull();
    expect(input.audienceNote).toBeNull();
  });

  it('keeps the township for a township item and the note for a specific audience', () => {
    const f = form(
      base.map(([k, v]): [string, string] =>
        k === 'level' ? [k, 'township'] : k === 'audience' ? [k, 'specific'] : [k, v],
      ),
    );
    const input = toCatalogInput(readCatalogForm(f));
    expect(input.townshipCode).toBe('130102001000');
    expect(input.audienceNote).toBe('残疾人');
  });

  it('reads missing fields as empty strings', () => {
    const v = readCatalogForm(form([]));
    expect(v.name).toBe('');
    expect(v.channels).toEqual([]);
    expect(toCatalogInput(v).townshipCode).toBeNull();
  });

  it('round-trips an item for the edit form', () => {
    const v = catalogItemToForm({
      domain: 'social-assistance',
      level: 'township',
      townshipCode: '130102001000',
      name: 'n',
      content: 'c',
      legalBasis: 'l',
      timeLimit: 't',
      responsibleBody: 'r',
      method: 'onRequest',
      channels: ['website'],
      audience: 'public',
      audienceNote: null,
    });
    expect(v.audienceNote).toBe('');
    expect(toCatalogInput(v)).toMatchObject({ townshipCode: '130102001000', method: 'onRequest', audienceNote: null });
  });
});

describe('fieldErrors', () => {
  it('keys messages by the first path segment and joins repeats', () => {
    expect(
      fieldErrors({
        fields: [
          { field: 'legalBasis', message: '公开依据不能为空' },
          { field: 'channels.1', message: '公开渠道不在渠道列表中' },
          { field: 'channels.2', message: '公开渠道不在渠道列表中' },
          { field: 'channels', message: '公开渠道有重复' },
          { field: '', message: '提交的内容有误' },
        ],
      }),
    ).toEqual({
      legalBasis: '公开依据不能为空',
      channels: '公开渠道不在渠道列表中；公开渠道有重复',
      '(root)': '提交的内容有误',
    });
  });
  it('ignores anything that is not a field list', () => {
    expect(fieldErrors(undefined)).toEqual({});
    expect(fieldErrors({ fields: 'x' })).toEqual({});
    expect(fieldErrors({ fields: [{ field: 1, message: 'x' }, null] })).toEqual({});
  });
});
