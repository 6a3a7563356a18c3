import {
  DEFAULT_INDEX_PATTERN,
  DOMAIN_CODES,
  EDITABLE_STATUSES,
  INFO_RECORD_KIND,
  type InfoRecord,
  type InfoRecordEventBody,
  type InfoRecordInput,
  RECORD_ACTION_ROLES,
  RECORD_ATTRIBUTES,
  RECORD_CORRECTORS,
  RECORD_DRAFTERS,
  RECORD_INPUT_KEYS,
  RECORD_STATUSES,
  RECORD_VALIDITIES,
  type RecordAttribute,
  type RecordStatus,
  type RecordValidity,
  type Result,
  applyRecordAction,
  chinaDate,
  domainError,
  err,
  formatIndexNumber,
  htmlToText,
  infoRecordEventBodySchema,
  isIsoDate,
  ok,
  parseRecordTransition,
  patchRecordInput,
  publicRecordOf,
  validateIndexPattern,
  validateRecordInput,
  zodIssuesToFields,
} from '@zwgk/core';
import { type InfoRecordRow, catalogItems, infoRecords, recordIndexCounters, recordSettings } from '@zwgk/db/sqlite';
import { type SQL, and, count, desc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import sanitizeHtml from 'sanitize-html';
import { z } from 'zod';
import { uuidv7 } from '../ids.js';
import { type AuthUser, requireRole } from './accounts.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, type Tx, nowOf } from './context.js';
import { appendOutbox } from './outbox.js';
import { checkInterpretationLink, checkReadyForReview, federateAttachments } from './records-lifecycle-hooks.js';

/**
 * Information records (政府信息) at the county: drafting, confidentiality review, publication with
 * an index number, and later expiry, repeal or withdrawal. Every change writes the record and an
 * audit row in one IMMEDIATE transaction; a change to a published record also writes a signed
 * `info.record` outbox row there. Drafts, records under review and withheld records never reach
 * the outbox.
 */

const ENTITY = 'info_record';

/** Rich text the body may contain: structure and emphasis, tables, and http(s) links; nothing else. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'h2', 'h3', 'h4', 'a'],
  allowedAttributes: { a: ['href', 'rel'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
};

export const sanitizeBody = (html: string): string => sanitizeHtml(html, SANITIZE).trim();

/** Titles and other plain fields: no markup at all, control characters removed. */
const plain = (s: string): string =>
  Array.from(s)
    .filter((ch) => {
      const c = ch.charCodeAt(0);
      return c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
    })
    .join('');

export function toRecord(r: InfoRecordRow): InfoRecord {
  return {
    id: r.id,
    countyCode: r.countyCode,
    townshipCode: r.townshipCode,
    title: r.title,
    body: r.body,
    issuingBody: r.issuingBody,
    docNo: r.docNo,
    writtenOn: r.writtenOn,
    publishedOn: r.publishedOn,
    domain: r.domain as InfoRecord['domain'],
    catalogItemId: r.catalogItemId,
    attribute: r.attribute as RecordAttribute,
    proposedAttribute: r.proposedAttribute as RecordAttribute,
    withheldGround: r.withheldGround,
    validity: r.validity as RecordValidity,
    validFrom: r.validFrom,
    expiredOn: r.expiredOn,
    repealedOn: r.repealedOn,
    targetGroups: r.targetGroups,
    status: r.status as RecordStatus,
    label: r.label,
    indexNo: r.indexNo,
    version: r.version,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
    reviewedBy: r.reviewedBy,
    reviewedAt: r.reviewedAt,
    reviewComment: r.reviewComment,
    withdrawnAt: r.withdrawnAt,
    kind: r.kind as InfoRecord['kind'],
    interpretsRecordId: r.interpretsRecordId,
    interpretationForm: r.interpretationForm as InfoRecord['interpretationForm'],
    needsInterpretation: r.needsInterpretation,
    validUntil: r.validUntil,
    docCategory: (r.docCategory ?? null) as InfoRecord['docCategory'],
  };
}

const inputOf = (r: InfoRecord): InfoRecordInput => {
  const out: Record<string, unknown> = {};
  for (const k of RECORD_INPUT_KEYS) out[k] = r[k];
  return out as InfoRecordInput;
};

const notFound = (id: string) => domainError('not_found', `信息 ${id} 不存在`);
const scopeOf = (deps: ServiceDeps) => ({ countyCode: deps.county.code, townshipCodes: deps.county.townshipCodes });

const rowOf = (tx: Pick<Tx, 'select'>, countyCode: string, id: string): InfoRecordRow | undefined =>
  tx.select().from(infoRecords).where(and(eq(infoRecords.id, id), eq(infoRecords.countyCode, countyCode))).get();

/** Sanitises the body and checks the catalog item: one of this county's live items, of the same domain. */
function finishInput(tx: Pick<Tx, 'select'>, deps: ServiceDeps, v: InfoRecordInput): Result<InfoRecordInput> {
  const cleaned: InfoRecordInput = {
    ...v,
    title: plain(v.title),
    issuingBody: plain(v.issuingBody),
    docNo: v.docNo ? plain(v.docNo) : null,
    body: sanitizeBody(v.body),
  };
  if (cleaned.catalogItemId) {
    const item = tx
      .select({ domain: catalogItems.domain })
      .from(catalogItems)
      .where(and(eq(catalogItems.id, cleaned.catalogItemId), eq(catalogItems.countyCode, deps.county.code), isNull(catalogItems.deletedAt)))
      .get();
    const bad = (message: string) => err(domainError('validation_failed', message, { fields: [{ field: 'catalogItemId', message }] }));
    if (!item) return bad(`本县目录中没有事项 ${cleaned.catalogItemId}`);
    if (item.domain !== cleaned.domain) return bad('所选事项与信息的所属领域不一致');
  }
  const link = checkInterpretationLink(tx, deps.county.code, cleaned);
  if (!link.ok) return link;
  return ok(cleaned);
}

const staleVersion = (id: string, expected: number, current: number) =>
  domainError('conflict', `信息 ${id} 已被他人修改（当前版本 ${current}，提交的版本 ${expected}），请刷新后重试`, {
    currentVersion: current,
    expectedVersion: expected,
  });

/** The outbox row of a change to a public record, signed in the caller's transaction. */
export function federate(tx: Tx, deps: ServiceDeps, rec: InfoRecord, at: string): void {
  const body: InfoRecordEventBody =
    rec.status === 'withdrawn'
      ? { op: 'withdraw', id: rec.id, countyCode: rec.countyCode, version: rec.version, withdrawnAt: rec.withdrawnAt ?? at }
      : { op: 'upsert', record: publicRecordOf(rec) };
  appendOutbox(
    tx,
    { countyCode: deps.county.code, signingPrivateKey: deps.signingPrivateKey },
    { kind: INFO_RECORD_KIND, entityId: rec.id, entityVersion: rec.version, body: infoRecordEventBodySchema.parse(body), occurredAt: at },
  );
}

const rowValues = (r: InfoRecord, extra: { indexYear?: number | null; indexSeq?: number | null } = {}) => ({
  ...r,
  bodyText: htmlToText(r.body),
  ...extra,
});

export function createRecord(deps: ServiceDeps, actor: AuthUser, input: unknown): Result<InfoRecord> {
  const allowed = requireRole(actor, RECORD_DRAFTERS);
  if (!allowed.ok) return allowed;
  const valid = validateRecordInput(input, scopeOf(deps));
  if (!valid.ok) return valid;
  return deps.db.transaction(
    (tx): Result<InfoRecord> => {
      const fin = finishInput(tx, deps, valid.value);
      if (!fin.ok) return fin;
      const now = nowOf(deps);
      const at = now.toISOString();
      const rec: InfoRecord = {
        ...fin.value,
        id: uuidv7(now.getTime()),
        countyCode: deps.county.code,
        status: 'draft',
        proposedAttribute: fin.value.attribute,
        validity: 'valid',
        expiredOn: null,
        repealedOn: null,
        publishedOn: null,
        indexNo: null,
        label: null,
        version: 1,
        createdAt: at,
        createdBy: actor.username,
        updatedAt: at,
        updatedBy: actor.username,
        reviewedBy: null,
        reviewedAt: null,
        reviewComment: null,
        withdrawnAt: null,
      };
      tx.insert(infoRecords).values(rowValues(rec)).run();
      writeAudit(tx, {
        at,
        actor: actor.username,
        action: 'info_record.create',
        entityType: ENTITY,
        entityId: rec.id,
        details: { version: 1, attribute: rec.attribute, title: rec.title },
      });
      return ok(rec);
    },
    { behavior: 'immediate' },
  );
}

export function getRecord(deps: Pick<ServiceDeps, 'db' | 'county'>, id: string): Result<InfoRecord> {
  const row = rowOf(deps.db, deps.county.code, id);
  return row ? ok(toRecord(row)) : err(notFound(id));
}

/** Fields a published record may still be corrected in (not its attribute: that was reviewed). */
const CORRECTABLE = new Set<string>(['title', 'body', 'issuingBody', 'docNo', 'writtenOn', 'targetGroups', 'validFrom', 'townshipCode', 'catalogItemId', 'domain', 'docCategory']);

/**
 * Edits a record. A draft or returned record is edited by its drafters (the attribute edited
 * then is the new proposal). A published record may be corrected by an admin or reviewer, except
 * for its attribute; the correction is federated. Records in review, approved, withheld or
 * withdrawn cannot be edited.
 */
export function updateRecord(
  deps: ServiceDeps,
  actor: AuthUser,
  id: string,
  patch: Record<string, unknown>,
  expectedVersion?: number,
): Result<InfoRecord> {
  const result = deps.db.transaction(
    (tx): Result<{ rec: InfoRecord; changed: boolean }> => {
      const row = rowOf(tx, deps.county.code, id);
      if (!row) return err(notFound(id));
      const current = toRecord(row);
      const published = current.status === 'published';
      if (!published && !EDITABLE_STATUSES.includes(current.status)) {
        return err(domainError('invalid_state', `状态为「${current.status}」的信息不能修改`, { status: current.status }));
      }
      const allowed = requireRole(actor, published ? RECORD_CORRECTORS : RECORD_DRAFTERS);
      if (!allowed.ok) return allowed;
      if (expectedVersion !== undefined && expectedVersion !== current.version) return err(staleVersion(id, expectedVersion, current.version));
      if (published) {
        const refused = Object.keys(patch).filter((k) => !CORRECTABLE.has(k));
        if (refused.length) {
          return err(
            domainError('invalid_state', '已发布信息只能更正内容，不能改变公开属性', {
              fields: refused.map((f) => ({ field: f, message: '已发布信息不能修改此项' })),
            }),
          );
        }
      }
      const merged = patchRecordInput(inputOf(current), patch, scopeOf(deps));
      if (!merged.ok) return merged;
      const fin = finishInput(tx, deps, merged.value);
      if (!fin.ok) return fin;
      const changedFields = RECORD_INPUT_KEYS.filter((k) => JSON.stringify(fin.value[k]) !== JSON.stringify(current[k]));
      if (!changedFields.length) return ok({ rec: current, changed: false });
      const at = nowOf(deps).toISOString();
      const next: InfoRecord = {
        ...current,
        ...fin.value,
        ...(published ? {} : { proposedAttribute: fin.value.attribute }),
        version: current.version + 1,
        updatedAt: at,
        updatedBy: actor.username,
      };
      const { id: _i, countyCode: _c, createdAt: _ca, createdBy: _cb, ...changes } = rowValues(next);
      tx.update(infoRecords).set(changes).where(eq(infoRecords.id, id)).run();
      writeAudit(tx, {
        at,
        actor: actor.username,
        action: published ? 'info_record.correct' : 'info_record.update',
        entityType: ENTITY,
        entityId: id,
        details: { version: next.version, fields: changedFields },
      });
      if (published) federate(tx, deps, next, at);
      return ok({ rec: next, changed: true });
    },
    { behavior: 'immediate' },
  );
  if (!result.ok) return result;
  if (result.value.changed && result.value.rec.status === 'published') deps.wake();
  return ok(result.value.rec);
}

const INDEX_PATTERN_KEY = 'index_no_pattern';

export function indexPattern(tx: Pick<Tx, 'select'>): string {
  return tx.select({ v: recordSettings.value }).from(recordSettings).where(eq(recordSettings.key, INDEX_PATTERN_KEY)).get()?.v ?? DEFAULT_INDEX_PATTERN;
}

export const indexPatternInputSchema = z.object({ pattern: z.string().max(100) }).strict();

/** Sets the county's index number pattern (county admin); numbers already given keep their form. */
export function setIndexPattern(deps: ServiceDeps, actor: AuthUser, input: unknown): Result<{ pattern: string }> {
  const allowed = requireRole(actor, ['county_admin']);
  if (!allowed.ok) return allowed;
  const parsed = indexPatternInputSchema.safeParse(input);
  if (!parsed.success) return err(domainError('validation_failed', '提交的内容有误', { fields: zodIssuesToFields(parsed.error.issues) }));
  const valid = validateIndexPattern(parsed.data.pattern);
  if (!valid.ok) return valid;
  const at = nowOf(deps).toISOString();
  deps.db.transaction(
    (tx) => {
      const before = indexPattern(tx);
      tx.insert(recordSettings)
        .values({ key: INDEX_PATTERN_KEY, value: valid.value, updatedAt: at, updatedBy: actor.username })
        .onConflictDoUpdate({ target: recordSettings.key, set: { value: valid.value, updatedAt: at, updatedBy: actor.username } })
        .run();
      writeAudit(tx, { at, actor: actor.username, action: 'info_record.index_pattern', entityType: 'record_settings', entityId: INDEX_PATTERN_KEY, details: { from: before, to: valid.value } });
    },
    { behavior: 'immediate' },
  );
  return ok({ pattern: valid.value });
}

/**
 * The next index number of (county, year): the counter row moves inside the caller's
 * transaction, so a rolled-back publication gives its number back and two publications can
 * never draw the same one (SQLite has one writer; the unique indexes would refuse it anyway).
 */
export function allocateIndexNumber(tx: Tx, countyCode: string, publishedOn: string, domain: string) {
  const year = Number(publishedOn.slice(0, 4));
  const row = tx
    .insert(recordIndexCounters)
    .values({ countyCode, year, lastSeq: 1 })
    .onConflictDoUpdate({
      target: [recordIndexCounters.countyCode, recordIndexCounters.year],
      set: { lastSeq: sql`${recordIndexCounters.lastSeq} + 1` },
    })
    .returning({ seq: recordIndexCounters.lastSeq })
    .get();
  const indexNo = formatIndexNumber(indexPattern(tx), { region: countyCode, year, seq: row.seq, domain });
  return { indexNo, year, seq: row.seq };
}

/** `POST /records/{id}/transitions`. */
export function transitionRecord(deps: ServiceDeps, actor: AuthUser, id: string, input: unknown): Result<InfoRecord> {
  const parsed = parseRecordTransition(input);
  if (!parsed.ok) return parsed;
  const t = parsed.value;
  const allowed = requireRole(actor, RECORD_ACTION_ROLES[t.action] as AuthUser['role'][]);
  if (!allowed.ok) return allowed;
  const result = deps.db.transaction(
    (tx): Result<InfoRecord> => {
      const row = rowOf(tx, deps.county.code, id);
      if (!row) return err(notFound(id));
      const current = toRecord(row);
      if (t.version !== undefined && t.version !== current.version) return err(staleVersion(id, t.version, current.version));
      const now = nowOf(deps);
      const at = now.toISOString();
      const change = applyRecordAction(current, t, actor.username, chinaDate(now));
      if (!change.ok) return change;
      const c = change.value;
      if (t.action === 'submit' || t.action === 'publish') {
        const ready = checkReadyForReview(tx, current);
        if (!ready.ok) return ready;
      }
      let next: InfoRecord = {
        ...current,
        status: c.status,
        attribute: c.attribute,
        withheldGround: c.withheldGround,
        validity: c.validity,
        version: current.version + 1,
        updatedAt: at,
        updatedBy: actor.username,
        ...(c.label !== undefined ? { label: c.label } : {}),
        ...(c.expiredOn ? { expiredOn: c.expiredOn } : {}),
        ...(c.repealedOn ? { repealedOn: c.repealedOn } : {}),
        ...(c.reviewComment !== undefined ? { reviewComment: c.reviewComment } : {}),
        ...(t.action === 'approve' || t.action === 'return' ? { reviewedBy: actor.username, reviewedAt: at } : {}),
        ...(t.action === 'withdraw' ? { withdrawnAt: at } : {}),
      };
      let index: { indexYear: number; indexSeq: number } | undefined;
      if (t.action === 'publish') {
        const publishedOn = c.publishedOn!;
        const n = allocateIndexNumber(tx, deps.county.code, publishedOn, current.domain);
        next = { ...next, publishedOn, indexNo: n.indexNo, validFrom: current.validFrom ?? publishedOn };
        index = { indexYear: n.year, indexSeq: n.seq };
      }
      const { id: _i, countyCode: _c, createdAt: _ca, createdBy: _cb, ...changes } = rowValues(next, index ?? {});
      tx.update(infoRecords).set(changes).where(eq(infoRecords.id, id)).run();
      writeAudit(tx, {
        at,
        actor: actor.username,
        action: `info_record.${t.action}`,
        entityType: ENTITY,
        entityId: id,
        details: {
          version: next.version,
          status: { from: current.status, to: next.status },
          ...(c.attributeChange
            ? { attributeChange: { ...c.attributeChange, reviewer: actor.username } }
            : {}),
          ...(t.action === 'publish' ? { indexNo: next.indexNo, publishedOn: next.publishedOn } : {}),
          ...(t.action === 'expire' ? { expiredOn: next.expiredOn } : {}),
          ...(t.action === 'repeal' ? { repealedOn: next.repealedOn } : {}),
          ...('reason' in t && t.reason ? { reason: t.reason } : {}),
          ...('comment' in t && t.comment ? { comment: t.comment } : {}),
        },
      });
      if (c.federate) federate(tx, deps, next, at);
      if (t.action === 'publish') federateAttachments(tx, deps, next, at);
      return ok(next);
    },
    { behavior: 'immediate' },
  );
  if (result.ok && result.value.status !== 'draft') deps.wake();
  return result;
}

export const recordListQuerySchema = z.object({
  status: z.enum(RECORD_STATUSES, { error: '状态无效' }).optional(),
  domain: z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' }).optional(),
  attribute: z.enum(RECORD_ATTRIBUTES, { error: '公开属性无效' }).optional(),
  validity: z.enum(RECORD_VALIDITIES, { error: '有效性无效' }).optional(),
  catalogItemId: z.string().max(200).optional(),
  from: z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' }).optional(),
  to: z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' }).optional(),
  /** full text over title and body: FTS5 trigram for terms of 3+ characters, LIKE for shorter ones */
  q: z.string().trim().max(100, { error: '关键词不能超过100个字' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type RecordListQuery = z.input<typeof recordListQuerySchema>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
/** An FTS5 string literal: the term as one phrase, quotes doubled. */
const ftsPhrase = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Conditions for a keyword query: every whitespace-separated term must occur in the title or body. */
export function recordTextConditions(q: string): SQL[] {
  const terms = [...new Set(q.split(/[\s\u3000]+/).filter(Boolean))].slice(0, 10);
  const long = terms.filter((t) => Array.from(t).length >= 3);
  const short = terms.filter((t) => Array.from(t).length < 3);
  const conds: SQL[] = [];
  if (long.length) {
    const match = long.map(ftsPhrase).join(' AND ');
    conds.push(sql`${infoRecords.id} in (select record_id from info_records_fts where info_records_fts match ${match})`);
  }
  for (const t of short) {
    const p = `%${escapeLike(t)}%`;
    conds.push(sql`(${infoRecords.title} like ${p} escape '\\' or ${infoRecords.bodyText} like ${p} escape '\\')`);
  }
  return conds;
}

export function listRecords(deps: Pick<ServiceDeps, 'db' | 'county'>, query: RecordListQuery = {}) {
  const parsed = recordListQuerySchema.safeParse(query);
  if (!parsed.success) return err(domainError('validation_failed', '查询参数有误', { fields: zodIssuesToFields(parsed.error.issues) }));
  const q = parsed.data;
  const conds: SQL[] = [eq(infoRecords.countyCode, deps.county.code)];
  if (q.status) conds.push(eq(infoRecords.status, q.status));
  if (q.domain) conds.push(eq(infoRecords.domain, q.domain));
  if (q.attribute) conds.push(eq(infoRecords.attribute, q.attribute));
  if (q.validity) conds.push(eq(infoRecords.validity, q.validity));
  if (q.catalogItemId) conds.push(eq(infoRecords.catalogItemId, q.catalogItemId));
  if (q.from) conds.push(gte(infoRecords.publishedOn, q.from));
  if (q.to) conds.push(lte(infoRecords.publishedOn, q.to));
  if (q.q) conds.push(...recordTextConditions(q.q));
  const where = and(...conds);
  const rows = deps.db
    .select()
    .from(infoRecords)
    .where(where)
    .orderBy(desc(infoRecords.updatedAt), desc(infoRecords.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  const total = deps.db.select({ n: count() }).from(infoRecords).where(where).get()?.n ?? 0;
  return ok({ items: rows.map(toRecord), total, limit: q.limit, offset: q.offset });
}

