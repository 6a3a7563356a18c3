/**
 * The county's published annual report as an information record (政府信息): the 专栏 lists
 * 政府信息公开年度报告 beside the other records, and the hub then holds the report's full text and
 * its .docx like any record, whether the county is online or not. Called inside the report's
 * publishing transaction (annual-report-export.ts), so the report, its record, the attachment,
 * the audit rows and every outbox row commit together or not at all.
 */
import { createHash } from 'node:crypto';
import {
  ANNUAL_REPORT_RECORD_DEFAULTS,
  type InfoRecord,
  type Result,
  annualReportIssuer,
  annualReportTitle,
  domainError,
  err,
  htmlToText,
  labelOf,
  ok,
} from '@zwgk/core';
import { infoRecords, recordAttachments } from '@zwgk/db/sqlite';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from '../ids.js';
import type { AuthUser } from './accounts.js';
import { cleanFileName } from './attachments.js';
import { writeAudit } from './audit.js';
import type { ServiceDeps, Tx } from './context.js';
import { federateAttachments } from './records-lifecycle-hooks.js';
import { allocateIndexNumber, createRecord, federate, updateRecord } from './records.js';

export interface ReportRecordInput {
  year: number;
  /** the report's HTML rendering without its title; sanitised by the record service like any body */
  bodyHtml: string;
  /** the .docx rendering, whose type the caller has already decided from its bytes */
  docx: { bytes: Buffer; ext: string; mediaType: string };
  /** the report's version being published: the .docx of a later version is named with it */
  version: number;
  /** the record of the previous publication, if any */
  previousRecordId: string | null;
  at: string;
  today: string;
}

export interface ReportRecord {
  record: InfoRecord;
  attachmentId: string;
  created: boolean;
}

const ENTITY = 'info_record';

/**
 * Creates the report's record and publishes it (index number, label 此件公开发布, `info.record`),
 * or, on a re-publication, corrects the body of the record already published (a new version of
 * the same record, same index number) — a record the county has since withdrawn cannot come back,
 * so a new one is filed then. Either way the .docx is added as an attachment and sent in chunks.
 * `deps.db` must be inside the caller's IMMEDIATE transaction: the record services' own
 * transactions then nest as savepoints of it.
 */
export function fileReportRecord(deps: ServiceDeps, tx: Tx, actor: AuthUser, v: ReportRecordInput): Result<ReportRecord> {
  const previous = v.previousRecordId
    ? tx.select().from(infoRecords).where(and(eq(infoRecords.id, v.previousRecordId), eq(infoRecords.countyCode, deps.county.code))).get()
    : undefined;
  let record: InfoRecord;
  let created = false;
  if (previous && previous.status === 'published') {
    // title, issuing body and domain stay as they are: a clerk may have corrected them
    const corrected = updateRecord(deps, actor, previous.id, { body: v.bodyHtml });
    if (!corrected.ok) return corrected;
    record = corrected.value;
  } else {
    const published = createAndPublish(deps, tx, actor, v);
    if (!published.ok) return published;
    record = published.value;
    created = true;
  }
  const attachmentId = attachDocx(deps, tx, actor, record, v);
  federateAttachments(tx, deps, record, v.at);
  return ok({ record, attachmentId, created });
}

function createAndPublish(deps: ServiceDeps, tx: Tx, actor: AuthUser, v: ReportRecordInput): Result<InfoRecord> {
  const d = ANNUAL_REPORT_RECORD_DEFAULTS;
  const draft = createRecord(deps, actor, {
    title: annualReportTitle(deps.county.name, v.year),
    body: v.bodyHtml,
    issuingBody: annualReportIssuer(deps.county.name),
    writtenOn: v.today,
    domain: d.domain,
    attribute: d.attribute,
    docCategory: d.docCategory,
  });
  if (!draft.ok) return draft;
  const current = draft.value;
  // No separate confidentiality review: the law fixes the report's attribute (条例 §50: it is
  // published), its tables are aggregates, and the admin publishing it is the one who decides on
  // its texts; the report's own checks have passed. The record still takes the normal
  // publication: index number, label, audit and federation.
  const n = allocateIndexNumber(tx, deps.county.code, v.today, current.domain);
  const label = labelOf(d.attribute);
  if (!label) return err(domainError('invalid_state', '年度报告须主动公开'));
  const next: InfoRecord = {
    ...current,
    status: 'published',
    label,
    publishedOn: v.today,
    indexNo: n.indexNo,
    validFrom: current.validFrom ?? v.today,
    version: current.version + 1,
    updatedAt: v.at,
    updatedBy: actor.username,
  };
  const { id: _i, countyCode: _c, createdAt: _ca, createdBy: _cb, ...changes } = next;
  tx.update(infoRecords)
    .set({ ...changes, bodyText: htmlToText(next.body), indexYear: n.year, indexSeq: n.seq })
    .where(eq(infoRecords.id, next.id))
    .run();
  writeAudit(tx, {
    at: v.at,
    actor: actor.username,
    action: 'info_record.publish',
    entityType: ENTITY,
    entityId: next.id,
    details: {
      version: next.version,
      status: { from: current.status, to: next.status },
      indexNo: next.indexNo,
      publishedOn: next.publishedOn,
      annualReport: v.year,
    },
  });
  federate(tx, deps, next, v.at);
  return ok(next);
}

/** The .docx as an attachment of the record, checksummed and audited like an upload. */
function attachDocx(deps: ServiceDeps, tx: Tx, actor: AuthUser, record: InfoRecord, v: ReportRecordInput): string {
  const name = cleanFileName(v.version > 1 ? `${record.title}（第${v.version}版）` : record.title, v.docx.ext);
  const sha256 = createHash('sha256').update(v.docx.bytes).digest('hex');
  const id = uuidv7(new Date(v.at).getTime());
  tx.insert(recordAttachments)
    .values({
      id,
      recordId: record.id,
      countyCode: deps.county.code,
      name,
      mediaType: v.docx.mediaType,
      ext: v.docx.ext,
      size: v.docx.bytes.length,
      sha256,
      data: v.docx.bytes,
      createdAt: v.at,
      createdBy: actor.username,
      federatedAt: null,
    })
    .run();
  writeAudit(tx, {
    at: v.at,
    actor: actor.username,
    action: 'info_record.attachment_add',
    entityType: ENTITY,
    entityId: record.id,
    details: { attachmentId: id, name, mediaType: v.docx.mediaType, size: v.docx.bytes.length, sha256, annualReport: v.year },
  });
  return id;
}

/** The record id a year's published report names, from the body it published. */
export const publishedRecordIdOf = (published: Record<string, unknown> | null | undefined): string | null =>
  typeof published?.recordId === 'string' ? published.recordId : null;
