import { z } from 'zod';
import type { DomainCode } from '../domains.js';
import type { RecordDocCategory } from '../records/model.js';
import { APPLICANT_TYPES, OUTCOME_CODES } from './outcomes.js';
import { CASE_RESULT_COLUMNS, REVIEW_LITIGATION_GROUPS } from './annual-report.js';

/**
 * `annual.report/1`: the tables of a county's published annual report (政府信息公开工作年度报告),
 * sent when the county publishes it, so the province's report can be the sum of its counties'.
 * Only aggregate counts travel; the entity id is `<county>-<year>` and every re-publication of a
 * year takes a new version.
 */
export const ANNUAL_REPORT_KIND = 'annual.report';

const count = z.number().int().min(0);
const cellsSchema = z.object(Object.fromEntries([...APPLICANT_TYPES, 'total'].map((c) => [c, count])) as Record<string, typeof count>).strict();

export const requestTableSchema = z
  .object({
    newThisYear: cellsSchema,
    carriedOver: cellsSchema,
    outcomes: z.object(Object.fromEntries(OUTCOME_CODES.map((c) => [c, cellsSchema])) as Record<string, typeof cellsSchema>).strict(),
    resultsTotal: cellsSchema,
    carriedForward: cellsSchema,
  })
  .strict();

const irf = z.object({ issued: count, repealed: count, inForce: count }).strict();
export const proactiveTableSchema = z
  .object({
    rules: irf,
    normativeDocuments: irf,
    licensingDecisions: count,
    penaltyDecisions: count,
    enforcementDecisions: count,
    feesTenThousandYuan: z.number().min(0).max(1e9),
  })
  .strict();

const caseCountsSchema = z.object(Object.fromEntries(CASE_RESULT_COLUMNS.map((c) => [c, count])) as Record<string, typeof count>).strict();
export const reviewLitigationTableSchema = z
  .object(Object.fromEntries(REVIEW_LITIGATION_GROUPS.map((g) => [g, caseCountsSchema])) as Record<string, typeof caseCountsSchema>)
  .strict();

export const annualReportEventBodySchema = z
  .object({
    countyCode: z.string().regex(/^\d{6}$/),
    year: z.number().int().min(2008).max(2200),
    publishedAt: z.iso.datetime({ offset: true }),
    version: z.number().int().positive(),
    requestTable: requestTableSchema,
    proactive: proactiveTableSchema,
    reviewLitigation: reviewLitigationTableSchema,
    /**
     * additive in annual.report/1: the information record that carries the report's full text and
     * its .docx (absent from counties that published before reports were records)
     */
    recordId: z.string().min(1).max(200).optional(),
    /** additive in annual.report/1: the .docx attachment of that record for this version */
    docxAttachmentId: z.string().min(1).max(200).optional(),
  })
  .strict();
export type AnnualReportEventBody = z.infer<typeof annualReportEventBodySchema>;

export const annualReportEntityId = (countyCode: string, year: number): string => `${countyCode}-${year}`;

/** The title of a county's report, as the document and its information record carry it. */
export const annualReportTitle = (countyName: string, year: number): string => `${countyName}${year}年政府信息公开工作年度报告`;

/** The organ issuing a county's report by default (条例 §50: the county government reports). */
export const annualReportIssuer = (countyName: string): string => `${countyName}人民政府`;

/**
 * How a published report is filed as an information record (政府信息). It is a proactive record
 * by law (条例 §49–§50), implements no catalog item, and is neither a 规章 nor a 行政规范性文件,
 * so its 文件类别 is 其他文件: it is then never counted in section 二 of a later report, which
 * would be circular.
 *
 * The record model files every record under one of the 26 pilot domains (`domain` is required
 * when drafting, in `info.record`, and in the hub's search filters and facets) and has no value
 * for "outside the pilot domains", while the report covers the county's disclosure work as a
 * whole and belongs to none of them. Rather than invent a 27th domain that standards, coverage
 * and every hub would reject, the report is filed under 财政预决算, the pilot domain whose
 * standard items are themselves the government's periodic statutory disclosure reports (预算、
 * 决算公开): the nearest kin, not a fit. This is a default only: a county corrects the domain (or
 * the issuing body) like that of any published record, and a re-publication keeps the correction.
 */
export const ANNUAL_REPORT_RECORD_DEFAULTS: { domain: DomainCode; docCategory: RecordDocCategory; attribute: 'proactive' } = {
  domain: 'budgets-final-accounts',
  docCategory: 'other',
  attribute: 'proactive',
};
