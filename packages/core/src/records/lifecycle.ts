import { z } from 'zod';
import type { WorkingCalendar } from '../calendar/calendar.js';
import { isIsoDate } from '../calendar/dates.js';

/**
 * The later life of information records: attachments and how they travel, interpretations'
 * deadline, the negative list (负面清单) and its review flags, the yearly assessment of withheld
 * records, and validity clean-up. Pure rules; the county node and the hub do the I/O.
 */

// ── attachments ──────────────────────────────────────────────────────────────────────────────

/** Largest attachment accepted (20 MB). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** What may be attached, by the type detected from the bytes (never the name). */
export const ATTACHMENT_MEDIA_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
} as const;
export type AttachmentExt = keyof typeof ATTACHMENT_MEDIA_TYPES;
export const IMAGE_MEDIA_TYPES: readonly string[] = [ATTACHMENT_MEDIA_TYPES.png, ATTACHMENT_MEDIA_TYPES.jpg];

/**
 * Bytes per `info.attachment` chunk before base64: 192 KiB, i.e. exactly 256 KiB of base64, so an
 * envelope stays well under NATS's default 1 MB max payload.
 */
export const ATTACHMENT_CHUNK_BYTES = 192 * 1024;
export const INFO_ATTACHMENT_KIND = 'info.attachment';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** `info.attachment/1`: one chunk of an attachment of a published record. */
export const infoAttachmentEventBodySchema = z
  .object({
    recordId: z.string().min(1).max(200),
    attachmentId: z.string().min(1).max(200),
    countyCode: z.string().regex(/^\d{6}$/),
    name: z.string().min(1).max(255),
    mediaType: z.enum(Object.values(ATTACHMENT_MEDIA_TYPES) as [string, ...string[]]),
    size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
    sha256: sha256Hex,
    chunk: z.number().int().min(0),
    chunks: z.number().int().min(1).max(Math.ceil(MAX_ATTACHMENT_BYTES / ATTACHMENT_CHUNK_BYTES)),
    /** base64 of at most ATTACHMENT_CHUNK_BYTES bytes */
    data: z.base64().max(Math.ceil(ATTACHMENT_CHUNK_BYTES / 3) * 4),
  })
  .strict()
  .refine((b) => b.chunk < b.chunks, { error: 'chunk must be below chunks' })
  .refine((b) => b.chunks === Math.max(1, Math.ceil(b.size / ATTACHMENT_CHUNK_BYTES)), { error: 'chunks does not fit size' });
export type InfoAttachmentEventBody = z.infer<typeof infoAttachmentEventBodySchema>;

/** Splits an attachment into its chunk bodies (in order). */
export function attachmentChunks(
  meta: Omit<InfoAttachmentEventBody, 'chunk' | 'chunks' | 'data'>,
  bytes: Uint8Array,
): InfoAttachmentEventBody[] {
  const chunks = Math.max(1, Math.ceil(bytes.length / ATTACHMENT_CHUNK_BYTES));
  const out: InfoAttachmentEventBody[] = [];
  for (let i = 0; i < chunks; i++) {
    const part = bytes.subarray(i * ATTACHMENT_CHUNK_BYTES, (i + 1) * ATTACHMENT_CHUNK_BYTES);
    out.push({ ...meta, chunk: i, chunks, data: Buffer.from(part).toString('base64') });
  }
  return out;
}

/**
 * `Content-Disposition` for a download: RFC 6266 / 5987 `filename*` in UTF-8, with an ASCII
 * fallback; quotes, backslashes and control characters never reach the header.
 */
export function contentDisposition(name: string): string {
  const clean = Array.from(name).filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f').join('');
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii || 'attachment'}"; filename*=UTF-8''${encoded}`;
}

// ── interpretations ──────────────────────────────────────────────────────────────────────────

/** An interpretation is due with its document, at the latest this many working days after. */
export const INTERPRETATION_WORKING_DAYS = 3;

/** The last day a policy document's interpretation may be published. */
export const interpretationDueOn = (calendar: WorkingCalendar, publishedOn: string): { dueOn: string; provisional: boolean } => {
  const r = calendar.addWorkingDays(publishedOn, INTERPRETATION_WORKING_DAYS);
  return { dueOn: r.dueDate, provisional: r.provisional };
};

