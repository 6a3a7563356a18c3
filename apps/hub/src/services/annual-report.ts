/**
 * Annual reports at the hub: counties send the three tables of their published report
 * (`annual.report`); the hub keeps the newest version per county and year and serves a county's
 * report and the province's, whose tables are the cell-by-cell sums of the published county
 * reports, with the list of counties included and missing and the same 30号 checks. A report
 * published as an information record names it (`recordId`, `docxAttachmentId`): the views link
 * the record's full text and .docx while the record is public here.
 */
import {
  type AnnualReportEventBody,
  type ProactiveTable,
  type RequestTable,
  type Result,
  type ReviewLitigationTable,
  PROVINCE_CODE6,
  annualReportEntityId,
  checkProactiveTable,
  checkRequestTable,
  checkReviewLitigationTable,
  cityOf,
  counties,
  countyByCode6,
  domainError,
  err,
  ok,
  sumProactiveTables,
  sumReviewLitigationTables,
  sumTables,
} from '@zwgk/core';
import { type HubDbOrTx, type HubTx, annualReports, hubRecordAttachments, infoRecords } from '@zwgk/db/pg';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';

export const annualYearParam = z.object({ year: z.coerce.number({ error: '年度应为四位年份' }).int().min(2008).max(2200) });

export interface AnnualReportEventIn {
  origin: string;
  entityId: string;
  entityVersion: string;
  body: AnnualReportEventBody;
}

/** Why an `annual.report` body does not speak for its envelope, or null. */
export function annualReportEventProblem(origin: string, entityId: string, entityVersion: string, body: AnnualReportEventBody): string | null {
  if (body.countyCode !== origin) return `annual report of county ${body.countyCode} sent by ${origin}`;
  if (annualReportEntityId(body.countyCode, body.year) !== entityId || String(body.version) !== entityVersion) {
    return 'entityId/entityVersion differ from the body';
  }
  return null;
}

/** Upserts the newest version per county and year; an older or equal version changes nothing. */
export async function projectAnnualReports(tx: HubTx, events: readonly AnnualReportEventIn[]): Promise<void> {
  const newest = new Map<string, AnnualReportEventIn>();
  for (const e of events) {
    const prev = newest.get(e.entityId);
    if (!prev || BigInt(e.entityVersion) > BigInt(prev.entityVersion)) newest.set(e.entityId, e);
  }
  if (!newest.size) return;
  await tx
    .insert(annualReports)
    .values(
      [...newest.values()].map(({ body: b }) => ({
        countyCode: b.countyCode,
        year: b.year,
        version: b.version,
        publishedAt: new Date(b.publishedAt),
        requestTable: b.requestTable as Record<string, unknown>,
        proactive: b.proactive as Record<string, unknown>,
        reviewLitigation: b.reviewLitigation as Record<string, unknown>,
        recordId: b.recordId ?? null,
        docxAttachmentId: b.docxAttachmentId ?? null,
      })),
    )
    .onConflictDoUpdate({
      target: [annualReports.countyCode, annualReports.year],
      set: {
        version: sql`excluded.version`,
        publishedAt: sql`excluded.published_at`,
        requestTable: sql`excluded.request_table`,
        proactive: sql`excluded.proactive`,
        reviewLitigation: sql`excluded.review_litigation`,
        recordId: sql`excluded.record_id`,
        docxAttachmentId: sql`excluded.docx_attachment_id`,
        receivedAt: sql`now()`,
      },
      setWhere: sql`${annualReports.version} < excluded.version`,
    });
}

const checksSchema = z.object({
  requestTable: z.array(z.record(z.string(), z.unknown())),
  proactive: z.array(z.object({ field: z.string(), message: z.string() })),
  reviewLitigation: z.array(z.object({ field: z.string(), message: z.string() })),
  passes: z.boolean(),
});

const tablesSchema = {
  requestTable: z.record(z.string(), z.unknown()),
  proactive: z.record(z.string(), z.unknown()),
  reviewLitigation: z.record(z.string(), z.unknown()),
  checks: checksSchema,
};

