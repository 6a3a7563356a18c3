import {
  type CatalogExemptionBody,
  type Result,
  type StandardGuideline,
  type StandardGuidelineBody,
  type StandardItem,
  DOMAIN_CODES,
  catalogExemptionBodySchema,
  diffGuidelines,
  domainByCode,
  domainError,
  err,
  exemptionEntityId,
  exemptionReasonSchema,
  ok,
  zodIssuesToFields,
} from '@zwgk/core';
import { catalogItems, standardExemptions, standardGuidelines } from '@zwgk/db/sqlite';
import { and, asc, desc, eq, isNotNull, isNull, max } from 'drizzle-orm';
import { z } from 'zod';
import { type AuthUser, requireRole } from './accounts.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, type Tx, nowOf } from './context.js';
import { appendOutbox } from './outbox.js';

export const EXEMPTION_EVENT_KIND = 'catalog.exemption';

type Reader = Pick<Tx, 'select'>;

export interface GuidelineView extends StandardGuideline {
  name: string;
  receivedAt: string;
}

const toGuideline = (r: typeof standardGuidelines.$inferSelect): GuidelineView => ({
  domain: r.domain as StandardGuideline['domain'],
  name: domainByCode(r.domain)?.name ?? r.domain,
  version: r.version,
  publishedAt: r.publishedAt,
  receivedAt: r.receivedAt,
  items: r.items as unknown as StandardItem[],
});

/**
 * Stores a guideline version the hub published. Every version is kept; the current one of a domain
 * is simply its highest. Returns false when this version was already stored (a redelivery).
 */
export function storeGuideline(tx: Tx, body: StandardGuidelineBody, receivedAt: string): boolean {
  const r = tx
    .insert(standardGuidelines)
    .values({
      domain: body.domain,
      version: body.version,
      items: body.items as unknown as Record<string, unknown>[],
      publishedAt: body.publishedAt,
      receivedAt,
    })
    .onConflictDoNothing()
    .run();
  return r.changes > 0;
}

export function currentVersionOf(db: Reader, domain: string): number | null {
  return db.select({ v: max(standardGuidelines.version) }).from(standardGuidelines).where(eq(standardGuidelines.domain, domain)).get()?.v ?? null;
}

export function guidelineAt(db: Reader, domain: string, version?: number): GuidelineView | undefined {
  const v = version ?? currentVersionOf(db, domain);
  if (v === null) return undefined;
  const row = db
    .select()
    .from(standardGuidelines)
    .where(and(eq(standardGuidelines.domain, domain), eq(standardGuidelines.version, v)))
    .get();
  return row ? toGuideline(row) : undefined;
}

/** The current guideline of each domain the county has received, in the domains' order. */
export function currentGuidelines(db: Reader): GuidelineView[] {
  const rows = db.select().from(standardGuidelines).orderBy(asc(standardGuidelines.domain), desc(standardGuidelines.version)).all();
  const latest = new Map<string, GuidelineView>();
  for (const r of rows) if (!latest.has(r.domain)) latest.set(r.domain, toGuideline(r));
  return DOMAIN_CODES.flatMap((d) => (latest.has(d) ? [latest.get(d)!] : []));
}

/** A standard item of the current guideline of its domain, with that version. */
export function currentStandardItem(db: Reader, id: string): { item: StandardItem; version: number } | undefined {
  const domain = id.slice(0, id.lastIndexOf('.'));
  const g = guidelineAt(db, domain);
  const item = g?.items.find((i) => i.id === id);
  return g && item ? { item, version: g.version } : undefined;
}

export const changesQuerySchema = z.object({
  from: z.coerce.number({ error: '起始版本必须是正整数' }).int().positive({ error: '起始版本必须是正整数' }),
  to: z.coerce.number({ error: '目标版本必须是正整数' }).int().positive({ error: '目标版本必须是正整数' }).optional(),
});

const domainParamSchema = z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' });

export interface AffectedItem {
  id: string;
  name: string;
  status: string;
  standardItemId: string;
  /** removed: no longer in the guideline; changed: the standard item's elements changed */
  change: 'changed' | 'removed';
  fields: string[];
}

/**
 * What changed in a domain's guideline between two versions the county holds (default: to the
 * current one), and which of the county's live items point at a changed or removed standard item.
 */
