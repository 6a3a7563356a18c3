/**
 * 依申请公开 at the county: registration (staff, §31 receipt rule per channel; online filings from
 * the province portal), the workflow with every transition audited, the worklist by due date, the
 * deadline engine's dates and explanations, the calendar (bundled data merged with the years a
 * province admin loaded) and the annual report. Each change federates as `info.request` with only
 * what tracking and statistics need; the applicant's identity stays here.
 */
import {
  APPLICANT_TYPES,
  APPLICANT_TYPE_NAMES,
  type ApplicantType,
  type CalendarYearBody,
  DELIVERY_FORMS,
  DELIVERY_FORM_NAMES,
  DEFAULT_CALENDAR,
  type DomainError,
  type DueStatusKind,
  type InfoRequestEventBody,
  OUTCOME_NAMES,
  type OutcomeCode,
  RECEIPT_CHANNEL_NAMES,
  RECEIPT_RULES,
  REQUEST_ACTION_NAMES,
  REQUEST_STATUSES,
  REQUEST_STATUS_NAMES,
  REQUEST_TABLE_ROWS,
  type ReceiptChannel,
  type ReceiptInput,
  type RequestFiledBody,
  type RequestStatus,
  type Result,
  type ReviewLitigationTable,
  type TalliedRequest,
  type WorkflowEvent,
  type WorkflowEventType,
  type WorkingCalendar,
  WORKFLOW_EVENT_NAMES,
  applicantSchema,
  applyTransition,
  availableActions,
  buildCalendar,
  checkRequestTable,
  checkReviewLitigationTable,
  chinaDate,
  domainError,
  dueDateOf,
  dueStatus,
  err,
  infoRequestEventBodySchema,
  isIsoDate,
  isOpenStatus,
  loadHolidayFile,
  ok,
  openSealed,
  openingEvents,
  receiptDate,
  requestDeadlines,
  sealedApplicationSchema,
  tallyRequests,
  type HolidayFile,
  type RequestDeadlines,
  REVIEW_LITIGATION_GROUPS,
  type TransitionInput,
  type DueDateResult,
  dueDateOn,
  dueDateQuerySchema,
  dueDateResultSchema,
  COUNTED_PROACTIVE_COLUMNS,
  COUNTED_PROACTIVE_ROWS,
  COUNTED_PROACTIVE_RULES,
  type ProactiveRecordFacts,
  countProactiveRecords,
  CORRECTION_NOTICE_WORKING_DAYS,
} from '@zwgk/core';
import {
  type CountyDb,
  type InfoRequestRow,
  annualReviewLitigation,
  calendarYears,
  catalogItemVersions,
  infoRequestEvents,
  infoRequests,
  requestDocuments,
  infoRecords,
} from '@zwgk/db/sqlite';
import { and, asc, count, eq, inArray, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { uuidv7 } from '../ids.js';
import { type AuthUser, requireRole } from './accounts.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, type Tx, nowOf } from './context.js';
import { appendOutbox } from './outbox.js';

export const INFO_REQUEST_KIND = 'info.request';
const HANDLERS = ['county_admin', 'county_editor'] as const;
const DATE = z.string().refine(isIsoDate, { error: '日期格式应为有效的 YYYY-MM-DD' });

// ---------------------------------------------------------------------------------------------
// the calendar: bundled data merged with the years loaded since (persisted, read at start-up)

const calendars = new WeakMap<CountyDb, WorkingCalendar>();

function buildCountyCalendar(db: Pick<CountyDb, 'select'>): WorkingCalendar {
  const files = new Map<number, HolidayFile>(DEFAULT_CALENDAR.files.map((f) => [f.year, f]));
  for (const row of db.select().from(calendarYears).orderBy(asc(calendarYears.year)).all()) {
    const f = loadHolidayFile(row.file);
    if (f.ok) files.set(f.value.year, f.value);
  }
  return buildCalendar([...files.values()]);
}

/** The calendar this node counts with. */
export function countyCalendar(db: CountyDb): WorkingCalendar {
  let cal = calendars.get(db);
  if (!cal) {
    cal = buildCountyCalendar(db);
    calendars.set(db, cal);
  }
  return cal;
}

/** "Today" in China for the node's clock. */
export const todayOf = (deps: Pick<ServiceDeps, 'now'>): string => chinaDate(nowOf(deps));

export { dueDateQuerySchema, dueDateResultSchema, type DueDateResult };

/** The deadline engine for clerks and other systems: `start` + n working days, explained. */
export function calendarDueDate(calendar: WorkingCalendar, query: unknown): Result<DueDateResult> {
  const q = dueDateQuerySchema.safeParse(query);
  if (!q.success) {
    return err(
      domainError('validation_failed', '查询参数有误', {
        fields: q.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })),
      }),
    );
  }
  return ok(dueDateOn(calendar, q.data));
}

// ---------------------------------------------------------------------------------------------
// views

const applicantInputSchema = applicantSchema.extend({
  phone: applicantSchema.shape.phone.optional(),
});

