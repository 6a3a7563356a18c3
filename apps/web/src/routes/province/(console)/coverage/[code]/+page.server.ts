import { loadCountyCoverage } from '$lib/server/coverage';
import { requireProvince } from '$lib/server/session';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const session = requireProvince(locals, url);
  const coverage = await loadCountyCoverage(params.code, session.token);
  return { title: `${coverage.countyName}覆盖情况`, coverage, open: url.searchParams.get('domain') ?? '' };
};
