import { catalogItemInputSchema } from '@zwgk/core';
import { COUNTY_ROLES } from '@zwgk/db/sqlite';
import { z } from 'zod';

/** Wire shapes shared by the REST handlers, the tRPC procedures and the OpenAPI document. */

export const versionSchema = z.number({ error: '版本号必须是正整数' }).int({ error: '版本号必须是正整数' }).positive({
  error: '版本号必须是正整数',
});

/** PATCH body: the elements to change, plus the version the client last saw (optional). */
export const patchBodySchema = z.record(z.string(), z.unknown(), { error: '请求体必须是对象' });

/** Documentation of the PATCH body; the service validates the merged item as a whole. */
export const patchBodyDocSchema = z
  .object(catalogItemInputSchema.shape)
  .partial()
  .extend({ version: versionSchema.optional().describe('乐观并发：客户端看到的版本号；不一致时返回 409') });

export const deleteQuerySchema = z.object({
  version: z.coerce.number({ error: '版本号必须是正整数' }).int().positive().optional(),
});

export const publicUserSchema = z.object({
  username: z.string(),
  role: z.enum(COUNTY_ROLES),
  displayName: z.string(),
});

export const tokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: publicUserSchema,
});

const outboxStatsSchema = z.object({ lastSeq: z.string(), unsent: z.number().int() });

export const healthSchema = z.object({
  status: z.literal('ok'),
  countyCode: z.string(),
  enrolled: z.boolean(),
  nats: z.boolean(),
  outbox: outboxStatsSchema,
});

export const nodeInfoSchema = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  cityName: z.string().nullable(),
  townships: z.array(z.object({ code: z.string(), name: z.string() })),
  enrolled: z.boolean(),
  outbox: outboxStatsSchema,
});

/** Shapes of the catalog workflow and standards routes, for the OpenAPI document. */
const anyRecord = z.record(z.string(), z.unknown());
const fieldChange = z.object({ field: z.string(), label: z.string(), before: z.unknown(), after: z.unknown() });

export const submittedSchema = z.object({ submitted: z.array(anyRecord) });

export const itemVersionsSchema = z.object({
  id: z.string(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      status: z.string(),
      snapshot: anyRecord,
      at: z.string(),
      by: z.string(),
      changes: z.array(fieldChange),
    }),
  ),
});

export const itemReviewsSchema = z.array(
  z.object({
    reviewId: z.string(),
    itemId: z.string(),
    version: z.number().int(),
    decision: z.enum(['approve', 'return']),
    comments: z.string(),
    fieldComments: z.record(z.string(), z.string()).nullable(),
    reviewer: z.string(),
    decidedAt: z.string(),
    receivedAt: z.string(),
    applied: z.boolean(),
  }),
);

export const dueListSchema = z.object({
  today: z.string(),
  days: z.number().int(),
  items: z.array(anyRecord.and(z.object({ overdue: z.boolean(), daysLeft: z.number().int().nullable() }))),
});

export const guidelinesSchema = z.array(
  z.object({
    domain: z.string(),
    name: z.string(),
    version: z.number().int(),
    publishedAt: z.string(),
    receivedAt: z.string(),
    items: z.array(anyRecord),
  }),
);

const affectedItem = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  standardItemId: z.string(),
  change: z.enum(['changed', 'removed']),
  fields: z.array(z.string()),
});
export const affectedItemsSchema = z.array(affectedItem);

export const guidelineChangesSchema = z.object({
  domain: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  added: z.array(anyRecord),
  removed: z.array(anyRecord),
  changed: z.array(z.object({ id: z.string(), before: anyRecord, after: anyRecord, fields: z.array(z.string()) })),
  affectedItems: z.array(affectedItem),
});
