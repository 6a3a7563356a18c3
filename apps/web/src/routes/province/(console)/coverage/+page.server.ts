import { loadMatrix } from '$lib/server/coverage';
import { requireProvince } from '$lib/server/session';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const session = requireProvince(locals, url);
  return { title: '覆盖情况', matrix: await loadMatrix(url, session.token) };
};
