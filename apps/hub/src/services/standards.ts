import {
  type Result,
  type StandardGuideline,
  type StandardItem,
  DOMAINS,
  DOMAIN_CODES,
  STARTING_STANDARDS,
  nextStandardItemId,
  diffGuidelines,
  domainByCode,
  domainError,
  err,
  ok,
  standardItemSchema,
  zodIssuesToFields,
} from '@zwgk/core';
import { type HubDbOrTx, type HubTx, counties, standardGuidelines, standardItems } from '@zwgk/db/pg';
import { and, asc, count, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { HubDeps, Viewer } from '../deps.js';
import { flushAll } from '../outbox.js';
import type { HubOutbox } from '../outbox.js';
import { requireRole, requireViewer } from './access.js';
import { audit } from './audit.js';

export const GUIDELINE_KIND = 'standard.guideline';

type ItemRow = typeof standardItems.$inferSelect;
type GuidelineRow = typeof standardGuidelines.$inferSelect;

export interface GuidelineView extends StandardGuideline {
  name: string;
  publishedBy: string;
}

export interface WorkingItem extends StandardItem {
  retiredAt: string | null;
  updatedAt: string;
  updatedBy: string;
}

const toStandardItem = (r: ItemRow): StandardItem =>
  standardItemSchema.parse({
    id: r.id,
    domain: r.domain,
    category: r.category,
    name: r.name,
    content: r.content,
    legalBasis: r.legalBasis,
    timeLimit: r.timeLimit,
    responsibleBody: r.responsibleBody,
    method: r.method,
    channels: r.channels,
    audience: r.audience,
    audienceNote: r.audienceNote,
    levels: r.levels,
  });

const toWorking = (r: ItemRow): WorkingItem => ({
  ...toStandardItem(r),
  retiredAt: r.retiredAt?.toISOString() ?? null,
  updatedAt: r.updatedAt.toISOString(),
  updatedBy: r.updatedBy,
});

const toGuideline = (r: GuidelineRow): GuidelineView => ({
  domain: r.domain as StandardGuideline['domain'],
  name: domainByCode(r.domain)?.name ?? r.domain,
  version: r.version,
  publishedAt: r.publishedAt.toISOString(),
  publishedBy: r.publishedBy,
  items: r.items as unknown as StandardItem[],
});

const itemColumns = (i: StandardItem) => ({
  id: i.id,
  domain: i.domain,
  category: i.category,
  name: i.name,
  content: i.content,
  legalBasis: i.legalBasis,
  timeLimit: i.timeLimit,
  responsibleBody: i.responsibleBody,
  method: i.method,
  channels: [...i.channels],
  audience: i.audience,
  audienceNote: i.audienceNote ?? null,
  levels: [...i.levels],
});

const guidelineBody = (g: GuidelineView) => ({ domain: g.domain, version: g.version, publishedAt: g.publishedAt, items: g.items });

async function enrolledCounties(tx: HubDbOrTx): Promise<string[]> {
  const rows = await tx.select({ code: counties.code }).from(counties).where(isNotNull(counties.enrolledAt));
  return rows.map((r) => r.code);
}

/** The current (highest) version of every domain that has one. */
export async function currentGuidelines(db: HubDbOrTx): Promise<GuidelineView[]> {
  const rows = await db
    .select()
    .from(standardGuidelines)
    .where(
      sql`${standardGuidelines.version} = (select max(g2.version) from ${standardGuidelines} g2 where g2.domain = ${standardGuidelines.domain})`,
    );
  const byDomain = new Map(rows.map((r) => [r.domain, toGuideline(r)]));
  return DOMAIN_CODES.flatMap((d) => (byDomain.has(d) ? [byDomain.get(d)!] : []));
}

async function guidelineAt(db: HubDbOrTx, domain: string, version?: number): Promise<GuidelineView | undefined> {
  const [row] = await db
    .select()
    .from(standardGuidelines)
    .where(version === undefined ? eq(standardGuidelines.domain, domain) : and(eq(standardGuidelines.domain, domain), eq(standardGuidelines.version, version)))
    .orderBy(desc(standardGuidelines.version))
    .limit(1);
  return row ? toGuideline(row) : undefined;
}

/** Queues the current guideline of every domain to one county (at enrollment), in the caller's transaction. */
export async function enqueueCurrentGuidelines(tx: HubTx, outbox: HubOutbox, countyCode: string): Promise<number> {
  const guidelines = await currentGuidelines(tx);
  for (const g of guidelines) await outbox.enqueue(tx, countyCode, GUIDELINE_KIND, guidelineBody(g), `standard:${g.domain}`);
  return guidelines.length;
}

/**
 * Loads the starting standard set as version 1 of every domain when the hub has no guidelines
 * yet (first start). Serialised by an advisory lock, so two hubs starting at once seed once.
 */
export async function seedStandards(deps: Pick<HubDeps, 'db' | 'outbox' | 'logger'>): Promise<boolean> {
  const seeded = await deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7102024002)`);
    const [n] = await tx.select({ n: count() }).from(standardGuidelines);
    if ((n?.n ?? 0) > 0) return false;
    const items = STARTING_STANDARDS.map((i) => standardItemSchema.parse(i));
    if (items.length) {
      await tx
        .insert(standardItems)
        .values(items.map((i) => ({ ...itemColumns(i), updatedBy: 'system' })))
        .onConflictDoNothing();
    }
    const codes = await enrolledCounties(tx);
    const publishedAt = new Date();
    for (const d of DOMAINS) {
      const own = items.filter((i) => i.domain === d.code).sort((a, b) => a.id.localeCompare(b.id));
      if (!own.length) continue;
      await tx.insert(standardGuidelines).values({
        domain: d.code,
        version: 1,
        publishedAt,
        publishedBy: 'system',
        items: own as unknown as Record<string, unknown>[],
      });
      const body = { domain: d.code, version: 1, publishedAt: publishedAt.toISOString(), items: own };
      for (const code of codes) await deps.outbox.enqueue(tx, code, GUIDELINE_KIND, body, `standard:${d.code}`);
    }
    await audit(tx, {
      actor: 'system',
      action: 'standards.seed',
      entityType: 'standard_guideline',
      entityId: '*',
      details: { items: items.length, domains: new Set(items.map((i) => i.domain)).size },
    });
    return true;
  });
  if (seeded) deps.logger.info({ items: STARTING_STANDARDS.length }, 'starting standards loaded as version 1');
  return seeded;
}

const domainSchema = z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' });
const parseDomain = (domain: string): Result<(typeof DOMAIN_CODES)[number]> => {
  const d = domainSchema.safeParse(domain);
  return d.success ? ok(d.data) : err(domainError('not_found', `没有领域 ${domain}`));
};

/** The working copy of a domain's standard items (retired ones flagged) and whether it differs from the current version. */
export async function workingItems(db: HubDbOrTx, viewer: Viewer | null, domain: string) {
  const who = requireViewer(viewer);
  if (!who.ok) return who;
  const d = parseDomain(domain);
  if (!d.ok) return d;
  const rows = await db.select().from(standardItems).where(eq(standardItems.domain, d.value)).orderBy(asc(standardItems.id));
  const current = await guidelineAt(db, d.value);
  const active = rows.filter((r) => !r.retiredAt).map(toStandardItem);
  const diff = current ? diffGuidelines(current.items, active) : null;
  return ok({
    domain: d.value,
    currentVersion: current?.version ?? null,
    items: rows.map(toWorking),
    unpublishedChanges: diff ? diff.added.length + diff.removed.length + diff.changed.length : active.length,
  });
}

export const standardItemInputSchema = z.record(z.string(), z.unknown(), { error: '标准事项必须是对象' });

function validateItem(raw: Record<string, unknown>): Result<StandardItem> {
  const parsed = standardItemSchema.safeParse(raw);
  if (!parsed.success) {
    return err(domainError('validation_failed', '标准事项内容有误', { fields: zodIssuesToFields(parsed.error.issues) }));
  }
  return ok(parsed.data);
}

/** Adds a standard item to a domain's working copy; without an id the next `<domain>.<nn>` is taken. */
export async function createStandardItem(
  deps: Pick<HubDeps, 'db'>,
  viewer: Viewer | null,
  domain: string,
  input: Record<string, unknown>,
): Promise<Result<WorkingItem>> {
  const admin = requireRole(viewer, 'province_admin');
  if (!admin.ok) return admin;
  const d = parseDomain(domain);
  if (!d.ok) return d;
  return deps.db.transaction(async (tx): Promise<Result<WorkingItem>> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`standards:${d.value}`}))`);
    let id = typeof input.id === 'string' ? input.id : undefined;
    if (!id) {
      const ids = await tx.select({ id: standardItems.id }).from(standardItems).where(eq(standardItems.domain, d.value));
      id = nextStandardItemId(d.value, ids);
    }
    const valid = validateItem({ ...input, id, domain: d.value });
    if (!valid.ok) return valid;
    const [exists] = await tx.select({ id: standardItems.id }).from(standardItems).where(eq(standardItems.id, id));
    if (exists) return err(domainError('conflict', `标准事项 ${id} 已存在`));
    const [row] = await tx
      .insert(standardItems)
      .values({ ...itemColumns(valid.value), updatedBy: admin.value.username })
      .returning();
    await audit(tx, {
      actor: admin.value.username,
      action: 'standard_item.create',
      entityType: 'standard_item',
      entityId: id,
      details: { domain: d.value, name: valid.value.name },
    });
    return ok(toWorking(row!));
  });
}

