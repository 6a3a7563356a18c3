/**
 * 依申请公开 at the hub: online filing at the province portal (the applicant sealed to the county's
 * X25519 key, delivered as `request.filed`), tracking with the number and secret, the projection
 * of the counties' `info.request` events, statistics, and the working-day calendar (bundled data
 * merged with the holiday files a province admin loads, broadcast as `calendar.year`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  APPLICANT_TYPES,
  DEFAULT_CALENDAR,
  DELIVERY_FORMS,
  type HolidayFile,
  type InfoRequestEventBody,
  OUTCOME_NAMES,
  type OutcomeCode,
  REQUEST_STATUSES,
  REQUEST_STATUS_NAMES,
  type RequestFiledBody,
  type RequestStatus,
  type Result,
  WORKFLOW_EVENT_NAMES,
  type WorkflowEventType,
  type WorkingCalendar,
  applicantSchema,
  buildCalendar,
  chinaDate,
  countyByCode6,
  daysBetween,
  type DueDateResult,
  domainError,
  dueDateOn,
  type dueDateQuerySchema,
  err,
  isOpenStatus,
  loadHolidayFile,
  ok,
  sealForCounty,
} from '@zwgk/core';
import { type HubDb, type HubDbOrTx, type HubTx, calendarYears, counties, infoRequests } from '@zwgk/db/pg';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { HubDeps, Viewer } from '../deps.js';
import { flushAll } from '../outbox.js';
import { requireRole, reviews } from './access.js';
import { audit } from './audit.js';

// ---------------------------------------------------------------------------------------------
// filing

export const fileRequestInputSchema = z
  .object({
    countyCode: z.string().regex(/^\d{6}$/, { error: '县级代码必须是6位数字' }),
    applicantType: z.enum(APPLICANT_TYPES, { error: '申请人类型无效' }),
    applicant: applicantSchema,
    description: z
      .string()
      .trim()
      .min(1, { error: '请填写所需政府信息的名称、文号或者便于查询的其他特征性描述' })
      .max(5000, { error: '内容描述不超过5000字' }),
    deliveryForm: z.enum(DELIVERY_FORMS, { error: `获取信息的方式应为 ${DELIVERY_FORMS.join('、')} 之一` }),
  })
  .strict();
export type FileRequestInput = z.infer<typeof fileRequestInputSchema>;

export const filedSchema = z.object({
  trackingNo: z.string(),
  secret: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  filedAt: z.string(),
  status: z.literal('submitted'),
});
export type Filed = z.infer<typeof filedSchema>;

/** Crockford base32 (no I, L, O, U): readable aloud, unambiguous when typed. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

const hashSecret = (secret: string): string => createHash('sha256').update(secret.trim().toUpperCase()).digest('hex');

/**
 * Accepts an application for any enrolled county, whether or not its node is online: the
 * applicant and the description are sealed to the county's key and queued to its durable
 * consumer. The hub keeps only the tracking number, a hash of the secret, and the applicant type.
 */
