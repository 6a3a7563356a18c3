import {
  DOMAIN_CODES,
  type InfoRecord,
  NEGATIVE_LIST_KIND,
  type NegativeListEventBody,
  type PublicNegativeListEntry,
  type Result,
  type ReviewFlag,
  chinaDate,
  domainError,
  err,
  escapeHtml,
  htmlToText,
  isIsoDate,
  labelOf,
  negativeListEntryInputSchema,
  negativeListEventBodySchema,
  negativeListFlags,
  ok,
  oneYearBefore,
  withheldAssessmentSchema,
  yearsBefore,
  zodIssuesToFields,
} from '@zwgk/core';
import { type NegativeListEntryRow, infoRecords, negativeListEntries, negativeListVersions, withheldAssessments } from '@zwgk/db/sqlite';
import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { uuidv7 } from '../ids.js';
import { type AuthUser, requireRole } from './accounts.js';
import { listAttachments } from './attachments.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, type Tx, nowOf } from './context.js';
import { appendOutbox } from './outbox.js';
import { federateAttachments } from './records-lifecycle-hooks.js';
import { type PendingInterpretation, interpretationWorklist } from './records-interpretations.js';
import { allocateIndexNumber, createRecord, federate, toRecord } from './records.js';

/**
 * The later life of information records at the county: interpretations that are overdue, the
 * negative list (负面清单) and its flags at confidentiality review, the yearly assessment of
 * withheld records, and validity clean-up with its published result (清理结果).
 */

const invalidInput = (issues: z.core.$ZodIssue[]) =>
  err(domainError('validation_failed', '提交的内容有误', { fields: zodIssuesToFields(issues) }));
const todayOf = (deps: Pick<ServiceDeps, 'now'>) => chinaDate(nowOf(deps));
const brief = (r: InfoRecord) => ({
  id: r.id,
  title: r.title,
  indexNo: r.indexNo,
  docNo: r.docNo,
  issuingBody: r.issuingBody,
  publishedOn: r.publishedOn,
  status: r.status,
  validity: r.validity,
  validFrom: r.validFrom,
  validUntil: r.validUntil,
});

// ── interpretations ──────────────────────────────────────────────────────────────────────────

/**
 * Published policy documents marked `needsInterpretation` with no published interpretation after
 * their due date (publication + 3 working days, the start day not counted): the console's
 * worklist, overdue ones only.
 */
export function overdueInterpretations(deps: Pick<ServiceDeps, 'db' | 'county' | 'now'>): Result<{ today: string; items: PendingInterpretation[] }> {
  const w = interpretationWorklist(deps);
  if (!w.ok) return w;
  return ok({ today: w.value.today, items: w.value.items.filter((i) => i.overdue) });
}

// ── negative list ────────────────────────────────────────────────────────────────────────────

const entryOf = (r: NegativeListEntryRow) => ({
  id: r.id,
  category: r.category,
  content: r.content,
  legalBasis: r.legalBasis,
  reviewOn: r.reviewOn,
  version: r.version,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
});
export type NegativeListEntry = ReturnType<typeof entryOf>;

const liveEntries = (tx: Pick<Tx, 'select'>, countyCode: string) =>
  tx
    .select()
    .from(negativeListEntries)
    .where(and(eq(negativeListEntries.countyCode, countyCode), isNull(negativeListEntries.deletedAt)))
    .orderBy(asc(negativeListEntries.category), asc(negativeListEntries.id))
    .all();

const publicEntry = (r: NegativeListEntryRow): PublicNegativeListEntry => ({
  id: r.id,
  category: r.category,
  content: r.content,
  legalBasis: r.legalBasis,
  reviewOn: r.reviewOn,
});

/** The published list: every live entry and the list's version. */
export function negativeList(deps: Pick<ServiceDeps, 'db' | 'county'>) {
  const v = deps.db.select().from(negativeListVersions).where(eq(negativeListVersions.countyCode, deps.county.code)).get();
  return ok({
    countyCode: deps.county.code,
    version: v?.version ?? 0,
    updatedAt: v?.updatedAt ?? null,
    entries: liveEntries(deps.db, deps.county.code).map(entryOf),
  });
}

