import { z } from 'zod';
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
  })
  .strict();
export type AnnualReportEventBody = z.infer<typeof annualReportEventBodySchema>;

export const annualReportEntityId = (countyCode: string, year: number): string => `${countyCode}-${year}`;
