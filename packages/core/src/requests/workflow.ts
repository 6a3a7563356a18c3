import { isIsoDate, type IsoDate } from '../calendar/dates.js';
import type { WorkingCalendar } from '../calendar/calendar.js';
import { err, ok, type DomainError, type FieldIssue, type Result } from '../result.js';
import {
  CONSULTATION_PARTIES,
  MAX_EXTENSION_WORKING_DAYS,
  REQUEST_EVENT_TYPES,
  computeRequestDeadlines,
  type ConsultationParty,
  type ReceiptChannel,
  type RequestDeadlines,
  type RequestTimelineEvent,
} from './deadlines.js';
import { OUTCOME_CODES, isOutcomeCode, type OutcomeCode } from './outcomes.js';

/**
 * The workflow of an information request (依申请公开), every step audited:
 *
 *   received → registered → review → processing → replied → archived
 *   registered/review → correctionRequested → corrected → review      (§30, once)
 *                        correctionRequested → replied (lapsed: 申请人无正当理由逾期不补正)
 *   review/processing → consultation → processing                   (§32/§33, the clock stops)
 *   review/consultation/processing: one extension ≤ 20 working days  (§33, approved by the office head)
 *   received/registered → replied on the spot                       (当场答复)
 *   any state before the reply → withdrawn
 *
 * Pure: the caller passes the current state, the action, "today" and the calendar; every
 * transition is checked against the statutory timeline with `computeRequestDeadlines`.
 */

