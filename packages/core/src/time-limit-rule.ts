import { z } from 'zod';
import { PERIODS, type Period, TIME_LIMIT_EVENTS, type TimeLimitEvent, type TimeLimitRule } from './catalog-sheet/time-limit.js';

/**
 * The structured 公开时限 rule (see `parseTimeLimit`) as it is stored and federated beside the
 * official phrase, and its short Chinese reading for the consoles and the public catalog.
 */

const count = z.number().int().positive().max(10_000);

export const timeLimitRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('afterEvent'),
    workingDays: count.optional(),
    days: count.optional(),
    event: z.enum(TIME_LIMIT_EVENTS),
    eventText: z.string().max(200),
  }),
  z.object({ kind: z.literal('beforeEvent'), workingDays: count.optional(), days: count.optional(), eventText: z.string().max(200) }),
  z.object({ kind: z.literal('realTime') }),
  z.object({ kind: z.literal('longTerm') }),
  z.object({ kind: z.literal('periodic'), every: z.enum(PERIODS), times: count.optional() }),
]);

/** A stored or received rule, or null when it is absent or not one this version understands. */
export function readTimeLimitRule(value: unknown): TimeLimitRule | null {
  const parsed = timeLimitRuleSchema.safeParse(value);
  return parsed.success ? (parsed.data as TimeLimitRule) : null;
}

/** The event named the same way whatever the phrase's spelling (「信息形成或者变更」 → 「形成或变更」). */
const EVENT_NAMES: Partial<Record<TimeLimitEvent, string>> = {
  formedOrChanged: '形成或变更',
  madeOrObtained: '制作或获取',
};

const FALLBACK_EVENT_NAMES: Record<TimeLimitEvent, string> = {
  formedOrChanged: '形成或变更',
  madeOrObtained: '制作或获取',
  formed: '形成',
  changed: '变更',
  approved: '批准',
  decided: '决定作出',
  determined: '结果确定',
  received: '受理',
  signed: '签订',
  completed: '办结',
  unspecified: '',
  other: '事件发生',
};

export const PERIOD_NAMES: Record<Period, string> = { month: '每月', quarter: '每季度', halfYear: '每半年', year: '每年' };

const span = (r: { workingDays?: number; days?: number }): string =>
  r.workingDays !== undefined ? `${r.workingDays}个工作日` : r.days !== undefined ? `${r.days}日` : '';

/**
 * The rule in a few words: 「形成或变更后20个工作日」「批准后20日」「会议召开前5个工作日」「实时」「长期」
 * 「每半年至少1次」. It says what the system computes with; the official phrase stays what is published.
 */
export function describeTimeLimitRule(rule: TimeLimitRule | null | undefined): string {
  if (!rule) return '';
  switch (rule.kind) {
    case 'realTime':
      return '实时';
    case 'longTerm':
      return '长期';
    case 'periodic':
      return rule.times !== undefined ? `${PERIOD_NAMES[rule.every]}至少${rule.times}次` : PERIOD_NAMES[rule.every];
    case 'afterEvent': {
      const period = span(rule);
      if (rule.event === 'unspecified') return `${period}内`;
      const event = EVENT_NAMES[rule.event] ?? (rule.eventText.trim() || FALLBACK_EVENT_NAMES[rule.event]);
      return `${event}后${period}`;
    }
    case 'beforeEvent': {
      const event = rule.eventText.trim() || '事件发生';
      return `${event}前${span(rule)}`;
    }
  }
}
