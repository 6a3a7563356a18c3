/** The annual report as Word (.docx), rendered by the county node and passed through with the console's token. */
import { annualReportDocx, consoleReportYear } from '$lib/server/annual-report-console';
import { requireCounty } from '$lib/server/session';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url, params }) => {
  const session = requireCounty(locals, url, params.code);
  return annualReportDocx(session.code, session.token, consoleReportYear(params.year));
};
