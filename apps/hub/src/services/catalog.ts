import {
  CATALOG_LEVELS,
  DOMAIN_CODES,
  type Result,
  countyByCode6,
  domainError,
  err,
  ok,
  type TimeLimitRule,
  readTimeLimitRule,
  townshipsOf,
  withDiffs,
} from '@zwgk/core';
import { type HubDb, type HubDbOrTx, catalogItemVersions, catalogItems } from '@zwgk/db/pg';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Viewer } from '../deps.js';
import { reviews } from './access.js';

export interface CatalogItemView {
  id: string;
  countyCode: string;
  countyName: string | null;
  domain: string;
  level: string;
  townshipCode: string | null;
  name: string;
  content: string;
  legalBasis: string;
  timeLimit: string;
  /** the structured reading of the phrase, as the county derived it; null when none */
  timeLimitRule: TimeLimitRule | null;
  responsibleBody: string;
  method: string;
  channels: string[];
  audience: string;
  audienceNote: string | null;
  category: string | null;
  standardItemId: string | null;
  adoption: string;
  nextReviewOn: string | null;
  status: string;
  version: number;
  deleted: boolean;
  createdAt: string;
  updatedAt: string;
  appliedAt: string;
}

type Row = typeof catalogItems.$inferSelect;

const view = (r: Row): CatalogItemView => ({
  id: r.id,
  countyCode: r.countyCode,
  countyName: countyByCode6(r.countyCode)?.name ?? null,
  domain: r.domain,
  level: r.level,
  townshipCode: r.townshipCode,
  name: r.name,
  content: r.content,
  legalBasis: r.legalBasis,
  timeLimit: r.timeLimit,
  timeLimitRule: r.timeLimitRule ?? null,
  responsibleBody: r.responsibleBody,
  method: r.method,
  channels: r.channels,
  audience: r.audience,
  audienceNote: r.audienceNote,
  category: r.category,
  standardItemId: r.standardItemId,
  adoption: r.adoption,
  nextReviewOn: r.nextReviewOn,
  status: r.status,
  version: r.version,
  deleted: r.deleted,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  appliedAt: r.appliedAt.toISOString(),
});

/**
 * One federated catalog item. Province admins see every item (deleted ones too, flagged);
 * a city reviewer the items of the counties its city reviews; the public only published items.
 * Whatever a viewer may not see is reported as missing, not as forbidden, so ids do not leak.
 */
export async function getCatalogItem(db: HubDb, viewer: Viewer | null, id: string): Promise<Result<CatalogItemView>> {
  const missing = err(domainError('not_found', '没有这个公开事项'));
  const [row] = await db.select().from(catalogItems).where(eq(catalogItems.id, id)).limit(1);
  if (!row) return missing;
  if (viewer?.role === 'province_admin') return ok(view(row));
  if (viewer?.role === 'city_reviewer') return reviews(viewer, row.countyCode) ? ok(view(row)) : missing;
  if (row.deleted) return missing;
  // the public sees the last approved version, even while a newer working version is in draft or review
  const published = await lastPublished(db, id);
  return published ? ok(published) : missing;
}

type Snapshot = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A published version as the public sees it: the item's elements at that version. */
function publishedView(snapshot: Snapshot, version: number, publishedAt: Date | null): CatalogItemView {
  const countyCode = str(snapshot.countyCode);
  return {
    id: str(snapshot.id),
    countyCode,
    countyName: countyByCode6(countyCode)?.name ?? null,
    domain: str(snapshot.domain),
    level: str(snapshot.level),
    townshipCode: strOrNull(snapshot.townshipCode),
    name: str(snapshot.name),
    content: str(snapshot.content),
    legalBasis: str(snapshot.legalBasis),
    timeLimit: str(snapshot.timeLimit),
    timeLimitRule: readTimeLimitRule(snapshot.timeLimitRule),
    responsibleBody: str(snapshot.responsibleBody),
    method: str(snapshot.method),
    channels: Array.isArray(snapshot.channels) ? (snapshot.channels as string[]) : [],
    audience: str(snapshot.audience),
    audienceNote: strOrNull(snapshot.audienceNote),
    category: strOrNull(snapshot.category),
    standardItemId: strOrNull(snapshot.standardItemId),
    adoption: str(snapshot.adoption) || 'local',
    nextReviewOn: strOrNull(snapshot.nextReviewOn),
    status: 'published',
    version,
    deleted: false,
    createdAt: str(snapshot.createdAt),
    updatedAt: str(snapshot.updatedAt),
    appliedAt: (publishedAt ?? new Date(str(snapshot.updatedAt))).toISOString(),
  };
}