export const REQUEST_STATUSES = [
  'received',
  'registered',
  'correctionRequested',
  'corrected',
  'review',
  'consultation',
  'processing',
  'replied',
  'archived',
  'withdrawn',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_NAMES: Record<RequestStatus, string> = {
  received: '已接收',
  registered: '已登记',
  correctionRequested: '待补正',
  corrected: '已补正',
  review: '审核中',
  consultation: '征求意见中',
  processing: '办理中',
  replied: '已答复',
  archived: '已归档',
  withdrawn: '已撤回',
};

/** The calendar date in China (UTC+8, no daylight saving) of an instant: what "today" means for a deadline. */
export const chinaDate = (at: Date): IsoDate => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The request is still being handled: its due date binds. */
export const isOpenStatus = (s: RequestStatus): boolean => s !== 'replied' && s !== 'archived' && s !== 'withdrawn';

/** Event types of the audit timeline: the statutory ones of `REQUEST_EVENT_TYPES` and the steps around them. */
export const WORKFLOW_EVENT_TYPES = [
  'filed',
  'received',
  'registered',
  'correctionRequested',
  'correctionReceived',
  'reviewStarted',
  'consultationStarted',
  'consultationEnded',
  'processingStarted',
  'extended',
  'replied',
  'archived',
  'withdrawn',
  'recomputed',
] as const;
export type WorkflowEventType = (typeof WORKFLOW_EVENT_TYPES)[number];

export const WORKFLOW_EVENT_NAMES: Record<WorkflowEventType, string> = {
  filed: '网上提交',
  received: '收到申请',
  registered: '登记',
  correctionRequested: '告知补正',
  correctionReceived: '收到补正',
  reviewStarted: '审核',
  consultationStarted: '征求意见',
  consultationEnded: '征求意见结束',
  processingStarted: '办理',
  extended: '延期答复',
  replied: '答复',
  archived: '归档',
  withdrawn: '撤回',
  recomputed: '期限重算',
};

export interface WorkflowEvent {
  type: WorkflowEventType;
  on: IsoDate;
  /** what the deadline engine needs (channel, party, workingDays) and what the clerk recorded */
  details?: Record<string, unknown>;
}

export const REQUEST_ACTIONS = [
  'register',
  'requestCorrection',
  'receiveCorrection',
  'lapse',
  'startReview',
  'startConsultation',
  'endConsultation',
  'startProcessing',
  'extend',
  'reply',
  'replyOnTheSpot',
  'archive',
  'withdraw',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export const REQUEST_ACTION_NAMES: Record<RequestAction, string> = {
  register: '登记',
  requestCorrection: '告知补正',
  receiveCorrection: '收到补正',
  lapse: '逾期未补正，不再处理',
  startReview: '审核',
  startConsultation: '征求意见（期限中止）',
  endConsultation: '征求意见结束',
  startProcessing: '办理',
  extend: '延期答复',
  reply: '答复',
  replyOnTheSpot: '当场答复',
  archive: '归档',
  withdraw: '申请人撤回',
};

const FROM: Record<RequestAction, readonly RequestStatus[]> = {
  register: ['received'],
  requestCorrection: ['received', 'registered', 'review'],
  receiveCorrection: ['correctionRequested'],
  lapse: ['correctionRequested'],
  startReview: ['registered', 'corrected'],
  startConsultation: ['review', 'processing'],
  endConsultation: ['consultation'],
  startProcessing: ['review', 'corrected'],
  extend: ['review', 'consultation', 'processing'],
  reply: ['received', 'registered', 'corrected', 'review', 'processing', 'consultation'],
  replyOnTheSpot: ['received', 'registered'],
  archive: ['replied', 'withdrawn'],
  withdraw: ['received', 'registered', 'correctionRequested', 'corrected', 'review', 'consultation', 'processing'],
};

const TO: Record<RequestAction, RequestStatus> = {
  register: 'registered',
  requestCorrection: 'correctionRequested',
  receiveCorrection: 'corrected',
  lapse: 'replied',
  startReview: 'review',
  startConsultation: 'consultation',
  endConsultation: 'processing',
  startProcessing: 'processing',
  extend: 'processing', // keeps the current status; see applyTransition
  reply: 'replied',
  replyOnTheSpot: 'replied',
  archive: 'archived',
  withdraw: 'withdrawn',
};

/** The action and its fields as a clerk submits them; `on` defaults to today. */
export type TransitionInput =
  | { action: 'register' | 'receiveCorrection' | 'startReview' | 'endConsultation' | 'startProcessing' | 'archive'; on?: IsoDate; note?: string }
  | { action: 'requestCorrection'; on?: IsoDate; note?: string }
  | { action: 'lapse'; on?: IsoDate; note?: string }
  | { action: 'startConsultation'; on?: IsoDate; party: ConsultationParty; note?: string }
  | { action: 'extend'; on?: IsoDate; workingDays: number; approvedBy: string; applicantNotifiedOn?: IsoDate; note?: string }
  | { action: 'reply' | 'replyOnTheSpot'; on?: IsoDate; outcome: OutcomeCode; replyText: string }
  | { action: 'withdraw'; on?: IsoDate; note?: string };

export interface WorkflowState {
  status: RequestStatus;
  /** every event so far, oldest first */
  events: readonly WorkflowEvent[];
}

export type WorkflowErrorReason =
  | 'unknownAction'
  | 'notAllowed' // the action is not possible in the current status
  | 'invalidInput' // a field is missing or malformed
  | 'dateInFuture'
  | 'dateBeforeLast' // earlier than the latest event
  | 'notOnTheSpot' // an on-the-spot reply on another day than the receipt
  | 'timeline'; // the deadline engine refuses the resulting timeline (see details.timeline)

export interface WorkflowError extends DomainError {
  code: 'invalid_state' | 'validation_failed';
  details: { reason: WorkflowErrorReason; action?: string; status?: RequestStatus; fields?: FieldIssue[]; timeline?: unknown };
}

const wfError = (
  code: WorkflowError['code'],
  reason: WorkflowErrorReason,
  message: string,
  extra: Omit<WorkflowError['details'], 'reason'> = {},
): WorkflowError => ({ code, message, details: { reason, ...extra } });

export interface TransitionResult {
  status: RequestStatus;
  /** the events this transition adds (one) */
  added: WorkflowEvent[];
  events: WorkflowEvent[];
  deadlines: RequestDeadlines;
  /** set by a reply or a lapse */
  outcome?: OutcomeCode;
  replyText?: string;
  repliedOn?: IsoDate;
}

/** The events the deadline engine reads, in its own shape. */
export function deadlineTimeline(events: readonly WorkflowEvent[]): RequestTimelineEvent[] {
  const out: RequestTimelineEvent[] = [];
  for (const e of events) {
    if (!(REQUEST_EVENT_TYPES as readonly string[]).includes(e.type)) continue;
    const t: RequestTimelineEvent = { type: e.type as RequestTimelineEvent['type'], on: e.on };
    const d = e.details ?? {};
    if (e.type === 'received' && typeof d.channel === 'string') t.channel = d.channel as ReceiptChannel;
    if (e.type === 'consultationStarted' && typeof d.party === 'string') t.party = d.party as ConsultationParty;
    if (e.type === 'extended' && typeof d.workingDays === 'number') t.workingDays = d.workingDays;
    out.push(t);
  }
  return out;
}

/** The deadlines of a request from its events. */
export const requestDeadlines = (
  events: readonly WorkflowEvent[],
  calendar: WorkingCalendar,
): ReturnType<typeof computeRequestDeadlines> => computeRequestDeadlines(deadlineTimeline(events), calendar);

/** The date a worklist sorts by: the binding reply due date, or null while the clock does not run. */
export const dueDateOf = (d: RequestDeadlines): IsoDate | null => (d.state === 'running' || d.state === 'paused' ? d.effectiveDueOn : null);

/** The actions possible in a status (for the console's buttons). */
export function availableActions(state: WorkflowState): RequestAction[] {
  const extended = state.events.some((e) => e.type === 'extended');
  const corrected = state.events.some((e) => e.type === 'correctionRequested');
  return REQUEST_ACTIONS.filter((a) => {
    if (!FROM[a].includes(state.status)) return false;
    if (a === 'extend' && extended) return false;
    if (a === 'requestCorrection' && corrected) return false;
    return true;
  });
}

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/**
 * Applies one action. The date (`on`, default `today`) may not be in the future nor before the
 * latest event; the new timeline must pass the deadline engine (one correction, one extension of
 * at most 20 working days, no extension while awaiting a correction, …).
 */
export function applyTransition(
  state: WorkflowState,
  input: TransitionInput,
  ctx: { today: IsoDate; calendar: WorkingCalendar },
): Result<TransitionResult, WorkflowError> {
  const raw = input as unknown as Record<string, unknown> | null;
  const action = raw?.action;
  if (typeof action !== 'string' || !(REQUEST_ACTIONS as readonly string[]).includes(action)) {
    return err(
      wfError('validation_failed', 'unknownAction', `未知的操作：${String(action)}；可用操作：${REQUEST_ACTIONS.join('、')}`, {
        fields: [{ field: 'action', message: `应为 ${REQUEST_ACTIONS.join('、')} 之一` }],
      }),
    );
  }
  const a = action as RequestAction;
  if (!FROM[a].includes(state.status)) {
    return err(
      wfError('invalid_state', 'notAllowed', `申请当前为“${REQUEST_STATUS_NAMES[state.status]}”，不能“${REQUEST_ACTION_NAMES[a]}”`, {
        action: a,
        status: state.status,
      }),
    );
  }
  const bad = (field: string, message: string) =>
    err(wfError('validation_failed', 'invalidInput', message, { action: a, fields: [{ field, message }] }));

  const on = raw?.on === undefined ? ctx.today : raw.on;
  if (!isIsoDate(on)) return bad('on', '日期格式应为 YYYY-MM-DD');
  if (on > ctx.today) {
    return err(wfError('validation_failed', 'dateInFuture', `日期 ${on} 晚于今天（${ctx.today}）`, { action: a, fields: [{ field: 'on', message: '不能晚于今天' }] }));
  }
  const last = state.events.reduce<IsoDate | undefined>((m, e) => (m === undefined || e.on > m ? e.on : m), undefined);
  if (last !== undefined && on < last) {
    return err(
      wfError('validation_failed', 'dateBeforeLast', `日期 ${on} 早于上一个环节（${last}）`, { action: a, fields: [{ field: 'on', message: `不能早于 ${last}` }] }),
    );
  }
  const note = raw?.note;
  if (note !== undefined && !(typeof note === 'string' && note.length <= 2000)) return bad('note', '说明应为不超过2000字的文本');
  const details: Record<string, unknown> = {};
  if (typeof note === 'string' && note.trim()) details.note = note.trim();

  let type: WorkflowEventType;
  let status = TO[a];
  let outcome: OutcomeCode | undefined;
  let replyText: string | undefined;
  switch (a) {
    case 'register':
      type = 'registered';
      break;
    case 'requestCorrection':
      type = 'correctionRequested';
      break;
    case 'receiveCorrection':
      type = 'correctionReceived';
      break;
    case 'startReview':
      type = 'reviewStarted';
      break;
    case 'startProcessing':
      type = 'processingStarted';
      break;
    case 'endConsultation':
      type = 'consultationEnded';
      break;
    case 'archive':
      type = 'archived';
      break;
    case 'withdraw':
      type = 'withdrawn';
      break;
    case 'startConsultation': {
      const party = raw?.party;
      if (typeof party !== 'string' || !(CONSULTATION_PARTIES as readonly string[]).includes(party)) {
        return bad('party', `征求意见对象应为 ${CONSULTATION_PARTIES.join('、')} 之一（第三方或其他机关）`);
      }
      type = 'consultationStarted';
      details.party = party;
      break;
    }
    case 'extend': {
      const n = raw?.workingDays;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_EXTENSION_WORKING_DAYS) {
        return bad('workingDays', `延长的工作日数应为1至${MAX_EXTENSION_WORKING_DAYS}的整数（条例第三十三条）`);
      }
      if (!str(raw?.approvedBy, 100)) return bad('approvedBy', '延期须经政府信息公开工作机构负责人同意：请填写批准人');
      const notified = raw?.applicantNotifiedOn ?? on;
      if (!isIsoDate(notified) || notified < on || notified > ctx.today) {
        return bad('applicantNotifiedOn', '告知申请人的日期应为延期决定之日或之后、且不晚于今天');
      }
      type = 'extended';
      status = state.status; // an extension changes the date, not the step
      Object.assign(details, { workingDays: n, approvedBy: (raw?.approvedBy as string).trim(), applicantNotifiedOn: notified });
      break;
    }
    case 'lapse':
      type = 'replied';
      outcome = 'otherNoCorrection';
      replyText = typeof note === 'string' && note.trim() ? note.trim() : '申请人无正当理由逾期不补正，视为放弃申请，本机关不再处理该政府信息公开申请。';
      details.outcome = outcome;
      details.lapsed = true;
      break;
    case 'reply':
    case 'replyOnTheSpot': {
      if (!isOutcomeCode(raw?.outcome)) return bad('outcome', `办理结果应为 ${OUTCOME_CODES.length} 种之一（国办公开办函〔2021〕30号）`);
      if (!str(raw?.replyText, 20_000)) return bad('replyText', '请填写答复内容');
      if (a === 'replyOnTheSpot') {
        const received = state.events.find((e) => e.type === 'received');
        if (!received || received.on !== on) {
          return err(
            wfError('validation_failed', 'notOnTheSpot', `当场答复应在收到申请当日（${received?.on ?? '—'}）作出`, {
              action: a,
              fields: [{ field: 'on', message: '当场答复须与收到申请同日' }],
            }),
          );
        }
        details.onTheSpot = true;
      }
      type = 'replied';
      outcome = raw?.outcome as OutcomeCode;
      replyText = (raw?.replyText as string).trim();
      details.outcome = outcome;
      break;
    }
  }
  if (outcome === 'otherNoCorrection' && a !== 'lapse' && !state.events.some((e) => e.type === 'correctionRequested')) {
    return bad('outcome', '“申请人无正当理由逾期不补正”仅适用于已告知补正的申请');
  }

  const event: WorkflowEvent = Object.keys(details).length ? { type, on, details } : { type, on };
  const events = [...state.events, event];
  const deadlines = requestDeadlines(events, ctx.calendar);
  if (!deadlines.ok) {
    const code = deadlines.error.details.reason === 'invalidEvent' ? 'validation_failed' : 'invalid_state';
    return err(wfError(code, 'timeline', deadlines.error.message, { action: a, status: state.status, timeline: deadlines.error.details }));
  }
  const result: TransitionResult = { status, added: [event], events, deadlines: deadlines.value };
  if (outcome !== undefined) {
    result.outcome = outcome;
    result.repliedOn = on;
  }
  if (replyText !== undefined) result.replyText = replyText;
  return ok(result);
}

/** The first events of a request: optionally filed online, then received on the §31 receipt date. */
export function openingEvents(input: {
  receivedOn: IsoDate;
  channel: ReceiptChannel;
  rule: string;
  /** an online filing: the instant it was filed at the portal */
  filedAt?: Date;
}): WorkflowEvent[] {
  const events: WorkflowEvent[] = [];
  if (input.filedAt !== undefined) {
    const filedOn = chinaDate(input.filedAt);
    events.push({ type: 'filed', on: filedOn <= input.receivedOn ? filedOn : input.receivedOn, details: { filedAt: input.filedAt.toISOString() } });
  }
  events.push({ type: 'received', on: input.receivedOn, details: { channel: input.channel, rule: input.rule } });
  return events;
}
