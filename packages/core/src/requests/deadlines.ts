import { formatDateZh, isIsoDate, weekdayZh, addDays, type IsoDate } from '../calendar/dates.js';
import { provisionalWarning, type PauseRange, type WorkingCalendar, type WorkingDaysResult } from '../calendar/calendar.js';
import { domainError, err, ok, type DomainError, type Result } from '../result.js';

/**
 * The statutory deadlines of an information request (依申请公开) under 政府信息公开条例 (2019),
 * counted in working days on a `WorkingCalendar`:
 * - §31 the receipt date depends on the channel (`receiptDate`);
 * - §33 reply within 20 working days of receipt; one extension of at most 20 working days,
 *   approved by the head of the disclosure office, the applicant told;
 * - §30 a correction (补正) is requested once, within 7 working days of receipt, and the period
 *   runs again from the day the corrected request is received;
 * - §32/§33 the time spent consulting a third party (who has 15 working days to answer) or other
 *   organs does not count.
 * Every period leaves out its first day (期间开始之日不计算在内).
 */

export const REPLY_WORKING_DAYS = 20;
export const CORRECTION_NOTICE_WORKING_DAYS = 7;
export const MAX_EXTENSION_WORKING_DAYS = 20;
export const THIRD_PARTY_OPINION_WORKING_DAYS = 15;
/** `dueStatus` calls a due date this many working days away or fewer "due soon". */
export const DUE_SOON_WORKING_DAYS = 3;

// ---------------------------------------------------------------------------------------------
// §31 receipt date by channel

export const RECEIPT_CHANNELS = ['inPerson', 'registeredMail', 'ordinaryMail', 'online', 'fax'] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];
export const RECEIPT_CHANNEL_NAMES: Record<ReceiptChannel, string> = {
  inPerson: '当面提交',
  registeredMail: '邮寄（需签收）',
  ordinaryMail: '平常信函等无需签收的邮寄',
  online: '互联网渠道',
  fax: '传真',
};

/** The §31 rule per channel, as a clerk would cite it. */
export const RECEIPT_RULES: Record<ReceiptChannel, string> = {
  inPerson: '申请人当面提交申请的，以提交之日为收到申请之日（条例第三十一条第一项）',
  registeredMail: '申请人以邮寄方式提交申请的，以行政机关签收之日为收到申请之日（条例第三十一条第二项）',
  ordinaryMail:
    '以平常信函等无需签收的邮寄方式提交申请的，政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日（条例第三十一条第二项）',
  online: '申请人通过互联网渠道提交申请的，以双方确认之日为收到申请之日（条例第三十一条第三项）',
  fax: '申请人通过政府信息公开工作机构的传真提交申请的，以双方确认之日为收到申请之日（条例第三十一条第三项）',
};

/** The date(s) the channel's rule needs; the optional earlier dates are checked for order only. */
export type ReceiptInput =
  | { channel: 'inPerson'; submittedOn: IsoDate }
  | { channel: 'registeredMail'; signedForOn: IsoDate; sentOn?: IsoDate }
  | { channel: 'ordinaryMail'; confirmedOn: IsoDate; arrivedOn?: IsoDate }
  | { channel: 'online' | 'fax'; confirmedOn: IsoDate; submittedOn?: IsoDate };

export interface Receipt {
  channel: ReceiptChannel;
  receivedOn: IsoDate;
  /** the §31 rule applied */
  rule: string;
}

