import { z } from 'zod';
import { isIsoDate } from '../calendar/dates.js';
import { DOMAIN_CODES } from '../domains.js';
import { INTERPRETATION_FORMS, type InfoRecord, PUBLIC_ATTRIBUTES, RECORD_DOC_CATEGORIES, RECORD_KINDS, RECORD_VALIDITIES } from './model.js';

/**
 * `info.record/1`: a published information record as the public may see it, or its withdrawal.
 * Only records that have been published ever travel; drafts, records under review and withheld
 * records never leave the county. The body carries public fields only: no reviewer, no
 * proposed attribute, no review comments.
 */
export const INFO_RECORD_KIND = 'info.record';

const isoDate = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });
const isoDateTime = z.iso.datetime({ offset: true });

export const publicRecordSchema = z
  .object({
    id: z.string().min(1).max(200),
    countyCode: z.string().regex(/^\d{6}$/),
    townshipCode: z.string().regex(/^\d{12}$/).nullable(),
    version: z.number().int().positive(),
    indexNo: z.string().min(1).max(100),
    title: z.string().min(1).max(300),
    /** sanitised HTML */
    body: z.string().max(200_000),
    issuingBody: z.string().min(1).max(200),
    docNo: z.string().max(100).nullable(),
    writtenOn: isoDate,
    publishedOn: isoDate,
    domain: z.enum(DOMAIN_CODES),
    catalogItemId: z.string().max(200).nullable(),
    attribute: z.enum(PUBLIC_ATTRIBUTES),
    label: z.string().min(1).max(50),
    validity: z.enum(RECORD_VALIDITIES),
    validFrom: isoDate.nullable(),
    expiredOn: isoDate.nullable(),
    repealedOn: isoDate.nullable(),
    targetGroups: z.array(z.string().max(100)).max(20),
    updatedAt: isoDateTime,
    /** additive in info.record/1: absent from older counties = a document */
    kind: z.enum(RECORD_KINDS).optional(),
    interpretsRecordId: z.string().min(1).max(200).nullable().optional(),
    interpretationForm: z.enum(INTERPRETATION_FORMS).nullable().optional(),
    /** additive in info.record/1: 文件类别 (规章 / 行政规范性文件 / 其他文件); absent = not stated */
    docCategory: z.enum(RECORD_DOC_CATEGORIES).nullable().optional(),
  })
  .strict();
export type PublicRecord = z.infer<typeof publicRecordSchema>;

export const infoRecordEventBodySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), record: publicRecordSchema }).strict(),
  z
    .object({
      op: z.literal('withdraw'),
      id: z.string().min(1).max(200),
      countyCode: z.string().regex(/^\d{6}$/),
      version: z.number().int().positive(),
      withdrawnAt: isoDateTime,
    })
    .strict(),
]);
export type InfoRecordEventBody = z.infer<typeof infoRecordEventBodySchema>;

/**
 * The public face of a published record; throws on one that is not public (a programming error:
 * the county must never build a federation body for a draft or a withheld record).
 */
export function publicRecordOf(r: InfoRecord): PublicRecord {
  if (r.attribute === 'withheld' || !r.indexNo || !r.publishedOn || !r.label) {
    throw new Error(`record ${r.id} is not public (${r.status}, ${r.attribute})`);
  }
  if (r.status !== 'published') throw new Error(`record ${r.id} is ${r.status}, not published`);
  return {
    id: r.id,
    countyCode: r.countyCode,
    townshipCode: r.townshipCode,
    version: r.version,
    indexNo: r.indexNo,
    title: r.title,
    body: r.body,
    issuingBody: r.issuingBody,
    docNo: r.docNo,
    writtenOn: r.writtenOn,
    publishedOn: r.publishedOn,
    domain: r.domain,
    catalogItemId: r.catalogItemId,
    attribute: r.attribute,
    label: r.label,
    validity: r.validity,
    validFrom: r.validFrom,
    expiredOn: r.expiredOn,
    repealedOn: r.repealedOn,
    targetGroups: r.targetGroups,
    updatedAt: r.updatedAt,
    kind: r.kind,
    interpretsRecordId: r.interpretsRecordId,
    interpretationForm: r.interpretationForm,
    docCategory: r.docCategory ?? null,
  };
}
