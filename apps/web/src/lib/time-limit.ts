/**
 * What the system recognised in a 公开时限 phrase, for the consoles: the structured rule the
 * county node derived when the item was saved, read back as a few Chinese words. Pure.
 */
import { describeTimeLimitRule, readTimeLimitRule } from '@zwgk/core';

export interface TimeLimitReading {
  /** the phrase the reading is about, as saved */
  phrase: string;
  recognised: boolean;
  /** 「形成或变更后20个工作日」; empty when not recognised */
  text: string;
}

/** The reading of a saved item (or a version snapshot): its phrase and its stored rule. */
export function timeLimitReading(phrase: unknown, rule: unknown): TimeLimitReading {
  const text = describeTimeLimitRule(readTimeLimitRule(rule));
  return { phrase: typeof phrase === 'string' ? phrase : '', recognised: text !== '', text };
}

/** The sentence under the form field. */
export const readingSentence = (r: TimeLimitReading): string =>
  r.recognised ? `已识别：${r.text}` : '未能识别为结构化规则，将按原文公开';

/** The short hint in lists and history. */
export const readingHint = (r: TimeLimitReading): string => (r.recognised ? `时限：${r.text}` : '时限未能结构化，按原文公开');