export const reportRecordSchema = z
  .object({
    id: z.string().describe('信息编号：全文见 /api/v1/records/{id}'),
    title: z.string(),
    indexNo: z.string().describe('索引号'),
    publishedOn: z.string(),
    docx: z
      .object({ id: z.string(), name: z.string(), size: z.number().int() })
      .nullable()
      .describe('本版 .docx：/api/v1/records/{id}/attachments/{docx.id}；尚未完整接收时为空'),
  })
  .nullable()
  .describe('以政府信息发布的报告全文；县未以信息发布或信息已撤回时为空');
export type ReportRecord = z.infer<typeof reportRecordSchema>;

export const countyAnnualReportSchema = z.object({
  year: z.number(),
  county: z.object({ code: z.string(), name: z.string(), cityName: z.string().nullable() }),
  version: z.number(),
  publishedAt: z.string(),
  record: reportRecordSchema,
  ...tablesSchema,
});
export type CountyAnnualReport = z.infer<typeof countyAnnualReportSchema>;

const countyRef = z.object({ code: z.string(), name: z.string(), cityName: z.string().nullable() });

export const provinceAnnualReportSchema = z.object({
  year: z.number(),
  region: z.object({ code: z.string(), name: z.string() }),
  /** counties whose published report is in the sums */
  included: z.array(
    countyRef.extend({
      version: z.number(),
      publishedAt: z.string(),
      recordId: z.string().nullable().describe('该县报告全文的信息编号（/api/v1/records/{id}）；未以信息发布或已撤回时为空'),
    }),
  ),
  /** counties with no published report for the year */
  missing: z.array(countyRef),
  ...tablesSchema,
});
export type ProvinceAnnualReport = z.infer<typeof provinceAnnualReportSchema>;

function checks(requestTable: RequestTable, proactive: ProactiveTable, reviewLitigation: ReviewLitigationTable) {
  const r = checkRequestTable(requestTable);
  const p = checkProactiveTable(proactive);
  const l = checkReviewLitigationTable(reviewLitigation);
  return { requestTable: r as unknown as Record<string, unknown>[], proactive: p, reviewLitigation: l, passes: !r.length && !p.length && !l.length };
}

const ref = (code: string) => ({ code, name: countyByCode6(code)?.name ?? code, cityName: cityOf(code)?.name ?? null });

/**
 * The report records that are public here, by id: a record the county withdrew (or that has not
 * arrived yet) is not linked, and the .docx only once all its chunks arrived and verified.
 */
type LinkedRecord = { id: string; title: string; indexNo: string; publishedOn: string };

async function publicReportRecords(db: HubDbOrTx, rows: readonly { countyCode: string; recordId: string | null; docxAttachmentId: string | null }[]) {
  const ids = [...new Set(rows.map((r) => r.recordId).filter((id): id is string => !!id))];
  const out = new Map<string, LinkedRecord>();
  const docx = new Map<string, { id: string; name: string; size: number }>();
  if (!ids.length) return { records: out, docx };
  const found = new Map<string, LinkedRecord & { countyCode: string }>();
  const recs = await db
    .select({ id: infoRecords.id, countyCode: infoRecords.countyCode, title: infoRecords.title, indexNo: infoRecords.indexNo, publishedOn: infoRecords.publishedOn })
    .from(infoRecords)
    .where(and(inArray(infoRecords.id, ids), eq(infoRecords.withdrawn, false), isNotNull(infoRecords.publishedOn)));
  for (const r of recs) found.set(r.id, { ...r, publishedOn: r.publishedOn! });
  // a report links only its own county's record
  for (const row of rows) {
    const r = row.recordId ? found.get(row.recordId) : undefined;
    if (r && r.countyCode === row.countyCode) out.set(r.id, { id: r.id, title: r.title, indexNo: r.indexNo, publishedOn: r.publishedOn });
  }
  const attIds = rows.map((r) => r.docxAttachmentId).filter((id): id is string => !!id);
  if (attIds.length) {
    const atts = await db
      .select({ id: hubRecordAttachments.id, recordId: hubRecordAttachments.recordId, name: hubRecordAttachments.name, size: hubRecordAttachments.size })
      .from(hubRecordAttachments)
      .where(and(inArray(hubRecordAttachments.id, attIds), eq(hubRecordAttachments.complete, true), eq(hubRecordAttachments.quarantined, false)));
    for (const a of atts) if (out.has(a.recordId)) docx.set(a.id, { id: a.id, name: a.name, size: Number(a.size) });
  }
  return { records: out, docx };
}