/** Bumps the list's version and writes the whole published list to the outbox. */
function publishList(tx: Tx, deps: ServiceDeps, at: string): void {
  const row = tx
    .insert(negativeListVersions)
    .values({ countyCode: deps.county.code, version: 1, updatedAt: at })
    .onConflictDoUpdate({ target: negativeListVersions.countyCode, set: { version: sql`${negativeListVersions.version} + 1`, updatedAt: at } })
    .returning({ version: negativeListVersions.version })
    .get();
  const body: NegativeListEventBody = {
    countyCode: deps.county.code,
    version: row.version,
    updatedAt: at,
    entries: liveEntries(tx, deps.county.code).map(publicEntry),
  };
  appendOutbox(
    tx,
    { countyCode: deps.county.code, signingPrivateKey: deps.signingPrivateKey },
    { kind: NEGATIVE_LIST_KIND, entityId: `negative-list:${deps.county.code}`, entityVersion: row.version, body: negativeListEventBodySchema.parse(body), occurredAt: at },
  );
}

const ADMIN = ['county_admin'] as const;

export function createNegativeListEntry(deps: ServiceDeps, actor: AuthUser, input: unknown): Result<NegativeListEntry> {
  const allowed = requireRole(actor, ADMIN);
  if (!allowed.ok) return allowed;
  const parsed = negativeListEntryInputSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const now = nowOf(deps);
  const at = now.toISOString();
  const row: NegativeListEntryRow = {
    ...parsed.data,
    id: uuidv7(now.getTime()),
    countyCode: deps.county.code,
    version: 1,
    createdAt: at,
    createdBy: actor.username,
    updatedAt: at,
    updatedBy: actor.username,
    deletedAt: null,
  };
  deps.db.transaction(
    (tx) => {
      tx.insert(negativeListEntries).values(row).run();
      writeAudit(tx, { at, actor: actor.username, action: 'negative_list.create', entityType: 'negative_list_entry', entityId: row.id, details: parsed.data });
      publishList(tx, deps, at);
    },
    { behavior: 'immediate' },
  );
  deps.wake();
  return ok(entryOf(row));
}

export function updateNegativeListEntry(deps: ServiceDeps, actor: AuthUser, id: string, input: unknown): Result<NegativeListEntry> {
  const allowed = requireRole(actor, ADMIN);
  if (!allowed.ok) return allowed;
  const parsed = negativeListEntryInputSchema.partial().safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const result = deps.db.transaction(
    (tx): Result<NegativeListEntry> => {
      const cur = tx
        .select()
        .from(negativeListEntries)
        .where(and(eq(negativeListEntries.id, id), eq(negativeListEntries.countyCode, deps.county.code), isNull(negativeListEntries.deletedAt)))
        .get();
      if (!cur) return err(domainError('not_found', `负面清单条目 ${id} 不存在`));
      const at = nowOf(deps).toISOString();
      const patch = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
      const next: NegativeListEntryRow = { ...cur, ...patch, version: cur.version + 1, updatedAt: at, updatedBy: actor.username };
      tx.update(negativeListEntries).set(next).where(eq(negativeListEntries.id, id)).run();
      writeAudit(tx, { at, actor: actor.username, action: 'negative_list.update', entityType: 'negative_list_entry', entityId: id, details: { version: next.version, fields: Object.keys(patch) } });
      publishList(tx, deps, at);
      return ok(entryOf(next));
    },
    { behavior: 'immediate' },
  );
  if (result.ok) deps.wake();
  return result;
}

export function deleteNegativeListEntry(deps: ServiceDeps, actor: AuthUser, id: string): Result<{ deleted: true }> {
  const allowed = requireRole(actor, ADMIN);
  if (!allowed.ok) return allowed;
  const result = deps.db.transaction(
    (tx): Result<{ deleted: true }> => {
      const at = nowOf(deps).toISOString();
      const done = tx
        .update(negativeListEntries)
        .set({ deletedAt: at, updatedAt: at, updatedBy: actor.username })
        .where(and(eq(negativeListEntries.id, id), eq(negativeListEntries.countyCode, deps.county.code), isNull(negativeListEntries.deletedAt)))
        .run();
      if (!done.changes) return err(domainError('not_found', `负面清单条目 ${id} 不存在`));
      writeAudit(tx, { at, actor: actor.username, action: 'negative_list.delete', entityType: 'negative_list_entry', entityId: id });
      publishList(tx, deps, at);
      return ok({ deleted: true });
    },
    { behavior: 'immediate' },
  );
  if (result.ok) deps.wake();
  return result;
}

/** What the reviewer sees: the record, its negative-list flags, attachments and interpretation link. */
export function recordReview(deps: Pick<ServiceDeps, 'db' | 'county'>, id: string) {
  const row = deps.db.select().from(infoRecords).where(and(eq(infoRecords.id, id), eq(infoRecords.countyCode, deps.county.code))).get();
  if (!row) return err(domainError('not_found', `信息 ${id} 不存在`));
  const record = toRecord(row);
  const flags: ReviewFlag[] = negativeListFlags(
    { title: record.title, bodyText: row.bodyText, attribute: record.attribute, withheldGround: record.withheldGround },
    liveEntries(deps.db, deps.county.code),
  );
  const attachments = listAttachments(deps, id);
  return ok({ record, flags, attachments: attachments.ok ? attachments.value : [] });
}

