import { redirect } from '@sveltejs/kit';
import { PROVINCE_COOKIE, PROVINCE_PATH, clearTokenCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, PROVINCE_PATH);

export const actions: Actions = {
  default: ({ cookies, url }) => {
    clearTokenCookie(cookies, url, PROVINCE_COOKIE, PROVINCE_PATH);
    redirect(303, `${PROVINCE_PATH}/login`);
  },
};
