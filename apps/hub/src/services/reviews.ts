import {
  type CatalogReviewBody,
  type Result,
  REVIEW_DECISIONS,
  cityOf,
  counties as gbtCounties,
  countyByCode6,
  domainError,
  err,
  fieldCommentsSchema,
  ok,
  reviewingCityCode,
} from '@zwgk/core';
import { type HubDbOrTx, catalogItems, catalogReviews } from '@zwgk/db/pg';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { HubDeps, Viewer } from '../deps.js';
import { flushAll } from '../outbox.js';
import { requireRole, reviews } from './access.js';
import { audit } from './audit.js';

export const REVIEW_KIND = 'catalog.review';

export const reviewInputSchema = z
  .object({
    decision: z.enum(REVIEW_DECISIONS, { error: '审核结论必须是 approve（通过）或 return（退回）' }),
    comments: z.string({ error: '审核意见必须是文本' }).trim().max(4000, { error: '审核意见不能超过4000字' }).optional(),
    /** per-element comments, e.g. {"legalBasis": "请补充条款号"} */
    itemComments: fieldCommentsSchema.optional(),
    /** the version the reviewer looked at; refused (409) if the item has moved on */
    version: z.number({ error: '版本号必须是正整数' }).int().positive().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === 'return' && !v.comments && !v.itemComments) {
      ctx.addIssue({ code: 'custom', path: ['comments'], message: '退回时必须填写审核意见' });
    }
  });
export type ReviewInput = z.input<typeof reviewInputSchema>;

export interface ReviewView {
  id: string;
  itemId: string;
  countyCode: string;
  version: number;
  decision: string;
  comments: string;
  fieldComments: Record<string, string> | null;
  reviewer: string;
  at: string;
}

const toReview = (r: typeof catalogReviews.$inferSelect): ReviewView => ({
  id: r.id,
  itemId: r.itemId,
  countyCode: r.countyCode,
  version: r.version,
  decision: r.decision,
  comments: r.comments,
  fieldComments: r.fieldComments,
  reviewer: r.reviewer,
  at: r.at.toISOString(),
});

/** The counties whose catalogs a viewer reviews (all for the province; its city's, minus 省直管, for a city). */
export function reviewableCounties(viewer: Viewer): string[] {
  return gbtCounties()
    .map((c) => c.code6!)
    .filter((code) => reviews(viewer, code));
}

/**
 * 审核: approve or return the submitted version of an item. The decision row and the
 * `catalog.review` envelope to the county commit together; the county applies it (publishing or
 * returning the item) and its new version flows back through ingest.
 */
export async function reviewItem(
  deps: Pick<HubDeps, 'db' | 'outbox' | 'logger'>,
  viewer: Viewer | null,
  itemId: string,
  input: ReviewInput,
): Promise<Result<ReviewView>> {
  const who = requireRole(viewer, 'province_admin', 'city_reviewer');
  if (!who.ok) return who;
  const reviewer = who.value;
  const parsed = reviewInputSchema.parse(input);
  const result = await deps.db.transaction(async (tx): Promise<Result<ReviewView>> => {
    const [item] = await tx.select().from(catalogItems).where(eq(catalogItems.id, itemId)).for('update');
    if (!item || item.deleted) return err(domainError('not_found', '没有这个公开事项'));
    if (!reviews(reviewer, item.countyCode)) {
      const city = reviewingCityCode(item.countyCode);
      return err(
        domainError(
          'forbidden',
          city === null
            ? `${countyByCode6(item.countyCode)?.name ?? item.countyCode}为省直管，由省级审核`
            : '只能审核本市所辖县（市、区）的事项',
        ),
      );
    }
    if (item.status !== 'submitted') {
      return err(domainError('invalid_state', '只有待审核的事项可以审核', { status: item.status, version: item.version }));
    }
    if (parsed.version !== undefined && parsed.version !== item.version) {
      return err(
        domainError('conflict', `事项已更新为第 ${item.version} 版，请刷新后审核`, { currentVersion: item.version, expectedVersion: parsed.version }),
      );
    }
    const [already] = await tx
      .select({ id: catalogReviews.id, decision: catalogReviews.decision })
      .from(catalogReviews)
      .where(and(eq(catalogReviews.itemId, itemId), eq(catalogReviews.version, item.version)));
    if (already) return err(domainError('conflict', '该版本已审核过', { reviewId: already.id, decision: already.decision }));
    const [row] = await tx
      .insert(catalogReviews)
      .values({
        itemId,
        countyCode: item.countyCode,
        version: item.version,
        decision: parsed.decision,
        comments: parsed.comments ?? '',
        fieldComments: parsed.itemComments ?? null,
        reviewer: reviewer.username,
      })
      .returning();
    const review = toReview(row!);
    const body: CatalogReviewBody = {
      reviewId: review.id,
      itemId,
      version: review.version,
      decision: parsed.decision,
      comments: review.comments,
      ...(parsed.itemComments ? { fieldComments: parsed.itemComments } : {}),
      reviewer: reviewer.displayName ? `${reviewer.displayName}（${reviewer.username}）` : reviewer.username,
      decidedAt: review.at,
    };
    await deps.outbox.enqueue(tx, item.countyCode, REVIEW_KIND, body, itemId);
    await audit(tx, {
      actor: reviewer.username,
      action: parsed.decision === 'approve' ? 'catalog_item.approve' : 'catalog_item.return',
      entityType: 'catalog_item',
      entityId: itemId,
      details: { reviewId: review.id, countyCode: item.countyCode, version: item.version, comments: review.comments },
    });
    return ok(review);
  });
  if (result.ok) {
    try {
      await flushAll(deps.outbox);
    } catch (e) {
      deps.logger.warn({ err: e, item: itemId }, 'review decision queued but not yet published; will retry');
    }
  }
  return result;
}