// ── withheld: yearly assessment ──────────────────────────────────────────────────────────────

const lastAssessedOn = (tx: Pick<Tx, 'select'>, r: InfoRecord): string => {
  const last = tx
    .select({ on: withheldAssessments.assessedOn })
    .from(withheldAssessments)
    .where(eq(withheldAssessments.recordId, r.id))
    .orderBy(desc(withheldAssessments.assessedAt))
    .get();
  return last?.on ?? (r.reviewedAt ? chinaDate(new Date(r.reviewedAt)) : r.createdAt.slice(0, 10));
};

/** Withheld records whose last assessment (or the review that withheld them) is a year old or more. */
export function withheldDue(deps: Pick<ServiceDeps, 'db' | 'county' | 'now'>) {
  const today = todayOf(deps);
  const cutoff = oneYearBefore(today);
  const rows = deps.db
    .select()
    .from(infoRecords)
    .where(and(eq(infoRecords.countyCode, deps.county.code), eq(infoRecords.status, 'withheld')))
    .orderBy(asc(infoRecords.reviewedAt))
    .all()
    .map(toRecord);
  const items = rows
    .map((r) => ({ record: { ...brief(r), withheldGround: r.withheldGround }, lastAssessedOn: lastAssessedOn(deps.db, r) }))
    .filter((i) => i.lastAssessedOn <= cutoff);
  return ok({ today, items });
}

/**
 * `assess {decision: keep|release, reason}` on a withheld record (reviewer or admin). Keep records
 * the assessment; release publishes the record (index number, label, federation with its
 * attachments) with the reason, audited.
 */
export function assessWithheld(deps: ServiceDeps, actor: AuthUser, id: string, input: unknown): Result<{ record: InfoRecord; decision: string }> {
  const allowed = requireRole(actor, ['county_admin', 'county_reviewer']);
  if (!allowed.ok) return allowed;
  const parsed = withheldAssessmentSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const a = parsed.data;
  const result = deps.db.transaction(
    (tx): Result<{ record: InfoRecord; decision: string }> => {
      const row = tx.select().from(infoRecords).where(and(eq(infoRecords.id, id), eq(infoRecords.countyCode, deps.county.code))).get();
      if (!row) return err(domainError('not_found', `信息 ${id} 不存在`));
      const current = toRecord(row);
      if (current.status !== 'withheld') return err(domainError('invalid_state', '只有不予公开的信息需要年度评估', { status: current.status }));
      const now = nowOf(deps);
      const at = now.toISOString();
      const today = chinaDate(now);
      tx.insert(withheldAssessments)
        .values({ id: uuidv7(now.getTime()), recordId: id, countyCode: deps.county.code, decision: a.decision, reason: a.reason, assessedOn: today, assessedAt: at, assessedBy: actor.username })
        .run();
      if (a.decision === 'keep') {
        writeAudit(tx, { at, actor: actor.username, action: 'info_record.assess_keep', entityType: 'info_record', entityId: id, details: { reason: a.reason } });
        return ok({ record: current, decision: 'keep' });
      }
      const publishedOn = a.publishedOn ?? today;
      const attribute = a.attribute ?? 'proactive';
      const n = allocateIndexNumber(tx, deps.county.code, publishedOn, current.domain);
      const next: InfoRecord = {
        ...current,
        status: 'published',
        attribute,
        withheldGround: null,
        label: labelOf(attribute),
        publishedOn,
        indexNo: n.indexNo,
        validFrom: current.validFrom ?? publishedOn,
        reviewComment: a.reason,
        version: current.version + 1,
        updatedAt: at,
        updatedBy: actor.username,
      };
      const { id: _i, countyCode: _c, createdAt: _ca, createdBy: _cb, ...changes } = next;
      tx.update(infoRecords)
        .set({ ...changes, bodyText: htmlToText(next.body), indexYear: n.year, indexSeq: n.seq })
        .where(eq(infoRecords.id, id))
        .run();
      writeAudit(tx, {
        at,
        actor: actor.username,
        action: 'info_record.release',
        entityType: 'info_record',
        entityId: id,
        details: {
          version: next.version,
          status: { from: 'withheld', to: 'published' },
          attributeChange: { from: 'withheld', to: attribute, reason: a.reason, reviewer: actor.username },
          reason: a.reason,
          indexNo: next.indexNo,
          publishedOn,
        },
      });
      federate(tx, deps, next, at);
      federateAttachments(tx, deps, next, at);
      return ok({ record: next, decision: 'release' });
    },
    { behavior: 'immediate' },
  );
  if (result.ok && result.value.decision === 'release') deps.wake();
  return result;
}