/** The receipt date under §31 for the channel the request came through. */
export function receiptDate(input: ReceiptInput): Result<Receipt, DomainError> {
  const bad = (field: string, message: string) =>
    err(domainError('validation_failed', '收到申请日期有误', { fields: [{ field, message }] }));
  if (!input || !(RECEIPT_CHANNELS as readonly string[]).includes(input.channel)) {
    return bad('channel', `提交方式应为 ${RECEIPT_CHANNELS.join('、')} 之一`);
  }
  const check = (field: string, value: unknown, required: boolean): boolean =>
    value === undefined ? !required : isIsoDate(value);
  let receivedOn: IsoDate;
  let earlier: { field: string; value: IsoDate | undefined; name: string } | undefined;
  switch (input.channel) {
    case 'inPerson':
      if (!check('submittedOn', input.submittedOn, true)) return bad('submittedOn', '当面提交须填写提交日期（YYYY-MM-DD）');
      receivedOn = input.submittedOn;
      break;
    case 'registeredMail':
      if (!check('signedForOn', input.signedForOn, true)) return bad('signedForOn', '邮寄申请须填写签收日期（YYYY-MM-DD）');
      if (!check('sentOn', input.sentOn, false)) return bad('sentOn', '寄出日期格式应为 YYYY-MM-DD');
      receivedOn = input.signedForOn;
      earlier = { field: 'sentOn', value: input.sentOn, name: '寄出日期' };
      break;
    case 'ordinaryMail':
      if (!check('confirmedOn', input.confirmedOn, true)) return bad('confirmedOn', '须填写与申请人确认的日期（YYYY-MM-DD）');
      if (!check('arrivedOn', input.arrivedOn, false)) return bad('arrivedOn', '收到信函日期格式应为 YYYY-MM-DD');
      receivedOn = input.confirmedOn;
      earlier = { field: 'arrivedOn', value: input.arrivedOn, name: '收到信函日期' };
      break;
    case 'online':
    case 'fax':
      if (!check('confirmedOn', input.confirmedOn, true)) return bad('confirmedOn', '须填写双方确认的日期（YYYY-MM-DD）');
      if (!check('submittedOn', input.submittedOn, false)) return bad('submittedOn', '提交日期格式应为 YYYY-MM-DD');
      receivedOn = input.confirmedOn;
      earlier = { field: 'submittedOn', value: input.submittedOn, name: '提交日期' };
      break;
  }
  if (earlier?.value !== undefined && earlier.value > receivedOn) {
    return bad(earlier.field, `${earlier.name}（${earlier.value}）不能晚于收到申请之日（${receivedOn}）`);
  }
  return ok({ channel: input.channel, receivedOn, rule: RECEIPT_RULES[input.channel] });
}

// ---------------------------------------------------------------------------------------------
// the timeline

export const REQUEST_EVENT_TYPES = [
  'received',
  'correctionRequested',
  'correctionReceived',
  'consultationStarted',
  'consultationEnded',
  'extended',
  'replied',
  'withdrawn',
] as const;
export type RequestEventType = (typeof REQUEST_EVENT_TYPES)[number];

export const CONSULTATION_PARTIES = ['thirdParty', 'otherOrgan'] as const;
export type ConsultationParty = (typeof CONSULTATION_PARTIES)[number];
export const CONSULTATION_PARTY_NAMES: Record<ConsultationParty, string> = {
  thirdParty: '征求第三方意见',
  otherOrgan: '征求其他机关意见',
};

export interface RequestTimelineEvent {
  type: RequestEventType;
  /** the day it happened; for `received` the §31 receipt date (see `receiptDate`) */
  on: IsoDate;
  /** `extended`: the length of the extension, 1–20 working days */
  workingDays?: number;
  /** `received`: the channel, to cite the §31 rule in the explanation */
  channel?: ReceiptChannel;
  /** `consultationStarted`: whom the organ consults */
  party?: ConsultationParty;
}

export type TimelineErrorReason =
  | 'empty' // no events
  | 'invalidEvent' // unknown type or a date that is not YYYY-MM-DD
  | 'outOfOrder' // an event dated before the one before it, or in an impossible place
  | 'notReceivedFirst' // the timeline must start with the receipt
  | 'receivedTwice'
  | 'correctionTwice' // §30: a correction is requested only once
  | 'correctionNotRequested' // a corrected request received without a correction notice
  | 'correctionReceivedTwice'
  | 'correctionPending' // consultation or extension while waiting for the correction
  | 'consultationNotStarted' // consultationEnded without an open consultation
  | 'extensionTwice' // §33: one extension only
  | 'extensionInvalid' // workingDays missing or not a positive integer
  | 'extensionTooLong' // §33: at most 20 working days
  | 'afterClosed'; // anything after the reply or the withdrawal

export interface TimelineErrorDetails {
  reason: TimelineErrorReason;
  /** index of the offending event in the timeline (-1 for an empty timeline) */
  index: number;
  event?: RequestTimelineEvent;
}

export interface TimelineError extends DomainError {
  code: 'validation_failed';
  details: TimelineErrorDetails;
}