export interface QueueEntry {
  id: string;
  countyCode: string;
  countyName: string | null;
  cityCode: string | null;
  cityName: string | null;
  /** null when the province reviews the county (省直管) */
  reviewingCityCode: string | null;
  domain: string;
  level: string;
  townshipCode: string | null;
  category: string | null;
  name: string;
  standardItemId: string | null;
  adoption: string;
  version: number;
  submittedAt: string;
}

/** Submitted items the viewer may review and that have no decision yet, oldest submission first. */
export async function reviewQueue(db: HubDbOrTx, viewer: Viewer | null): Promise<Result<QueueEntry[]>> {
  const who = requireRole(viewer, 'province_admin', 'city_reviewer');
  if (!who.ok) return who;
  const codes = who.value.role === 'province_admin' ? null : reviewableCounties(who.value);
  if (codes && !codes.length) return ok([]);
  const rows = await db
    .select()
    .from(catalogItems)
    .where(
      and(
        eq(catalogItems.status, 'submitted'),
        eq(catalogItems.deleted, false),
        codes ? inArray(catalogItems.countyCode, codes) : undefined,
        sql`not exists (select 1 from ${catalogReviews} r where r.item_id = ${catalogItems.id} and r.version = ${catalogItems.version})`,
      ),
    )
    .orderBy(asc(catalogItems.updatedAt), asc(catalogItems.id))
    .limit(2000);
  return ok(
    rows.map((r) => {
      const city = cityOf(r.countyCode);
      return {
        id: r.id,
        countyCode: r.countyCode,
        countyName: countyByCode6(r.countyCode)?.name ?? null,
        cityCode: city?.code6 ?? null,
        cityName: city?.name ?? null,
        reviewingCityCode: reviewingCityCode(r.countyCode) ?? null,
        domain: r.domain,
        level: r.level,
        townshipCode: r.townshipCode,
        category: r.category,
        name: r.name,
        standardItemId: r.standardItemId,
        adoption: r.adoption,
        version: r.version,
        submittedAt: r.updatedAt.toISOString(),
      };
    }),
  );
}

/** The decisions made on an item, newest first (for its reviewers and the province). */
export async function itemReviews(db: HubDbOrTx, viewer: Viewer | null, itemId: string): Promise<Result<ReviewView[]>> {
  const who = requireRole(viewer, 'province_admin', 'city_reviewer');
  if (!who.ok) return who;
  const [item] = await db.select({ countyCode: catalogItems.countyCode }).from(catalogItems).where(eq(catalogItems.id, itemId));
  if (!item || !reviews(who.value, item.countyCode)) return err(domainError('not_found', '没有这个公开事项'));
  const rows = await db.select().from(catalogReviews).where(eq(catalogReviews.itemId, itemId)).orderBy(desc(catalogReviews.at));
  return ok(rows.map(toReview));
}
