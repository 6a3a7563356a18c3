import { createHash } from 'node:crypto';
import {
  ATTACHMENT_CHUNK_BYTES,
  type InfoAttachmentEventBody,
  type NegativeListEventBody,
  type Result,
  countyByCode6,
  domainError,
  err,
  ok,
} from '@zwgk/core';
import { type HubDb, type HubTx, hubAttachmentChunks, hubNegativeLists, hubRecordAttachments, infoRecords, quarantine } from '@zwgk/db/pg';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';

/**
 * The hub's side of attachments (`info.attachment` chunks reassembled into Postgres, served for
 * public records only, also while their county is offline) and of the counties' negative lists
 * (`negative.list`, the whole list per version).
 */

export interface AttachmentChunkIn {
  origin: string;
  entityId: string;
  body: InfoAttachmentEventBody;
}

/** Checks beyond the schema: who sent it, that ids agree, and that the chunk has the right length. */
export function attachmentEventProblem(origin: string, entityId: string, body: InfoAttachmentEventBody): string | null {
  if (body.countyCode !== origin) return `attachment of county ${body.countyCode} sent by ${origin}`;
  if (body.attachmentId !== entityId) return 'entityId differs from attachmentId';
  const expected = body.chunk < body.chunks - 1 ? ATTACHMENT_CHUNK_BYTES : body.size - (body.chunks - 1) * ATTACHMENT_CHUNK_BYTES;
  const got = Buffer.from(body.data, 'base64').length;
  if (got !== expected) return `chunk ${body.chunk} has ${got} bytes, expected ${expected}`;
  if (Array.from(body.name).some((ch) => ch.charCodeAt(0) < 0x20)) return 'name contains control characters';
  return null;
}

/**
 * Stores chunks and completes attachments whose chunks have all arrived: the bytes are joined in
 * order and kept only if their SHA-256 is the one the county announced; a mismatch marks the
 * attachment quarantined (and is logged in `quarantine`), never served. Runs in the ingest
 * transaction.
 */
export async function projectAttachmentChunks(tx: HubTx, events: readonly AttachmentChunkIn[]): Promise<{ completed: string[]; quarantined: string[] }> {
  const touched = new Map<string, AttachmentChunkIn>();
  for (const e of events) {
    const b = e.body;
    await tx
      .insert(hubRecordAttachments)
      .values({ id: b.attachmentId, recordId: b.recordId, countyCode: b.countyCode, name: b.name, mediaType: b.mediaType, size: b.size, sha256: b.sha256, chunksTotal: b.chunks })
      .onConflictDoNothing();
    const [meta] = await tx.select().from(hubRecordAttachments).where(eq(hubRecordAttachments.id, b.attachmentId)).limit(1);
    // attachments never change: a chunk that disagrees with the first one seen is not applied
    if (!meta || meta.countyCode !== b.countyCode || meta.recordId !== b.recordId || meta.sha256 !== b.sha256 || meta.chunksTotal !== b.chunks) continue;
    if (meta.complete || meta.quarantined) continue;
    await tx
      .insert(hubAttachmentChunks)
      .values({ attachmentId: b.attachmentId, idx: b.chunk, countyCode: b.countyCode, data: Buffer.from(b.data, 'base64') })
      .onConflictDoNothing();
    touched.set(b.attachmentId, e);
  }
  const completed: string[] = [];
  const quarantined: string[] = [];
  for (const [id, e] of touched) {
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(hubAttachmentChunks)
      .where(eq(hubAttachmentChunks.attachmentId, id));
    if (n < e.body.chunks) continue;
    const parts = await tx
      .select({ data: hubAttachmentChunks.data })
      .from(hubAttachmentChunks)
      .where(eq(hubAttachmentChunks.attachmentId, id))
      .orderBy(asc(hubAttachmentChunks.idx));
    const bytes = Buffer.concat(parts.map((p) => p.data));
    const sum = createHash('sha256').update(bytes).digest('hex');
    if (sum === e.body.sha256 && bytes.length === e.body.size) {
      await tx.update(hubRecordAttachments).set({ data: bytes, complete: true }).where(eq(hubRecordAttachments.id, id));
      // the search index holds the attachments' text: have the record indexed again
      await tx
        .update(infoRecords)
        .set({ indexedVersion: 0 })
        .where(and(eq(infoRecords.id, e.body.recordId), eq(infoRecords.countyCode, e.body.countyCode)));
      completed.push(id);
    } else {
      await tx.update(hubRecordAttachments).set({ quarantined: true }).where(eq(hubRecordAttachments.id, id));
      const { data: _d, ...meta } = e.body;
      await tx.insert(quarantine).values({
        subject: `attachment ${id}`,
        countyCode: e.origin,
        origin: e.origin,
        reason: 'bad_body',
        detail: `attachment checksum mismatch: announced ${e.body.sha256} (${e.body.size} bytes), got ${sum} (${bytes.length} bytes)`,
        raw: JSON.stringify(meta),
      });
      quarantined.push(id);
    }
    await tx.delete(hubAttachmentChunks).where(eq(hubAttachmentChunks.attachmentId, id));
  }
  return { completed, quarantined };
}

