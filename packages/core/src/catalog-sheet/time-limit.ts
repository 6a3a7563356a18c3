import { despace, fold, toNumber } from './text.js';

/**
 * 公开时限: the official phrase is what the catalog shows; the structured rule, where the phrase
 * allows one, is what a deadline engine can compute with. Phrases come in many spellings
 * (「信息形成或变更之日起20个工作日内」「自信息形成或者变更之日起20个工作日内予以公开」「批准后20日内」
 * 「半年至少更新1次」「实时公开」「永久公开」…); when a phrase is not understood with confidence the
 * rule is null and the phrase is kept as written.
 */

/** The event a period runs from (or up to). */
export const TIME_LIMIT_EVENTS = [
  'formedOrChanged', // 信息形成或变更
  'madeOrObtained', // 制作（制定、形成）或获取
  'formed', // 形成、制作、制定、生成
  'changed', // 变更、调整
  'approved', // 批准、审批、批复、核准
  'decided', // 决定作出
  'determined', // 结果确定、确认、审定
  'received', // 受理、收到
  'signed', // 合同签订
  'completed', // 办结、完成、竣工
  'unspecified', // 「20个工作日内公开」: no event named
  'other', // named, but none of the above: see eventText
] as const;
export type TimeLimitEvent = (typeof TIME_LIMIT_EVENTS)[number];

export const PERIODS = ['month', 'quarter', 'halfYear', 'year'] as const;
export type Period = (typeof PERIODS)[number];

export type TimeLimitRule =
  /** within N (working) days after an event; a period does not count the day it starts */
  | { kind: 'afterEvent'; workingDays?: number; days?: number; event: TimeLimitEvent; eventText: string }
  /** N (working) days before an event, or simply before it when no period is named */
  | { kind: 'beforeEvent'; workingDays?: number; days?: number; eventText: string }
  /** 实时公开, 即时公开, 实时更新 */
  | { kind: 'realTime' }
  /** 长期公开, 永久公开, 常年公开 */
  | { kind: 'longTerm' }
  /** every period, or at least `times` times per period (「半年至少更新1次」) */
  | { kind: 'periodic'; every: Period; times?: number };

export interface ParsedTimeLimit {
  /** the phrase as it should be shown: trimmed, with the spaces of a wrapped cell removed */
  phrase: string;
  rule: TimeLimitRule | null;
}

const NUM = '(\\d+|[一二两三四五六七八九十]+)';
const UNIT = '(个工作日|工作日|个自然日|自然日|日|天)';
// 「3月31日」 is a date, not a period
const PERIOD_RE = new RegExp(`(?<![月年\\d])${NUM}\\s*${UNIT}`, 'g');

function classify(eventText: string): TimeLimitEvent {
  const t = eventText;
  if (t === '') return 'unspecified';
  if (/(形成|生成|产生|制作|制定)(或者?|和|、|\/)(变更|变化|调整|更新)/.test(t)) return 'formedOrChanged';
  if (/(制作|制定|形成|产生|生成)(或者?|和|、|\/)获取/.test(t)) return 'madeOrObtained';
  if (/批准|审批|批复|核准|审核通过/.test(t)) return 'approved';
  if (/决定(作出|做出)|(作出|做出)(\S*)决定|决定之日/.test(t)) return 'decided';
  if (/确定|确认|审定|认定/.test(t)) return 'determined';
  if (/受理|收到|接收/.test(t)) return 'received';
  if (/签订|签署|订立/.test(t)) return 'signed';
  if (/办结|完成|结束|竣工|验收/.test(t)) return 'completed';
  if (/形成|生成|产生|制作|制定|发布|印发/.test(t)) return 'formed';
  if (/变更|变化|调整/.test(t)) return 'changed';
  return 'other';
}

/** The words in front of the event that carry no meaning of their own. */
const cleanEventText = (s: string): string =>
  s
    .replace(/^(公开事项|相关|须在|应在|应当在|应于|一般在|自|从|于|在)+/, '')
    .replace(/(之日起|之日后|之日|以后|之后|后|起)$/, '')
    .replace(/^(自|从|于|在)/, '')
    .replace(/[,;:，；：]$/, '')
    .trim();

