import { loadMatrix } from '$lib/server/coverage';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => ({ title: '各县（市、区）事项目录覆盖情况', matrix: await loadMatrix(url) });
