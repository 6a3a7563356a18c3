import { describe, expect, it } from 'vitest';
import {
  type RecordState,
  DEFAULT_INDEX_PATTERN,
  applyRecordAction,
  formatIndexNumber,
  highlight,
  htmlToText,
  infoRecordEventBodySchema,
  parseRecordTransition,
  snippet,
  validateIndexPattern,
  validateRecordInput,
} from '../index.js';

const scope = { countyCode: '130102', townshipCodes: new Set(['130102001000']) };
const input = {
  title: '关于印发临时救助实施办法的通知',
  body: '<p>正文</p>',
  issuingBody: '某县民政局',
  writtenOn: '2025-03-01',
  domain: 'social-assistance',
  attribute: 'proactive',
};

const state = (over: Partial<RecordState> = {}): RecordState => ({
  status: 'submitted',
  attribute: 'proactive',
  withheldGround: null,
  validity: 'valid',
  createdBy: 'editor',
  publishedOn: null,
  expiredOn: null,
  ...over,
});
const t = (v: unknown) => {
  const r = parseRecordTransition(v);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

describe('record input', () => {
  it('accepts a proactive draft and defaults target groups', () => {
    const r = validateRecordInput(input, scope);
    expect(r.ok && r.value.targetGroups).toEqual([]);
  });
  it('requires a legal ground for withheld, and refuses one otherwise', () => {
    const w = validateRecordInput({ ...input, attribute: 'withheld' }, scope);
    expect(!w.ok && w.error.details).toMatchObject({ fields: [{ field: 'withheldGround' }] });
    const p = validateRecordInput({ ...input, withheldGround: '《条例》第十四条' }, scope);
    expect(p.ok).toBe(false);
  });
  it("refuses another county's township and unknown fields", () => {
    expect(validateRecordInput({ ...input, townshipCode: '130104001000' }, scope).ok).toBe(false);
    expect(validateRecordInput({ ...input, status: 'published' }, scope).ok).toBe(false);
  });
});

describe('record workflow', () => {
  it('approves with the proposed attribute, to approved', () => {
    const r = applyRecordAction(state(), t({ action: 'approve' }), 'reviewer', '2025-03-05');
    expect(r.ok && r.value).toMatchObject({ status: 'approved', attribute: 'proactive', label: '此件公开发布', federate: false });
  });
  it('changing the attribute needs a reason and is reported', () => {
    const bad = applyRecordAction(state(), t({ action: 'approve', attribute: 'onRequest' }), 'reviewer', '2025-03-05');
    expect(!bad.ok && bad.error.code).toBe('validation_failed');
    const r = applyRecordAction(state(), t({ action: 'approve', attribute: 'onRequest', reason: '涉及特定群体' }), 'reviewer', '2025-03-05');
    expect(r.ok && r.value).toMatchObject({
      status: 'approved',
      label: '此件依申请公开',
      attributeChange: { from: 'proactive', to: 'onRequest', reason: '涉及特定群体' },
    });
  });
  it('approving as withheld keeps it withheld and needs a legal ground', () => {
    const noGround = applyRecordAction(state(), t({ action: 'approve', attribute: 'withheld', reason: '涉密' }), 'reviewer', '2025-03-05');
    expect(noGround.ok).toBe(false);
    const r = applyRecordAction(
      state(),
      t({ action: 'approve', attribute: 'withheld', reason: '涉及国家秘密', withheldGround: '《政府信息公开条例》第十四条' }),
      'reviewer',
      '2025-03-05',
    );
    expect(r.ok && r.value).toMatchObject({ status: 'withheld', label: null, federate: false });
  });
  it('a reviewer cannot review their own draft', () => {
    const r = applyRecordAction(state({ createdBy: 'reviewer' }), t({ action: 'approve' }), 'reviewer', '2025-03-05');
    expect(!r.ok && r.error.code).toBe('forbidden');
  });
  it('publish, expire, repeal and withdraw federate; wrong states are invalid_state', () => {
    const p = applyRecordAction(state({ status: 'approved' }), t({ action: 'publish' }), 'admin', '2025-03-06');
    expect(p.ok && p.value).toMatchObject({ status: 'published', publishedOn: '2025-03-06', federate: true });
    const pub = state({ status: 'published', publishedOn: '2025-03-06' });
    const e = applyRecordAction(pub, t({ action: 'expire', on: '2026-01-01' }), 'admin', '2026-01-01');
    expect(e.ok && e.value).toMatchObject({ validity: 'expired', expiredOn: '2026-01-01', federate: true });
    expect(applyRecordAction(pub, t({ action: 'expire', on: '2025-01-01' }), 'admin', '2026-01-01').ok).toBe(false);
    expect(applyRecordAction({ ...pub, validity: 'repealed' }, t({ action: 'repeal' }), 'admin', '2026-01-01').ok).toBe(false);
    const w = applyRecordAction(pub, t({ action: 'withdraw', reason: '内容有误' }), 'admin', '2026-01-01');
    expect(w.ok && w.value).toMatchObject({ status: 'withdrawn', federate: true });
    const d = applyRecordAction(state({ status: 'draft' }), t({ action: 'publish' }), 'admin', '2026-01-01');
    expect(!d.ok && d.error.code).toBe('invalid_state');
  });
  it('an unknown action is a validation error', () => {
    expect(parseRecordTransition({ action: 'delete' }).ok).toBe(false);
  });
});

describe('index numbers', () => {
  it('formats the default pattern with the region code', () => {
    expect(formatIndexNumber(DEFAULT_INDEX_PATTERN, { region: '130102', year: 2025, seq: 7 })).toBe('130102-2025-000007');
    expect(formatIndexNumber('{region}/{domain}-{year}-{seq:4}', { region: '130102', year: 2025, seq: 12, domain: 'social-assistance' })).toBe(
      '130102/20-2025-0012',
    );
  });
  it('refuses patterns that would not be unique province-wide', () => {
    expect(validateIndexPattern('{year}-{seq:6}').ok).toBe(false);
    expect(validateIndexPattern('{region}-{seq:6}').ok).toBe(false);
    expect(validateIndexPattern('{region}-{year}-{seq}-{bogus}').ok).toBe(false);
    expect(validateIndexPattern('{region}-{year}-{seq}-{seq}').ok).toBe(false);
    expect(validateIndexPattern('ZW{region}-{year}-{seq:8}').ok).toBe(true);
  });
});

describe('text and snippets', () => {
  it('extracts text from HTML', () => {
    expect(htmlToText('<p>第一段&amp;</p><p>第二段</p><table><tr><td>甲</td><td>乙</td></tr></table>')).toBe('第一段&\n第二段\n甲 乙');
  });
  it('escapes everything but the marks', () => {
    expect(highlight('<script>alert(1)</script>救助', ['救助'])).toBe('&lt;script&gt;alert(1)&lt;/script&gt;<mark>救助</mark>');
    expect(highlight('社会救助与临时救助', ['社会救助', '救助'])).toBe('<mark>社会救助</mark>与临时<mark>救助</mark>');
  });
  it('cuts a window around the first hit', () => {
    const s = snippet(`${'甲'.repeat(300)}补偿${'乙'.repeat(300)}`, ['补偿'], 40);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('<mark>补偿</mark>');
  });
});

describe('info.record body', () => {
  it('refuses a withheld attribute', () => {
    const r = infoRecordEventBodySchema.safeParse({
      op: 'upsert',
      record: {
        id: 'x', countyCode: '130102', townshipCode: null, version: 3, indexNo: '130102-2025-000001', title: 't', body: '',
        issuingBody: 'b', docNo: null, writtenOn: '2025-01-01', publishedOn: '2025-01-02', domain: 'social-assistance',
        catalogItemId: null, attribute: 'withheld', label: 'x', validity: 'valid', validFrom: null, expiredOn: null,
        repealedOn: null, targetGroups: [], updatedAt: new Date().toISOString(),
      },
    });
    expect(r.success).toBe(false);
  });
});
