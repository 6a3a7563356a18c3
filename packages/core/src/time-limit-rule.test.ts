import { describe, expect, it } from 'vitest';
import { catalogItemSchema } from './catalog.js';
import { parseTimeLimit } from './catalog-sheet/time-limit.js';
import { STARTING_STANDARDS } from './standards.js';
import { describeTimeLimitRule, readTimeLimitRule, timeLimitRuleSchema } from './time-limit-rule.js';

const described = (phrase: string) => describeTimeLimitRule(parseTimeLimit(phrase).rule);

describe('describeTimeLimitRule', () => {
  it.each([
    ['信息形成或变更之日起20个工作日内', '形成或变更后20个工作日'],
    ['自信息形成或者变更之日起20个工作日内予以公开', '形成或变更后20个工作日'],
    ['自制作或获取该信息之日起20个工作日内公开', '制作或获取后20个工作日'],
    ['决定作出之日起7个工作日内', '决定作出后7个工作日'],
    ['本级人民代表大会或其常务委员会批准后20日内', '本级人民代表大会或其常务委员会批准后20日'],
    ['合同签订之日起7天内', '合同签订后7日'],
    ['20个工作日内', '20个工作日内'],
    ['会议召开5个工作日前', '会议召开前5个工作日'],
    ['项目开工前', '项目开工前'],
    ['实时公开', '实时'],
    ['即时公开', '实时'],
    ['永久公开', '长期'],
    ['长期公开', '长期'],
    ['半年至少更新1次', '每半年至少1次'],
    ['每年至少公开两次', '每年至少2次'],
    ['按季度更新', '每季度'],
    ['每月', '每月'],
  ])('「%s」 → 「%s」', (phrase, text) => {
    expect(described(phrase)).toBe(text);
  });

  it('names a rule with no event text by its kind of event', () => {
    expect(describeTimeLimitRule({ kind: 'afterEvent', days: 5, event: 'approved', eventText: '' })).toBe('批准后5日');
    expect(describeTimeLimitRule({ kind: 'beforeEvent', workingDays: 3, eventText: '' })).toBe('事件发生前3个工作日');
  });

  it('says nothing when there is no rule', () => {
    expect(describeTimeLimitRule(null)).toBe('');
    expect(describeTimeLimitRule(undefined)).toBe('');
    expect(described('及时公开')).toBe('');
  });

  it('describes every rule the starting standards yield', () => {
    for (const s of STARTING_STANDARDS) {
      const rule = parseTimeLimit(s.timeLimit).rule;
      if (rule) expect(describeTimeLimitRule(rule)).not.toBe('');
    }
  });
});

describe('timeLimitRuleSchema', () => {
  it('accepts what parseTimeLimit produces', () => {
    for (const phrase of ['信息形成或变更之日起20个工作日内', '批准后20日内', '实时公开', '永久公开', '半年至少更新1次', '项目开工前']) {
      const rule = parseTimeLimit(phrase).rule;
      expect(timeLimitRuleSchema.parse(rule)).toEqual(rule);
    }
  });

  it('reads an unknown or malformed rule as none', () => {
    expect(readTimeLimitRule({ kind: 'someday' })).toBeNull();
    expect(readTimeLimitRule({ kind: 'periodic', every: 'decade' })).toBeNull();
    expect(readTimeLimitRule(null)).toBeNull();
    expect(readTimeLimitRule({ kind: 'realTime' })).toEqual({ kind: 'realTime' });
  });
});

describe('catalog.item/1 with timeLimitRule', () => {
  const item = {
    id: 'x',
    countyCode: '130102',
    status: 'draft',
    version: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    domain: 'social-assistance',
    level: 'county',
    townshipCode: null,
    name: '低保',
    content: '内容',
    legalBasis: '依据',
    timeLimit: '实时公开',
    responsibleBody: '民政局',
    method: 'proactive',
    channels: ['website'],
    audience: 'public',
    audienceNote: null,
  };

  it('stays compatible with bodies written before the rule existed', () => {
    expect(catalogItemSchema.parse(item).timeLimitRule).toBeNull();
  });

  it('carries the rule, and reads one it does not understand as none', () => {
    expect(catalogItemSchema.parse({ ...item, timeLimitRule: { kind: 'realTime' } }).timeLimitRule).toEqual({ kind: 'realTime' });
    expect(catalogItemSchema.parse({ ...item, timeLimitRule: { kind: 'someday' } }).timeLimitRule).toBeNull();
  });
});