// ── negative list ────────────────────────────────────────────────────────────────────────────

export const NEGATIVE_LIST_KIND = 'negative.list';

const date = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD 的有效日期' });
const text = (label: string, max: number) =>
  z
    .string({ error: `${label}必须是文本` })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过${max}个字` });

export const negativeListEntryInputSchema = z
  .object({
    category: text('类别', 100),
    /** what must not be disclosed; its terms (split on punctuation and spaces) are matched at review */
    content: text('内容', 2000),
    legalBasis: text('依据', 1000),
    reviewOn: date,
  })
  .strict();
export type NegativeListEntryInput = z.output<typeof negativeListEntryInputSchema>;

export const publicNegativeListEntrySchema = z
  .object({
    id: z.string().min(1).max(200),
    category: z.string().max(100),
    content: z.string().max(2000),
    legalBasis: z.string().max(1000),
    reviewOn: date,
  })
  .strict();
export type PublicNegativeListEntry = z.infer<typeof publicNegativeListEntrySchema>;

/** `negative.list/1`: the county's whole published list after a change. */
export const negativeListEventBodySchema = z
  .object({
    countyCode: z.string().regex(/^\d{6}$/),
    version: z.number().int().positive(),
    updatedAt: z.iso.datetime({ offset: true }),
    entries: z.array(publicNegativeListEntrySchema).max(1000),
  })
  .strict();
export type NegativeListEventBody = z.infer<typeof negativeListEventBodySchema>;

/** The terms of an entry's content: split on spaces and Chinese/Latin punctuation; 2+ characters. */
export function negativeListTerms(content: string): string[] {
  const parts = content.split(/[\s\u3000,，、;；:：.。!！?？()（）《》“”"'‘’「」[\]【】/|]+/u);
  return [...new Set(parts.map((p) => p.trim()).filter((p) => Array.from(p).length >= 2))];
}

export interface ReviewFlag {
  entryId: string;
  reason: string;
}

/**
 * Flags a record against the negative list: a term of an entry's content found in the title,
 * body or withholding ground, or the entry's category named as the record's withholding ground.
 */
export function negativeListFlags(
  record: { title: string; bodyText: string; attribute: string; withheldGround: string | null },
  entries: readonly { id: string; category: string; content: string }[],
): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  const fields: [string, string][] = [
    ['标题', record.title],
    ['正文', record.bodyText],
    ['不予公开依据', record.withheldGround ?? ''],
  ];
  for (const e of entries) {
    const hits: string[] = [];
    for (const term of negativeListTerms(e.content)) {
      const where = fields.filter(([, v]) => v.includes(term)).map(([k]) => k);
      if (where.length) hits.push(`「${term}」见于${where.join('、')}`);
    }
    if (hits.length) {
      const attr = record.attribute === 'withheld' ? '' : '，拟公开属性为公开，请核实是否属于负面清单事项';
      flags.push({ entryId: e.id, reason: `涉及负面清单（${e.category}）：${hits.slice(0, 5).join('；')}${attr}` });
    }
  }
  return flags;
}

// ── withheld: yearly assessment ──────────────────────────────────────────────────────────────

export const WITHHELD_DECISIONS = ['keep', 'release'] as const;
export const withheldAssessmentSchema = z
  .object({
    decision: z.enum(WITHHELD_DECISIONS, { error: '评估结论必须是 keep 或 release' }),
    reason: z.string({ error: '请填写评估理由' }).trim().min(2, { error: '评估理由至少2个字' }).max(2000),
    /** the attribute a released record takes; default proactive */
    attribute: z.enum(['proactive', 'onRequest']).optional(),
    publishedOn: date.optional(),
  })
  .strict();
export type WithheldAssessment = z.output<typeof withheldAssessmentSchema>;

/** The date one year before `today` (29 February falls back to the 28th). */
export function oneYearBefore(today: string): string {
  const y = Number(today.slice(0, 4)) - 1;
  const md = today.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** The date `years` years before `today`. */
export function yearsBefore(today: string, years: number): string {
  let d = today;
  for (let i = 0; i < years; i++) d = oneYearBefore(d);
  return d;
}