/** Edits a standard item of the working copy: the merged item is validated as a whole. */
export async function updateStandardItem(
  deps: Pick<HubDeps, 'db'>,
  viewer: Viewer | null,
  id: string,
  patch: Record<string, unknown>,
): Promise<Result<WorkingItem>> {
  const admin = requireRole(viewer, 'province_admin');
  if (!admin.ok) return admin;
  return deps.db.transaction(async (tx): Promise<Result<WorkingItem>> => {
    const [row] = await tx.select().from(standardItems).where(eq(standardItems.id, id)).for('update');
    if (!row) return err(domainError('not_found', `没有标准事项 ${id}`));
    if (('id' in patch && patch.id !== id) || ('domain' in patch && patch.domain !== row.domain)) {
      return err(domainError('validation_failed', '标准事项的编号和领域不能修改', { fields: [{ field: 'id', message: '不能修改' }] }));
    }
    const valid = validateItem({ ...toStandardItem(row), ...patch });
    if (!valid.ok) return valid;
    const before = toStandardItem(row);
    const fields = (Object.keys(valid.value) as (keyof StandardItem)[]).filter(
      (k) => JSON.stringify(valid.value[k]) !== JSON.stringify(before[k]),
    );
    if (!fields.length) return ok(toWorking(row));
    const [updated] = await tx
      .update(standardItems)
      .set({ ...itemColumns(valid.value), updatedAt: new Date(), updatedBy: admin.value.username })
      .where(eq(standardItems.id, id))
      .returning();
    await audit(tx, {
      actor: admin.value.username,
      action: 'standard_item.update',
      entityType: 'standard_item',
      entityId: id,
      details: { fields },
    });
    return ok(toWorking(updated!));
  });
}

