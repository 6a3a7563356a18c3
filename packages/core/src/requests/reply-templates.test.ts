import { describe, expect, it } from 'vitest';
import { OUTCOME_CODES } from './outcomes.js';
import {
  PROCEDURAL_DOCUMENT_KINDS,
  REPLY_DOCUMENT_KINDS,
  countyOrgans,
  fillReplyTemplate,
  replyTemplate,
  type ReplyRequestData,
} from './reply-templates.js';

const request: ReplyRequestData = {
  trackingNo: '130102-2025-000007',
  applicantName: '王小明',
  receivedOn: '2025-03-24',
  description: '申请公开2024年度本区城乡低保资金发放汇总表',
  dueOn: '2025-04-22',
  deliveryFormName: '纸质',
};
const ctx = { countyCode: '130102', date: '2025-04-10' };

const fill = (kind: (typeof REPLY_DOCUMENT_KINDS)[number], over: Partial<ReplyRequestData> = {}, c: Record<string, unknown> = {}) => {
  const r = fillReplyTemplate(kind, { ...request, ...over }, { ...ctx, ...c });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('standard reply texts', () => {
  it('has a template for every outcome row and every procedural letter', () => {
    expect(REPLY_DOCUMENT_KINDS).toHaveLength(OUTCOME_CODES.length + PROCEDURAL_DOCUMENT_KINDS.length);
    for (const kind of REPLY_DOCUMENT_KINDS) {
      const t = replyTemplate(kind);
      expect(t.kind).toBe(kind);
      expect(t.articles.length).toBeGreaterThan(0);
      expect(t.remedies).toBe((OUTCOME_CODES as readonly string[]).includes(kind));
    }
  });

  it.each(OUTCOME_CODES)('fills the %s reply with the request, its articles and the remedies', (code) => {
    const d = fill(code);
    const text = d.paragraphs.join('\n');
    expect(d.title).toBe('政府信息公开申请答复书');
    expect(d.addressee).toBe('王小明：');
    expect(text).toContain('130102-2025-000007');
    expect(text).toContain('2025年3月24日');
    expect(text).toContain('申请公开2024年度本区城乡低保资金发放汇总表');
    expect(text).toContain('《中华人民共和国政府信息公开条例》第');
    for (const a of d.articles) expect(text).toContain(/第[一二三四五六七八九十]+条/.exec(a)?.[0] ?? a);
    expect(d.remedies).toContain('60日内向石家庄市人民政府申请行政复议');
    expect(d.remedies).toContain('6个月内向有管辖权的人民法院提起行政诉讼');
    expect(d.paragraphs.at(-1)).toBe(d.remedies);
    expect(d.issuer).toBe('长安区人民政府');
    expect(d.docNo).toBe('长安政信公开〔2025〕　号');
    expect(d.dateText).toBe('2025年4月10日');
  });

  it('cites the right articles for the withheld grounds', () => {
    expect(fill('withheldStateSecret').paragraphs.join('')).toContain('第十四条');
    expect(fill('withheldThirdPartyRights').paragraphs.join('')).toContain('第十五条');
    expect(fill('withheldProcessInfo').paragraphs.join('')).toContain('第十六条第二款');
    expect(fill('unavailableNeedsCreation').paragraphs.join('')).toContain('第三十八条');
    expect(fill('notProcessedPetition').paragraphs.join('')).toContain('第三十九条第一款');
    expect(fill('partial').paragraphs.join('')).toContain('第三十七条');
  });

  it('sends 省直管 counties to the province for administrative review', () => {
    expect(countyOrgans('130181')).toMatchObject({ government: '辛集市人民政府', reviewBody: '河北省人民政府' });
    const d = fill('granted', {}, { countyCode: '130181' });
    expect(d.remedies).toContain('向河北省人民政府申请行政复议');
  });

  it('fills the procedural letters', () => {
    const ack = fill('acknowledgement');
    expect(ack.remedies).toBeNull();
    expect(ack.paragraphs.join('')).toMatch(/第三十一条[\s\S]*第三十三条[\s\S]*2025年4月22日前/);

    const corr = fill('correctionNotice', {}, { correction: { items: ['请写明所需信息的年度和发文单位'], workingDays: 10 } });
    const corrText = corr.paragraphs.join('\n');
    expect(corrText).toContain('第三十条');
    expect(corrText).toContain('1. 请写明所需信息的年度和发文单位');
    expect(corrText).toContain('10个工作日内');
    expect(corrText).toContain('重新计算');

    const ext = fill('extensionNotice', {}, { extension: { workingDays: 20, newDueOn: '2025-05-23', originalDueOn: '2025-04-22' } });
    expect(ext.paragraphs.join('')).toMatch(/第三十三条第一款[\s\S]*延长20个工作日[\s\S]*2025年5月23日前/);
    expect(fillReplyTemplate('extensionNotice', request, ctx).ok).toBe(false);

    const tp = fill('thirdPartyConsultation', {}, { thirdParty: { name: '河北某某科技有限公司', replyBy: '2025-05-06' } });
    expect(tp.addressee).toBe('河北某某科技有限公司：');
    const tpText = tp.paragraphs.join('');
    expect(tpText).toContain('第三十二条');
    expect(tpText).toContain('15个工作日内（即2025年5月6日前）');
    expect(tpText).toContain('逾期未提出意见的');
  });

  it('addresses an organisation by its name and refuses an unknown county or kind', () => {
    expect(fill('granted', { organisationName: '河北某某科技有限公司' }).addressee).toBe('河北某某科技有限公司：');
    expect(fillReplyTemplate('granted', request, { ...ctx, countyCode: '999999' }).ok).toBe(false);
    expect(fillReplyTemplate('nope' as 'granted', request, ctx).ok).toBe(false);
  });
});
