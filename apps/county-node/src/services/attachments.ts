import { createHash } from 'node:crypto';
import {
  ATTACHMENT_MEDIA_TYPES,
  type AttachmentExt,
  EDITABLE_STATUSES,
  MAX_ATTACHMENT_BYTES,
  RECORD_CORRECTORS,
  RECORD_DRAFTERS,
  type Result,
  domainError,
  err,
  ok,
} from '@zwgk/core';
import { type RecordAttachmentRow, infoRecords, recordAttachments } from '@zwgk/db/sqlite';
import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { uuidv7 } from '../ids.js';
import { type AuthUser, requireRole } from './accounts.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, nowOf } from './context.js';
import { federateAttachments } from './records-lifecycle-hooks.js';
import { toRecord } from './records.js';

/**
 * Attachments of information records (附件): the type is decided by the bytes (`file-type`: magic
 * numbers, and for DOCX/XLSX the zip's [Content_Types].xml and word/ or xl/ parts), never by the
 * name; at most 20 MB; stored with its SHA-256. Added while the record is a draft (drafters) or
 * published (correctors: the file then goes to the hub at once); deleted only from drafts.
 */

export interface AttachmentMeta {
  id: string;
  recordId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
  createdBy: string;
  federated: boolean;
}

const metaOf = (a: Omit<RecordAttachmentRow, 'data'>): AttachmentMeta => ({
  id: a.id,
  recordId: a.recordId,
  name: a.name,
  mediaType: a.mediaType,
  size: a.size,
  sha256: a.sha256,
  createdAt: a.createdAt,
  createdBy: a.createdBy,
  federated: a.federatedAt !== null,
});

const refused = (message: string, details?: unknown) => err(domainError('bad_request', message, details));

/** The allowed type of these bytes, or why they are refused. */
export async function detectAttachmentType(bytes: Uint8Array): Promise<Result<{ ext: AttachmentExt; mediaType: string }>> {
  const t = await fileTypeFromBuffer(bytes);
  if (t && Object.hasOwn(ATTACHMENT_MEDIA_TYPES, t.ext)) {
    const ext = t.ext as AttachmentExt;
    return ok({ ext, mediaType: ATTACHMENT_MEDIA_TYPES[ext] });
  }
  return refused(
    t ? `不支持的文件类型（按内容识别为 ${t.ext}），只接受 PDF、DOCX、XLSX、PNG、JPEG` : '无法识别文件类型，只接受 PDF、DOCX、XLSX、PNG、JPEG',
    { detected: t?.mime ?? null },
  );
}