/** Retires (or, with `restore`, brings back) a standard item; the next published version leaves it out. */
export async function retireStandardItem(
  deps: Pick<HubDeps, 'db'>,
  viewer: Viewer | null,
  id: string,
  restore = false,
): Promise<Result<WorkingItem>> {
  const admin = requireRole(viewer, 'province_admin');
  if (!admin.ok) return admin;
  return deps.db.transaction(async (tx): Promise<Result<WorkingItem>> => {
    const [row] = await tx.select().from(standardItems).where(eq(standardItems.id, id)).for('update');
    if (!row) return err(domainError('not_found', `没有标准事项 ${id}`));
    if (!!row.retiredAt === !restore) {
      return err(domainError('invalid_state', restore ? '该标准事项未停用' : '该标准事项已停用'));
    }
    const [updated] = await tx
      .update(standardItems)
      .set({ retiredAt: restore ? null : new Date(), updatedAt: new Date(), updatedBy: admin.value.username })
      .where(eq(standardItems.id, id))
      .returning();
    await audit(tx, {
      actor: admin.value.username,
      action: restore ? 'standard_item.restore' : 'standard_item.retire',
      entityType: 'standard_item',
      entityId: id,
    });
    return ok(toWorking(updated!));
  });
}

export interface PublishResult {
  guideline: GuidelineView;
  changes: ReturnType<typeof diffGuidelines>;
  counties: number;
}

/**
 * Publishes the working copy of a domain as its next guideline version: the snapshot and one
 * `standard.guideline` envelope per enrolled county are written in one transaction (a fan-out:
 * nats-server 2.9 has no multi-filter consumers), then published. A county that is offline gets it
 * from its durable consumer when it reconnects.
 */
