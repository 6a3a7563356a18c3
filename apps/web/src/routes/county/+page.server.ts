import { configuredCountyMetas } from '$lib/server/county';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
  title: '县级管理入口',
  counties: configuredCountyMetas(),
});