export async function fileRequest(deps: Pick<HubDeps, 'db' | 'outbox' | 'logger'>, input: FileRequestInput): Promise<Result<Filed>> {
  const region = countyByCode6(input.countyCode);
  if (!region?.inGBT2260) {
    return err(domainError('validation_failed', `${input.countyCode} 不是河北省的县级行政区划`, { fields: [{ field: 'countyCode', message: '未知的县级代码' }] }));
  }
  if (input.applicantType !== 'naturalPerson' && !input.applicant.organisationName) {
    return err(
      domainError('validation_failed', '法人或其他组织申请的，请填写组织名称', {
        fields: [{ field: 'applicant.organisationName', message: '请填写组织名称' }],
      }),
    );
  }
  const [county] = await deps.db
    .select({ key: counties.encryptionPublicKey, enrolledAt: counties.enrolledAt })
    .from(counties)
    .where(eq(counties.code, input.countyCode))
    .limit(1);
  if (!county?.enrolledAt || !county.key) {
    return err(
      domainError(
        'conflict',
        `${region.name}尚未接入省级政务公开平台（未登记加密公钥），暂不能在线向其提交申请；请通过当面、邮寄或传真方式向${region.name}政府信息公开工作机构提交`,
      ),
    );
  }
  const filedAt = new Date();
  const year = chinaDate(filedAt).slice(0, 4);
  const secret = base32(randomBytes(15)); // 24 characters, 120 bits
  for (let attempt = 0; attempt < 5; attempt++) {
    const trackingNo = `${input.countyCode}-${year}-${base32(randomBytes(5))}`;
    const sealed = sealForCounty({ applicant: input.applicant, description: input.description }, county.key, { associatedData: trackingNo });
    const inserted = await deps.db.transaction(async (tx) => {
      const rows = await tx
        .insert(infoRequests)
        .values({
          trackingNo,
          secretHash: hashSecret(secret),
          countyCode: input.countyCode,
          status: 'submitted',
          channel: 'online',
          applicantType: input.applicantType,
          filedAt,
          events: [{ type: 'filed', on: chinaDate(filedAt) }],
          version: 0,
        })
        .onConflictDoNothing()
        .returning({ trackingNo: infoRequests.trackingNo });
      if (!rows.length) return false;
      const body: RequestFiledBody = {
        trackingNo,
        countyCode: input.countyCode,
        sealed,
        filedAt: filedAt.toISOString(),
        applicantType: input.applicantType,
        deliveryForm: input.deliveryForm,
      };
      await deps.outbox.enqueue(tx, input.countyCode, 'request.filed', body, trackingNo);
      await audit(tx, {
        actor: 'public',
        action: 'info_request.file',
        entityType: 'info_request',
        entityId: trackingNo,
        details: { countyCode: input.countyCode, applicantType: input.applicantType, deliveryForm: input.deliveryForm },
      });
      return true;
    });
    if (!inserted) continue;
    try {
      await flushAll(deps.outbox);
    } catch (e) {
      deps.logger.warn({ err: e, trackingNo }, 'application queued for the county but not yet published; will retry');
    }
    return ok({ trackingNo, secret, countyCode: input.countyCode, countyName: region.name, filedAt: filedAt.toISOString(), status: 'submitted' });
  }
  return err(domainError('unavailable', '暂时无法生成查询号，请稍后重试'));
}

// ---------------------------------------------------------------------------------------------
// tracking

export const trackQuerySchema = z.object({ secret: z.string().max(100).optional() }).strict();

export const trackedSchema = z.object({
  trackingNo: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  channel: z.string(),
  filedAt: z.string().nullable(),
  receivedOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  provisional: z.boolean(),
  repliedOn: z.string().nullable(),
  outcome: z.string().nullable(),
  outcomeLabel: z.string().nullable(),
  timeline: z.array(z.object({ type: z.string(), label: z.string(), on: z.string() })),
});
export type Tracked = z.infer<typeof trackedSchema>;

const NOT_FOUND = '查询号或查询码不正确';

/** The applicant's view: status and dates, for the number and its secret only (the same 404 otherwise). */
export async function trackRequest(db: HubDb, trackingNo: string, secret: string | undefined): Promise<Result<Tracked>> {
  if (!secret || trackingNo.length > 24) return err(domainError('not_found', NOT_FOUND));
  const [row] = await db.select().from(infoRequests).where(eq(infoRequests.trackingNo, trackingNo.trim().toUpperCase())).limit(1);
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = row?.secretHash ? Buffer.from(row.secretHash, 'hex') : Buffer.alloc(32);
  const match = timingSafeEqual(given, stored.length === 32 ? stored : Buffer.alloc(32));
  if (!row?.secretHash || !match) return err(domainError('not_found', NOT_FOUND));
  return ok({
    trackingNo: row.trackingNo,
    countyCode: row.countyCode,
    countyName: countyByCode6(row.countyCode)?.name ?? row.countyCode,
    status: row.status,
    statusLabel: row.status === 'submitted' ? '已提交，待县级机关确认收到' : (REQUEST_STATUS_NAMES[row.status as RequestStatus] ?? row.status),
    channel: row.channel,
    filedAt: row.filedAt ? row.filedAt.toISOString() : null,
    receivedOn: row.receivedOn,
    dueOn: row.dueOn,
    provisional: row.provisional,
    repliedOn: row.repliedOn,
    outcome: row.outcome,
    outcomeLabel: row.outcome ? (OUTCOME_NAMES[row.outcome as OutcomeCode] ?? row.outcome) : null,
    timeline: row.events.map((e) => ({ type: e.type, label: WORKFLOW_EVENT_NAMES[e.type as WorkflowEventType] ?? e.type, on: e.on })),
  });
}