const days = (n: number, unit: string): { workingDays: number } | { days: number } =>
  unit.includes('工作日') ? { workingDays: n } : { days: n };

/** Clauses that only repeat the law (「法律、法规对政府信息公开的期限另有规定的，从其规定」) carry no rule. */
const dropBoilerplate = (s: string): string =>
  s.replace(/[。;；,，]?(法律|法律、法规|法律法规)[^。;；]*另有规定[^。;；]*(从其规定|的除外)[。]?/g, '').replace(/[。;；]+$/, '');

export function parseTimeLimit(input: string | null | undefined): ParsedTimeLimit {
  const phrase = despace(input ?? '');
  const s = dropBoilerplate(fold(phrase).replace(/\s+/g, ''));
  return { phrase, rule: s === '' ? null : ruleOf(s) };
}

function ruleOf(s: string): TimeLimitRule | null {
  const periods = [...s.matchAll(PERIOD_RE)];
  const periodic = periodicOf(s);

  if (periods.length === 0) {
    if (periodic) return periodic;
    if (/实时|即时/.test(s)) return { kind: 'realTime' };
    if (/永久|长期|常年|常态化/.test(s)) return { kind: 'longTerm' };
    const before = /^(?:在|于|应在|须在)?(.+?)(?:之前|以前|前)(?:公开|公示|发布|告知)?$/.exec(s);
    if (before && !/及时|随时/.test(s)) return { kind: 'beforeEvent', eventText: cleanEventText(before[1]!) };
    return null;
  }
  // Two periods (「执法决定…7个工作日内公开，其他相关信息…20个工作日内公开」) are two rules in
  // one cell; a period beside a recurring schedule is as unclear. Neither is guessed.
  if (periods.length > 1 || periodic) return null;

  const m = periods[0]!;
  const n = toNumber(m[1]!);
  if (n === undefined || n <= 0) return null;
  const unit = m[2]!;
  const head = s.slice(0, m.index);
  const tail = s.slice(m.index! + m[0].length);

  // 「会议召开5个工作日前」「开工前7日」「提前5个工作日」
  if (/^(之)?前/.test(tail) || /前$/.test(head) || /提前$/.test(head)) {
    const eventText = cleanEventText(head.replace(/(提前|之前|前)$/, '').replace(/^(在|于)/, ''));
    return { kind: 'beforeEvent', ...days(n, unit), eventText };
  }
  // after an event: the period has to be a limit (「…内」, 「…公开」 or the end of the phrase)
  if (!/^(内|以内|之内)?(予以)?(公开|公示|发布|更新|办理|完成)?$/.test(tail.replace(/[。.]$/, ''))) return null;
  const eventText = cleanEventText(head);
  return { kind: 'afterEvent', ...days(n, unit), event: classify(eventText), eventText };
}

const TIMES_RE = new RegExp(`(?:每|按|逐)?(半年度?|季度?|月度?|年度?)(?:至少|不少于|最少)?(?:更新|公开|发布)?${NUM}次`);

function periodicOf(s: string): TimeLimitRule | null {
  const every: Record<string, Period> = {
    月: 'month',
    月度: 'month',
    季: 'quarter',
    季度: 'quarter',
    半年: 'halfYear',
    半年度: 'halfYear',
    年: 'year',
    年度: 'year',
  };
  // 「半年至少更新1次」「每年至少公开2次」「每季度更新一次」
  const times = TIMES_RE.exec(s);
  if (times) {
    const n = toNumber(times[2]!);
    if (n !== undefined && n > 0) return { kind: 'periodic', every: every[times[1]!]!, times: n };
  }
  // 「每年」「每季度」「按季度」「按月」「逐月」「每半年」
  const plain = /(?:每|按|逐)(半年度?|季度?|月度?|年度?)/.exec(s);
  if (plain) return { kind: 'periodic', every: every[plain[1]!]! };
  return null;
}