const timelineError = (
  reason: TimelineErrorReason,
  index: number,
  message: string,
  event?: RequestTimelineEvent,
): TimelineError => ({
  code: 'validation_failed',
  message,
  details: event === undefined ? { reason, index } : { reason, index, event },
});

export type RequestClockState = 'running' | 'awaitingCorrection' | 'paused' | 'replied' | 'withdrawn';

export interface ConsultationPause {
  from: IsoDate;
  /** null while the consultation is still open */
  to: IsoDate | null;
  party?: ConsultationParty;
  /** working days inside the pause that the reply period skipped; null while open */
  workingDays: number | null;
  /** for a third party: the end of its 15 working days (§32), counted from `from` */
  opinionDueOn?: IsoDate;
}

export type DeadlineWarningCode = 'correctionNoticeLate' | 'extensionAfterDue' | 'consultationAfterDue' | 'repliedLate';

export interface DeadlineWarning {
  code: DeadlineWarningCode;
  message: string;
}

export interface DeadlineExplanation {
  label: string;
  text: string;
}

export interface RequestDeadlines {
  receivedOn: IsoDate;
  channel?: ReceiptChannel;
  state: RequestClockState;
  /** the day the reply period runs from: the receipt, or the receipt of the corrected request; null while awaiting it */
  clockStartsOn: IsoDate | null;
  /** the last day to send a correction notice (7 working days after receipt) */
  correctionNoticeDueOn: IsoDate;
  correctionRequestedOn?: IsoDate;
  correctionReceivedOn?: IsoDate;
  /** 20 working days after `clockStartsOn`, pauses left out; null while awaiting a correction or while a consultation that began before it is open */
  replyDueOn: IsoDate | null;
  /** the due date after the extension */
  extendedDueOn?: IsoDate;
  extensionWorkingDays?: number;
  /** the date that binds now: `extendedDueOn` if extended, else `replyDueOn` */
  effectiveDueOn: IsoDate | null;
  /** working days inside consultations that did not count */
  pausedWorkingDays: number;
  pauses: ConsultationPause[];
  /** while a consultation is open: working days of the period used before it began */
  workingDaysUsed?: number;
  /** the day of the reply or the withdrawal */
  closedOn?: IsoDate;
  /** for a reply with a known due date: replied on or before it */
  repliedOnTime?: boolean;
  /** some date above depends on a year whose holiday notice is not published */
  provisional: boolean;
  /** the provisional notes (missing notices) */
  provisionalNotes: string[];
  warnings: DeadlineWarning[];
  /** for the request's timeline, in order */
  explanations: DeadlineExplanation[];
}

const pauseLabel = (party: ConsultationParty | undefined): string =>
  party === undefined ? '征求意见' : CONSULTATION_PARTY_NAMES[party];

interface OpenPause {
  from: IsoDate;
  to: IsoDate | null;
  party?: ConsultationParty;
}

interface Walked {
  state: RequestClockState;
  receivedOn: IsoDate;
  channel?: ReceiptChannel;
  correctionRequestedOn?: IsoDate;
  correctionReceivedOn?: IsoDate;
  pauses: OpenPause[];
  extension?: { on: IsoDate; workingDays: number };
  closedOn?: IsoDate;
  closedWhileAwaitingCorrection: boolean;
}