// ---------------------------------------------------------------------------------------------
// the projection (ingest)

/**
 * Applies `info.request` events: per tracking number only a newer version from the same county
 * replaces the row (a portal filing starts at version 0). Returns the tracking numbers applied.
 */
export async function projectInfoRequests(tx: HubTx, events: { origin: string; body: InfoRequestEventBody }[]): Promise<string[]> {
  const newest = new Map<string, InfoRequestEventBody>();
  for (const e of events) {
    const prev = newest.get(e.body.trackingNo);
    if (!prev || e.body.version > prev.version) newest.set(e.body.trackingNo, e.body);
  }
  const applied: string[] = [];
  for (const b of newest.values()) {
    const values = {
      trackingNo: b.trackingNo,
      countyCode: b.countyCode,
      status: b.status,
      channel: b.channel,
      applicantType: b.applicantType,
      receivedOn: b.receivedOn,
      dueOn: b.dueOn,
      provisional: b.provisional,
      repliedOn: b.repliedOn,
      outcome: b.outcome,
      events: b.events,
      version: b.version,
      updatedAt: new Date(),
    };
    const rows = await tx
      .insert(infoRequests)
      .values(values)
      .onConflictDoUpdate({
        target: infoRequests.trackingNo,
        set: {
          status: sql`excluded.status`,
          channel: sql`excluded.channel`,
          applicantType: sql`excluded.applicant_type`,
          receivedOn: sql`excluded.received_on`,
          dueOn: sql`excluded.due_on`,
          provisional: sql`excluded.provisional`,
          repliedOn: sql`excluded.replied_on`,
          outcome: sql`excluded.outcome`,
          // the portal's own `filed` entry stays first when the county's timeline does not carry it
          events: sql`excluded.events`,
          version: sql`excluded.version`,
          updatedAt: sql`excluded.updated_at`,
        },
        setWhere: sql`${infoRequests.version} < excluded.version and ${infoRequests.countyCode} = excluded.county_code`,
      })
      .returning({ trackingNo: infoRequests.trackingNo });
    if (rows.length) applied.push(b.trackingNo);
  }
  return applied;
}

// ---------------------------------------------------------------------------------------------
// statistics

export const statsQuerySchema = z
  .object({
    year: z.coerce.number().int().min(2008).max(2200).optional(),
    countyCode: z.string().regex(/^\d{6}$/).optional(),
  })
  .strict();

const countyStatsSchema = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  received: z.number(),
  awaitingCounty: z.number(),
  open: z.number(),
  replied: z.number(),
  repliedOnTime: z.number(),
  onTimeRate: z.number().nullable(),
  medianDaysToReply: z.number().nullable(),
  medianWorkingDaysToReply: z.number().nullable(),
  overdueNow: z.number(),
  outcomes: z.record(z.string(), z.number()),
  byMonth: z.array(z.object({ month: z.string(), received: z.number(), replied: z.number() })),
});
export const requestStatsSchema = z.object({
  today: z.string(),
  year: z.number().nullable(),
  counties: z.array(countyStatsSchema),
  total: countyStatsSchema.omit({ countyCode: true, countyName: true }),
});
export type RequestStats = z.infer<typeof requestStatsSchema>;
type CountyStats = z.infer<typeof countyStatsSchema>;

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

type StatRow = {
  countyCode: string;
  status: string;
  receivedOn: string | null;
  filedAt: Date | null;
  dueOn: string | null;
  repliedOn: string | null;
  outcome: string | null;
};

