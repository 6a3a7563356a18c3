import { type Result, countyByCode6, domainError, err, ok } from '@zwgk/core';
import { type HubDb, catalogItems } from '@zwgk/db/pg';
import { eq } from 'drizzle-orm';
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
  responsibleBody: string;
  method: string;
  channels: string[];
  audience: string;
  audienceNote: string | null;
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
  responsibleBody: r.responsibleBody,
  method: r.method,
  channels: r.channels,
  audience: r.audience,
  audienceNote: r.audienceNote,
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
  return row.status === 'published' && !row.deleted ? ok(view(row)) : missing;
}
