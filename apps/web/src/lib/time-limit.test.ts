import { describe, expect, it } from 'vitest';
import { readingHint, readingSentence, timeLimitReading } from './time-limit';

describe('timeLimitReading', () => {
  it('reads a stored rule as a few words', () => {
    const r = timeLimitReading('信息形成或变更之日起20个工作日内', { kind: 'afterEvent', workingDays: 20, event: 'formedOrChanged', eventText: '信息形成或变更' });
    expect(r).toEqual({ phrase: '信息形成或变更之日起20个工作日内', recognised: true, text: '形成或变更后20个工作日' });
    expect(readingSentence(r)).toBe('已识别：形成或变更后20个工作日');
    expect(readingHint(r)).toBe('时限：形成或变更后20个工作日');
  });

  it('says so when there is no rule, or one it cannot read', () => {
    for (const rule of [null, undefined, { kind: 'someday' }]) {
      const r = timeLimitReading('及时公开', rule);
      expect(r.recognised).toBe(false);
      expect(readingSentence(r)).toBe('未能识别为结构化规则，将按原文公开');
    }
    expect(timeLimitReading(undefined, { kind: 'periodic', every: 'halfYear', times: 1 }).text).toBe('每半年至少1次');
  });
});