function statsOf(rows: StatRow[], today: string, calendar: WorkingCalendar): Omit<CountyStats, 'countyCode' | 'countyName'> {
  const received = rows.filter((r) => r.receivedOn !== null);
  const replied = received.filter((r) => r.repliedOn !== null && r.outcome !== null);
  const withDue = replied.filter((r) => r.dueOn !== null);
  const onTime = withDue.filter((r) => (r.repliedOn as string) <= (r.dueOn as string));
  const outcomes: Record<string, number> = {};
  for (const r of replied) outcomes[r.outcome as string] = (outcomes[r.outcome as string] ?? 0) + 1;
  const months = new Map<string, { received: number; replied: number }>();
  const bump = (month: string, key: 'received' | 'replied') => {
    const m = months.get(month) ?? { received: 0, replied: 0 };
    m[key]++;
    months.set(month, m);
  };
  for (const r of received) bump((r.receivedOn as string).slice(0, 7), 'received');
  for (const r of replied) bump((r.repliedOn as string).slice(0, 7), 'replied');
  return {
    received: received.length,
    awaitingCounty: rows.filter((r) => r.status === 'submitted').length,
    open: received.filter((r) => (REQUEST_STATUSES as readonly string[]).includes(r.status) && isOpenStatus(r.status as RequestStatus)).length,
    replied: replied.length,
    repliedOnTime: onTime.length,
    onTimeRate: withDue.length ? Math.round((onTime.length / withDue.length) * 1000) / 1000 : null,
    medianDaysToReply: median(replied.map((r) => daysBetween(r.receivedOn as string, r.repliedOn as string))),
    medianWorkingDaysToReply: median(replied.map((r) => calendar.workingDaysBetween(r.receivedOn as string, r.repliedOn as string))),
    overdueNow: received.filter(
      (r) => (REQUEST_STATUSES as readonly string[]).includes(r.status) && isOpenStatus(r.status as RequestStatus) && r.dueOn !== null && r.dueOn < today,
    ).length,
    outcomes,
    byMonth: [...months.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, m]) => ({ month, ...m })),
  };
}

/** Per county (those the viewer oversees): received, on-time rate, median time to reply, overdue now, outcomes, by month. */
export async function requestStats(db: HubDb, viewer: Viewer | null, rawQuery: unknown): Promise<Result<RequestStats>> {
  const allowed = requireRole(viewer, 'province_admin', 'city_reviewer');
  if (!allowed.ok) return allowed;
  const q = statsQuerySchema.safeParse(rawQuery ?? {});
  if (!q.success) {
    return err(domainError('validation_failed', '查询参数有误', { fields: q.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) }));
  }
  if (q.data.countyCode && !reviews(allowed.value, q.data.countyCode)) return err(domainError('forbidden', '无权查看该县的申请统计'));
  const conditions = [];
  if (q.data.countyCode) conditions.push(eq(infoRequests.countyCode, q.data.countyCode));
  if (q.data.year !== undefined) {
    const y = q.data.year;
    conditions.push(
      sql`(${infoRequests.receivedOn} between ${`${y}-01-01`} and ${`${y}-12-31`}
        or (${infoRequests.receivedOn} is null and ${infoRequests.filedAt} >= ${`${y}-01-01`}::date and ${infoRequests.filedAt} < ${`${y + 1}-01-01`}::date))`,
    );
  }
  const rows = (await db
    .select({
      countyCode: infoRequests.countyCode,
      status: infoRequests.status,
      receivedOn: infoRequests.receivedOn,
      filedAt: infoRequests.filedAt,
      dueOn: infoRequests.dueOn,
      repliedOn: infoRequests.repliedOn,
      outcome: infoRequests.outcome,
    })
    .from(infoRequests)
    .where(conditions.length ? and(...conditions) : undefined)) as StatRow[];
  const visible = rows.filter((r) => reviews(allowed.value, r.countyCode));
  const today = chinaDate(new Date());
  const calendar = await hubCalendar(db);
  const byCounty = new Map<string, StatRow[]>();
  for (const r of visible) byCounty.set(r.countyCode, [...(byCounty.get(r.countyCode) ?? []), r]);
  return ok({
    today,
    year: q.data.year ?? null,
    counties: [...byCounty.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, list]) => ({ countyCode: code, countyName: countyByCode6(code)?.name ?? code, ...statsOf(list, today, calendar) })),
    total: statsOf(visible, today, calendar),
  });
}

