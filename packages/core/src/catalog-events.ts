import { z } from 'zod';
import { REVIEW_DECISIONS, fieldCommentsSchema } from './catalog-review.js';
import { STANDARD_ITEM_ID } from './catalog.js';
import { DOMAIN_CODES } from './domains.js';
import { standardItemSchema } from './standards.js';

/**
 * Bodies of the catalog federation kinds beside `catalog.item` (see CURRENT_SCHEMAS):
 * hub → county `standard.guideline` and `catalog.review`; county → hub `catalog.exemption`.
 */

const isoDateTime = z.iso.datetime({ offset: true });

/** A published version of a domain guideline, sent to every enrolled county. */
export const standardGuidelineBodySchema = z.object({
  domain: z.enum(DOMAIN_CODES),
  version: z.number().int().positive(),
  publishedAt: isoDateTime,
  items: z.array(standardItemSchema),
});
export type StandardGuidelineBody = z.infer<typeof standardGuidelineBodySchema>;

/** A reviewer's decision on one submitted version of a catalog item, sent to the item's county. */
export const catalogReviewBodySchema = z.object({
  reviewId: z.string().min(1).max(100),
  itemId: z.string().min(1).max(200),
  version: z.number().int().positive(),
  decision: z.enum(REVIEW_DECISIONS),
  comments: z.string().max(4000),
  fieldComments: fieldCommentsSchema.optional(),
  reviewer: z.string().min(1).max(200),
  decidedAt: isoDateTime,
});
export type CatalogReviewBody = z.infer<typeof catalogReviewBodySchema>;

/**
 * A county's declaration that a standard item does not apply to it (不适用), with the reason;
 * `reason: null` withdraws the declaration. `version` grows with every change of the declaration.
 */
export const catalogExemptionBodySchema = z.object({
  standardItemId: z.string().regex(STANDARD_ITEM_ID),
  countyCode: z.string().regex(/^\d{6}$/),
  reason: z.string().min(1).max(1000).nullable(),
  version: z.number().int().positive(),
  at: isoDateTime,
});
export type CatalogExemptionBody = z.infer<typeof catalogExemptionBodySchema>;

/** At least 5 characters, so that 「不适用」 alone is not a reason (the seed: avoid 一刀切). */
export const exemptionReasonSchema = z
  .string({ error: '请说明不适用的理由' })
  .trim()
  .min(5, { error: '不适用的理由至少5个字' })
  .max(1000, { error: '理由不能超过1000个字' });

/** The entity id of an exemption in envelopes: unique province-wide. */
export const exemptionEntityId = (countyCode: string, standardItemId: string): string => `${countyCode}:${standardItemId}`;