export function guidelineChanges(deps: Pick<ServiceDeps, 'db' | 'county'>, domain: string, query: unknown) {
  const d = domainParamSchema.safeParse(domain);
  if (!d.success) return err(domainError('not_found', `没有领域 ${domain}`));
  const q = changesQuerySchema.safeParse(query);
  if (!q.success) return err(domainError('validation_failed', '查询参数有误', { fields: zodIssuesToFields(q.error.issues) }));
  const from = guidelineAt(deps.db, d.data, q.data.from);
  const to = guidelineAt(deps.db, d.data, q.data.to);
  if (!from) return err(domainError('not_found', `本县没有收到该领域第 ${q.data.from} 版指引`));
  if (!to) return err(domainError('not_found', `本县没有收到该领域第 ${q.data.to ?? '最新'} 版指引`));
  const diff = diffGuidelines(from.items, to.items);
  const removed = new Set(diff.removed.map((i) => i.id));
  const changed = new Map(diff.changed.map((c) => [c.id, c.fields as string[]]));
  const items = deps.db
    .select({ id: catalogItems.id, name: catalogItems.name, status: catalogItems.status, standardItemId: catalogItems.standardItemId })
    .from(catalogItems)
    .where(and(eq(catalogItems.countyCode, deps.county.code), isNull(catalogItems.deletedAt), eq(catalogItems.domain, d.data)))
    .all();
  const affected: AffectedItem[] = [];
  for (const it of items) {
    if (!it.standardItemId) continue;
    if (removed.has(it.standardItemId)) affected.push({ ...it, standardItemId: it.standardItemId, change: 'removed', fields: [] });
    else if (changed.has(it.standardItemId)) {
      affected.push({ ...it, standardItemId: it.standardItemId, change: 'changed', fields: changed.get(it.standardItemId)! });
    }
  }
  return ok({ domain: d.data, from: from.version, to: to.version, ...diff, affectedItems: affected });
}

/**
 * Items to look at after new guidelines arrived: those whose standard item changed or was removed
 * in a version newer than the one the item was last written against.
 */
export function affectedByStandards(deps: Pick<ServiceDeps, 'db' | 'county'>): AffectedItem[] {
  const items = deps.db
    .select({
      id: catalogItems.id,
      name: catalogItems.name,
      status: catalogItems.status,
      domain: catalogItems.domain,
      standardItemId: catalogItems.standardItemId,
      standardVersion: catalogItems.standardVersion,
    })
    .from(catalogItems)
    .where(and(eq(catalogItems.countyCode, deps.county.code), isNull(catalogItems.deletedAt), isNotNull(catalogItems.standardItemId)))
    .all();
  const out: AffectedItem[] = [];
  const cache = new Map<string, GuidelineView | undefined>();
  const at = (domain: string, v?: number) => {
    const k = `${domain}@${v ?? 'current'}`;
    if (!cache.has(k)) cache.set(k, guidelineAt(deps.db, domain, v));
    return cache.get(k);
  };
  for (const it of items) {
    const sid = it.standardItemId!;
    const current = at(it.domain);
    if (!current || it.standardVersion === null || it.standardVersion >= current.version) continue;
    const base = at(it.domain, it.standardVersion);
    const before = base?.items.find((s) => s.id === sid);
    const now = current.items.find((s) => s.id === sid);
    if (!now) {
      out.push({ id: it.id, name: it.name, status: it.status, standardItemId: sid, change: 'removed', fields: [] });
      continue;
    }
    if (!before) continue;
    const diff = diffGuidelines([before], [now]);
    const c = diff.changed[0];
    if (c) out.push({ id: it.id, name: it.name, status: it.status, standardItemId: sid, change: 'changed', fields: c.fields as string[] });
  }
  return out;
}

export interface ExemptionView {
  standardItemId: string;
  reason: string;
  declaredBy: string;
  declaredAt: string;
  withdrawnAt: string | null;
  version: number;
}

export const exemptionInputSchema = z
  .object({ standardItemId: z.string({ error: '请指明标准事项' }).min(1).max(100), reason: exemptionReasonSchema })
  .strict();

export const exemptionViewSchema = z.object({
  standardItemId: z.string(),
  reason: z.string(),
  declaredBy: z.string(),
  declaredAt: z.string(),
  withdrawnAt: z.string().nullable(),
  version: z.number().int(),
});

/** Who may declare a standard item not applicable: a decision of the county's disclosure office. */
const EXEMPTION_DECLARERS = ['county_admin'] as const;