async function lastPublished(db: HubDbOrTx, id: string): Promise<CatalogItemView | undefined> {
  const [v] = await db
    .select()
    .from(catalogItemVersions)
    .where(and(eq(catalogItemVersions.itemId, id), eq(catalogItemVersions.status, 'published')))
    .orderBy(desc(catalogItemVersions.version))
    .limit(1);
  return v ? publishedView(v.snapshot, v.version, v.publishedAt) : undefined;
}

export const countyCatalogQuerySchema = z
  .object({
    domain: z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' }).optional(),
    level: z.enum(CATALOG_LEVELS, { error: '公开层级必须是县级或乡级' }).optional(),
    township: z.string().regex(/^\d{12}$/, { error: '乡镇代码必须是12位统计用区划代码' }).optional(),
  })
  .strict();
export type CountyCatalogQuery = z.output<typeof countyCatalogQuerySchema>;

/**
 * A county's published catalog (公开事项目录): the latest published version of each item that
 * still exists, filtered by domain, level and township, in domain order then category and name.
 */
export async function countyCatalog(db: HubDb, code: string, query: CountyCatalogQuery) {
  const county = countyByCode6(code);
  if (!county?.inGBT2260) return err(domainError('not_found', `没有县级行政区划 ${code}`));
  if (query.township && !townshipsOf(code).some((t) => t.code === query.township)) {
    return err(domainError('validation_failed', '乡镇不属于该县', { fields: [{ field: 'township', message: '乡镇不属于该县' }] }));
  }
  const rows = await db.execute<{ snapshot: Snapshot; version: string; published_at: string | null }>(sql`
    select p.snapshot, p.version::text as version, p.published_at from (
      select distinct on (v.item_id) v.item_id, v.snapshot, v.version, v.published_at, v.domain
      from ${catalogItemVersions} v
      join ${catalogItems} c on c.id = v.item_id and not c.deleted and c.county_code = v.county_code
      where v.county_code = ${code} and v.status = 'published'
        ${query.domain ? sql`and v.domain = ${query.domain}` : sql``}
      order by v.item_id, v.version desc
    ) p
    where true
      ${query.level ? sql`and p.snapshot->>'level' = ${query.level}` : sql``}
      ${query.township ? sql`and p.snapshot->>'townshipCode' = ${query.township}` : sql``}
    order by p.domain, p.snapshot->>'category' nulls last, p.snapshot->>'name', p.item_id`);
  const order = new Map(DOMAIN_CODES.map((d, i) => [d as string, i]));
  const items = rows
    .map((r) => publishedView(r.snapshot, Number(r.version), r.published_at ? new Date(r.published_at) : null))
    .sort((a, b) => (order.get(a.domain) ?? 99) - (order.get(b.domain) ?? 99));
  return ok({ countyCode: code, countyName: county.name, total: items.length, items });
}

/**
 * The version history of an item with a field-level diff between consecutive versions: every
 * version for the province and the county's reviewers, published versions only for the public.
 */
export async function catalogItemHistory(db: HubDb, viewer: Viewer | null, id: string) {
  const missing = err(domainError('not_found', '没有这个公开事项'));
  const [row] = await db.select({ countyCode: catalogItems.countyCode }).from(catalogItems).where(eq(catalogItems.id, id)).limit(1);
  if (!row) return missing;
  const all = viewer !== null && reviews(viewer, row.countyCode);
  const rows = await db
    .select()
    .from(catalogItemVersions)
    .where(and(eq(catalogItemVersions.itemId, id), all ? undefined : eq(catalogItemVersions.status, 'published')))
    .orderBy(asc(catalogItemVersions.version));
  if (!rows.length) return missing;
  const versions = withDiffs(
    rows.map((r) => ({
      version: r.version,
      status: r.status as 'draft' | 'submitted' | 'returned' | 'published',
      snapshot: r.snapshot,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      receivedAt: r.receivedAt.toISOString(),
    })),
  );
  return ok({ id, countyCode: row.countyCode, scope: all ? 'all' : 'published', versions });
}
