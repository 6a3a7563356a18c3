/**
 * 依申请公开 helpers the browser may load too: wording, form shapes and chart arithmetic. No
 * import of @zwgk/core here (it carries the region and holiday data); the server passes the
 * vocabularies the pages need.
 */

/** 身份证件 a natural person may give (条例第二十九条: 身份证明). */
export const ID_TYPES = ['居民身份证', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '护照', '外国人永久居留身份证', '其他有效身份证件'] as const;


/** Staff intake channels (§31) with the date each needs. */
export const INTAKE_CHANNELS = [
  { code: 'inPerson', name: '当面提交' },
  { code: 'registeredMail', name: '挂号信等需签收的邮件' },
  { code: 'ordinaryMail', name: '平信等无需签收的邮件' },
  { code: 'online', name: '网络（电子邮件等）' },
  { code: 'fax', name: '传真' },
] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number]['code'];


export interface ApplyFormValues {
  countyCode: string;
  kind: 'naturalPerson' | 'organization' | '';
  orgType: string;
  name: string;
  idType: string;
  idNumber: string;
  organisationName: string;
  phone: string;
  email: string;
  address: string;
  description: string;
  deliveryForm: string;
}


export interface RegisterFormValues extends ApplyFormValues {
  channel: string;
  submittedOn: string;
  signedForOn: string;
  sentOn: string;
  confirmedOn: string;
  arrivedOn: string;
}


/** The dates a channel uses (§31): the binding one first. */
export const CHANNEL_DATES: Record<IntakeChannel, { field: 'submittedOn' | 'signedForOn' | 'sentOn' | 'confirmedOn' | 'arrivedOn'; label: string; required: boolean }[]> = {
  inPerson: [{ field: 'submittedOn', label: '当面提交日期', required: true }],
  registeredMail: [
    { field: 'signedForOn', label: '签收日期', required: true },
    { field: 'sentOn', label: '寄出日期（邮戳）', required: false },
  ],
  ordinaryMail: [
    { field: 'confirmedOn', label: '与申请人确认日期', required: true },
    { field: 'arrivedOn', label: '收到信函日期', required: false },
  ],
  online: [
    { field: 'confirmedOn', label: '双方确认日期', required: true },
    { field: 'submittedOn', label: '申请人提交日期', required: false },
  ],
  fax: [
    { field: 'confirmedOn', label: '双方确认日期', required: true },
    { field: 'submittedOn', label: '传真发出日期', required: false },
  ],
};

export const isIntakeChannel = (c: string): c is IntakeChannel => INTAKE_CHANNELS.some((x) => x.code === c);


export interface DueInfo {
  dueOn: string | null;
  dueStatus: 'ok' | 'dueSoon' | 'overdue' | null;
  workingDaysLeft: number | null;
  workingDaysOver?: number | null;
  provisional?: boolean;
}

/** 剩余 5 个工作日 / 今天到期 / 已逾期 3 个工作日 — or null for a closed request. */
export function dueText(r: DueInfo): string | null {
  if (!r.dueOn || !r.dueStatus) return null;
  if (r.dueStatus === 'overdue') return r.workingDaysOver ? `已逾期 ${r.workingDaysOver} 个工作日` : '已逾期';
  if (r.workingDaysLeft === 0) return '今天到期';
  return `剩余 ${r.workingDaysLeft} 个工作日`;
}

/** The explanation text split into lines (the engine separates steps with newlines). */
export const explanationLines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const DETAIL_NAMES: Record<string, string> = {
  channel: '方式',
  rule: '依据',
  note: '说明',
  party: '征求对象',
  workingDays: '延长工作日',
  approvedBy: '批准人',
  applicantNotifiedOn: '告知申请人日期',
  outcome: '办理结果',
  oldDueOn: '原答复期限',
  newDueOn: '新答复期限',
  reason: '原因',
};

const CHANNEL_WORDS: Record<string, string> = {
  inPerson: '当面提交',
  registeredMail: '邮寄（需签收）',
  ordinaryMail: '平常信函',
  online: '互联网渠道',
  fax: '传真',
};
const PARTY_WORDS: Record<string, string> = { thirdParty: '第三方', otherOrgan: '其他机关' };

/** The event details a clerk reads on the timeline, in Chinese; technical keys are left out. */
export function eventDetailLines(details: Record<string, unknown> | null, outcomeNames: Record<string, string>): string[] {
  if (!details) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(details)) {
    const name = DETAIL_NAMES[k];
    if (!name || v === null || v === undefined || v === '') continue;
    let text = String(v);
    if (k === 'channel') text = CHANNEL_WORDS[text] ?? text;
    if (k === 'party') text = PARTY_WORDS[text] ?? text;
    if (k === 'outcome') text = outcomeNames[text] ?? text;
    out.push(`${name}：${text}`);
  }
  return out;
}


/** 0.957 → 95.7%; null → — */
export const formatRate = (r: number | null | undefined): string =>
  r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1).replace(/\.0$/, '')}%`;

export const formatNumber = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(digits);


export interface MonthPoint {
  month: string;
  received: number;
  replied: number;
}


/** A round upper bound for a chart axis: 1, 2, 5, 10, 20, 50 … at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const f of [1, 2, 5, 10]) if (f * p >= max) return f * p;
  return 10 * p;
}


/** The section 四 columns staff enter (总计 is computed). */
export const CASE_INPUT_COLUMNS = ['upheld', 'corrected', 'other', 'pending'] as const;
