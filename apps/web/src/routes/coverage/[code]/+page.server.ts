import { loadCountyCoverage } from '$lib/server/coverage';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
  const coverage = await loadCountyCoverage(params.code);
  return { title: `${coverage.countyName}事项目录覆盖情况`, coverage, open: url.searchParams.get('domain') ?? '' };
};
