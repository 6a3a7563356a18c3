import {
  type InfoRecordEventBody,
  type PublicRecord,
  type Result,
  cityOf,
  countyByCode6,
  domainByCode,
  domainError,
  err,
  ok,
} from '@zwgk/core';
import { type HubDb, type HubTx, infoRecords } from '@zwgk/db/pg';
import { and, eq, sql } from 'drizzle-orm';
import { type PublicAttachment, interpretationLinks, publicAttachments } from './records-lifecycle.js';

/**
 * The hub's projection of published information records (`info.record` events) and the public
 * read of one record. Projection runs inside the ingest transaction; the search index follows
 * asynchronously (search/indexer.ts).
 */

export interface InfoRecordEventIn {
  origin: string;
  entityId: string;
  entityVersion: string;
  body: InfoRecordEventBody;
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Checks beyond the schema that need the envelope: who sent it, and that ids agree. `null` = fine. */
export function infoRecordEventProblem(origin: string, entityId: string, entityVersion: string, body: InfoRecordEventBody): string | null {
  const ref = body.op === 'upsert' ? body.record : body;
  if (ref.countyCode !== origin) return `record of county ${ref.countyCode} sent by ${origin}`;
  if (ref.id !== entityId || String(ref.version) !== entityVersion) return 'entityId/entityVersion differ from the body';
  if (body.op === 'upsert' && !isoDateTime.test(body.record.updatedAt)) return 'updatedAt is not a date';
  if (body.op === 'upsert' && body.record.townshipCode && !body.record.townshipCode.startsWith(origin)) {
    return `township ${body.record.townshipCode} is not in county ${origin}`;
  }
  if (JSON.stringify(body).includes('\\u0000')) return 'body contains U+0000';
  return null;
}

/**
 * Applies record events: per id the newest version wins, and a row moves only to a higher version
 * of the same county. A withdrawal keeps a tombstone so that an older upsert replayed later
 * cannot bring the record back.
 */
export async function projectInfoRecords(tx: HubTx, events: readonly InfoRecordEventIn[]): Promise<void> {
  if (!events.length) return;
  const newest = new Map<string, InfoRecordEventIn>();
  for (const e of events) {
    const prev = newest.get(e.entityId);
    if (!prev || BigInt(e.entityVersion) > BigInt(prev.entityVersion)) newest.set(e.entityId, e);
  }
  const upserts: PublicRecord[] = [];
  const withdrawals: Extract<InfoRecordEventBody, { op: 'withdraw' }>[] = [];
  for (const e of newest.values()) {
    if (e.body.op === 'upsert') upserts.push(e.body.record);
    else withdrawals.push(e.body);
  }
  const guard = sql`${infoRecords.version} < excluded.version and ${infoRecords.countyCode} = excluded.county_code`;
  if (upserts.length) {
    await tx
      .insert(infoRecords)
      .values(
        upserts.map((r) => ({
          id: r.id,
          countyCode: r.countyCode,
          cityCode: cityOf(r.countyCode)?.code6 ?? null,
          townshipCode: r.townshipCode,
          version: r.version,
          withdrawn: false,
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
          updatedAt: new Date(r.updatedAt),
          kind: r.kind ?? 'document',
          interpretsRecordId: r.interpretsRecordId ?? null,
          interpretationForm: r.interpretationForm ?? null,
          docCategory: r.docCategory ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: infoRecords.id,
        set: Object.fromEntries(
          [
            'township_code', 'version', 'withdrawn', 'index_no', 'title', 'body', 'issuing_body', 'doc_no', 'written_on',
            'published_on', 'domain', 'catalog_item_id', 'attribute', 'label', 'validity', 'valid_from', 'expired_on',
            'repealed_on', 'target_groups', 'updated_at', 'kind', 'interprets_record_id', 'interpretation_form',
            'doc_category',
          ]
            .map((c) => [camel(c), sql.raw(`excluded.${c}`)])
            .concat([['appliedAt', sql`now()`]]),
        ),
        setWhere: guard,
      });
  }
  if (withdrawals.length) {
    await tx
      .insert(infoRecords)
      .values(
        withdrawals.map((w) => ({
          id: w.id,
          countyCode: w.countyCode,
          cityCode: cityOf(w.countyCode)?.code6 ?? null,
          version: w.version,
          withdrawn: true,
          indexNo: '',
          title: '',
          body: '',
          issuingBody: '',
          domain: '',
          attribute: '',
          label: '',
          validity: '',
          targetGroups: [],
          updatedAt: new Date(w.withdrawnAt),
        })),
      )
      .onConflictDoUpdate({
        target: infoRecords.id,
        set: { withdrawn: true, version: sql`excluded.version`, updatedAt: sql`excluded.updated_at`, appliedAt: sql`now()` },
        setWhere: guard,
      });
  }
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export interface PublicRecordView extends PublicRecord {
  countyName: string | null;
  cityCode: string | null;
  domainName: string | null;
  /** published interpretations of this document (政策解读) */
  interpretations: { id: string; title: string; form: string | null; publishedOn: string | null }[];
  /** for an interpretation: the document it interprets, if public */
  interprets: { id: string; title: string } | null;
  attachments: PublicAttachment[];
}

/** One public record: published and not withdrawn; anything else is simply not found. */
export async function getPublicRecord(db: HubDb, id: string): Promise<Result<PublicRecordView>> {
  const [r] = await db
    .select()
    .from(infoRecords)
    .where(and(eq(infoRecords.id, id), eq(infoRecords.withdrawn, false)))
    .limit(1);
  if (!r || !r.publishedOn || !r.writtenOn) return err(domainError('not_found', '没有这条政府信息'));
  return ok({
    id: r.id,
    countyCode: r.countyCode,
    countyName: countyByCode6(r.countyCode)?.name ?? null,
    cityCode: r.cityCode,
    townshipCode: r.townshipCode,
    version: r.version,
    indexNo: r.indexNo,
    title: r.title,
    body: r.body,
    issuingBody: r.issuingBody,
    docNo: r.docNo,
    writtenOn: r.writtenOn,
    publishedOn: r.publishedOn,
    domain: r.domain as PublicRecord['domain'],
    domainName: domainByCode(r.domain)?.name ?? null,
    catalogItemId: r.catalogItemId,
    attribute: r.attribute as PublicRecord['attribute'],
    label: r.label,
    validity: r.validity as PublicRecord['validity'],
    validFrom: r.validFrom,
    expiredOn: r.expiredOn,
    repealedOn: r.repealedOn,
    targetGroups: r.targetGroups,
    updatedAt: r.updatedAt.toISOString(),
    kind: r.kind as PublicRecord['kind'],
    interpretsRecordId: r.interpretsRecordId,
    interpretationForm: r.interpretationForm as PublicRecord['interpretationForm'],
    docCategory: r.docCategory as PublicRecord['docCategory'],
    ...(await interpretationLinks(db, r.id, r.interpretsRecordId)),
    attachments: await publicAttachments(db, r.id),
  });
}