/** A county's published report for a year (public). */
export async function countyAnnualReport(db: HubDbOrTx, code: string, year: number): Promise<Result<CountyAnnualReport>> {
  if (!countyByCode6(code)) return err(domainError('not_found', `没有这个县级行政区划：${code}`));
  const row = (
    await db
      .select()
      .from(annualReports)
      .where(and(eq(annualReports.countyCode, code), eq(annualReports.year, year)))
  )[0];
  if (!row) return err(domainError('not_found', `${ref(code).name}尚未发布${year}年度政府信息公开工作年度报告`));
  const requestTable = row.requestTable as unknown as RequestTable;
  const proactive = row.proactive as unknown as ProactiveTable;
  const reviewLitigation = row.reviewLitigation as unknown as ReviewLitigationTable;
  const linked = await publicReportRecords(db, [row]);
  const record = row.recordId ? linked.records.get(row.recordId) : undefined;
  return ok({
    year,
    county: ref(code),
    version: row.version,
    publishedAt: row.publishedAt.toISOString(),
    record: record ? { ...record, docx: (row.docxAttachmentId && linked.docx.get(row.docxAttachmentId)) || null } : null,
    requestTable: requestTable as unknown as Record<string, unknown>,
    proactive: proactive as unknown as Record<string, unknown>,
    reviewLitigation: reviewLitigation as unknown as Record<string, unknown>,
    checks: checks(requestTable, proactive, reviewLitigation),
  });
}

/**
 * The province's report for a year: each table the sum of the published county reports'
 * (`sumTables` and friends), the counties included and missing, and the checks of the sums.
 */
export async function provinceAnnualReport(db: HubDbOrTx, year: number): Promise<Result<ProvinceAnnualReport>> {
  const rows = await db.select().from(annualReports).where(eq(annualReports.year, year)).orderBy(asc(annualReports.countyCode));
  const requestTable = sumTables(rows.map((r) => r.requestTable as unknown as RequestTable));
  const proactive = sumProactiveTables(rows.map((r) => r.proactive as unknown as ProactiveTable));
  const reviewLitigation = sumReviewLitigationTables(rows.map((r) => r.reviewLitigation as unknown as ReviewLitigationTable));
  const published = new Set(rows.map((r) => r.countyCode));
  const linked = await publicReportRecords(db, rows);
  return ok({
    year,
    region: { code: PROVINCE_CODE6, name: '河北省' },
    included: rows.map((r) => ({
      ...ref(r.countyCode),
      version: r.version,
      publishedAt: r.publishedAt.toISOString(),
      recordId: r.recordId && linked.records.has(r.recordId) ? r.recordId : null,
    })),
    missing: counties()
      .map((c) => c.code6 as string)
      .filter((code) => !published.has(code))
      .map(ref),
    requestTable: requestTable as unknown as Record<string, unknown>,
    proactive: proactive as unknown as Record<string, unknown>,
    reviewLitigation: reviewLitigation as unknown as Record<string, unknown>,
    checks: checks(requestTable, proactive, reviewLitigation),
  });
}

export const annualReportYearsSchema = z.object({
  years: z.array(z.object({ year: z.number(), counties: z.number().describe('counties whose report for the year is published') })),
});
export type AnnualReportYears = z.infer<typeof annualReportYearsSchema>;

/** The years for which at least one county has published its report, newest first (the portal's year selector). */
export async function annualReportYears(db: HubDbOrTx): Promise<Result<AnnualReportYears>> {
  const rows = await db
    .select({ year: annualReports.year, counties: sql<number>`count(*)::int` })
    .from(annualReports)
    .groupBy(annualReports.year)
    .orderBy(sql`${annualReports.year} desc`);
  return ok({ years: rows.map((r) => ({ year: r.year, counties: Number(r.counties) })) });
}