export interface PublicAttachment {
  id: string;
  recordId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/** A public record's complete, verified attachments. */
export async function publicAttachments(db: HubDb, recordId: string): Promise<PublicAttachment[]> {
  return db
    .select({
      id: hubRecordAttachments.id,
      recordId: hubRecordAttachments.recordId,
      name: hubRecordAttachments.name,
      mediaType: hubRecordAttachments.mediaType,
      size: hubRecordAttachments.size,
      sha256: hubRecordAttachments.sha256,
    })
    .from(hubRecordAttachments)
    .innerJoin(infoRecords, and(eq(infoRecords.id, hubRecordAttachments.recordId), eq(infoRecords.countyCode, hubRecordAttachments.countyCode)))
    .where(
      and(
        eq(hubRecordAttachments.recordId, recordId),
        eq(hubRecordAttachments.complete, true),
        eq(hubRecordAttachments.quarantined, false),
        eq(infoRecords.withdrawn, false),
        isNotNull(infoRecords.publishedOn),
      ),
    )
    .orderBy(asc(hubRecordAttachments.receivedAt), asc(hubRecordAttachments.id));
}

/** One attachment with its bytes, only while its record is public. */
export async function getPublicAttachment(db: HubDb, recordId: string, attachmentId: string): Promise<Result<PublicAttachment & { data: Buffer }>> {
  const [row] = await db
    .select({
      id: hubRecordAttachments.id,
      recordId: hubRecordAttachments.recordId,
      name: hubRecordAttachments.name,
      mediaType: hubRecordAttachments.mediaType,
      size: hubRecordAttachments.size,
      sha256: hubRecordAttachments.sha256,
      data: hubRecordAttachments.data,
    })
    .from(hubRecordAttachments)
    .innerJoin(infoRecords, and(eq(infoRecords.id, hubRecordAttachments.recordId), eq(infoRecords.countyCode, hubRecordAttachments.countyCode)))
    .where(
      and(
        eq(hubRecordAttachments.id, attachmentId),
        eq(hubRecordAttachments.recordId, recordId),
        eq(hubRecordAttachments.complete, true),
        eq(hubRecordAttachments.quarantined, false),
        eq(infoRecords.withdrawn, false),
        isNotNull(infoRecords.publishedOn),
      ),
    )
    .limit(1);
  if (!row?.data) return err(domainError('not_found', '没有这个附件'));
  return ok({ ...row, data: row.data });
}

/** Interpretations linked to a public record, and the document an interpretation interprets. */
export async function interpretationLinks(db: HubDb, recordId: string, interpretsRecordId: string | null) {
  const interpretations = await db
    .select({ id: infoRecords.id, title: infoRecords.title, form: infoRecords.interpretationForm, publishedOn: infoRecords.publishedOn })
    .from(infoRecords)
    .where(and(eq(infoRecords.interpretsRecordId, recordId), eq(infoRecords.withdrawn, false)))
    .orderBy(asc(infoRecords.publishedOn));
  let interprets: { id: string; title: string } | null = null;
  if (interpretsRecordId) {
    const [doc] = await db
      .select({ id: infoRecords.id, title: infoRecords.title })
      .from(infoRecords)
      .where(and(eq(infoRecords.id, interpretsRecordId), eq(infoRecords.withdrawn, false)))
      .limit(1);
    interprets = doc ?? null;
  }
  return { interpretations, interprets };
}

export interface NegativeListIn {
  origin: string;
  body: NegativeListEventBody;
}

export const negativeListEventProblem = (origin: string, entityId: string, entityVersion: string, body: NegativeListEventBody): string | null => {
  if (body.countyCode !== origin) return `negative list of county ${body.countyCode} sent by ${origin}`;
  if (entityId !== `negative-list:${origin}` || String(body.version) !== entityVersion) return 'entityId/entityVersion differ from the body';
  return null;
};

/** Replaces a county's list with a newer version (never an older one). */
export async function projectNegativeLists(tx: HubTx, events: readonly NegativeListIn[]): Promise<void> {
  const newest = new Map<string, NegativeListEventBody>();
  for (const e of events) {
    const prev = newest.get(e.body.countyCode);
    if (!prev || e.body.version > prev.version) newest.set(e.body.countyCode, e.body);
  }
  for (const b of newest.values()) {
    await tx
      .insert(hubNegativeLists)
      .values({ countyCode: b.countyCode, version: b.version, entries: b.entries, updatedAt: new Date(b.updatedAt) })
      .onConflictDoUpdate({
        target: hubNegativeLists.countyCode,
        set: { version: sql`excluded.version`, entries: sql`excluded.entries`, updatedAt: sql`excluded.updated_at` },
        setWhere: sql`${hubNegativeLists.version} < excluded.version`,
      });
  }
}

/** Published negative lists: one county's, or every county's (optionally within a city). */
export async function publishedNegativeLists(db: HubDb, county?: string) {
  const rows = await db
    .select()
    .from(hubNegativeLists)
    .where(county ? inArray(hubNegativeLists.countyCode, [county]) : undefined)
    .orderBy(asc(hubNegativeLists.countyCode));
  return rows.map((r) => ({
    countyCode: r.countyCode,
    countyName: countyByCode6(r.countyCode)?.name ?? null,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
    entries: r.entries,
  }));
}
