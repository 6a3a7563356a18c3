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
