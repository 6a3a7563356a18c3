import {
  IMAGE_MEDIA_TYPES,
  INFO_ATTACHMENT_KIND,
  type InfoRecord,
  type InfoRecordInput,
  type Result,
  attachmentChunks,
  domainError,
  err,
  infoAttachmentEventBodySchema,
  ok,
} from '@zwgk/core';
import { infoRecords, recordAttachments } from '@zwgk/db/sqlite';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { ServiceDeps, Tx } from './context.js';
import { appendOutbox } from './outbox.js';

/**
 * The points where the record workflow (records.ts) calls into attachments and interpretations.
 * Kept apart so the workflow stays one readable file.
 */

const invalid = (field: string, message: string) => err(domainError('validation_failed', message, { fields: [{ field, message }] }));

/** An interpretation must name one of this county's policy documents (not another interpretation). */
export function checkInterpretationLink(tx: Pick<Tx, 'select'>, countyCode: string, v: InfoRecordInput): Result<true> {
  if (v.kind !== 'interpretation' || !v.interpretsRecordId) return ok(true);
  const doc = tx
    .select({ kind: infoRecords.kind, status: infoRecords.status })
    .from(infoRecords)
    .where(and(eq(infoRecords.id, v.interpretsRecordId), eq(infoRecords.countyCode, countyCode)))
    .get();
  if (!doc) return invalid('interpretsRecordId', `本县没有信息 ${v.interpretsRecordId}`);
  if (doc.kind !== 'document') return invalid('interpretsRecordId', '政策解读只能关联政策文件，不能关联另一篇解读');
  if (doc.status === 'withdrawn') return invalid('interpretsRecordId', '被解读的文件已撤回');
  return ok(true);
}

/** Before review and publication: a chart interpretation (图解) carries an image attachment. */
export function checkReadyForReview(tx: Pick<Tx, 'select'>, rec: InfoRecord): Result<true> {
  if (rec.kind !== 'interpretation' || rec.interpretationForm !== 'chart') return ok(true);
  const image = tx
    .select({ id: recordAttachments.id })
    .from(recordAttachments)
    .where(and(eq(recordAttachments.recordId, rec.id), inArray(recordAttachments.mediaType, [...IMAGE_MEDIA_TYPES])))
    .get();
  return image ? ok(true) : invalid('attachments', '图解须附一张图片（PNG 或 JPEG）');
}

/**
 * Writes the not yet federated attachments of a published record to the outbox, as
 * `info.attachment` chunks, inside the caller's transaction. Never for a record that is not
 * published or is withheld: those attachments never leave the county.
 */
export function federateAttachments(tx: Tx, deps: Pick<ServiceDeps, 'county' | 'signingPrivateKey'>, rec: InfoRecord, at: string): number {
  if (rec.status !== 'published' || rec.attribute === 'withheld') return 0;
  const rows = tx
    .select()
    .from(recordAttachments)
    .where(and(eq(recordAttachments.recordId, rec.id), eq(recordAttachments.countyCode, deps.county.code), isNull(recordAttachments.federatedAt)))
    .orderBy(asc(recordAttachments.createdAt), asc(recordAttachments.id))
    .all();
  const origin = { countyCode: deps.county.code, signingPrivateKey: deps.signingPrivateKey };
  for (const a of rows) {
    const bodies = attachmentChunks(
      { recordId: rec.id, attachmentId: a.id, countyCode: a.countyCode, name: a.name, mediaType: a.mediaType, size: a.size, sha256: a.sha256 },
      a.data,
    );
    for (const body of bodies) {
      appendOutbox(tx, origin, {
        kind: INFO_ATTACHMENT_KIND,
        entityId: a.id,
        entityVersion: body.chunk + 1,
        body: infoAttachmentEventBodySchema.parse(body),
        occurredAt: at,
      });
    }
    tx.update(recordAttachments).set({ federatedAt: at }).where(eq(recordAttachments.id, a.id)).run();
  }
  return rows.length;
}
