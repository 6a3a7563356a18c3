/** The annual report as a standalone HTML page to keep or send on, rendered by the county node. */
import { annualReportHtml, consoleReportYear } from '$lib/server/annual-report-console';
import { countyMeta } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url, params }) => {
  const session = requireCounty(locals, url, params.code);
  return annualReportHtml(session.code, countyMeta(session.code).name, session.token, consoleReportYear(params.year));
};
