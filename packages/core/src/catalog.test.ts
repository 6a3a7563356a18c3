import { describe, expect, it } from 'vitest';
import {
  type CatalogItem,
  type CatalogItemInput,
  type CatalogScope,
  catalogScope,
  patchCatalogItem,
  validateCatalogItem,
} from './catalog.js';
import type { FieldIssue, Result } from './result.js';

const changan = catalogScope('130102')!;
const JIANBEI = '130102001000'; // 建北街道, 长安区
const QIAOXI_TOWNSHIP = '130104001000'; // a township of 桥西区

const valid = {
  domain: 'work-safety',
  level: 'county',
  name: '安全生产行政许可',
  content: '许可事项、条件、程序、结果',
  legalBasis: '《安全生产法》',
  timeLimit: '自信息形成或者变更之日起20个工作日内',
  responsibleBody: '县应急管理局',
  method: 'proactive',
  channels: ['website', 'service-center'],
  audience: 'public',
};

const ELEMENTS = [
  'name',
  'content',
  'legalBasis',
  'timeLimit',
  'responsibleBody',
  'method',
  'channels',
  'audience',
] as const;

function fieldsOf(r: Result<CatalogItemInput>): string[] {
  expect(r.ok).toBe(false);
  if (r.ok) return [];
  expect(r.error.code).toBe('validation_failed');
  return (r.error.details as { fields: FieldIssue[] }).fields.map((f) => f.field);
}

/** The top-level element each issue names (`channels.1` names `channels`). */
const elementsOf = (r: Result<CatalogItemInput>) => [...new Set(fieldsOf(r).map((f) => f.split('.')[0]))];

describe('catalogScope', () => {
  it('lists the townships of a county and nothing for an unknown code', () => {
    expect(changan.code).toBe('130102');
    expect(changan.townshipCodes.has(JIANBEI)).toBe(true);
    expect(changan.townshipCodes.has(QIAOXI_TOWNSHIP)).toBe(false);
    expect(catalogScope('999999')).toBeUndefined();
    expect(catalogScope('130100')).toBeUndefined();
  });
});

describe('validateCatalogItem', () => {
  it('accepts a valid item and normalises it', () => {
    const r = validateCatalogItem({ ...valid, name: '  安全生产行政许可  ' }, changan);
    expect(r).toEqual({
      ok: true,
      value: { ...valid, townshipCode: null, audienceNote: null, category: null, standardItemId: null, nextReviewOn: null },
    });
  });

  it.each(ELEMENTS)('missing %s is reported on exactly that field', (element) => {
    const input: Record<string, unknown> = { ...valid };
    delete input[element];
    const r = validateCatalogItem(input, changan);
    expect(fieldsOf(r)).toEqual([element]);
  });

  it('says a missing text element is empty rather than of the wrong type', () => {
    const { name: _name, ...input } = valid;
    const r = validateCatalogItem(input, changan);
    expect(!r.ok && r.error.details).toEqual({ fields: [{ field: 'name', message: '事项名称不能为空' }] });
  });

  const malformed: [element: (typeof ELEMENTS)[number], value: unknown][] = [
    ['name', 5],
    ['name', ''],
    ['name', '   '],
    ['name', 'x'.repeat(201)],
    ['content', null],
    ['content', ''],
    ['legalBasis', ['《安全生产法》']],
    ['legalBasis', ''],
    ['timeLimit', {}],
    ['timeLimit', '\t'],
    ['responsibleBody', true],
    ['responsibleBody', ''],
    ['method', 'withheld'],
    ['method', 'sometimes'],
    ['method', 1],
    ['channels', 'website'],
    ['channels', []],
    ['channels', ['fax']],
    ['channels', ['website', 'fax']],
    ['channels', ['website', 'website']],
    ['channels', [1]],
    ['audience', 'everyone'],
    ['audience', ''],
  ];
  it.each(malformed)('malformed %s (%j) is reported on exactly that field', (element, value) => {
    const r = validateCatalogItem({ ...valid, [element]: value }, changan);
    expect(elementsOf(r)).toEqual([element]);
  });

  it('names the offending channel', () => {
    expect(fieldsOf(validateCatalogItem({ ...valid, channels: ['website', 'fax'] }, changan))).toEqual(['channels.1']);
  });

  it('reports every element that is wrong at once', () => {
    const r = validateCatalogItem({ ...valid, name: '', method: 'x', channels: [] }, changan);
    expect(elementsOf(r).sort()).toEqual(['channels', 'method', 'name']);
  });

  it('reports an unknown key on that key', () => {
    expect(fieldsOf(validateCatalogItem({ ...valid, status: 'published' }, changan))).toEqual(['status']);
  });

  it('rejects a domain outside the 26 and a level other than county or township', () => {
    expect(fieldsOf(validateCatalogItem({ ...valid, domain: 'space' }, changan))).toEqual(['domain']);
    expect(fieldsOf(validateCatalogItem({ ...valid, level: 'village' }, changan))).toEqual(['level']);
  });

  it('requires a note naming the group when the audience is specific', () => {
    expect(fieldsOf(validateCatalogItem({ ...valid, audience: 'specific' }, changan))).toEqual(['audienceNote']);
    const r = validateCatalogItem({ ...valid, audience: 'specific', audienceNote: '辖区内农户' }, changan);
    expect(r.ok && r.value.audienceNote).toBe('辖区内农户');
  });

  describe('township items', () => {
    const township = { ...valid, level: 'township', responsibleBody: '建北街道办事处' };

    it('need a township', () => {
      expect(fieldsOf(validateCatalogItem(township, changan))).toEqual(['townshipCode']);
      expect(fieldsOf(validateCatalogItem({ ...township, townshipCode: null }, changan))).toEqual(['townshipCode']);
    });

    it('need a township of that county', () => {
      const r = validateCatalogItem({ ...township, townshipCode: QIAOXI_TOWNSHIP }, changan);
      expect(fieldsOf(r)).toEqual(['townshipCode']);
      expect(fieldsOf(validateCatalogItem({ ...township, townshipCode: '130102' }, changan))).toEqual(['townshipCode']);
      expect(fieldsOf(validateCatalogItem({ ...township, townshipCode: 130102001000 }, changan))).toEqual([
        'townshipCode',
      ]);
    });

    it('pass with a township of that county', () => {
      const r = validateCatalogItem({ ...township, townshipCode: JIANBEI }, changan);
      expect(r.ok && r.value.townshipCode).toBe(JIANBEI);
    });

    it('a county item may not name a township', () => {
      expect(fieldsOf(validateCatalogItem({ ...valid, townshipCode: JIANBEI }, changan))).toEqual(['townshipCode']);
    });

    it('check membership against the given scope', () => {
      const scope: CatalogScope = { code: '130104', townshipCodes: new Set([QIAOXI_TOWNSHIP]) };
      expect(validateCatalogItem({ ...township, townshipCode: QIAOXI_TOWNSHIP }, scope).ok).toBe(true);
      expect(fieldsOf(validateCatalogItem({ ...township, townshipCode: JIANBEI }, scope))).toEqual(['townshipCode']);
    });
  });
});

