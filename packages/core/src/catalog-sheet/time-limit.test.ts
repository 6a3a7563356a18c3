import { describe, expect, it } from 'vitest';
import { type TimeLimitRule, parseTimeLimit } from './time-limit.js';

const after = (workingDays: number, event: string, eventText: string): TimeLimitRule =>
  ({ kind: 'afterEvent', workingDays, event, eventText }) as TimeLimitRule;

describe('parseTimeLimit', () => {
  it.each<[string, TimeLimitRule | null]>([
    ['信息形成或变更之日起20个工作日内', after(20, 'formedOrChanged', '信息形成或变更')],
    ['自信息形成或者变更之日起20个工作日内', after(20, 'formedOrChanged', '信息形成或者变更')],
    ['自信息形成或者变更之日起20个工作日内予以公开', after(20, 'formedOrChanged', '信息形成或者变更')],
    ['公开事项信息形成或变更之日起20个工作日内公开', after(20, 'formedOrChanged', '信息形成或变更')],
    ['公开事项 信息形成 或变更之 日起20个 工作日内 公开', after(20, 'formedOrChanged', '信息形成或变更')],
    [
      '信息形成或者变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的,从其规定。',
      after(20, 'formedOrChanged', '信息形成或者变更'),
    ],
    ['信息形成或变更之日起二十个工作日内', after(20, 'formedOrChanged', '信息形成或变更')],
    ['信息形成或变更之日起２０个工作日内', after(20, 'formedOrChanged', '信息形成或变更')],
    ['制定或获取信息之日起10个工作日内', after(10, 'madeOrObtained', '制定或获取信息')],
    ['自制作或获取该信息之日起20个工作日内公开', after(20, 'madeOrObtained', '制作或获取该信息')],
    ['信息形成之日起20个工作日内', after(20, 'formed', '信息形成')],
    ['信息形成20个工 作日内公开', after(20, 'formed', '信息形成')],
    ['分配结果确定后20个工作日内', after(20, 'determined', '分配结果确定')],
    ['决定作出之日起7个工作日内', after(7, 'decided', '决定作出')],
    ['20个工作日内', after(20, 'unspecified', '')],
    [
      '本级人民代表大会或其常务委员会批准后20日内',
      { kind: 'afterEvent', days: 20, event: 'approved', eventText: '本级人民代表大会或其常务委员会批准' },
    ],
    ['批准后20日内', { kind: 'afterEvent', days: 20, event: 'approved', eventText: '批准' }],
    ['合同签订之日起7天内', { kind: 'afterEvent', days: 7, event: 'signed', eventText: '合同签订' }],
    ['实时公开', { kind: 'realTime' }],
    ['实时更新', { kind: 'realTime' }],
    ['即时公开', { kind: 'realTime' }],
    ['永久公开', { kind: 'longTerm' }],
    ['长期公开', { kind: 'longTerm' }],
    ['常年公开', { kind: 'longTerm' }],
    ['半年至少更新1次', { kind: 'periodic', every: 'halfYear', times: 1 }],
    ['每年至少公开两次', { kind: 'periodic', every: 'year', times: 2 }],
    ['每季度更新一次', { kind: 'periodic', every: 'quarter', times: 1 }],
    ['按季度', { kind: 'periodic', every: 'quarter' }],
    ['按季度更新', { kind: 'periodic', every: 'quarter' }],
    ['每月', { kind: 'periodic', every: 'month' }],
    ['每年', { kind: 'periodic', every: 'year' }],
    ['每年3月31日前公开上一年度情况', { kind: 'periodic', every: 'year' }],
    ['会议召开5个工作日前', { kind: 'beforeEvent', workingDays: 5, eventText: '会议召开' }],
    ['会议召开前5个工作日', { kind: 'beforeEvent', workingDays: 5, eventText: '会议召开' }],
    ['征地补偿安置方案批准前公开', { kind: 'beforeEvent', eventText: '征地补偿安置方案批准' }],
    ['项目开工前', { kind: 'beforeEvent', eventText: '项目开工' }],
  ])('%s', (phrase, rule) => {
    expect(parseTimeLimit(phrase).rule).toEqual(rule);
  });

  it.each([
    // two rules in one cell: not guessed
    '执法决定信息在决定作出之日起7个工作日内公开,其他相关信息形成或变更之日起20个工作日内公开',
    // no deadline at all
    '及时公开',
    '随时更新',
    '',
    '按规定',
  ])('gives no rule for 「%s」', (phrase) => {
    expect(parseTimeLimit(phrase).rule).toBeNull();
  });

  it('keeps the phrase, without the spaces of a wrapped cell', () => {
    expect(parseTimeLimit(' 公开事项 信息形成 或变更之 日起20个 工作日内 公开 ').phrase).toBe(
      '公开事项信息形成或变更之日起20个工作日内公开',
    );
    expect(parseTimeLimit('及时公开').phrase).toBe('及时公开');
    expect(parseTimeLimit(null)).toEqual({ phrase: '', rule: null });
  });
});
