import {
  type Region,
  type Result,
  cityOf,
  countyByCode6,
  counties as gbtCounties,
  domainError,
  err,
  isProvinceAdministered,
  ok,
  reviewingCityCode,
} from '@zwgk/core';
import { type HubDb, catalogItems, counties } from '@zwgk/db/pg';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Viewer } from '../deps.js';
import { reviews } from './access.js';

export interface FederationStatus {
  /** the contiguous high-water mark: every event up to this seq has been applied */
  lastSeq: string;
  maxSeqSeen: string;
  lastHeartbeatSeq: string;
  /** events published by the county (seen, or announced by heartbeat) but not yet contiguous */
  lagEvents: number;
  lastEventAt: string | null;
  lastHeartbeatAt: string | null;
  /** seconds since the last event arrived; null before the first */
  lagSeconds: number | null;
  quarantinedCount: number;
  /** catalog items not deleted, any status */
  catalogItems: number;
  publishedItems: number;
}

export interface CountyView {
  code: string;
  name: string;
  type: string | null;
  cityCode: string | null;
  cityName: string | null;
  /** the city whose reviewers review this county; null when the province does (省直管) */
  reviewingCityCode: string | null;
  provinceAdministered: boolean;
  enrolled: boolean;
  enrolledAt: string | null;
  federation: FederationStatus;
}

type CountyRow = typeof counties.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function federationStatus(row: CountyRow | undefined, items: { total: number; published: number } | undefined, now: number): FederationStatus {
  const hw = row?.highWaterSeq ?? 0n;
  const seen = row?.maxSeqSeen ?? 0n;
  const hb = row?.lastHeartbeatSeq ?? 0n;
  const ahead = (seen > hb ? seen : hb) - hw;
  return {
    lastSeq: hw.toString(),
    maxSeqSeen: seen.toString(),
    lastHeartbeatSeq: hb.toString(),
    lagEvents: ahead > 0n ? Number(ahead > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : ahead) : 0,
    lastEventAt: iso(row?.lastEventAt ?? null),
    lastHeartbeatAt: iso(row?.lastHeartbeatAt ?? null),
    lagSeconds: row?.lastEventAt ? Math.max(0, Math.round((now - row.lastEventAt.getTime()) / 1000)) : null,
    quarantinedCount: row?.quarantinedCount ?? 0,
    catalogItems: items?.total ?? 0,
    publishedItems: items?.published ?? 0,
  };
}

function countyView(region: Region, row: CountyRow | undefined, items: { total: number; published: number } | undefined, now: number): CountyView {
  const code = region.code6 ?? region.code.slice(0, 6);
  const city = cityOf(code);
  return {
    code,
    name: region.name,
    type: region.type ?? null,
    cityCode: city?.code6 ?? null,
    cityName: city?.name ?? null,
    reviewingCityCode: reviewingCityCode(code) ?? null,
    provinceAdministered: isProvinceAdministered(code),
    enrolled: !!row?.enrolledAt,
    enrolledAt: iso(row?.enrolledAt ?? null),
    federation: federationStatus(row, items, now),
  };
}

async function itemCounts(db: HubDb, codes?: string[]) {
  const rows = await db
    .select({
      countyCode: catalogItems.countyCode,
      total: count(),
      published: sql<number>`count(*) filter (where ${catalogItems.status} = 'published')`.mapWith(Number),
    })
    .from(catalogItems)
    .where(and(eq(catalogItems.deleted, false), codes ? inArray(catalogItems.countyCode, codes) : undefined))
    .groupBy(catalogItems.countyCode);
  return new Map(rows.map((r) => [r.countyCode, r]));
}

/**
 * The 167 county-level divisions of GB/T 2260, enrolled or not. The public and province admins
 * see all of them; a city reviewer sees the counties its city reviews.
 */
export async function listCounties(db: HubDb, viewer: Viewer | null): Promise<Result<CountyView[]>> {
  const regions = gbtCounties().filter((r) => !viewer || reviews(viewer, r.code6 ?? ''));
  const [rows, items] = await Promise.all([db.select().from(counties), itemCounts(db)]);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const now = Date.now();
  return ok(regions.map((r) => countyView(r, byCode.get(r.code6 ?? ''), items.get(r.code6 ?? ''), now)));
}

export async function getCounty(db: HubDb, viewer: Viewer | null, code: string): Promise<Result<CountyView>> {
  const region = countyByCode6(code);
  if (!region?.inGBT2260) return err(domainError('not_found', `没有代码为 ${code} 的县级行政区划`));
  if (viewer && !reviews(viewer, code)) return err(domainError('forbidden', '该县不在本市审核范围内'));
  const [[row], items] = await Promise.all([
    db.select().from(counties).where(eq(counties.code, code)).limit(1),
    itemCounts(db, [code]),
  ]);
  return ok(countyView(region, row, items.get(code), Date.now()));
}