describe('patchCatalogItem', () => {
  const current = (() => {
    const r = validateCatalogItem(valid, changan);
    if (!r.ok) throw new Error('fixture is invalid');
    return r.value;
  })();

  it('applies a patch and validates the merged item', () => {
    const r = patchCatalogItem(current, { name: '新名称', channels: ['gazette'] }, changan);
    expect(r).toEqual({ ok: true, value: { ...current, name: '新名称', channels: ['gazette'] } });
  });

  it('rejects a patch that breaks an element', () => {
    expect(fieldsOf(patchCatalogItem(current, { name: '' }, changan))).toEqual(['name']);
    expect(fieldsOf(patchCatalogItem(current, { method: 'withheld' }, changan))).toEqual(['method']);
    expect(fieldsOf(patchCatalogItem(current, { legalBasis: null }, changan))).toEqual(['legalBasis']);
  });

  it('validates rules spanning fields against the merged item', () => {
    expect(fieldsOf(patchCatalogItem(current, { level: 'township' }, changan))).toEqual(['townshipCode']);
    expect(fieldsOf(patchCatalogItem(current, { level: 'township', townshipCode: QIAOXI_TOWNSHIP }, changan))).toEqual([
      'townshipCode',
    ]);
    const r = patchCatalogItem(current, { level: 'township', townshipCode: JIANBEI }, changan);
    expect(r.ok && r.value).toMatchObject({ level: 'township', townshipCode: JIANBEI });
    expect(fieldsOf(patchCatalogItem(current, { audience: 'specific' }, changan))).toEqual(['audienceNote']);
  });

  it('accepts a stored item as the base but not a patch of its bookkeeping fields', () => {
    const stored: CatalogItem = {
      ...current,
      id: 'c1',
      countyCode: '130102',
      status: 'draft',
      version: 3,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
    };
    const r = patchCatalogItem(stored, { timeLimit: '即时' }, changan);
    expect(r).toEqual({ ok: true, value: { ...current, timeLimit: '即时' } });
    expect(fieldsOf(patchCatalogItem(stored, { status: 'published', version: 9 }, changan)).sort()).toEqual([
      'status',
      'version',
    ]);
  });
});