// ── validity clean-up ────────────────────────────────────────────────────────────────────────

export const cleanupQuerySchema = z.object({
  /** records in force for at least this many years are due for review; default 5 */
  years: z.coerce.number().int().min(1).max(50).default(5),
});

/** Published, still valid records whose 有效期 has passed or that are older than `years`. */
export function cleanupWorklist(deps: Pick<ServiceDeps, 'db' | 'county' | 'now'>, query: unknown) {
  const parsed = cleanupQuerySchema.safeParse(query ?? {});
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const today = todayOf(deps);
  const cutoff = yearsBefore(today, parsed.data.years);
  const rows = deps.db
    .select()
    .from(infoRecords)
    .where(
      and(
        eq(infoRecords.countyCode, deps.county.code),
        eq(infoRecords.status, 'published'),
        eq(infoRecords.validity, 'valid'),
        or(sql`${infoRecords.validUntil} < ${today}`, sql`coalesce(${infoRecords.validFrom}, ${infoRecords.publishedOn}) <= ${cutoff}`),
      ),
    )
    .orderBy(asc(infoRecords.publishedOn))
    .all()
    .map(toRecord);
  return ok({
    today,
    years: parsed.data.years,
    items: rows.map((r) => ({
      record: brief(r),
      reason: r.validUntil && r.validUntil < today ? `有效期至 ${r.validUntil} 已届满` : `施行已满 ${parsed.data.years} 年`,
    })),
  });
}

const date = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });
export const cleanupResultInputSchema = z
  .object({
    from: date,
    to: date,
    title: z.string().trim().min(1).max(300).optional(),
    issuingBody: z.string().trim().min(1).max(200),
    domain: z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' }),
    writtenOn: date.optional(),
  })
  .strict()
  .refine((v) => v.from <= v.to, { error: '起始日期不能晚于截止日期', path: ['to'] });

/**
 * Drafts the clean-up result (清理结果): a record listing every record of the county that expired
 * or was repealed in [from, to]. It then goes through the normal review and publication.
 */
export function draftCleanupResult(deps: ServiceDeps, actor: AuthUser, input: unknown) {
  const parsed = cleanupResultInputSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error.issues);
  const v = parsed.data;
  const rows = deps.db
    .select()
    .from(infoRecords)
    .where(
      and(
        eq(infoRecords.countyCode, deps.county.code),
        eq(infoRecords.status, 'published'),
        or(
          and(eq(infoRecords.validity, 'expired'), sql`${infoRecords.expiredOn} between ${v.from} and ${v.to}`),
          and(eq(infoRecords.validity, 'repealed'), sql`${infoRecords.repealedOn} between ${v.from} and ${v.to}`),
        ),
      ),
    )
    .orderBy(asc(infoRecords.publishedOn))
    .all()
    .map(toRecord);
  const cell = (s: string | null) => `<td>${escapeHtml(s ?? '')}</td>`;
  const table = rows.length
    ? `<table><thead><tr><th>序号</th><th>索引号</th><th>文件名称</th><th>文号</th><th>清理结果</th><th>日期</th></tr></thead><tbody>${rows
        .map(
          (r, i) =>
            `<tr>${cell(String(i + 1))}${cell(r.indexNo)}${cell(r.title)}${cell(r.docNo)}${cell(r.validity === 'repealed' ? '废止' : '失效')}${cell(
              r.validity === 'repealed' ? r.repealedOn : r.expiredOn,
            )}</tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>本期清理未发现需宣布失效或废止的文件。</p>';
  const body = `<p>根据政府信息管理有关规定，现将 ${v.from} 至 ${v.to} 政府信息清理结果公布如下（失效 ${rows.filter((r) => r.validity === 'expired').length} 件，废止 ${rows.filter((r) => r.validity === 'repealed').length} 件）：</p>${table}`;
  const created = createRecord(deps, actor, {
    title: v.title ?? `${deps.county.name}政府信息清理结果（${v.from}至${v.to}）`,
    body,
    issuingBody: v.issuingBody,
    writtenOn: v.writtenOn ?? todayOf(deps),
    domain: v.domain,
    attribute: 'proactive',
  });
  if (!created.ok) return created;
  return ok({ record: created.value, listed: rows.map(brief) });
}