/** Replays the timeline, enforcing the order the regulation allows. */
function replay(timeline: readonly RequestTimelineEvent[]): Result<Walked, TimelineError> {
  if (!Array.isArray(timeline) || timeline.length === 0) {
    return err(timelineError('empty', -1, '申请记录为空，至少应有收到申请'));
  }
  let walked: Walked | undefined;
  let previous: IsoDate | undefined;
  for (let i = 0; i < timeline.length; i++) {
    const e = timeline[i] as RequestTimelineEvent;
    if (!e || !(REQUEST_EVENT_TYPES as readonly string[]).includes(e.type) || !isIsoDate(e.on)) {
      return err(timelineError('invalidEvent', i, `第${i + 1}个事件无效：类型或日期（YYYY-MM-DD）有误`, e));
    }
    if (previous !== undefined && e.on < previous) {
      return err(timelineError('outOfOrder', i, `第${i + 1}个事件（${e.on}）早于前一个事件（${previous}）`, e));
    }
    previous = e.on;
    if (walked === undefined) {
      if (e.type !== 'received') return err(timelineError('notReceivedFirst', i, '第一个事件应为收到申请', e));
      walked = { state: 'running', receivedOn: e.on, pauses: [], closedWhileAwaitingCorrection: false };
      if (e.channel !== undefined) walked.channel = e.channel;
      continue;
    }
    const w: Walked = walked;
    if (w.state === 'replied' || w.state === 'withdrawn') {
      const what = w.state === 'replied' ? '已答复' : '已撤回';
      return err(timelineError('afterClosed', i, `申请${what}（${w.closedOn}），之后不能再有其他事件`, e));
    }
    switch (e.type) {
      case 'received':
        return err(timelineError('receivedTwice', i, '同一申请只能有一个收到申请日期', e));
      case 'correctionRequested':
        if (w.correctionRequestedOn !== undefined) {
          return err(timelineError('correctionTwice', i, '补正只能要求一次（条例第三十条：一次性告知）', e));
        }
        if (w.pauses.length > 0 || w.extension) {
          return err(timelineError('outOfOrder', i, '补正应在征求意见和延期之前提出', e));
        }
        w.correctionRequestedOn = e.on;
        w.state = 'awaitingCorrection';
        break;
      case 'correctionReceived':
        if (w.correctionRequestedOn === undefined) {
          return err(timelineError('correctionNotRequested', i, '未发出补正通知，不能登记收到补正', e));
        }
        if (w.correctionReceivedOn !== undefined) {
          return err(timelineError('correctionReceivedTwice', i, '补正后的申请已经收到过', e));
        }
        w.correctionReceivedOn = e.on;
        w.state = 'running';
        break;
      case 'consultationStarted':
        if (w.state === 'awaitingCorrection') {
          return err(timelineError('correctionPending', i, '正在等待申请人补正，不能开始征求意见', e));
        }
        w.pauses.push(e.party === undefined ? { from: e.on, to: null } : { from: e.on, to: null, party: e.party });
        w.state = 'paused';
        break;
      case 'consultationEnded': {
        const open = w.pauses.find((p) => p.to === null);
        if (!open) return err(timelineError('consultationNotStarted', i, '没有正在进行的征求意见，不能结束', e));
        open.to = e.on;
        if (!w.pauses.some((p) => p.to === null)) w.state = 'running';
        break;
      }
      case 'extended': {
        if (w.state === 'awaitingCorrection') {
          return err(timelineError('correctionPending', i, '正在等待申请人补正，答复期限尚未起算，不能延期', e));
        }
        if (w.extension) return err(timelineError('extensionTwice', i, '答复期限只能延长一次（条例第三十三条）', e));
        const n = e.workingDays;
        if (n === undefined || !Number.isInteger(n) || n < 1) {
          return err(timelineError('extensionInvalid', i, '延期须写明延长的工作日数（正整数）', e));
        }
        if (n > MAX_EXTENSION_WORKING_DAYS) {
          return err(
            timelineError('extensionTooLong', i, `延长答复的期限最长不得超过${MAX_EXTENSION_WORKING_DAYS}个工作日（条例第三十三条）`, e),
          );
        }
        w.extension = { on: e.on, workingDays: n };
        break;
      }
      case 'replied':
      case 'withdrawn':
        // An open consultation ends with the reply or the withdrawal.
        for (const p of w.pauses) if (p.to === null) p.to = e.on;
        w.closedWhileAwaitingCorrection = w.state === 'awaitingCorrection';
        w.state = e.type;
        w.closedOn = e.on;
        break;
    }
  }
  return ok(walked as Walked);
}

/**
 * The due dates of a request from its timeline. Consultations are pauses of whole days, both ends
 * included: no day from the consultation's start to its end counts. An open consultation that
 * began before the reply was due leaves the due date unknown (`replyDueOn` null) until it ends.
 */