/** A name safe to keep and offer: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string | undefined, ext: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base)
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f')
    .join('')
    .trim()
    .slice(0, 200);
  if (!clean) return `附件.${ext}`;
  // the stored name ends with the real extension, whatever the upload called itself
  return clean.toLowerCase().endsWith(`.${ext}`) || (ext === 'jpg' && /\.jpe?g$/i.test(clean)) ? clean : `${clean}.${ext}`;
}

function recordOf(deps: Pick<ServiceDeps, 'db' | 'county'>, id: string) {
  const row = deps.db.select().from(infoRecords).where(and(eq(infoRecords.id, id), eq(infoRecords.countyCode, deps.county.code))).get();
  return row ? ok(toRecord(row)) : err(domainError('not_found', `信息 ${id} 不存在`));
}

export async function addAttachment(
  deps: ServiceDeps,
  actor: AuthUser,
  recordId: string,
  file: { bytes: Uint8Array; name: string | undefined },
): Promise<Result<AttachmentMeta>> {
  const rec = recordOf(deps, recordId);
  if (!rec.ok) return rec;
  if (file.bytes.length === 0) return refused('文件为空');
  if (file.bytes.length > MAX_ATTACHMENT_BYTES) return refused('附件不能超过 20 MB');
  const type = await detectAttachmentType(file.bytes);
  if (!type.ok) return type;
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const name = cleanFileName(file.name, type.value.ext);
  const result = deps.db.transaction(
    (tx): Result<AttachmentMeta> => {
      // read again inside the write transaction: the status may have moved since
      const row = tx.select().from(infoRecords).where(and(eq(infoRecords.id, recordId), eq(infoRecords.countyCode, deps.county.code))).get();
      if (!row) return err(domainError('not_found', `信息 ${recordId} 不存在`));
      const current = toRecord(row);
      const published = current.status === 'published';
      if (!published && !EDITABLE_STATUSES.includes(current.status)) {
        return err(domainError('invalid_state', '只有草稿、已退回或已发布的信息可以添加附件', { status: current.status }));
      }
      const allowed = requireRole(actor, published ? RECORD_CORRECTORS : RECORD_DRAFTERS);
      if (!allowed.ok) return allowed;
      const now = nowOf(deps);
      const at = now.toISOString();
      const values = {
        id: uuidv7(now.getTime()),
        recordId,
        countyCode: deps.county.code,
        name,
        mediaType: type.value.mediaType,
        ext: type.value.ext,
        size: file.bytes.length,
        sha256,
        data: Buffer.from(file.bytes),
        createdAt: at,
        createdBy: actor.username,
        federatedAt: null,
      };
      tx.insert(recordAttachments).values(values).run();
      writeAudit(tx, {
        at,
        actor: actor.username,
        action: 'info_record.attachment_add',
        entityType: 'info_record',
        entityId: recordId,
        details: { attachmentId: values.id, name, mediaType: values.mediaType, size: values.size, sha256 },
      });
      const sent = published ? federateAttachments(tx, deps, current, at) : 0;
      return ok(metaOf({ ...values, federatedAt: sent ? at : null }));
    },
    { behavior: 'immediate' },
  );
  if (result.ok && result.value.federated) deps.wake();
  return result;
}

export function listAttachments(deps: Pick<ServiceDeps, 'db' | 'county'>, recordId: string): Result<AttachmentMeta[]> {
  const rec = recordOf(deps, recordId);
  if (!rec.ok) return rec;
  const { data: _d, ...cols } = getTableColumns(recordAttachments);
  const rows = deps.db
    .select(cols)
    .from(recordAttachments)
    .where(eq(recordAttachments.recordId, recordId))
    // upload order: ids are random within a millisecond, SQLite's rowid follows insertion
    .orderBy(asc(recordAttachments.createdAt), sql`rowid`)
    .all();
  return ok(rows.map(metaOf));
}

export function getAttachment(deps: Pick<ServiceDeps, 'db' | 'county'>, recordId: string, attachmentId: string): Result<RecordAttachmentRow> {
  const row = deps.db
    .select()
    .from(recordAttachments)
    .where(and(eq(recordAttachments.id, attachmentId), eq(recordAttachments.recordId, recordId), eq(recordAttachments.countyCode, deps.county.code)))
    .get();
  return row ? ok(row) : err(domainError('not_found', `附件 ${attachmentId} 不存在`));
}

/** Removes an attachment of a draft (or a returned draft); anything further along keeps its files. */
export function deleteAttachment(deps: ServiceDeps, actor: AuthUser, recordId: string, attachmentId: string): Result<{ deleted: true }> {
  const allowed = requireRole(actor, RECORD_DRAFTERS);
  if (!allowed.ok) return allowed;
  return deps.db.transaction(
    (tx): Result<{ deleted: true }> => {
      const row = tx.select().from(infoRecords).where(and(eq(infoRecords.id, recordId), eq(infoRecords.countyCode, deps.county.code))).get();
      if (!row) return err(domainError('not_found', `信息 ${recordId} 不存在`));
      if (!EDITABLE_STATUSES.includes(toRecord(row).status)) {
        return err(domainError('invalid_state', '只能删除草稿的附件', { status: row.status }));
      }
      const a = tx
        .select({ id: recordAttachments.id, name: recordAttachments.name, sha256: recordAttachments.sha256 })
        .from(recordAttachments)
        .where(and(eq(recordAttachments.id, attachmentId), eq(recordAttachments.recordId, recordId)))
        .get();
      if (!a) return err(domainError('not_found', `附件 ${attachmentId} 不存在`));
      tx.delete(recordAttachments).where(eq(recordAttachments.id, attachmentId)).run();
      writeAudit(tx, {
        at: nowOf(deps).toISOString(),
        actor: actor.username,
        action: 'info_record.attachment_delete',
        entityType: 'info_record',
        entityId: recordId,
        details: { attachmentId, name: a.name, sha256: a.sha256 },
      });
      return ok({ deleted: true });
    },
    { behavior: 'immediate' },
  );
}
