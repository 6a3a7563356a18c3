/**
 * 依申请公开 in the web: what the filing, intake, workflow, report and calendar forms post, turned
 * into the backends' inputs, and the small pure helpers the pages share (due-date wording, the
 * outcome rows grouped as the 30号 table groups them, statistics and the bar chart). Pure, so it
 * is unit-tested; the hub and the county node remain the source of truth for every rule.
 */
import {
  APPLICANT_TYPES,
  APPLICANT_TYPE_DEFS,
  DELIVERY_FORMS,
  DELIVERY_FORM_NAMES,
  MAX_EXTENSION_WORKING_DAYS,
  OUTCOMES,
  OUTCOME_GROUP_DEFS,
  REVIEW_LITIGATION_GROUPS,
} from '@zwgk/core';

import {
  type ApplyFormValues,
  CASE_INPUT_COLUMNS,
  CHANNEL_DATES,
  ID_TYPES,
  type MonthPoint,
  type RegisterFormValues,
  isIntakeChannel,
} from './request-ui';

export * from './request-ui';

const str = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

/** A trimmed value, or undefined when empty (optional fields are left out, not sent empty). */
const opt = (form: FormData, name: string): string | undefined => {
  const v = str(form, name).trim();
  return v ? v : undefined;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// ---------------------------------------------------------------------------------------------
// vocabularies for the forms

export const ORGANISATION_TYPES = APPLICANT_TYPE_DEFS.filter((a) => a.kind === 'organization').map((a) => ({ code: a.code, name: a.label }));
export const APPLICANT_TYPE_LABELS: Record<string, string> = Object.fromEntries(
  APPLICANT_TYPE_DEFS.map((a) => [a.code, a.kind === 'organization' ? `法人或其他组织 · ${a.label}` : a.label]),
);

export const DELIVERY_OPTIONS = DELIVERY_FORMS.map((code) => ({ code, name: DELIVERY_FORM_NAMES[code] }));

/** The 21 outcome rows grouped as the annual report's table groups them. */
export const OUTCOME_OPTION_GROUPS = OUTCOME_GROUP_DEFS.map((g) => ({
  code: g.code,
  label: `${g.number}${g.label}`,
  options: OUTCOMES.filter((o) => o.group === g.code).map((o) => ({
    code: o.code,
    label: OUTCOMES.filter((x) => x.group === g.code).length === 1 ? g.label : `${g.label} · ${o.shortLabel}`,
  })),
}));

// ---------------------------------------------------------------------------------------------
// field errors

/**
 * `[{field: 'applicant.phone', message}]` → `{phone: message}`: the form's field names are the
 * last path segment (the applicant's fields sit flat in the form). Messages for one field are
 * joined; anything malformed is ignored.
 */
export function leafFieldErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = typeof details === 'object' && details !== null ? (details as { fields?: unknown }).fields : undefined;
  if (!Array.isArray(list)) return out;
  for (const issue of list) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { field, message } = issue as { field?: unknown; message?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const parts = field.split('.').filter((p) => p !== '' && !/^\d+$/.test(p));
    const key = (parts[0] === 'applicant' || parts[0] === 'counts' ? parts.slice(1) : parts).join('.') || '(root)';
    const prev = out[key];
    out[key] = prev === undefined || prev.split('；').includes(message) ? (prev ?? message) : `${prev}；${message}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// the portal's filing form

export const emptyApplyForm = (countyCode = ''): ApplyFormValues => ({
  countyCode,
  kind: 'naturalPerson',
  orgType: '',
  name: '',
  idType: ID_TYPES[0],
  idNumber: '',
  organisationName: '',
  phone: '',
  email: '',
  address: '',
  description: '',
  deliveryForm: 'electronic',
});

export function readApplyForm(form: FormData): ApplyFormValues {
  const kind = str(form, 'kind');
  return {
    countyCode: str(form, 'countyCode').trim(),
    kind: kind === 'naturalPerson' || kind === 'organization' ? kind : '',
    orgType: str(form, 'orgType'),
    name: str(form, 'name'),
    idType: str(form, 'idType'),
    idNumber: str(form, 'idNumber'),
    organisationName: str(form, 'organisationName'),
    phone: str(form, 'phone'),
    email: str(form, 'email'),
    address: str(form, 'address'),
    description: str(form, 'description'),
    deliveryForm: str(form, 'deliveryForm'),
  };
}

export interface ApplicantInput {
  name: string;
  idType?: string;
  idNumber?: string;
  phone: string;
  email?: string;
  address?: string;
  organisationName?: string;
}

const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;

/** The applicant as both backends take it: the fields of the other kind are dropped. */
export function applicantOf(v: Pick<ApplyFormValues, 'kind' | 'name' | 'idType' | 'idNumber' | 'organisationName' | 'phone' | 'email' | 'address'>): ApplicantInput {
  const person = v.kind === 'naturalPerson';
  return clean({
    name: v.name.trim(),
    idType: person && v.idNumber.trim() ? v.idType.trim() || undefined : undefined,
    idNumber: person ? v.idNumber.trim() || undefined : undefined,
    organisationName: person ? undefined : v.organisationName.trim() || undefined,
    phone: v.phone.trim(),
    email: v.email.trim() || undefined,
    address: v.address.trim() || undefined,
  });
}

export const applicantTypeOf = (v: Pick<ApplyFormValues, 'kind' | 'orgType'>): string => (v.kind === 'naturalPerson' ? 'naturalPerson' : v.orgType);

/**
 * What the web checks before asking the hub (the hub checks again): the choices that only the
 * form knows about (kind and organisation type, the ID for a person), with messages by field.
 */
export function checkApplyForm(v: ApplyFormValues, countyCodes: readonly string[]): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.countyCode) e.countyCode = '请选择受理申请的县（市、区）';
  else if (!countyCodes.includes(v.countyCode)) e.countyCode = '该县（市、区）尚未开通网上申请，请通过当面、邮寄或传真方式提交';
  if (!v.kind) e.kind = '请选择申请人类型';
  if (v.kind === 'organization') {
    if (!ORGANISATION_TYPES.some((t) => t.code === v.orgType)) e.orgType = '请选择组织类型';
    if (!v.organisationName.trim()) e.organisationName = '请填写法人或其他组织的名称';
  }
  if (v.kind === 'naturalPerson' && !v.idNumber.trim()) e.idNumber = '请填写身份证件号码';
  if (!v.name.trim()) e.name = v.kind === 'organization' ? '请填写联系人姓名' : '请填写申请人姓名';
  if (!v.phone.trim()) e.phone = '请填写联系电话';
  if (!v.description.trim()) e.description = '请描述所需的政府信息';
  if (!DELIVERY_FORMS.includes(v.deliveryForm as (typeof DELIVERY_FORMS)[number])) e.deliveryForm = '请选择获取信息的方式';
  return e;
}

export function toFileInput(v: ApplyFormValues) {
  return {
    countyCode: v.countyCode,
    applicantType: applicantTypeOf(v),
    applicant: applicantOf(v),
    description: v.description.trim(),
    deliveryForm: v.deliveryForm,
  };
}

// ---------------------------------------------------------------------------------------------
// the county's intake form (登记申请)

export const emptyRegisterForm = (today: string): RegisterFormValues => ({
  ...emptyApplyForm(),
  deliveryForm: 'paper',
  channel: 'inPerson',
  submittedOn: today,
  signedForOn: '',
  sentOn: '',
  confirmedOn: '',
  arrivedOn: '',
});

export function readRegisterForm(form: FormData): RegisterFormValues {
  return {
    ...readApplyForm(form),
    channel: str(form, 'channel'),
    submittedOn: str(form, 'submittedOn').trim(),
    signedForOn: str(form, 'signedForOn').trim(),
    sentOn: str(form, 'sentOn').trim(),
    confirmedOn: str(form, 'confirmedOn').trim(),
    arrivedOn: str(form, 'arrivedOn').trim(),
  };
}

/** The register input: only the dates the chosen channel uses. */
export function toRegisterInput(v: RegisterFormValues) {
  const dates: Record<string, string> = {};
  if (isIntakeChannel(v.channel)) {
    for (const d of CHANNEL_DATES[v.channel]) if (v[d.field]) dates[d.field] = v[d.field];
  }
  return {
    channel: v.channel,
    ...dates,
    applicant: applicantOf(v),
    applicantType: applicantTypeOf(v),
    description: v.description.trim(),
    deliveryForm: v.deliveryForm,
  };
}

export function checkRegisterForm(v: RegisterFormValues): Record<string, string> {
  const e = checkApplyForm(v, [v.countyCode]);
  delete e.countyCode;
  // at the counter the ID may be seen rather than noted; the node does not require it
  delete e.idNumber;
  if (!isIntakeChannel(v.channel)) {
    e.channel = '请选择收到申请的方式';
    return e;
  }
  for (const d of CHANNEL_DATES[v.channel]) {
    const value = v[d.field];
    if (!value) {
      if (d.required) e[d.field] = `请填写${d.label}`;
    } else if (!DATE.test(value)) e[d.field] = `${d.label}格式应为 YYYY-MM-DD`;
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// workflow actions

/** The action posted by a button on the request page, with its fields, as the node takes it. */
export function readTransitionForm(form: FormData): { input: Record<string, unknown>; errors: Record<string, string> } {
  const action = str(form, 'action');
  const errors: Record<string, string> = {};
  const input: Record<string, unknown> = { action };
  const on = opt(form, 'on');
  if (on !== undefined) {
    if (DATE.test(on)) input.on = on;
    else errors.on = '日期格式应为 YYYY-MM-DD';
  }
  const note = opt(form, 'note');
  if (note !== undefined) input.note = note;
  const version = Number(str(form, 'version'));
  if (Number.isInteger(version) && version > 0) input.version = version;
  switch (action) {
    case 'startConsultation': {
      const party = str(form, 'party');
      if (party !== 'thirdParty' && party !== 'otherOrgan') errors.party = '请选择征求意见的对象';
      else input.party = party;
      break;
    }
    case 'extend': {
      const raw = str(form, 'workingDays').trim();
      const n = Number(raw);
      if (!raw || !Number.isInteger(n) || n < 1 || n > MAX_EXTENSION_WORKING_DAYS) {
        errors.workingDays = `延长的工作日数应为1至${MAX_EXTENSION_WORKING_DAYS}的整数`;
      } else input.workingDays = n;
      const approvedBy = opt(form, 'approvedBy');
      if (!approvedBy) errors.approvedBy = '延期须经政府信息公开工作机构负责人同意：请填写批准人';
      else input.approvedBy = approvedBy;
      const notified = opt(form, 'applicantNotifiedOn');
      if (notified !== undefined) {
        if (DATE.test(notified)) input.applicantNotifiedOn = notified;
        else errors.applicantNotifiedOn = '日期格式应为 YYYY-MM-DD';
      }
      break;
    }
    case 'reply':
    case 'replyOnTheSpot': {
      const outcome = str(form, 'outcome');
      if (!OUTCOMES.some((o) => o.code === outcome)) errors.outcome = '请选择办理结果';
      else input.outcome = outcome;
      const replyText = opt(form, 'replyText');
      if (!replyText) errors.replyText = '请填写答复内容';
      else input.replyText = replyText;
      break;
    }
    default:
      if (!action) errors.action = '请选择操作';
  }
  return { input, errors };
}

// ---------------------------------------------------------------------------------------------
// worklist and tracking wording

// ---------------------------------------------------------------------------------------------
// the annual report's section 四 form


/** `review.upheld` … as numbers; empty cells are 0; anything else is an error on that cell. */
export function readReviewLitigationForm(form: FormData): {
  counts: Record<string, Record<string, number>>;
  values: Record<string, string>;
  errors: Record<string, string>;
} {
  const counts: Record<string, Record<string, number>> = {};
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const g of REVIEW_LITIGATION_GROUPS) {
    const row: Record<string, number> = {};
    for (const c of CASE_INPUT_COLUMNS) {
      const key = `${g}.${c}`;
      const raw = str(form, key).trim();
      values[key] = raw;
      const n = raw === '' ? 0 : Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 1_000_000) errors[key] = '应为非负整数';
      else row[c] = n;
    }
    counts[g] = row;
  }
  return { counts, values, errors };
}

// ---------------------------------------------------------------------------------------------
// the holiday file (calendar.loadYear)

/** The pasted or uploaded text as JSON, or a message saying where it is broken. */
export function parseHolidayJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (!t) return { ok: false, message: '请粘贴放假安排 JSON，或选择 JSON 文件' };
  if (t.length > 200_000) return { ok: false, message: '文件过大（应不超过200KB）' };
  try {
    return { ok: true, value: JSON.parse(t) };
  } catch (e) {
    return { ok: false, message: `不是有效的 JSON：${e instanceof Error ? e.message : String(e)}` };
  }
}

// ---------------------------------------------------------------------------------------------
// statistics

/** Every month from the first to the last with data (gaps filled with zeros), at most the last `max`. */
export function fillMonths(points: readonly MonthPoint[], max = 24): MonthPoint[] {
  if (!points.length) return [];
  const sorted = [...points].sort((a, b) => (a.month < b.month ? -1 : 1));
  const by = new Map(sorted.map((p) => [p.month, p]));
  const first = sorted[0]?.month as string;
  const last = sorted[sorted.length - 1]?.month as string;
  const out: MonthPoint[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(by.get(key) ?? { month: key, received: 0, replied: 0 });
    if (key >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out.slice(-max);
}

/** Adds the months of several counties together. */
export function sumMonths(lists: readonly (readonly MonthPoint[])[]): MonthPoint[] {
  const m = new Map<string, MonthPoint>();
  for (const list of lists) {
    for (const p of list) {
      const cur = m.get(p.month) ?? { month: p.month, received: 0, replied: 0 };
      cur.received += p.received;
      cur.replied += p.replied;
      m.set(p.month, cur);
    }
  }
  return [...m.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}

/** The outcome mix: groups with counts, largest first, as `予以公开 3 · 不予公开 1`. */
export function outcomeMix(outcomes: Record<string, number>): { code: string; label: string; count: number }[] {
  const groups = new Map<string, number>();
  for (const [code, n] of Object.entries(outcomes)) {
    const o = OUTCOMES.find((x) => x.code === code);
    const g = o ? o.group : 'other';
    groups.set(g, (groups.get(g) ?? 0) + n);
  }
  return OUTCOME_GROUP_DEFS.filter((g) => (groups.get(g.code) ?? 0) > 0)
    .map((g) => ({ code: g.code, label: g.label, count: groups.get(g.code) ?? 0 }))
    .sort((a, b) => b.count - a.count);
}

// ---------------------------------------------------------------------------------------------
// the annual report's request table (section 三) as printed

export const REPORT_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;

export type ReportRow =
  | { kind: 'section'; label: string }
  | { kind: 'group'; label: string }
  | { kind: 'data'; key: string; label: string; indent: boolean; total: boolean; cells: Record<string, number | null> };

type Cells = Record<string, unknown>;
const cellsOf = (c: unknown): Record<string, number | null> => {
  const o = (typeof c === 'object' && c !== null ? c : {}) as Cells;
  return Object.fromEntries(REPORT_COLUMNS.map((col) => [col, typeof o[col] === 'number' ? (o[col] as number) : null]));
};

/**
 * The rows of the 30号 table in print order: 一、本年新收, 二、上年结转, 三、本年度办理结果 with
 * its groups （一）…（六） (a group of several rows gets a heading and its numbered rows), （七）总计,
 * and 四、结转下年度继续办理.
 */
export function reportRows(table: unknown): ReportRow[] {
  const t = (typeof table === 'object' && table !== null ? table : {}) as Record<string, unknown>;
  const outcomes = (typeof t.outcomes === 'object' && t.outcomes !== null ? t.outcomes : {}) as Record<string, unknown>;
  const rows: ReportRow[] = [
    { kind: 'data', key: 'newThisYear', label: '一、本年新收政府信息公开申请数量', indent: false, total: false, cells: cellsOf(t.newThisYear) },
    { kind: 'data', key: 'carriedOver', label: '二、上年结转政府信息公开申请数量', indent: false, total: false, cells: cellsOf(t.carriedOver) },
    { kind: 'section', label: '三、本年度办理结果' },
  ];
  for (const g of OUTCOME_GROUP_DEFS) {
    const list = OUTCOMES.filter((o) => o.group === g.code);
    if (list.length === 1) {
      const o = list[0] as (typeof OUTCOMES)[number];
      rows.push({ kind: 'data', key: o.code, label: o.rowLabel, indent: false, total: false, cells: cellsOf(outcomes[o.code]) });
      continue;
    }
    rows.push({ kind: 'group', label: `${g.number}${g.label}` });
    for (const o of list) rows.push({ kind: 'data', key: o.code, label: o.rowLabel, indent: true, total: false, cells: cellsOf(outcomes[o.code]) });
  }
  rows.push({ kind: 'data', key: 'resultsTotal', label: '（七）总计', indent: false, total: true, cells: cellsOf(t.resultsTotal) });
  rows.push({ kind: 'data', key: 'carriedForward', label: '四、结转下年度继续办理', indent: false, total: false, cells: cellsOf(t.carriedForward) });
  return rows;
}

export interface ReportCheck {
  name: string;
  pass: boolean;
  messages: string[];
}

interface Issue {
  kind?: unknown;
  message?: unknown;
}

/** The cross-checks of the report, each passed or failed with the failing messages. */
export function reportChecks(requestIssues: readonly Issue[], reviewIssues: readonly Issue[], reviewEntered: boolean): ReportCheck[] {
  const msgs = (kinds: string[]) =>
    requestIssues.filter((i) => kinds.includes(String(i.kind))).map((i) => String(i.message ?? ''));
  const check = (name: string, messages: string[]): ReportCheck => ({ name, pass: messages.length === 0, messages });
  return [
    check('各格均为非负整数', msgs(['invalidCount'])),
    check('每行：各类申请人合计 = 总计', msgs(['rowTotal'])),
    check('每列：各项办理结果合计 = 办理结果总计', msgs(['resultsTotal'])),
    check('每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度', msgs(['balance'])),
    check(
      '行政复议、行政诉讼情况已填报且合计正确',
      reviewEntered ? reviewIssues.map((i) => String(i.message ?? '')) : ['行政复议、行政诉讼情况尚未填报'],
    ),
  ];
}
