import {
  CATALOG_LEVELS,
  CATALOG_STATUSES,
  type CatalogItem,
  type CatalogItemEventBody,
  type CatalogItemInput,
  DOMAIN_CODES,
  type Result,
  catalogItemEventBodySchema,
  catalogItemSchema,
  domainError,
  err,
  ok,
  patchCatalogItem,
  validateCatalogItem,
  zodIssuesToFields,
} from '@zwgk/core';
import { type CatalogItemRow, catalogItems } from '@zwgk/db/sqlite';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { type SQL, and, count, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { uuidv7 } from '../ids.js';
import { type AuthUser, requireRole } from './accounts.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, type Tx, nowOf } from './context.js';
import { appendOutbox } from './outbox.js';

export const CATALOG_EVENT_KIND = 'catalog.item';

/** Who may change catalog items; reviewers read only until the review workflow arrives. */
export const CATALOG_WRITERS = ['county_admin', 'county_editor'] as const;

/** A catalog item as the county's API returns it: the federated item plus who last touched it. */
export interface CatalogItemView extends CatalogItem {
  createdBy: string;
  updatedBy: string;
}

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
    responsibleBody: row.responsibleBody,
    method: row.method as CatalogItem['method'],
    channels: row.channels as CatalogItem['channels'],
    audience: row.audience as CatalogItem['audience'],
    audienceNote: row.audienceNote,
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
});

const notFound = (id: string) => domainError('not_found', `事项 ${id} 不存在`);

/** Live rows of this county only: an id that belongs elsewhere, or was deleted, is simply absent. */
const liveRow = (tx: Pick<Tx, 'select'>, countyCode: string, id: string): CatalogItemRow | undefined =>
  tx
    .select()
    .from(catalogItems)
    .where(and(eq(catalogItems.id, id), eq(catalogItems.countyCode, countyCode), isNull(catalogItems.deletedAt)))
    .get();

/** Record, audit row and signed outbox row, all in the caller's transaction. */
function recordChange(
  tx: Tx,
  deps: ServiceDeps,
  actor: AuthUser,
  action: string,
  body: CatalogItemEventBody,
  at: string,
  details?: Record<string, unknown>,
): void {
  const checked = catalogItemEventBodySchema.parse(body);
  const [entityId, version] = checked.op === 'upsert' ? [checked.item.id, checked.item.version] : [checked.id, checked.version];
  writeAudit(tx, { at, actor: actor.username, action, entityType: 'catalog_item', entityId, details: { version, ...details } });
  appendOutbox(
    tx,
    { countyCode: deps.county.code, signingPrivateKey: deps.signingPrivateKey },
    { kind: CATALOG_EVENT_KIND, entityId, entityVersion: version, body: checked, occurredAt: at },
  );
}

const countyOf = (deps: ServiceDeps) => ({ code: deps.county.code, townshipCodes: deps.county.townshipCodes });

export function createItem(deps: ServiceDeps, actor: AuthUser, input: unknown): Result<CatalogItemView> {
  const allowed = requireRole(actor, CATALOG_WRITERS);
  if (!allowed.ok) return allowed;
  const valid = validateCatalogItem(input, countyOf(deps));
  if (!valid.ok) return valid;
  const now = nowOf(deps);
  const at = now.toISOString();
  const row: CatalogItemRow = {
    ...valid.value,
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
  deps.db.transaction(
    (tx) => {
      tx.insert(catalogItems).values(row).run();
      recordChange(tx, deps, actor, 'catalog_item.create', { op: 'upsert', item: view }, at);
    },
    { behavior: 'immediate' },
  );
  deps.wake();
  return ok(view);
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
 * writer can slip in between. A patch that changes nothing writes nothing.
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

      const at = nowOf(deps).toISOString();
      const next: CatalogItemView = {
        ...current,
        ...merged.value,
        version: current.version + 1,
        updatedAt: at,
        updatedBy: actor.username,
      };
      const { id: _id, countyCode: _c, createdAt: _ca, createdBy: _cb, ...changes } = next;
      tx.update(catalogItems).set(changes).where(eq(catalogItems.id, id)).run();
      recordChange(tx, deps, actor, 'catalog_item.update', { op: 'upsert', item: next }, at, { fields: changedFields });
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
      const at = nowOf(deps).toISOString();
      const version = row.version + 1;
      tx.update(catalogItems)
        .set({ version, deletedAt: at, updatedAt: at, updatedBy: actor.username })
        .where(eq(catalogItems.id, id))
        .run();
      recordChange(
        tx,
        deps,
        actor,
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
