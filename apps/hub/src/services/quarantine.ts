import type { Result } from '@zwgk/core';
import { ok } from '@zwgk/core';
import { type HubDb, quarantine } from '@zwgk/db/pg';
import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Viewer } from '../deps.js';
import { requireRole } from './access.js';

export const quarantineListInputSchema = z
  .object({
    limit: z.coerce.number({ error: 'limit 必须是数字' }).int().min(1).max(500).default(100),
    /** page backwards: only entries with a smaller id */
    before: z
      .string()
      .regex(/^\d{1,19}$/, { error: 'before 必须是记录编号' })
      .optional(),
    countyCode: z
      .string()
      .regex(/^\d{6}$/, { error: '县级代码必须是6位数字' })
      .optional(),
  })
  .strict();
export type QuarantineListInput = z.input<typeof quarantineListInputSchema>;

export interface QuarantineEntry {
  id: string;
  receivedAt: string;
  subject: string;
  countyCode: string | null;
  origin: string | null;
  seq: string | null;
  reason: string;
  detail: string | null;
  raw: string;
}

/** At most this much of a raw message goes into a listing; the table keeps all of it. */
const RAW_PREVIEW = 4096;

export async function listQuarantine(
  db: HubDb,
  viewer: Viewer | null,
  input: z.output<typeof quarantineListInputSchema>,
): Promise<Result<{ entries: QuarantineEntry[]; nextBefore: string | null }>> {
  const admin = requireRole(viewer, 'province_admin');
  if (!admin.ok) return admin;
  const rows = await db
    .select()
    .from(quarantine)
    .where(
      and(
        input.before ? lt(quarantine.id, BigInt(input.before)) : undefined,
        input.countyCode ? eq(quarantine.countyCode, input.countyCode) : undefined,
      ),
    )
    .orderBy(desc(quarantine.id))
    .limit(input.limit);
  const entries = rows.map((r) => ({
    id: r.id.toString(),
    receivedAt: r.receivedAt.toISOString(),
    subject: r.subject,
    countyCode: r.countyCode,
    origin: r.origin,
    seq: r.seq,
    reason: r.reason,
    detail: r.detail,
    raw: r.raw.length > RAW_PREVIEW ? `${r.raw.slice(0, RAW_PREVIEW)}…` : r.raw,
  }));
  return ok({ entries, nextBefore: rows.length === input.limit ? (entries.at(-1)?.id ?? null) : null });
}
