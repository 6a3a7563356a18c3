import {
  type Adoption,
  type CatalogReviewBody,
  type CountyTransition,
  COUNTY_TRANSITIONS,
  CATALOG_LEVELS,
  CATALOG_STATUSES,
  type CatalogItem,
  type CatalogItemEventBody,
  type CatalogItemInput,
  DOMAIN_CODES,
  type Result,
  type TimeLimitRule,
  catalogItemEventBodySchema,
  catalogItemSchema,
  deriveAdoption,
  domainError,
  err,
  nextCatalogStatus,
  nextReviewAfterPublication,
  ok,
  parseTimeLimit,
  patchCatalogItem,
  reviewDue,
  validateCatalogItem,
  withDiffs,
  zodIssuesToFields,
} from '@zwgk/core';
import {
  type CatalogItemRow,
  catalogItemVersions,
  catalogItems,
  catalogReviewComments,
} from '@zwgk/db/sqlite';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { type SQL, and, asc, count, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { uuidv7 } from '../ids.js';
import { type AuthUser, requireRole } from './accounts.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, type Tx, nowOf } from './context.js';
import { appendOutbox } from './outbox.js';
import { currentStandardItem, currentVersionOf } from './standards.js';

export const CATALOG_EVENT_KIND = 'catalog.item';

/** Who may change catalog items; county reviewers read only. */
export const CATALOG_WRITERS = ['county_admin', 'county_editor'] as const;

/** A catalog item as the county's API returns it: the federated item plus who last touched it. */
export interface CatalogItemView extends CatalogItem {
  adoption: Adoption;
  category: string | null;
  standardItemId: string | null;
  nextReviewOn: string | null;
  timeLimitRule: TimeLimitRule | null;
  createdBy: string;
  updatedBy: string;
}

/**
 * Elements with the later fields present (null when absent), and the structured reading of the
 * time limit derived from its phrase (null when the phrase allows none): whenever an item is written.
 */
const complete = (i: CatalogItemInput) => ({
  ...i,
  category: i.category ?? null,
  standardItemId: i.standardItemId ?? null,
  nextReviewOn: i.nextReviewOn ?? null,
  timeLimitRule: parseTimeLimit(i.timeLimit).rule,
});

export const catalogItemViewSchema = catalogItemSchema.extend({ createdBy: z.string(), updatedBy: z.string() });

export interface DeletedCatalogItem {
  id: string;
  version: number;
  deletedAt: string;
}

export const deletedCatalogItemSchema = z.object({ id: z.string(), version: z.number().int(), deletedAt: z.string() });

export const listQuerySchema = z
  .object({
    domain: z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' }).optional(),
    level: z.enum(CATALOG_LEVELS, { error: '公开层级必须是县级或乡级' }).optional(),
    status: z.enum(CATALOG_STATUSES, { error: '状态无效' }).optional(),
    q: z.string().trim().max(100, { error: '关键词不能超过100个字' }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  });
export type ListQuery = z.input<typeof listQuerySchema>;

export const catalogListSchema = z.object({
  items: z.array(catalogItemViewSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type CatalogList = z.infer<typeof catalogListSchema>;

export function toView(row: CatalogItemRow): CatalogItemView {
  return {
    id: row.id,
    countyCode: row.countyCode,
    status: row.status as CatalogItem['status'],
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    domain: row.domain as CatalogItem['domain'],
    level: row.level as CatalogItem['level'],
    townshipCode: row.townshipCode,
    name: row.name,
    content: row.content,
    legalBasis: row.legalBasis,
    timeLimit: row.timeLimit,
    // rows written before the rule was stored read it from the phrase, as a write would
    timeLimitRule: row.timeLimitRule === null ? parseTimeLimit(row.timeLimit).rule : row.timeLimitRule,
    responsibleBody: row.responsibleBody,
    method: row.method as CatalogItem['method'],
    channels: row.channels as CatalogItem['channels'],
    audience: row.audience as CatalogItem['audience'],
    audienceNote: row.audienceNote,
    category: row.category,
    standardItemId: row.standardItemId,
    adoption: row.adoption as Adoption,
    nextReviewOn: row.nextReviewOn,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
  };
}

const elementsOf = (v: CatalogItemView): CatalogItemInput => ({
  domain: v.domain,
  level: v.level,
  townshipCode: v.townshipCode,
  name: v.name,
  content: v.content,
  legalBasis: v.legalBasis,
  timeLimit: v.timeLimit,
  responsibleBody: v.responsibleBody,
  method: v.method,
  channels: v.channels,
  audience: v.audience,
  audienceNote: v.audienceNote,
  category: v.category,
  standardItemId: v.standardItemId,
  nextReviewOn: v.nextReviewOn,
});

const notFound = (id: string) => domainError('not_found', `事项 ${id} 不存在`);

/** Live rows of this county only: an id that belongs elsewhere, or was deleted, is simply absent. */
const liveRow = (tx: Pick<Tx, 'select'>, countyCode: string, id: string): CatalogItemRow | undefined =>
  tx
    .select()
    .from(catalogItems)
    .where(and(eq(catalogItems.id, id), eq(catalogItems.countyCode, countyCode), isNull(catalogItems.deletedAt)))
    .get();

/** Record, version row, audit row and signed outbox row, all in the caller's transaction. */
function recordChange(
  tx: Tx,
  deps: ServiceDeps,
  actor: string,
  action: string,
  body: CatalogItemEventBody,
  at: string,
  details?: Record<string, unknown>,
): void {
  const checked = catalogItemEventBodySchema.parse(body);
  const [entityId, version] = checked.op === 'upsert' ? [checked.item.id, checked.item.version] : [checked.id, checked.version];
  if (checked.op === 'upsert') {
    tx.insert(catalogItemVersions)
      .values({ itemId: entityId, version, status: checked.item.status, snapshot: { ...checked.item }, at, by: actor })
      .run();
  }
  writeAudit(tx, { at, actor, action, entityType: 'catalog_item', entityId, details: { version, ...details } });
  appendOutbox(
    tx,
    { countyCode: deps.county.code, signingPrivateKey: deps.signingPrivateKey },
    { kind: CATALOG_EVENT_KIND, entityId, entityVersion: version, body: checked, occurredAt: at },
  );
}

const countyOf = (deps: ServiceDeps) => ({ code: deps.county.code, townshipCodes: deps.county.townshipCodes });

/** The adoption of an item against the current standard, and the guideline version it was derived from. */
function adoptionOf(tx: Pick<Tx, 'select'>, item: CatalogItemInput) {
  if (!item.standardItemId) return { adoption: 'local' as const, standardVersion: null, differences: [] as string[] };
  const std = currentStandardItem(tx, item.standardItemId);
  const { adoption, differences } = deriveAdoption(item, std?.item);
  return { adoption, standardVersion: std?.version ?? currentVersionOf(tx, item.domain), differences };
}

/** Inserts a new draft item; `input` is already validated. */
function insertDraft(tx: Tx, deps: ServiceDeps, actor: AuthUser, input: CatalogItemInput, action: string, details?: Record<string, unknown>) {
  const now = nowOf(deps);
  const at = now.toISOString();
  const { adoption, standardVersion } = adoptionOf(tx, input);
  const row: CatalogItemRow = {
    ...complete(input),
    adoption,
    standardVersion,
    id: uuidv7(now.getTime()),
    countyCode: deps.county.code,
    status: 'draft',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.username,
    updatedBy: actor.username,
    deletedAt: null,
  };
  const view = toView(row);
  tx.insert(catalogItems).values(row).run();
  recordChange(tx, deps, actor.username, action, { op: 'upsert', item: view }, at, { adoption, ...details });
  return view;
}

export function createItem(deps: ServiceDeps, actor: AuthUser, input: unknown): Result<CatalogItemView> {
  const allowed = requireRole(actor, CATALOG_WRITERS);
  if (!allowed.ok) return allowed;
  const valid = validateCatalogItem(input, countyOf(deps));
  if (!valid.ok) return valid;
  const result = deps.db.transaction((tx): Result<CatalogItemView> => {
    if (valid.value.standardItemId && !currentStandardItem(tx, valid.value.standardItemId)) {
      return err(unknownStandard(valid.value.standardItemId));
    }
    return ok(insertDraft(tx, deps, actor, valid.value, 'catalog_item.create'));
  }, { behavior: 'immediate' });
  if (result.ok) deps.wake();
  return result;
}

const unknownStandard = (id: string) =>
  domainError('validation_failed', `现行标准指引中没有标准事项 ${id}`, {
    fields: [{ field: 'standardItemId', message: `现行标准指引中没有标准事项 ${id}` }],
  });

export const adoptInputSchema = z
  .object({
    standardItemId: z.string({ error: '请指明标准事项' }).min(1).max(100),
    level: z.enum(CATALOG_LEVELS, { error: '公开层级必须是县级或乡级' }).optional(),
    townshipCode: z.string().nullish(),
    /** localised elements (e.g. the county's responsible body); any override makes the item adapted */
    overrides: z.record(z.string(), z.unknown(), { error: '本地化内容必须是对象' }).optional(),
  })
  .strict();
export type AdoptInput = z.input<typeof adoptInputSchema>;

/**
 * 采用标准事项: a draft copied from a standard item of the current guideline, optionally localised.
 * The level defaults to the standard item's first level; a township item needs its township.
 */
export function adoptStandardItem(deps: ServiceDeps, actor: AuthUser, input: unknown): Result<CatalogItemView> {
  const allowed = requireRole(actor, CATALOG_WRITERS);
  if (!allowed.ok) return allowed;
  const parsed = adoptInputSchema.safeParse(input);
  if (!parsed.success) {
    return err(domainError('validation_failed', '提交的内容有误', { fields: zodIssuesToFields(parsed.error.issues) }));
  }
  const a = parsed.data;
  const result = deps.db.transaction((tx): Result<CatalogItemView> => {
    const std = currentStandardItem(tx, a.standardItemId);
    if (!std) return err(unknownStandard(a.standardItemId));
    const s = std.item;
    const level = a.level ?? (a.townshipCode ? 'township' : (s.levels[0] ?? 'county'));
    const copy: Record<string, unknown> = {
      domain: s.domain,
      level,
      townshipCode: a.townshipCode ?? null,
      category: s.category,
      name: s.name,
      content: s.content,
      legalBasis: s.legalBasis,
      timeLimit: s.timeLimit,
      responsibleBody: s.responsibleBody,
      method: s.method,
      channels: [...s.channels],
      audience: s.audience,
      audienceNote: s.audienceNote,
      standardItemId: s.id,
    };
    for (const [k, v] of Object.entries(a.overrides ?? {})) {
      if (k === 'standardItemId' || k === 'domain') {
        return err(domainError('validation_failed', '不能改变所采用的标准事项或领域', { fields: [{ field: `overrides.${k}`, message: '不允许修改' }] }));
      }
      copy[k] = v;
    }
    const valid = validateCatalogItem(copy, countyOf(deps));
    if (!valid.ok) return valid;
    return ok(insertDraft(tx, deps, actor, valid.value, 'catalog_item.adopt', { standardItemId: s.id, standardVersion: std.version }));
  }, { behavior: 'immediate' });
  if (result.ok) deps.wake();
  return result;
}

export function getItem(deps: Pick<ServiceDeps, 'db' | 'county'>, id: string): Result<CatalogItemView> {
  const row = liveRow(deps.db, deps.county.code, id);
  return row ? ok(toView(row)) : err(notFound(id));
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export function listItems(deps: Pick<ServiceDeps, 'db' | 'county'>, query: ListQuery = {}): Result<CatalogList> {
  const parsed = listQuerySchema.safeParse(query);
  if (!parsed.success) {
    return err(
      domainError('validation_failed', '查询参数有误', { fields: zodIssuesToFields(parsed.error.issues) }),
    );
  }
  const q = parsed.data;
  const conds: SQL[] = [eq(catalogItems.countyCode, deps.county.code), isNull(catalogItems.deletedAt)];
  if (q.domain) conds.push(eq(catalogItems.domain, q.domain));
  if (q.level) conds.push(eq(catalogItems.level, q.level));
  if (q.status) conds.push(eq(catalogItems.status, q.status));
  if (q.q) {
    const pattern = `%${escapeLike(q.q)}%`;
    // LIKE, not a full-text index: a county holds hundreds of items, and Chinese has no case to fold.
    const match = (col: SQLiteColumn) => sql`${col} like ${pattern} escape '\\'`;
    conds.push(or(match(catalogItems.name), match(catalogItems.content), match(catalogItems.responsibleBody))!);
  }
  const where = and(...conds);
  const rows = deps.db
    .select()
    .from(catalogItems)
    .where(where)
    .orderBy(desc(catalogItems.updatedAt), desc(catalogItems.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  const total = deps.db.select({ n: count() }).from(catalogItems).where(where).get()?.n ?? 0;
  return ok({ items: rows.map(toView), total, limit: q.limit, offset: q.offset });
}


const staleVersion = (id: string, expected: number, current: number) =>
  domainError('conflict', `事项 ${id} 已被他人修改（当前版本 ${current}，提交的版本 ${expected}），请刷新后重试`, {
    currentVersion: current,
    expectedVersion: expected,
  });

/**
 * Applies a patch of elements. With `expectedVersion` the change is refused (409) unless the item
 * is still at that version; the check and the write share one IMMEDIATE transaction, so no other
 * writer can slip in between. A patch that changes nothing writes nothing. The review workflow
 * decides the status: a returned item stays returned, a published one opens a new working version
 * (draft), and an item under review cannot be edited.
 */
export function updateItem(
  deps: ServiceDeps,
  actor: AuthUser,
  id: string,
  patch: Record<string, unknown>,
  expectedVersion?: number,
): Result<CatalogItemView> {
  const allowed = requireRole(actor, CATALOG_WRITERS);
  if (!allowed.ok) return allowed;
  const result = deps.db.transaction(
    (tx): Result<{ view: CatalogItemView; changed: boolean }> => {
      const row = liveRow(tx, deps.county.code, id);
      if (!row) return err(notFound(id));
      const current = toView(row);
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        return err(staleVersion(id, expectedVersion, current.version));
      }
      const merged = patchCatalogItem(elementsOf(current), patch, countyOf(deps));
      if (!merged.ok) return merged;
      const changedFields = (Object.keys(merged.value) as (keyof CatalogItemInput)[]).filter(
        (k) => JSON.stringify(merged.value[k]) !== JSON.stringify(current[k]),
      );
      if (changedFields.length === 0) return ok({ view: current, changed: false });
      const status = nextCatalogStatus(current.status, 'edit');
      if (!status.ok) return status;
      if (merged.value.standardItemId && merged.value.standardItemId !== current.standardItemId && !currentStandardItem(tx, merged.value.standardItemId)) {
        return err(unknownStandard(merged.value.standardItemId));
      }
      const { adoption, standardVersion } = adoptionOf(tx, merged.value);

      const at = nowOf(deps).toISOString();
      const next: CatalogItemView = {
        ...current,
        ...complete(merged.value),
        adoption,
        status: status.value,
        version: current.version + 1,
        updatedAt: at,
        updatedBy: actor.username,
      };
      const { id: _id, countyCode: _c, createdAt: _ca, createdBy: _cb, ...changes } = next;
      tx.update(catalogItems).set({ ...changes, standardVersion }).where(eq(catalogItems.id, id)).run();
      recordChange(tx, deps, actor.username, 'catalog_item.update', { op: 'upsert', item: next }, at, {
        fields: changedFields,
        ...(status.value !== current.status ? { status: { from: current.status, to: status.value } } : {}),
      });
      return ok({ view: next, changed: true });
    },
    { behavior: 'immediate' },
  );
  if (!result.ok) return result;
  if (result.value.changed) deps.wake();
  return ok(result.value.view);
}

/**
 * Soft-deletes: the row stays with a new version and `deleted_at`, and the outbox carries a
 * tombstone with that version so the hub removes the item only if it has nothing newer.
 */
export function deleteItem(
  deps: ServiceDeps,
  actor: AuthUser,
  id: string,
  expectedVersion?: number,
): Result<DeletedCatalogItem> {
  const allowed = requireRole(actor, CATALOG_WRITERS);
  if (!allowed.ok) return allowed;
  const result = deps.db.transaction(
    (tx): Result<DeletedCatalogItem> => {
      const row = liveRow(tx, deps.county.code, id);
      if (!row) return err(notFound(id));
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        return err(staleVersion(id, expectedVersion, row.version));
      }
      const allowedNow = nextCatalogStatus(row.status as CatalogItem['status'], 'delete');
      if (!allowedNow.ok) return allowedNow;
      const at = nowOf(deps).toISOString();
      const version = row.version + 1;
      tx.update(catalogItems)
        .set({ version, deletedAt: at, updatedAt: at, updatedBy: actor.username })
        .where(eq(catalogItems.id, id))
        .run();
      recordChange(
        tx,
        deps,
        actor.username,
        'catalog_item.delete',
        { op: 'delete', id, countyCode: deps.county.code, version, deletedAt: at },
        at,
        { name: row.name },
      );
      return ok({ id, version, deletedAt: at });
    },
    { behavior: 'immediate' },
  );
  if (result.ok) deps.wake();
  return result;
}

/** Submitting and withdrawing are the county admin's (the office that answers for the catalog). */
export const CATALOG_SUBMITTERS = ['county_admin'] as const;

export const transitionInputSchema = z
  .object({
    action: z.enum(COUNTY_TRANSITIONS, {
      error: '操作必须是 submit（提交审核）或 withdraw（撤回）；审核通过与退回由上级在省级平台进行',
    }),
    version: z.number().int().positive().optional(),
  })
  .strict();

/** Moves one item by a workflow action inside the caller's transaction; the new version is federated. */
function transitionIn(
  tx: Tx,
  deps: ServiceDeps,
  actor: string,
  id: string,
  action: CountyTransition | 'approve' | 'return',
  opts: { expectedVersion?: number; at: string; nextReviewOn?: string | null; details?: Record<string, unknown> },
): Result<CatalogItemView> {
  const row = liveRow(tx, deps.county.code, id);
  if (!row) return err(notFound(id));
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== row.version) {
    return err(staleVersion(id, opts.expectedVersion, row.version));
  }
  const current = toView(row);
  const status = nextCatalogStatus(current.status, action);
  if (!status.ok) return status;
  const next: CatalogItemView = {
    ...current,
    status: status.value,
    version: current.version + 1,
    updatedAt: opts.at,
    updatedBy: actor,
    ...(opts.nextReviewOn !== undefined ? { nextReviewOn: opts.nextReviewOn } : {}),
  };
  tx.update(catalogItems)
    .set({ status: next.status, version: next.version, updatedAt: next.updatedAt, updatedBy: actor, nextReviewOn: next.nextReviewOn })
    .where(eq(catalogItems.id, id))
    .run();
  recordChange(tx, deps, actor, `catalog_item.${action}`, { op: 'upsert', item: next }, opts.at, {
    status: { from: current.status, to: next.status },
    ...opts.details,
  });
  return ok(next);
}

/** `POST /catalog/items/{id}/transitions`: submit for review, or withdraw a submission. */
export function transitionItem(deps: ServiceDeps, actor: AuthUser, id: string, input: unknown): Result<CatalogItemView> {
  const parsed = transitionInputSchema.safeParse(input);
  if (!parsed.success) {
    return err(domainError('validation_failed', '提交的内容有误', { fields: zodIssuesToFields(parsed.error.issues) }));
  }
  const allowed = requireRole(actor, CATALOG_SUBMITTERS);
  if (!allowed.ok) return allowed;
  const result = deps.db.transaction(
    (tx) =>
      transitionIn(tx, deps, actor.username, id, parsed.data.action, {
        at: nowOf(deps).toISOString(),
        ...(parsed.data.version !== undefined ? { expectedVersion: parsed.data.version } : {}),
      }),
    { behavior: 'immediate' },
  );
  if (result.ok) deps.wake();
  return result;
}

class BatchRefused extends Error {
  constructor(readonly result: Result<never>) {
    super('batch refused');
  }
}

export const submitManyInputSchema = z
  .object({
    ids: z.array(z.string().min(1).max(100)).min(1, { error: '请选择要提交的事项' }).max(2000).optional(),
    /** submit every draft and returned item of the catalog */
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((v) => !!v.ids !== !!v.all, { error: '请给出 ids，或 all: true 提交全部草稿和退回事项' });

/**
 * 批量提交: all or nothing. Every item must exist and be draft or returned; otherwise nothing is
 * submitted and the error lists each item that blocked it.
 */
export function submitItems(deps: ServiceDeps, actor: AuthUser, input: unknown): Result<{ submitted: CatalogItemView[] }> {
  const parsed = submitManyInputSchema.safeParse(input);
  if (!parsed.success) {
    return err(domainError('validation_failed', '提交的内容有误', { fields: zodIssuesToFields(parsed.error.issues) }));
  }
  const allowed = requireRole(actor, CATALOG_SUBMITTERS);
  if (!allowed.ok) return allowed;
  let result: Result<{ submitted: CatalogItemView[] }>;
  try {
    result = deps.db.transaction(
    (tx): Result<{ submitted: CatalogItemView[] }> => {
      const ids =
        parsed.data.ids ??
        tx
          .select({ id: catalogItems.id })
          .from(catalogItems)
          .where(
            and(
              eq(catalogItems.countyCode, deps.county.code),
              isNull(catalogItems.deletedAt),
              inArray(catalogItems.status, ['draft', 'returned']),
            ),
          )
          .orderBy(asc(catalogItems.createdAt))
          .all()
          .map((r) => r.id);
      const at = nowOf(deps).toISOString();
      const submitted: CatalogItemView[] = [];
      const failures: { id: string; code: string; message: string }[] = [];
      for (const id of new Set(ids)) {
        const r = transitionIn(tx, deps, actor.username, id, 'submit', { at, details: { batch: true } });
        if (r.ok) submitted.push(r.value);
        else failures.push({ id, code: r.error.code, message: r.error.message });
      }
      if (failures.length) {
        // undo the ones that did move: a batch is submitted whole or not at all
        throw new BatchRefused(
          err(domainError('invalid_state', `${failures.length} 个事项不能提交，整批未提交`, { items: failures })),
        );
      }
      return ok({ submitted });
    },
    { behavior: 'immediate' },
  );
  } catch (e) {
    if (e instanceof BatchRefused) return e.result;
    throw e;
  }
  if (result.ok) deps.wake();
  return result;
}

export interface ReviewApplied {
  applied: boolean;
  reason?: string;
  item?: CatalogItemView;
}

/**
 * Applies a review decision from the hub inside the inbound transaction: only when the item is
 * still at the reviewed version and submitted. Approval publishes (and sets the next review date);
 * a return stores the comments. Either way the decision is kept in `catalog_review_comments`.
 */
export function applyReviewDecision(tx: Tx, deps: ServiceDeps, body: CatalogReviewBody, receivedAt: string): ReviewApplied {
  const row = liveRow(tx, deps.county.code, body.itemId);
  let outcome: ReviewApplied;
  if (!row) outcome = { applied: false, reason: 'item not found or deleted' };
  else if (row.version !== body.version || row.status !== 'submitted') {
    outcome = { applied: false, reason: `item is at version ${row.version} (${row.status}), review was for version ${body.version}` };
  } else {
    const actor = `hub:${body.reviewer}`;
    const r = transitionIn(tx, deps, actor, body.itemId, body.decision, {
      at: receivedAt,
      ...(body.decision === 'approve' ? { nextReviewOn: nextReviewAfterPublication(row.nextReviewOn, body.decidedAt) } : {}),
      details: { reviewId: body.reviewId, reviewedVersion: body.version, comments: body.comments },
    });
    outcome = r.ok ? { applied: true, item: r.value } : { applied: false, reason: r.error.message };
  }
  tx.insert(catalogReviewComments)
    .values({
      reviewId: body.reviewId,
      itemId: body.itemId,
      version: body.version,
      decision: body.decision,
      comments: body.comments,
      fieldComments: body.fieldComments ?? null,
      reviewer: body.reviewer,
      decidedAt: body.decidedAt,
      receivedAt,
      applied: outcome.applied,
    })
    .onConflictDoNothing()
    .run();
  if (!outcome.applied) {
    writeAudit(tx, {
      at: receivedAt,
      actor: `hub:${body.reviewer}`,
      action: 'catalog_item.review_ignored',
      entityType: 'catalog_item',
      entityId: body.itemId,
      details: { reviewId: body.reviewId, version: body.version, decision: body.decision, reason: outcome.reason },
    });
  }
  return outcome;
}

/** Every version of an item, oldest first, each with what changed from the one before. */
export function itemVersions(deps: Pick<ServiceDeps, 'db' | 'county'>, id: string) {
  const exists = deps.db
    .select({ id: catalogItems.id })
    .from(catalogItems)
    .where(and(eq(catalogItems.id, id), eq(catalogItems.countyCode, deps.county.code)))
    .get();
  if (!exists) return err(notFound(id));
  const rows = deps.db.select().from(catalogItemVersions).where(eq(catalogItemVersions.itemId, id)).orderBy(asc(catalogItemVersions.version)).all();
  const versions = withDiffs(
    rows.map((r) => ({ version: r.version, status: r.status as CatalogItem['status'], snapshot: r.snapshot, at: r.at, by: r.by })),
  );
  return ok({ id, versions });
}

/** The review decisions received for an item, newest first. */
export function itemReviews(deps: Pick<ServiceDeps, 'db' | 'county'>, id: string) {
  const exists = liveRow(deps.db, deps.county.code, id);
  if (!exists) return err(notFound(id));
  return ok(
    deps.db
      .select()
      .from(catalogReviewComments)
      .where(eq(catalogReviewComments.itemId, id))
      .orderBy(desc(catalogReviewComments.decidedAt))
      .all(),
  );
}

export const dueQuerySchema = z.object({
  days: z.coerce.number({ error: '天数必须是整数' }).int().min(0).max(366).default(30),
});

/** Items whose next review date falls within `days` days, or has passed; soonest first. */
export function dueItems(deps: Pick<ServiceDeps, 'db' | 'county' | 'now'>, query: unknown = {}) {
  const q = dueQuerySchema.safeParse(query ?? {});
  if (!q.success) return err(domainError('validation_failed', '查询参数有误', { fields: zodIssuesToFields(q.error.issues) }));
  const today = nowOf(deps).toISOString().slice(0, 10);
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + q.data.days * 86_400_000).toISOString().slice(0, 10);
  const rows = deps.db
    .select()
    .from(catalogItems)
    .where(
      and(
        eq(catalogItems.countyCode, deps.county.code),
        isNull(catalogItems.deletedAt),
        isNotNull(catalogItems.nextReviewOn),
        lte(catalogItems.nextReviewOn, until),
      ),
    )
    .orderBy(asc(catalogItems.nextReviewOn))
    .all();
  return ok({
    today,
    days: q.data.days,
    items: rows.map((r) => {
      const d = reviewDue(r.nextReviewOn, today, q.data.days);
      return { ...toView(r), overdue: d.overdue, daysLeft: d.daysLeft };
    }),
  });
}
