import { consoleReportYear, publicationState } from '$lib/server/annual-report-console';
import { countyLoadFailed } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const year = consoleReportYear(params.year);
  try {
    const client = countyClient(session.code, session.token);
    const [preview, draft] = await Promise.all([client.reports.annualPreview.query({ year }), client.reports.annualDraft.query({ year })]);
    return {
      title: `预览：${preview.title}`,
      year,
      doc: { title: preview.title, blocks: preview.blocks },
      state: publicationState(session.code, draft),
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};