export function computeRequestDeadlines(
  timeline: readonly RequestTimelineEvent[],
  calendar: WorkingCalendar,
): Result<RequestDeadlines, TimelineError> {
  const replayed = replay(timeline);
  if (!replayed.ok) return replayed;
  const w = replayed.value;
  const walks: WorkingDaysResult[] = [];
  const warnings: DeadlineWarning[] = [];
  const explanations: DeadlineExplanation[] = [];
  const withWeekday = (d: IsoDate) => `${formatDateZh(d)}（${weekdayZh(d)}）`;

  // receipt
  explanations.push({
    label: '收到申请',
    text:
      `${withWeekday(w.receivedOn)}收到申请` +
      (w.channel !== undefined ? `（${RECEIPT_CHANNEL_NAMES[w.channel]}）。${RECEIPT_RULES[w.channel]}。` : '。'),
  });

  // §30 correction notice
  const correctionWalk = calendar.addWorkingDays(w.receivedOn, CORRECTION_NOTICE_WORKING_DAYS);
  walks.push(correctionWalk);
  const correctionNoticeDueOn = correctionWalk.dueDate;
  let correctionText = `申请内容不明确的，应当自收到申请之日起${CORRECTION_NOTICE_WORKING_DAYS}个工作日内一次性告知申请人补正（条例第三十条）。\n${correctionWalk.explanation}`;
  if (w.correctionRequestedOn !== undefined) {
    correctionText += `\n${withWeekday(w.correctionRequestedOn)}发出补正通知。`;
    if (w.correctionRequestedOn > correctionNoticeDueOn) {
      warnings.push({
        code: 'correctionNoticeLate',
        message: `补正通知于${formatDateZh(w.correctionRequestedOn)}发出，晚于期限${formatDateZh(correctionNoticeDueOn)}`,
      });
    }
  }
  explanations.push({ label: '补正通知期限', text: correctionText });

  if (w.correctionRequestedOn !== undefined) {
    explanations.push({
      label: '补正',
      text:
        w.correctionReceivedOn !== undefined
          ? `${withWeekday(w.correctionReceivedOn)}收到补正后的申请，答复期限自该日起重新计算（条例第三十条）。`
          : `等待申请人补正：答复期限自收到补正后的申请之日起计算（条例第三十条）；申请人无正当理由逾期不补正的，视为放弃申请。`,
    });
  }

  const clockStartsOn: IsoDate | null =
    w.correctionRequestedOn === undefined ? w.receivedOn : (w.correctionReceivedOn ?? null);

  // pauses: closed ones are exact ranges; an open one runs on indefinitely
  const closedPauses: PauseRange[] = w.pauses
    .filter((p) => p.to !== null)
    .map((p) => ({ from: p.from, to: p.to as IsoDate, label: pauseLabel(p.party) }));
  const open = w.pauses.find((p) => p.to === null);

  /** The n-th counted day from the clock start, or null when an open consultation intervenes. */
  const walkTo = (n: number): WorkingDaysResult | null => {
    if (clockStartsOn === null) return null;
    const r = calendar.addWorkingDays(clockStartsOn, n, { pauses: closedPauses });
    if (open && open.from <= r.dueDate) return null;
    return r;
  };

  const replyWalk = walkTo(REPLY_WORKING_DAYS);
  const extensionDays = w.extension?.workingDays;
  const fullWalk = extensionDays !== undefined ? walkTo(REPLY_WORKING_DAYS + extensionDays) : replyWalk;
  if (replyWalk) walks.push(replyWalk);
  if (fullWalk && fullWalk !== replyWalk) walks.push(fullWalk);
  const replyDueOn = replyWalk?.dueDate ?? null;
  const extendedDueOn = extensionDays !== undefined ? fullWalk?.dueDate : undefined;
  const effectiveDueOn = extensionDays !== undefined ? (extendedDueOn ?? null) : replyDueOn;

  // how much of each pause the period skipped
  let pausedWorkingDays = 0;
  let workingDaysUsed: number | undefined;
  let consumedSkips: WorkingDaysResult['skipped'] = [];
  if (fullWalk) {
    consumedSkips = fullWalk.skipped;
  } else if (clockStartsOn !== null && open) {
    // paused: the period so far runs up to the day before the open consultation began
    const probe = calendar.addWorkingDays(clockStartsOn, REPLY_WORKING_DAYS + (extensionDays ?? 0), {
      pauses: closedPauses,
    });
    consumedSkips = probe.skipped.filter((s) => s.date < open.from);
    workingDaysUsed = probe.counted.filter((c) => c.date < open.from).length;
  }
  const pausedDates = new Set(consumedSkips.filter((s) => s.reason === 'paused' && s.working).map((s) => s.date));
  pausedWorkingDays = pausedDates.size;

  const pauses: ConsultationPause[] = w.pauses.map((p) => {
    const out: ConsultationPause = {
      from: p.from,
      to: p.to,
      workingDays: p.to === null ? null : [...pausedDates].filter((d) => d >= p.from && d <= (p.to as IsoDate)).length,
    };
    if (p.party !== undefined) out.party = p.party;
    if (p.party === 'thirdParty') {
      const opinion = calendar.addWorkingDays(p.from, THIRD_PARTY_OPINION_WORKING_DAYS);
      walks.push(opinion);
      out.opinionDueOn = opinion.dueDate;
    }
    return out;
  });

  if (pauses.length > 0) {
    const lines = pauses.map((p) => {
      const range =
        p.to === null ? `${formatDateZh(p.from)}起，尚未结束` : `${formatDateZh(p.from)}至${formatDateZh(p.to)}`;
      let line = `${pauseLabel(p.party)}：${range}，所需时间不计算在答复期限内（条例第三十三条）`;
      if (p.workingDays !== null) line += `，其中${p.workingDays}个工作日不计入`;
      if (p.opinionDueOn !== undefined) {
        line += `；第三方应自收到征求意见书之日起${THIRD_PARTY_OPINION_WORKING_DAYS}个工作日内提出意见（条例第三十二条），自征求意见书发出之日起算，最迟为${formatDateZh(p.opinionDueOn)}`;
      }
      return `${line}。`;
    });
    explanations.push({ label: '征求意见', text: lines.join('\n') });
    if (effectiveDueOn !== null) {
      for (const p of pauses) {
        if (p.from > effectiveDueOn) {
          warnings.push({
            code: 'consultationAfterDue',
            message: `征求意见于${formatDateZh(p.from)}开始，已在答复期限${formatDateZh(effectiveDueOn)}之后，不能顺延期限`,
          });
        }
      }
    }
  }

  // §33 reply period
  const basis =
    w.correctionRequestedOn === undefined
      ? `应当自收到申请之日起${REPLY_WORKING_DAYS}个工作日内答复（条例第三十三条）`
      : `应当自收到补正后的申请之日起${REPLY_WORKING_DAYS}个工作日内答复（条例第三十条、第三十三条）`;
  let replyText: string;
  if (clockStartsOn === null) {
    replyText = `${basis}。等待补正，答复期限尚未起算。`;
  } else if (replyWalk) {
    replyText = `${basis}。\n${replyWalk.explanation}`;
  } else {
    const used = workingDaysUsed ?? 0;
    replyText = `${basis}。征求意见期间期限中止：此前已计入${used}个工作日，尚余${REPLY_WORKING_DAYS - used}个工作日，征求意见结束后自次日起继续计算。`;
  }
  explanations.push({ label: '答复期限', text: replyText });

  // §33 extension
  if (w.extension) {
    let text = `${withWeekday(w.extension.on)}经政府信息公开工作机构负责人同意，延长答复期限${w.extension.workingDays}个工作日，并告知申请人（条例第三十三条，延长期限最长不超过${MAX_EXTENSION_WORKING_DAYS}个工作日）。`;
    if (replyDueOn !== null && extendedDueOn !== undefined) {
      const ext = calendar.addWorkingDays(replyDueOn, w.extension.workingDays, { pauses: closedPauses });
      text += `\n自原答复期限届满日起延长：\n${ext.explanation}`;
    } else {
      text += '\n延长后的期限待征求意见结束后确定。';
    }
    explanations.push({ label: '延期', text });
    if (replyDueOn !== null && w.extension.on > replyDueOn) {
      warnings.push({
        code: 'extensionAfterDue',
        message: `延期决定于${formatDateZh(w.extension.on)}作出，晚于原答复期限${formatDateZh(replyDueOn)}`,
      });
    }
  }

  // the end
  let repliedOnTime: boolean | undefined;
  if (w.state === 'replied' && w.closedOn !== undefined) {
    if (w.closedWhileAwaitingCorrection) {
      explanations.push({ label: '答复', text: `${withWeekday(w.closedOn)}答复（申请人未补正）。` });
    } else if (effectiveDueOn !== null) {
      repliedOnTime = w.closedOn <= effectiveDueOn;
      const onSpot = w.closedOn === w.receivedOn ? '当场答复，' : '';
      explanations.push({
        label: '答复',
        text: `${withWeekday(w.closedOn)}答复，${onSpot}${repliedOnTime ? '在答复期限内' : `超过答复期限（${formatDateZh(effectiveDueOn)}）`}。`,
      });
      if (!repliedOnTime) {
        warnings.push({
          code: 'repliedLate',
          message: `${formatDateZh(w.closedOn)}答复，超过答复期限${formatDateZh(effectiveDueOn)}`,
        });
      }
    }
  } else if (w.state === 'withdrawn' && w.closedOn !== undefined) {
    explanations.push({ label: '撤回', text: `${withWeekday(w.closedOn)}申请人撤回申请。` });
  }

  // one note per missing notice; a whole-year dependency outweighs a late-December one
  const notices = new Map<number, boolean>();
  for (const n of walks.flatMap((r) => r.provisionalNotices)) {
    notices.set(n.year, (notices.get(n.year) ?? true) && n.lateDecemberOnly);
  }
  const provisionalNotes = [...notices.keys()]
    .sort((a, b) => a - b)
    .map((year) => provisionalWarning(year, notices.get(year) === true));
  for (const note of provisionalNotes) explanations.push({ label: '注意', text: `${note}。` });
  for (const warning of warnings) explanations.push({ label: '提示', text: `${warning.message}。` });

  const result: RequestDeadlines = {
    receivedOn: w.receivedOn,
    state: w.state,
    clockStartsOn,
    correctionNoticeDueOn,
    replyDueOn,
    effectiveDueOn,
    pausedWorkingDays,
    pauses,
    provisional: provisionalNotes.length > 0,
    provisionalNotes,
    warnings,
    explanations,
  };
  if (w.channel !== undefined) result.channel = w.channel;
  if (w.correctionRequestedOn !== undefined) result.correctionRequestedOn = w.correctionRequestedOn;
  if (w.correctionReceivedOn !== undefined) result.correctionReceivedOn = w.correctionReceivedOn;
  if (w.extension) result.extensionWorkingDays = w.extension.workingDays;
  if (extendedDueOn !== undefined) result.extendedDueOn = extendedDueOn;
  if (workingDaysUsed !== undefined) result.workingDaysUsed = workingDaysUsed;
  if (w.closedOn !== undefined) result.closedOn = w.closedOn;
  if (repliedOnTime !== undefined) result.repliedOnTime = repliedOnTime;
  return ok(result);
}