export const registerInputSchema = z
  .object({
    channel: z.enum(['inPerson', 'registeredMail', 'ordinaryMail', 'fax', 'online'], {
      error: '提交方式应为 inPerson、registeredMail、ordinaryMail、fax 或 online',
    }),
    /** inPerson: the day it was handed in; online/fax: the day the applicant submitted */
    submittedOn: DATE.optional(),
    /** registeredMail: the day the organ signed for it */
    signedForOn: DATE.optional(),
    sentOn: DATE.optional(),
    /** ordinaryMail, online, fax: the day both sides confirmed */
    confirmedOn: DATE.optional(),
    arrivedOn: DATE.optional(),
    applicant: applicantInputSchema,
    applicantType: z.enum(APPLICANT_TYPES, { error: '申请人类型无效' }),
    description: z.string().trim().min(1, { error: '请填写所需政府信息的名称、文号或者便于查询的其他特征性描述' }).max(5000),
    deliveryForm: z.enum(DELIVERY_FORMS, { error: `获取信息的方式应为 ${DELIVERY_FORMS.join('、')} 之一` }),
  })
  .strict();
export type RegisterInput = z.infer<typeof registerInputSchema>;

export const transitionBodySchema = z
  .object({ action: z.string().min(1).max(40), version: z.number().int().positive().optional() })
  .loose();