export function listExemptions(deps: Pick<ServiceDeps, 'db'>, includeWithdrawn = false): ExemptionView[] {
  const q = deps.db.select().from(standardExemptions);
  return (includeWithdrawn ? q : q.where(isNull(standardExemptions.withdrawnAt))).orderBy(asc(standardExemptions.standardItemId)).all();
}

function emitExemption(tx: Tx, deps: ServiceDeps, body: CatalogExemptionBody): void {
  const checked = catalogExemptionBodySchema.parse(body);
  appendOutbox(
    tx,
    { countyCode: deps.county.code, signingPrivateKey: deps.signingPrivateKey },
    {
      kind: EXEMPTION_EVENT_KIND,
      entityId: exemptionEntityId(deps.county.code, checked.standardItemId),
      entityVersion: checked.version,
      body: checked,
      occurredAt: checked.at,
    },
  );
}

/** Declares (or re-declares with a new reason) a standard item of the current guidelines not applicable. */
export function declareExemption(deps: ServiceDeps, actor: AuthUser, input: unknown): Result<ExemptionView> {
  const allowed = requireRole(actor, EXEMPTION_DECLARERS);
  if (!allowed.ok) return allowed;
  const parsed = exemptionInputSchema.safeParse(input);
  if (!parsed.success) {
    return err(domainError('validation_failed', '提交的内容有误', { fields: zodIssuesToFields(parsed.error.issues) }));
  }
  const { standardItemId, reason } = parsed.data;
  const result = deps.db.transaction(
    (tx): Result<ExemptionView> => {
      if (!currentStandardItem(tx, standardItemId)) {
        return err(domainError('not_found', `现行标准指引中没有标准事项 ${standardItemId}`));
      }
      const at = nowOf(deps).toISOString();
      const prev = tx.select().from(standardExemptions).where(eq(standardExemptions.standardItemId, standardItemId)).get();
      if (prev && !prev.withdrawnAt && prev.reason === reason) return ok(prev);
      const row: ExemptionView = {
        standardItemId,
        reason,
        declaredBy: actor.username,
        declaredAt: at,
        withdrawnAt: null,
        version: (prev?.version ?? 0) + 1,
      };
      tx.insert(standardExemptions)
        .values(row)
        .onConflictDoUpdate({ target: standardExemptions.standardItemId, set: row })
        .run();
      writeAudit(tx, {
        at,
        actor: actor.username,
        action: 'standard_exemption.declare',
        entityType: 'standard_exemption',
        entityId: standardItemId,
        details: { reason, version: row.version },
      });
      emitExemption(tx, deps, { standardItemId, countyCode: deps.county.code, reason, version: row.version, at });
      return ok(row);
    },
    { behavior: 'immediate' },
  );
  if (result.ok) deps.wake();
  return result;
}

export function withdrawExemption(deps: ServiceDeps, actor: AuthUser, standardItemId: string): Result<ExemptionView> {
  const allowed = requireRole(actor, EXEMPTION_DECLARERS);
  if (!allowed.ok) return allowed;
  const result = deps.db.transaction(
    (tx): Result<ExemptionView> => {
      const prev = tx.select().from(standardExemptions).where(eq(standardExemptions.standardItemId, standardItemId)).get();
      if (!prev || prev.withdrawnAt) return err(domainError('not_found', `标准事项 ${standardItemId} 没有有效的不适用声明`));
      const at = nowOf(deps).toISOString();
      const row = { ...prev, withdrawnAt: at, version: prev.version + 1 };
      tx.update(standardExemptions)
        .set({ withdrawnAt: at, version: row.version })
        .where(eq(standardExemptions.standardItemId, standardItemId))
        .run();
      writeAudit(tx, {
        at,
        actor: actor.username,
        action: 'standard_exemption.withdraw',
        entityType: 'standard_exemption',
        entityId: standardItemId,
        details: { version: row.version },
      });
      emitExemption(tx, deps, { standardItemId, countyCode: deps.county.code, reason: null, version: row.version, at });
      return ok(row);
    },
    { behavior: 'immediate' },
  );
  if (result.ok) deps.wake();
  return result;
}

/** The county's guidelines with, per standard item, its declaration if any (the catalog builder's view). */
export function standardsOverview(deps: Pick<ServiceDeps, 'db'>) {
  const exemptions = new Map(listExemptions(deps).map((e) => [e.standardItemId, e]));
  return currentGuidelines(deps.db).map((g) => ({
    ...g,
    items: g.items.map((i) => ({ ...i, exemption: exemptions.get(i.id) ?? null })),
  }));
}
