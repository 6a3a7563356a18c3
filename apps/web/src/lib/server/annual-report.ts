/**
 * What the portal's annual-report pages share: the year in the path, the year selector and the
 * tables as the page component takes them. The hub serves the published tables; the full text
 * (all six sections) and the .docx are the information record the county published the report as,
 * linked from these pages while that record is public.
 */
import { error } from '@sveltejs/kit';
import { CASE_RESULT_NAMES, chinaDate } from '@zwgk/core';
import { fileSizeText } from '$lib/record-view';
import { reportRows } from '$lib/requests';
import { REPORT_VOCAB } from './request-vocab';

export const MIN_REPORT_YEAR = 2019;

/** The year in the path, or a 404 page: reports exist for the years of the 2019 regulation on. */
export function reportYearOf(raw: string): number {
  const y = Number(raw);
  if (!/^\d{4}$/.test(raw) || y < MIN_REPORT_YEAR || y > 2200) error(404, { message: '年度应为2019年以后的四位年份', code: 'not_found' });
  return y;
}

/** The newest year whose report is due or out: governments publish last year's by 31 March. */
export function latestReportYear(now = new Date()): number {
  const today = chinaDate(now);
  return Number(today.slice(0, 4)) - 1;
}

/** The choices of the year selector: every year from 2019 to the latest, newest first, with how many counties published. */
export function yearOptions(published: readonly { year: number; counties: number }[], current: number) {
  const counts = new Map(published.map((p) => [p.year, p.counties]));
  const last = Math.max(latestReportYear(), current, ...published.map((p) => p.year));
  const out: { year: number; counties: number }[] = [];
  for (let y = last; y >= MIN_REPORT_YEAR; y--) out.push({ year: y, counties: counts.get(y) ?? 0 });
  return out;
}

/** The year an index page should open: the one asked for, else the newest with a published report. */
export function chosenYear(asked: string | null, published: readonly { year: number }[]): number {
  if (asked && /^\d{4}$/.test(asked) && Number(asked) >= MIN_REPORT_YEAR) return Number(asked);
  return published[0]?.year ?? latestReportYear();
}

export function tablesView(report: { requestTable: unknown; proactive: Record<string, unknown>; reviewLitigation: Record<string, unknown> }) {
  return {
    proactive: report.proactive,
    rows: reportRows(report.requestTable),
    reviewLitigation: report.reviewLitigation,
    orgTypes: REPORT_VOCAB.orgTypes,
    caseNames: { ...CASE_RESULT_NAMES } as Record<string, string>,
  };
}

/** The links to a published report's record: its page (全文) and, once it has arrived, the .docx. */
export function reportRecordLinks(
  record: { id: string; title: string; indexNo: string; docx: { id: string; name: string; size: number } | null } | null | undefined,
) {
  if (!record) return null;
  const page = `/records/${encodeURIComponent(record.id)}`;
  return {
    href: page,
    title: record.title,
    indexNo: record.indexNo,
    docx: record.docx ? { href: `${page}/attachments/${encodeURIComponent(record.docx.id)}`, name: record.docx.name, size: fileSizeText(record.docx.size) } : null,
  };
}