export const listRequestsQuerySchema = z
  .object({
    status: z.string().max(200).optional(),
    dueStatus: z.enum(['ok', 'dueSoon', 'overdue']).optional(),
    /** correctionNotice: only the requests awaiting a correction notice (补正告知待发), by its due date */
    queue: z.enum(['correctionNotice'], { error: 'queue 应为 correctionNotice' }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

const eventViewSchema = z.object({
  type: z.string(),
  name: z.string(),
  on: z.string(),
  at: z.string(),
  by: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const requestSummarySchema = z.object({
  id: z.string(),
  trackingNo: z.string(),
  channel: z.string(),
  channelName: z.string(),
  receivedOn: z.string(),
  applicantName: z.string(),
  applicantType: z.string(),
  applicantTypeName: z.string(),
  status: z.string(),
  statusName: z.string(),
  outcome: z.string().nullable(),
  outcomeName: z.string().nullable(),
  dueOn: z.string().nullable(),
  provisional: z.boolean(),
  dueStatus: z.enum(['ok', 'dueSoon', 'overdue']).nullable(),
  workingDaysLeft: z.number().nullable(),
  version: z.number(),
  /** set while the request awaits a correction notice (§30: within 7 working days of receipt); see `correctionNoticeStatus` */
  correctionNotice: z
    .object({
      dueOn: z.string(),
      provisional: z.boolean(),
      dueStatus: z.enum(['ok', 'dueSoon', 'overdue']),
      workingDaysLeft: z.number(),
      workingDaysOver: z.number(),
      /** a clerk saved a 补正告知书: the decision to ask for a correction is taken, the notice not yet sent */
      drafted: z.boolean(),
      draftedAt: z.string().nullable(),
      draftedBy: z.string().nullable(),
    })
    .nullable(),
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;
export type CorrectionNoticeStatus = NonNullable<RequestSummary['correctionNotice']>;

export const requestDetailSchema = requestSummarySchema.extend({
  applicant: z.record(z.string(), z.string().nullable()),
  description: z.string(),
  deliveryForm: z.string(),
  deliveryFormName: z.string(),
  replyText: z.string().nullable(),
  repliedOn: z.string().nullable(),
  filedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deadlines: z.record(z.string(), z.unknown()),
  explanations: z.array(z.object({ label: z.string(), text: z.string() })),
  timeline: z.array(eventViewSchema),
  actions: z.array(z.object({ action: z.string(), name: z.string() })),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

function loadEvents(db: Pick<CountyDb, 'select'>, id: string) {
  return db.select().from(infoRequestEvents).where(eq(infoRequestEvents.requestId, id)).orderBy(asc(infoRequestEvents.id)).all();
}

const workflowEvents = (rows: ReturnType<typeof loadEvents>): WorkflowEvent[] =>
  rows
    .filter((r) => r.type !== 'recomputed')
    .map((r) => (r.details ? { type: r.type as WorkflowEventType, on: r.on, details: r.details } : { type: r.type as WorkflowEventType, on: r.on }));

/** Where a correction can still be asked for (条例第三十条, once; see `availableActions`). */
const CORRECTABLE_STATUSES: readonly string[] = ['received', 'registered', 'review'];

interface CorrectionDraft {
  updatedAt: string;
  updatedBy: string;
}

/**
 * Whether a request awaits a correction notice and by when (§30: within 7 working days of
 * receipt). It does while no correction has been asked for and a correction is still possible,
 * and either a clerk has drafted the 补正告知书 (the decision is taken, the notice not yet sent:
 * it stays listed, overdue once the day has passed) or the request has not reached review and the
 * seven days are still running (the clerk has yet to decide). Null otherwise.
 */
export function correctionNoticeStatus(
  row: Pick<InfoRequestRow, 'status' | 'receivedOn'>,
  ctx: { correctionRequested: boolean; draft: CorrectionDraft | null; today: string; calendar: WorkingCalendar },
): CorrectionNoticeStatus | null {
  if (ctx.correctionRequested || !CORRECTABLE_STATUSES.includes(row.status)) return null;
  const walk = ctx.calendar.addWorkingDays(row.receivedOn, CORRECTION_NOTICE_WORKING_DAYS);
  const due = dueStatus(walk.dueDate, ctx.today, ctx.calendar);
  if (!ctx.draft && (row.status === 'review' || due.status === 'overdue')) return null;
  return {
    dueOn: walk.dueDate,
    provisional: walk.provisional || due.provisional,
    dueStatus: due.status,
    workingDaysLeft: due.workingDaysLeft,
    workingDaysOver: due.workingDaysOver,
    drafted: ctx.draft !== null,
    draftedAt: ctx.draft?.updatedAt ?? null,
    draftedBy: ctx.draft?.updatedBy ?? null,
  };
}

/** The saved 补正告知书 drafts and the requests already told to correct, for the rows of a list. */
function correctionFacts(db: Pick<CountyDb, 'select' | 'selectDistinct'>): { drafts: Map<string, CorrectionDraft>; requested: Set<string> } {
  const drafts = new Map(
    db
      .select({ requestId: requestDocuments.requestId, updatedAt: requestDocuments.updatedAt, updatedBy: requestDocuments.updatedBy })
      .from(requestDocuments)
      .where(eq(requestDocuments.kind, 'correctionNotice'))
      .all()
      .map((d) => [d.requestId, { updatedAt: d.updatedAt, updatedBy: d.updatedBy }]),
  );
  const requested = new Set(
    db
      .selectDistinct({ requestId: infoRequestEvents.requestId })
      .from(infoRequestEvents)
      .where(eq(infoRequestEvents.type, 'correctionRequested'))
      .all()
      .map((e) => e.requestId),
  );
  return { drafts, requested };
}

function summary(
  row: InfoRequestRow,
  today: string,
  calendar: WorkingCalendar,
  correction: CorrectionNoticeStatus | null = null,
): RequestSummary {
  const open = isOpenStatus(row.status as RequestStatus);
  const due = open && row.dueOn ? dueStatus(row.dueOn, today, calendar) : null;
  return {
    id: row.id,
    trackingNo: row.trackingNo,
    channel: row.channel,
    channelName: RECEIPT_CHANNEL_NAMES[row.channel as ReceiptChannel] ?? row.channel,
    receivedOn: row.receivedOn,
    applicantName: row.applicantName,
    applicantType: row.applicantType,
    applicantTypeName: APPLICANT_TYPE_NAMES[row.applicantType as ApplicantType] ?? row.applicantType,
    status: row.status,
    statusName: REQUEST_STATUS_NAMES[row.status as RequestStatus] ?? row.status,
    outcome: row.outcome,
    outcomeName: row.outcome ? (OUTCOME_NAMES[row.outcome as OutcomeCode] ?? row.outcome) : null,
    dueOn: row.dueOn,
    provisional: row.provisional,
    dueStatus: due?.status ?? null,
    workingDaysLeft: due ? due.workingDaysLeft : null,
    version: row.version,
    correctionNotice: correction,
  };
}

function deadlinesView(d: RequestDeadlines): Record<string, unknown> {
  const { explanations: _explanations, ...rest } = d;
  return rest;
}

function detail(db: Pick<CountyDb, 'select'>, row: InfoRequestRow, today: string, calendar: WorkingCalendar): RequestDetail {
  const rows = loadEvents(db, row.id);
  const events = workflowEvents(rows);
  const deadlines = requestDeadlines(events, calendar);
  const draft = db
    .select({ updatedAt: requestDocuments.updatedAt, updatedBy: requestDocuments.updatedBy })
    .from(requestDocuments)
    .where(and(eq(requestDocuments.requestId, row.id), eq(requestDocuments.kind, 'correctionNotice')))
    .get();
  const correction = correctionNoticeStatus(row, {
    correctionRequested: events.some((e) => e.type === 'correctionRequested'),
    draft: draft ?? null,
    today,
    calendar,
  });
  return {
    ...summary(row, today, calendar, correction),
    applicant: {
      name: row.applicantName,
      idType: row.applicantIdType,
      idNumber: row.applicantIdNumber,
      phone: row.applicantPhone,
      email: row.applicantEmail,
      address: row.applicantAddress,
      organisationName: row.organisationName,
    },
    description: row.description,
    deliveryForm: row.deliveryForm,
    deliveryFormName: DELIVERY_FORM_NAMES[row.deliveryForm as keyof typeof DELIVERY_FORM_NAMES] ?? row.deliveryForm,
    replyText: row.replyText,
    repliedOn: row.repliedOn,
    filedAt: row.filedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deadlines: deadlines.ok ? deadlinesView(deadlines.value) : { error: deadlines.error.message },
    explanations: deadlines.ok ? deadlines.value.explanations : [],
    timeline: rows.map((r) => ({
      type: r.type,
      name: WORKFLOW_EVENT_NAMES[r.type as WorkflowEventType] ?? r.type,
      on: r.on,
      at: r.at,
      by: r.by,
      details: r.details ?? null,
    })),
    actions: availableActions({ status: row.status as RequestStatus, events }).map((a) => ({ action: a, name: REQUEST_ACTION_NAMES[a] })),
  };
}

// ---------------------------------------------------------------------------------------------
// writing: row, events, audit and the federated event in one transaction

/** What the hub may know: no names, ID numbers, phones, addresses or descriptions. */
export function federatedBody(row: InfoRequestRow, countyCode: string, events: { type: string; on: string }[]): InfoRequestEventBody {
  return infoRequestEventBodySchema.parse({
    trackingNo: row.trackingNo,
    countyCode,
    status: row.status,
    receivedOn: row.receivedOn,
    dueOn: row.dueOn,
    provisional: row.provisional,
    repliedOn: row.repliedOn,
    outcome: row.outcome,
    applicantType: row.applicantType,
    channel: row.channel,
    events: events.map((e) => ({ type: e.type, on: e.on })),
    version: row.version,
  });
}

function persist(
  tx: Tx,
  deps: ServiceDeps,
  row: InfoRequestRow,
  added: { type: string; on: string; details?: Record<string, unknown> | undefined }[],
  actor: string,
  action: string,
  isNew: boolean,
): void {
  const at = row.updatedAt;
  if (isNew) tx.insert(infoRequests).values(row).run();
  else tx.update(infoRequests).set(row).where(eq(infoRequests.id, row.id)).run();
  for (const e of added) {
    tx.insert(infoRequestEvents)
      .values({ requestId: row.id, type: e.type, on: e.on, at, by: actor, details: e.details ?? null })
      .run();
  }
  const all = tx
    .select({ type: infoRequestEvents.type, on: infoRequestEvents.on })
    .from(infoRequestEvents)
    .where(eq(infoRequestEvents.requestId, row.id))
    .orderBy(asc(infoRequestEvents.id))
    .all();
  writeAudit(tx, {
    at,
    actor,
    action,
    entityType: 'info_request',
    entityId: row.id,
    details: { trackingNo: row.trackingNo, version: row.version, status: row.status, events: added.map((e) => e.type) },
  });
  appendOutbox(
    tx,
    { countyCode: deps.county.code, signingPrivateKey: deps.signingPrivateKey },
    { kind: INFO_REQUEST_KIND, entityId: row.trackingNo, entityVersion: row.version, body: federatedBody(row, deps.county.code, all), occurredAt: at },
  );
}

/** The next county tracking number of a year: `<county>-<year>-<6 digits>` (the portal's have 8 characters). */
function nextTrackingNo(tx: Tx, countyCode: string, year: string): string {
  const prefix = `${countyCode}-${year}-`;
  const rows = tx
    .select({ no: infoRequests.trackingNo })
    .from(infoRequests)
    .where(like(infoRequests.trackingNo, `${prefix}______`))
    .all();
  const max = rows.reduce((m, r) => Math.max(m, /^\d{6}$/.test(r.no.slice(prefix.length)) ? Number(r.no.slice(prefix.length)) : 0), 0);
  return `${prefix}${String(max + 1).padStart(6, '0')}`;
}

function receiptInput(input: RegisterInput): ReceiptInput {
  switch (input.channel) {
    case 'inPerson':
      return { channel: 'inPerson', submittedOn: input.submittedOn as string };
    case 'registeredMail':
      return { channel: 'registeredMail', signedForOn: input.signedForOn as string, ...(input.sentOn ? { sentOn: input.sentOn } : {}) };
    case 'ordinaryMail':
      return { channel: 'ordinaryMail', confirmedOn: input.confirmedOn as string, ...(input.arrivedOn ? { arrivedOn: input.arrivedOn } : {}) };
    case 'online':
    case 'fax':
      return { channel: input.channel, confirmedOn: input.confirmedOn as string, ...(input.submittedOn ? { submittedOn: input.submittedOn } : {}) };
  }
}

interface NewRequest {
  trackingNo?: string;
  channel: ReceiptChannel;
  receivedOn: string;
  rule: string;
  applicant: z.infer<typeof applicantInputSchema>;
  applicantType: ApplicantType;
  description: string;
  deliveryForm: string;
  filedAt?: Date;
}

function createRequest(tx: Tx, deps: ServiceDeps, n: NewRequest, actor: string, calendar: WorkingCalendar): InfoRequestRow {
  const now = nowOf(deps);
  const at = now.toISOString();
  const events = openingEvents({
    receivedOn: n.receivedOn,
    channel: n.channel,
    rule: n.rule,
    ...(n.filedAt ? { filedAt: n.filedAt } : {}),
  });
  const deadlines = requestDeadlines(events, calendar);
  if (!deadlines.ok) throw new Error(`opening timeline refused: ${deadlines.error.message}`);
  const row: InfoRequestRow = {
    id: uuidv7(now.getTime()),
    trackingNo: n.trackingNo ?? nextTrackingNo(tx, deps.county.code, n.receivedOn.slice(0, 4)),
    channel: n.channel,
    receivedOn: n.receivedOn,
    applicantName: n.applicant.name,
    applicantIdType: n.applicant.idType ?? null,
    applicantIdNumber: n.applicant.idNumber ?? null,
    applicantPhone: n.applicant.phone ?? null,
    applicantEmail: n.applicant.email ?? null,
    applicantAddress: n.applicant.address ?? null,
    organisationName: n.applicant.organisationName ?? null,
    applicantType: n.applicantType,
    description: n.description,
    deliveryForm: n.deliveryForm,
    status: 'received',
    outcome: null,
    replyText: null,
    repliedOn: null,
    closedOn: null,
    dueOn: dueDateOf(deadlines.value),
    provisional: deadlines.value.provisional,
    filedAt: n.filedAt ? n.filedAt.toISOString() : null,
    createdAt: at,
    updatedAt: at,
    createdBy: actor,
    version: 1,
  };
  persist(tx, deps, row, events, actor, 'info_request.receive', true);
  return row;
}

/** Staff registration of a request received in person, by mail or by fax (§31 receipt date by channel). */
export function registerRequest(deps: ServiceDeps, actor: AuthUser, input: unknown): Result<RequestDetail> {
  const allowed = requireRole(actor, HANDLERS);
  if (!allowed.ok) return allowed;
  const parsed = registerInputSchema.safeParse(input);
  if (!parsed.success) {
    return err(
      domainError('validation_failed', '申请登记内容有误', {
        fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })),
      }),
    );
  }
  const v = parsed.data;
  const receipt = receiptDate(receiptInput(v));
  if (!receipt.ok) return receipt;
  const today = todayOf(deps);
  if (receipt.value.receivedOn > today) {
    return err(
      domainError('validation_failed', `收到申请日期（${receipt.value.receivedOn}）晚于今天（${today}）`, {
        fields: [{ field: 'receivedOn', message: '不能晚于今天' }],
      }),
    );
  }
  if (v.applicantType !== 'naturalPerson' && !v.applicant.organisationName) {
    return err(
      domainError('validation_failed', '法人或其他组织申请的，请填写组织名称', {
        fields: [{ field: 'applicant.organisationName', message: '请填写组织名称' }],
      }),
    );
  }
  const calendar = countyCalendar(deps.db);
  const row = deps.db.transaction(
    (tx) =>
      createRequest(
        tx,
        deps,
        {
          channel: receipt.value.channel,
          receivedOn: receipt.value.receivedOn,
          rule: receipt.value.rule,
          applicant: v.applicant,
          applicantType: v.applicantType,
          description: v.description,
          deliveryForm: v.deliveryForm,
        },
        actor.username,
        calendar,
      ),
    { behavior: 'immediate' },
  );
  deps.wake();
  return ok(detail(deps.db, row, today, calendar));
}

export function getRequest(deps: ServiceDeps, id: string): Result<RequestDetail> {
  const row = deps.db.select().from(infoRequests).where(eq(infoRequests.id, id)).get();
  if (!row) return err(domainError('not_found', '没有这件申请'));
  return ok(detail(deps.db, row, todayOf(deps), countyCalendar(deps.db)));
}

/** The worklist: open requests first by due date (the most urgent on top), then the rest. */
export function listRequests(deps: ServiceDeps, query: unknown): Result<{ today: string; requests: RequestSummary[] }> {
  const q = listRequestsQuerySchema.safeParse(query ?? {});
  if (!q.success) {
    return err(
      domainError('validation_failed', '查询参数有误', {
        fields: q.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })),
      }),
    );
  }
  const statuses = q.data.status ? q.data.status.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const unknown = statuses.filter((s) => !(REQUEST_STATUSES as readonly string[]).includes(s));
  if (unknown.length) {
    return err(
      domainError('validation_failed', `未知的状态：${unknown.join('、')}`, {
        fields: [{ field: 'status', message: `应为 ${REQUEST_STATUSES.join('、')}（可用逗号分隔多个）` }],
      }),
    );
  }
  const today = todayOf(deps);
  const calendar = countyCalendar(deps.db);
  const rows = deps.db
    .select()
    .from(infoRequests)
    .where(statuses.length ? inArray(infoRequests.status, statuses) : undefined)
    .orderBy(sql`${infoRequests.dueOn} is null`, asc(infoRequests.dueOn), asc(infoRequests.receivedOn))
    .all();
  const facts = correctionFacts(deps.db);
  let list = rows.map((r) =>
    summary(
      r,
      today,
      calendar,
      correctionNoticeStatus(r, { correctionRequested: facts.requested.has(r.id), draft: facts.drafts.get(r.id) ?? null, today, calendar }),
    ),
  );
  const wanted = q.data.dueStatus as DueStatusKind | undefined;
  if (q.data.queue === 'correctionNotice') {
    list = list
      .filter((r) => r.correctionNotice !== null && (!wanted || r.correctionNotice.dueStatus === wanted))
      .sort((a, b) => (a.correctionNotice?.dueOn ?? '').localeCompare(b.correctionNotice?.dueOn ?? '') || a.receivedOn.localeCompare(b.receivedOn));
  } else if (wanted) {
    // a drafted correction notice is a statutory date like the reply's, so it counts in the due lists;
    // one merely still possible is not (most requests need none)
    list = list.filter((r) => r.dueStatus === wanted || (r.correctionNotice?.drafted === true && r.correctionNotice.dueStatus === wanted));
  }
  return ok({ today, requests: list.slice(0, q.data.limit) });
}

/** One workflow step (`{"action", ...}`), validated against the statutory timeline. */
export function transitionRequest(deps: ServiceDeps, actor: AuthUser, id: string, body: unknown): Result<RequestDetail> {
  const allowed = requireRole(actor, HANDLERS);
  if (!allowed.ok) return allowed;
  const parsed = transitionBodySchema.safeParse(body);
  if (!parsed.success) {
    return err(domainError('validation_failed', '请指定操作 action', { fields: [{ field: 'action', message: '必填' }] }));
  }
  const today = todayOf(deps);
  const calendar = countyCalendar(deps.db);
  const result = deps.db.transaction((tx): Result<InfoRequestRow> => {
    const row = tx.select().from(infoRequests).where(eq(infoRequests.id, id)).get();
    if (!row) return err(domainError('not_found', '没有这件申请'));
    if (parsed.data.version !== undefined && parsed.data.version !== row.version) {
      return err(domainError('conflict', `申请已被他人修改（当前版本 ${row.version}），请刷新后重试`, { version: row.version }));
    }
    const { version: _version, ...input } = parsed.data;
    const events = workflowEvents(loadEvents(tx, id));
    const r = applyTransition({ status: row.status as RequestStatus, events }, input as TransitionInput, { today, calendar });
    if (!r.ok) return r as Result<never, DomainError>;
    const t = r.value;
    const next: InfoRequestRow = {
      ...row,
      status: t.status,
      dueOn: isOpenStatus(t.status) ? dueDateOf(t.deadlines) : row.dueOn,
      provisional: t.deadlines.provisional,
      updatedAt: nowOf(deps).toISOString(),
      version: row.version + 1,
    };
    if (t.outcome !== undefined) {
      next.outcome = t.outcome;
      next.repliedOn = t.repliedOn ?? null;
      next.closedOn = t.repliedOn ?? null;
      next.replyText = t.replyText ?? null;
      next.dueOn = t.deadlines.effectiveDueOn;
    }
    if (t.status === 'withdrawn') {
      next.closedOn = t.added[0]?.on ?? today;
      next.dueOn = t.deadlines.effectiveDueOn;
    }
    persist(tx, deps, next, t.added, actor.username, `info_request.${input.action}`, false);
    return ok(next);
  }, { behavior: 'immediate' });
  if (!result.ok) return result;
  deps.wake();
  return ok(detail(deps.db, result.value, today, calendar));
}

// ---------------------------------------------------------------------------------------------
// from the hub: filings and calendar years

export type FiledOutcome = { applied: true; id: string; trackingNo: string } | { applied: false; reason: string };

/**
 * An application filed at the province portal: opened with this county's key and created as
 * received online. Its receipt date is the day the county confirms it, i.e. today (§31 (三)).
 * A filing that cannot be opened is audited (without content) and not created.
 */
export function applyFiledRequest(
  tx: Tx,
  deps: ServiceDeps,
  body: RequestFiledBody,
  encryptionPrivateKey: string,
): FiledOutcome {
  if (body.countyCode !== deps.county.code) return { applied: false, reason: 'wrong county' };
  const existing = tx.select({ id: infoRequests.id }).from(infoRequests).where(eq(infoRequests.trackingNo, body.trackingNo)).get();
  if (existing) return { applied: false, reason: 'already received' };
  const at = nowOf(deps).toISOString();
  const opened = openSealed(body.sealed, encryptionPrivateKey, { associatedData: body.trackingNo });
  const content = opened.ok ? sealedApplicationSchema.safeParse(opened.value) : null;
  if (!content?.success) {
    writeAudit(tx, {
      at,
      actor: 'hub',
      action: 'info_request.unreadable',
      entityType: 'info_request',
      entityId: body.trackingNo,
      details: { reason: opened.ok ? 'content does not match the application schema' : opened.error.message },
    });
    return { applied: false, reason: 'unreadable' };
  }
  const row = createRequest(
    tx,
    deps,
    {
      trackingNo: body.trackingNo,
      channel: 'online',
      receivedOn: todayOf(deps),
      rule: RECEIPT_RULES.online,
      applicant: content.data.applicant,
      applicantType: body.applicantType,
      description: content.data.description,
      deliveryForm: body.deliveryForm,
      filedAt: new Date(body.filedAt),
    },
    'portal',
    countyCalendar(deps.db),
  );
  return { applied: true, id: row.id, trackingNo: row.trackingNo };
}

export interface RecomputeChange {
  trackingNo: string;
  oldDueOn: string | null;
  newDueOn: string | null;
  oldProvisional: boolean;
  newProvisional: boolean;
}

/**
 * Recomputes every open request's due date with `calendar`; a request whose due date or
 * provisional flag changes gets a `recomputed` event (old and new date), a new version and an
 * `info.request`.
 */
export function recomputeOpenRequests(tx: Tx, deps: ServiceDeps, calendar: WorkingCalendar, reason: string): RecomputeChange[] {
  const open = tx
    .select()
    .from(infoRequests)
    .where(inArray(infoRequests.status, REQUEST_STATUSES.filter((s) => isOpenStatus(s))))
    .all();
  const changes: RecomputeChange[] = [];
  const today = todayOf(deps);
  for (const row of open) {
    const d = requestDeadlines(workflowEvents(loadEvents(tx, row.id)), calendar);
    if (!d.ok) continue;
    const dueOn = dueDateOf(d.value);
    if (dueOn === row.dueOn && d.value.provisional === row.provisional) continue;
    const change = { trackingNo: row.trackingNo, oldDueOn: row.dueOn, newDueOn: dueOn, oldProvisional: row.provisional, newProvisional: d.value.provisional };
    changes.push(change);
    const next: InfoRequestRow = { ...row, dueOn, provisional: d.value.provisional, updatedAt: nowOf(deps).toISOString(), version: row.version + 1 };
    persist(
      tx,
      deps,
      next,
      [{ type: 'recomputed', on: today, details: { reason, oldDueOn: row.dueOn, newDueOn: dueOn, oldProvisional: row.provisional, newProvisional: d.value.provisional } }],
      'system',
      'info_request.recompute',
      false,
    );
  }
  return changes;
}

/**
 * A holiday file loaded by the province: stored (so the calendar survives restarts), merged, and
 * every open request recomputed. Call `refreshCalendar` after the transaction commits.
 */
export function applyCalendarYear(
  tx: Tx,
  deps: ServiceDeps,
  body: CalendarYearBody,
  source: string,
): Result<{ year: number; changes: RecomputeChange[] }> {
  const file = loadHolidayFile(body.file);
  if (!file.ok) return file;
  tx.insert(calendarYears)
    .values({ year: file.value.year, file: file.value, loadedAt: body.loadedAt, source })
    .onConflictDoUpdate({ target: calendarYears.year, set: { file: file.value, loadedAt: body.loadedAt, source } })
    .run();
  const calendar = buildCountyCalendar(tx);
  const changes = recomputeOpenRequests(tx, deps, calendar, `${file.value.year}年放假安排已发布`);
  writeAudit(tx, {
    at: nowOf(deps).toISOString(),
    actor: source,
    action: 'calendar.year.load',
    entityType: 'calendar_year',
    entityId: String(file.value.year),
    details: { days: file.value.days.length, recomputed: changes.length },
  });
  return ok({ year: file.value.year, changes });
}

/** Drops the cached calendar so the next use reads the stored years again. */
export const refreshCalendar = (db: CountyDb): void => {
  calendars.delete(db);
};

// ---------------------------------------------------------------------------------------------
// the annual report (国办公开办函〔2021〕30号)

const caseCountsSchema = z
  .object({
    upheld: z.number().int().min(0),
    corrected: z.number().int().min(0),
    other: z.number().int().min(0),
    pending: z.number().int().min(0),
    /** as printed; computed when left out */
    total: z.number().int().min(0).optional(),
  })
  .strict();

export const reviewLitigationInputSchema = z
  .object({ review: caseCountsSchema, litigationDirect: caseCountsSchema, litigationAfterReview: caseCountsSchema })
  .strict();

const yearSchema = z.coerce.number().int().min(2008).max(2200);

const countedCellSchema = z.object({
  count: z.number(),
  records: z.array(z.object({ id: z.string(), title: z.string(), docNo: z.string().nullable(), indexNo: z.string().nullable(), writtenOn: z.string() })),
});
type CountedCellView = z.infer<typeof countedCellSchema>;

/** Section 二's counted rows: the published 规章 and 行政规范性文件 of this county, through `countProactiveRecords`. */
function countedProactive(deps: ServiceDeps, year: number): Record<(typeof COUNTED_PROACTIVE_ROWS)[number], Record<(typeof COUNTED_PROACTIVE_COLUMNS)[number], CountedCellView>> {
  const rows = deps.db
    .select({
      id: infoRecords.id,
      title: infoRecords.title,
      docNo: infoRecords.docNo,
      indexNo: infoRecords.indexNo,
      kind: infoRecords.kind,
      docCategory: infoRecords.docCategory,
      status: infoRecords.status,
      writtenOn: infoRecords.writtenOn,
      publishedOn: infoRecords.publishedOn,
      validFrom: infoRecords.validFrom,
      validUntil: infoRecords.validUntil,
      validity: infoRecords.validity,
      expiredOn: infoRecords.expiredOn,
      repealedOn: infoRecords.repealedOn,
    })
    .from(infoRecords)
    .where(
      and(
        eq(infoRecords.countyCode, deps.county.code),
        eq(infoRecords.status, 'published'),
        inArray(infoRecords.docCategory, ['rule', 'normativeDocument']),
      ),
    )
    .orderBy(asc(infoRecords.writtenOn), asc(infoRecords.id))
    .all();
  const counted = countProactiveRecords(year, rows as ProactiveRecordFacts[]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const view = (ids: string[]): CountedCellView => ({
    count: ids.length,
    records: ids.map((id) => {
      const r = byId.get(id)!;
      return { id, title: r.title, docNo: r.docNo, indexNo: r.indexNo, writtenOn: r.writtenOn };
    }),
  });
  return Object.fromEntries(
    COUNTED_PROACTIVE_ROWS.map((row) => [row, Object.fromEntries(COUNTED_PROACTIVE_COLUMNS.map((col) => [col, view(counted[row][col].recordIds)]))]),
  ) as ReturnType<typeof countedProactive>;
}

export const annualReportSchema = z.object({
  year: z.number(),
  county: z.object({ code: z.string(), name: z.string() }),
  requestTable: z.record(z.string(), z.unknown()),
  rows: z.array(z.object({ key: z.string(), label: z.string() })),
  proactive: z.object({
    catalogItemsPublished: z.number(),
    catalogItemsInForce: z.number(),
    /** section 二's 规章 and 行政规范性文件 rows, counted from the published records, with the records counted */
    counted: z.object(
      Object.fromEntries(
        COUNTED_PROACTIVE_ROWS.map((row) => [
          row,
          z.object(Object.fromEntries(COUNTED_PROACTIVE_COLUMNS.map((col) => [col, countedCellSchema])) as Record<(typeof COUNTED_PROACTIVE_COLUMNS)[number], typeof countedCellSchema>),
        ]),
      ) as Record<(typeof COUNTED_PROACTIVE_ROWS)[number], z.ZodObject<Record<(typeof COUNTED_PROACTIVE_COLUMNS)[number], typeof countedCellSchema>>>,
    ),
    /** how each column is counted */
    countingRules: z.record(z.string(), z.string()),
  }),
  reviewLitigation: z.record(z.string(), z.unknown()).nullable(),
  checks: z.object({
    requestTable: z.array(z.record(z.string(), z.unknown())),
    reviewLitigation: z.array(z.object({ field: z.string(), message: z.string() })),
    passes: z.boolean(),
  }),
  notes: z.array(z.string()),
});
export type AnnualReport = z.infer<typeof annualReportSchema>;

/** The report's tables from this county's records, with the 30号 cross-checks. */
export function annualReport(deps: ServiceDeps, rawYear: unknown): Result<AnnualReport> {
  const y = yearSchema.safeParse(rawYear);
  if (!y.success) return err(domainError('validation_failed', '年度有误', { fields: [{ field: 'year', message: '应为四位年份' }] }));
  const year = y.data;
  const rows = deps.db
    .select({
      applicantType: infoRequests.applicantType,
      receivedOn: infoRequests.receivedOn,
      status: infoRequests.status,
      outcome: infoRequests.outcome,
      closedOn: infoRequests.closedOn,
    })
    .from(infoRequests)
    .all();
  const tallied: TalliedRequest[] = rows.map((r) => ({
    applicantType: r.applicantType as ApplicantType,
    receivedOn: r.receivedOn,
    closedOn: r.closedOn,
    // the table has no row for a withdrawal: it is counted under 其他处理 · 其他
    outcome: r.status === 'withdrawn' ? 'otherOther' : (r.outcome as OutcomeCode | null),
  }));
  const table = tallyRequests(year, tallied);
  if (!table.ok) return table;

  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const published = deps.db
    .select({ n: sql<number>`count(distinct ${catalogItemVersions.itemId})` })
    .from(catalogItemVersions)
    .where(and(eq(catalogItemVersions.status, 'published'), sql`${catalogItemVersions.at} >= ${from}`, sql`${catalogItemVersions.at} < ${to}`))
    .get();
  const inForce = deps.db
    .select({ n: sql<number>`count(distinct ${catalogItemVersions.itemId})` })
    .from(catalogItemVersions)
    .where(and(eq(catalogItemVersions.status, 'published'), sql`${catalogItemVersions.at} < ${to}`))
    .get();

  const entered = deps.db.select().from(annualReviewLitigation).where(eq(annualReviewLitigation.year, year)).get();
  let reviewLitigation: ReviewLitigationTable | null = null;
  if (entered) {
    const c = entered.counts as Record<string, Record<string, number>>;
    reviewLitigation = Object.fromEntries(
      REVIEW_LITIGATION_GROUPS.map((g) => {
        const row = c[g] ?? {};
        const sum = (row.upheld ?? 0) + (row.corrected ?? 0) + (row.other ?? 0) + (row.pending ?? 0);
        return [g, { upheld: row.upheld, corrected: row.corrected, other: row.other, pending: row.pending, total: row.total ?? sum }];
      }),
    ) as ReviewLitigationTable;
  }
  const requestIssues = checkRequestTable(table.value);
  const reviewIssues = reviewLitigation ? checkReviewLitigationTable(reviewLitigation) : [];
  return ok({
    year,
    county: { code: deps.county.code, name: deps.county.name },
    requestTable: table.value as unknown as Record<string, unknown>,
    rows: REQUEST_TABLE_ROWS.map((r) => ({ key: r.key, label: r.label })),
    proactive: {
      catalogItemsPublished: Number(published?.n ?? 0),
      catalogItemsInForce: Number(inForce?.n ?? 0),
      counted: countedProactive(deps, year),
      countingRules: { ...COUNTED_PROACTIVE_RULES },
    },
    reviewLitigation: reviewLitigation as unknown as Record<string, unknown> | null,
    checks: { requestTable: requestIssues as unknown as Record<string, unknown>[], reviewLitigation: reviewIssues, passes: requestIssues.length === 0 && reviewIssues.length === 0 && reviewLitigation !== null },
    notes: [
      '申请人撤回的申请计入“其他处理 · 其他”。',
      ...(reviewLitigation ? [] : ['行政复议、行政诉讼情况尚未填报，报告不能发布。']),
    ],
  });
}

/** Staff enter section 四 (administrative review and litigation) as printed; the report checks it. */
export function putReviewLitigation(deps: ServiceDeps, actor: AuthUser, rawYear: unknown, input: unknown): Result<AnnualReport> {
  const allowed = requireRole(actor, ['county_admin']);
  if (!allowed.ok) return allowed;
  const y = yearSchema.safeParse(rawYear);
  if (!y.success) return err(domainError('validation_failed', '年度有误', { fields: [{ field: 'year', message: '应为四位年份' }] }));
  const parsed = reviewLitigationInputSchema.safeParse(input);
  if (!parsed.success) {
    return err(
      domainError('validation_failed', '行政复议、行政诉讼情况填报有误', {
        fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })),
      }),
    );
  }
  const at = nowOf(deps).toISOString();
  deps.db.transaction(
    (tx) => {
      tx.insert(annualReviewLitigation)
        .values({ year: y.data, counts: parsed.data, updatedAt: at, updatedBy: actor.username })
        .onConflictDoUpdate({ target: annualReviewLitigation.year, set: { counts: parsed.data, updatedAt: at, updatedBy: actor.username } })
        .run();
      writeAudit(tx, { at, actor: actor.username, action: 'annual_report.review_litigation', entityType: 'annual_report', entityId: String(y.data), details: parsed.data });
    },
    { behavior: 'immediate' },
  );
  return annualReport(deps, y.data);
}

/** How many requests this node holds (for metrics and tests). */
export const requestCount = (db: CountyDb): number => db.select({ n: count() }).from(infoRequests).get()?.n ?? 0;
