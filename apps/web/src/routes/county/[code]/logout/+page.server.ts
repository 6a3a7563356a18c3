import { redirect } from '@sveltejs/kit';
import { countyMeta } from '$lib/server/county';
import { clearTokenCookie, countyCookie, countyPath } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => redirect(303, countyPath(countyMeta(params.code).code));

export const actions: Actions = {
  default: ({ cookies, url, params }) => {
    const { code } = countyMeta(params.code);
    clearTokenCookie(cookies, url, countyCookie(code), countyPath(code));
    redirect(303, `${countyPath(code)}/login`);
  },
};