// ---------------------------------------------------------------------------------------------
// the calendar

const calendarCache = new WeakMap<HubDb, Promise<WorkingCalendar>>();

async function buildHubCalendar(db: HubDbOrTx): Promise<WorkingCalendar> {
  const files = new Map<number, HolidayFile>(DEFAULT_CALENDAR.files.map((f) => [f.year, f]));
  for (const row of await db.select().from(calendarYears).orderBy(asc(calendarYears.year))) {
    const f = loadHolidayFile(row.file);
    if (f.ok) files.set(f.value.year, f.value);
  }
  return buildCalendar([...files.values()]);
}

/** The hub's calendar: the bundled data merged with the loaded years (read once, refreshed on load). */
export function hubCalendar(db: HubDb): Promise<WorkingCalendar> {
  let cal = calendarCache.get(db);
  if (!cal) {
    cal = buildHubCalendar(db);
    cal.catch(() => calendarCache.delete(db));
    calendarCache.set(db, cal);
  }
  return cal;
}

export { dueDateQuerySchema, dueDateResultSchema } from '@zwgk/core';

export async function calendarDueDate(db: HubDb, query: z.infer<typeof dueDateQuerySchema>): Promise<Result<DueDateResult>> {
  return ok(dueDateOn(await hubCalendar(db), query));
}

export const calendarYearLoadedSchema = z.object({ year: z.number(), days: z.number(), counties: z.number(), provisional: z.boolean() });

/** Queues every loaded year to one county (at enrollment). */
export async function enqueueCalendarYears(tx: HubTx, outbox: HubDeps['outbox'], countyCode: string): Promise<number> {
  const years = await tx.select().from(calendarYears).orderBy(asc(calendarYears.year));
  for (const y of years) {
    await outbox.enqueue(tx, countyCode, 'calendar.year', { year: y.year, file: y.file as object, loadedAt: y.loadedAt.toISOString() }, `calendar-${y.year}`);
  }
  return years.length;
}

/**
 * A province admin loads a newly announced year (the holiday-cn JSON): validated, stored, and
 * broadcast to every enrolled county, which recomputes its open requests.
 */
export async function loadCalendarYear(
  deps: Pick<HubDeps, 'db' | 'outbox' | 'logger'>,
  viewer: Viewer | null,
  json: unknown,
): Promise<Result<z.infer<typeof calendarYearLoadedSchema>>> {
  const allowed = requireRole(viewer, 'province_admin');
  if (!allowed.ok) return allowed;
  const file = loadHolidayFile(json);
  if (!file.ok) return file;
  const f = file.value;
  const loadedAt = new Date();
  const sent = await deps.db.transaction(async (tx) => {
    await tx
      .insert(calendarYears)
      .values({ year: f.year, file: f, loadedAt, loadedBy: allowed.value.username })
      .onConflictDoUpdate({ target: calendarYears.year, set: { file: f, loadedAt, loadedBy: allowed.value.username } });
    const enrolled = await tx.select({ code: counties.code }).from(counties).where(isNotNull(counties.enrolledAt));
    for (const { code } of enrolled) {
      await deps.outbox.enqueue(tx, code, 'calendar.year', { year: f.year, file: f, loadedAt: loadedAt.toISOString() }, `calendar-${f.year}`);
    }
    await audit(tx, {
      actor: allowed.value.username,
      action: 'calendar.year.load',
      entityType: 'calendar_year',
      entityId: String(f.year),
      details: { days: f.days.length, papers: f.papers, counties: enrolled.length },
    });
    return enrolled.length;
  });
  calendarCache.delete(deps.db);
  try {
    await flushAll(deps.outbox);
  } catch (e) {
    deps.logger.warn({ err: e, year: f.year }, 'calendar year queued for the counties but not yet published; will retry');
  }
  return ok({ year: f.year, days: f.days.length, counties: sent, provisional: f.days.length === 0 });
}