export async function publishGuideline(
  deps: Pick<HubDeps, 'db' | 'outbox' | 'logger'>,
  viewer: Viewer | null,
  domain: string,
): Promise<Result<PublishResult>> {
  const admin = requireRole(viewer, 'province_admin');
  if (!admin.ok) return admin;
  const d = parseDomain(domain);
  if (!d.ok) return d;
  const result = await deps.db.transaction(async (tx): Promise<Result<PublishResult>> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`standards:${d.value}`}))`);
    const rows = await tx.select().from(standardItems).where(eq(standardItems.domain, d.value)).orderBy(asc(standardItems.id));
    const items = rows.filter((r) => !r.retiredAt).map(toStandardItem);
    const current = await guidelineAt(tx, d.value);
    const publishedAt = new Date();
    const next: StandardGuideline = {
      domain: d.value,
      version: (current?.version ?? 0) + 1,
      publishedAt: publishedAt.toISOString(),
      items,
    };
    const changes = diffGuidelines(current?.items ?? [], next.items);
    if (current && !changes.added.length && !changes.removed.length && !changes.changed.length) {
      return err(domainError('invalid_state', `该领域指引自第 ${current.version} 版以来没有变化，无需发布`));
    }
    await tx.insert(standardGuidelines).values({
      domain: d.value,
      version: next.version,
      publishedAt,
      publishedBy: admin.value.username,
      items: items as unknown as Record<string, unknown>[],
    });
    const guideline: GuidelineView = { ...next, name: domainByCode(d.value)?.name ?? d.value, publishedBy: admin.value.username };
    const codes = await enrolledCounties(tx);
    for (const code of codes) await deps.outbox.enqueue(tx, code, GUIDELINE_KIND, guidelineBody(guideline), `standard:${d.value}`);
    await audit(tx, {
      actor: admin.value.username,
      action: 'standard_guideline.publish',
      entityType: 'standard_guideline',
      entityId: d.value,
      details: {
        version: next.version,
        added: changes.added.map((i) => i.id),
        removed: changes.removed.map((i) => i.id),
        changed: changes.changed.map((c) => c.id),
        counties: codes.length,
      },
    });
    return ok({ guideline, changes, counties: codes.length });
  });
  if (result.ok) {
    try {
      await flushAll(deps.outbox);
    } catch (e) {
      deps.logger.warn({ err: e, domain: d.value }, 'guideline queued but not yet published; will retry');
    }
  }
  return result;
}

export async function guidelineVersions(db: HubDbOrTx, domain: string) {
  const d = parseDomain(domain);
  if (!d.ok) return d;
  const rows = await db
    .select({
      version: standardGuidelines.version,
      publishedAt: standardGuidelines.publishedAt,
      publishedBy: standardGuidelines.publishedBy,
      items: sql<number>`jsonb_array_length(${standardGuidelines.items})`.mapWith(Number),
    })
    .from(standardGuidelines)
    .where(eq(standardGuidelines.domain, d.value))
    .orderBy(asc(standardGuidelines.version));
  return ok(rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() })));
}

export const hubChangesQuerySchema = z.object({
  from: z.coerce.number({ error: '起始版本必须是正整数' }).int().positive({ error: '起始版本必须是正整数' }),
  to: z.coerce.number({ error: '目标版本必须是正整数' }).int().positive({ error: '目标版本必须是正整数' }).optional(),
});

export async function guidelineChanges(db: HubDbOrTx, domain: string, query: unknown) {
  const d = parseDomain(domain);
  if (!d.ok) return d;
  const q = hubChangesQuerySchema.safeParse(query);
  if (!q.success) return err(domainError('validation_failed', '查询参数有误', { fields: zodIssuesToFields(q.error.issues) }));
  const from = await guidelineAt(db, d.value, q.data.from);
  const to = await guidelineAt(db, d.value, q.data.to);
  if (!from || !to) return err(domainError('not_found', '没有该版本的指引'));
  return ok({ domain: d.value, from: from.version, to: to.version, ...diffGuidelines(from.items, to.items) });
}

/** One domain's current guideline. */
export async function currentGuideline(db: HubDbOrTx, domain: string): Promise<Result<GuidelineView>> {
  const d = parseDomain(domain);
  if (!d.ok) return d;
  const g = await guidelineAt(db, d.value);
  return g ? ok(g) : err(domainError('not_found', '该领域尚未发布指引'));
}