// ---------------------------------------------------------------------------------------------
// due status for worklists

export type DueStatusKind = 'ok' | 'dueSoon' | 'overdue';

export interface DueStatus {
  status: DueStatusKind;
  /** working days after `today` up to and including the due date (0 when due today or past) */
  workingDaysLeft: number;
  /** working days after the due date up to and including `today` (0 unless overdue) */
  workingDaysOver: number;
  /** calendar days past the due date (0 unless overdue) */
  daysOver: number;
  /** a day in between depends on an unpublished holiday notice */
  provisional: boolean;
}

/**
 * Where a due date stands on `today`: overdue once `today` is past it; due soon when at most
 * `soonWithin` (3) working days remain, the due day itself included (0 left on the day).
 */
export function dueStatus(
  dueOn: IsoDate,
  today: IsoDate,
  calendar: WorkingCalendar,
  soonWithin: number = DUE_SOON_WORKING_DAYS,
): DueStatus {
  if (!isIsoDate(dueOn) || !isIsoDate(today)) throw new RangeError(`not a date (YYYY-MM-DD): ${dueOn} / ${today}`);
  const [from, to] = today <= dueOn ? [today, dueOn] : [dueOn, today];
  let working = 0;
  let provisional = false;
  let days = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    const info = calendar.dayInfo(d);
    if (info.working) working++;
    if (info.provisional) provisional = true;
    days++;
  }
  if (today > dueOn) return { status: 'overdue', workingDaysLeft: 0, workingDaysOver: working, daysOver: days, provisional };
  return {
    status: working <= soonWithin ? 'dueSoon' : 'ok',
    workingDaysLeft: working,
    workingDaysOver: 0,
    daysOver: 0,
    provisional,
  };
}
