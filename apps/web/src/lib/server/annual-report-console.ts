/**
 * What the county console's annual-report pages share: the year in the path, the fingerprints that
 * notice another clerk's save of a section, the publication state as a page shows it, and the
 * exports fetched from the county node with the console's token (the token never reaches the browser).
 */
import { createHash } from 'node:crypto';
import { error } from '@sveltejs/kit';
import { REPORT_TEXT_SECTIONS, type ReportTexts, missingTextSections, publicationBlockers } from '$lib/annual-report-texts';
import { countyFile } from './request-documents';
import type { CountyClient } from './trpc';

/** The year in the path, or a 404 page. */
export function consoleReportYear(raw: string): number {
  const y = Number(raw);
  if (!/^\d{4}$/.test(raw) || y < 2008 || y > 2200) error(404, { message: '年度应为四位年份', code: 'not_found' });
  return y;
}

/** The county node keeps no version of the texts: a short hash of each saved text stands in for one. */
export const textFingerprint = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 20);

export type AnnualDraft = Awaited<ReturnType<CountyClient['reports']['annualDraft']['query']>>;

export const textsOf = (d: AnnualDraft): ReportTexts => ({ overview: d.overview, problems: d.problems, otherMatters: d.otherMatters });

export const fingerprintsOf = (texts: ReportTexts): ReportTexts => ({
  overview: textFingerprint(texts.overview),
  problems: textFingerprint(texts.problems),
  otherMatters: textFingerprint(texts.otherMatters),
});

/** The report's state as the pages show it: last save, publication, what blocks publishing and export. */
export function publicationState(code: string, d: AnnualDraft) {
  const blockers = publicationBlockers({ ...textsOf(d), failedChecks: d.failedChecks });
  const published = d.publishedVersion > 0 && d.publishedAt !== null;
  return {
    updatedAt: d.updatedAt,
    updatedBy: d.updatedBy,
    published: published
      ? {
          version: d.publishedVersion,
          at: d.publishedAt,
          by: d.publishedBy ?? null,
          recordHref: d.publishedRecordId ? `/county/${code}/records/${encodeURIComponent(d.publishedRecordId)}` : null,
          portalHref: `/gk/${code}/reports/annual/${d.year}`,
          // staff saved texts or section 二 after publishing: the public still reads the earlier version
          changedSince: d.updatedAt !== null && d.publishedAt !== null && d.updatedAt > d.publishedAt,
        }
      : null,
    blockers,
    missingTexts: missingTextSections(textsOf(d)),
    canPublish: blockers.length === 0,
    // the county node renders the files only while every check passes
    canExport: d.failedChecks.length === 0,
    sections: REPORT_TEXT_SECTIONS.map((s) => ({ key: s.key, heading: s.heading, text: d[s.key] })),
  };
}

export const reportFileName = (countyName: string, year: number, ext: 'docx' | 'html') => `${countyName}人民政府${year}年政府信息公开工作年度报告.${ext}`;

/** The report's .docx from the county node, passed through with its type and file name. */
export const annualReportDocx = (code: string, token: string, year: number): Promise<Response> =>
  countyFile(code, token, `/api/v1/reports/annual/${year}.docx`);

/**
 * The report's printable HTML page as a file to keep: the county node serves it to be viewed, so
 * the name and `attachment` are added here, and its no-scripts policy is kept should a browser open it.
 */
export async function annualReportHtml(code: string, countyName: string, token: string, year: number): Promise<Response> {
  const res = await countyFile(code, token, `/api/v1/reports/annual/${year}.html`);
  const headers = new Headers(res.headers);
  headers.set('content-type', 'text/html; charset=utf-8');
  headers.set('content-disposition', `attachment; filename="annual-report-${code}-${year}.html"; filename*=UTF-8''${encodeURIComponent(reportFileName(countyName, year, 'html'))}`);
  headers.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  return new Response(res.body, { status: 200, headers });
}
