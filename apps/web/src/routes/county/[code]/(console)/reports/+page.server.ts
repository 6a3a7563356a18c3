import { redirect } from '@sveltejs/kit';
import { chinaDate } from '@zwgk/core';
import { requireCounty } from '$lib/server/session';
import type { PageServerLoad } from './$types';

/** Until the end of March the report being prepared is last year's (governments publish by 31 March). */
export const load: PageServerLoad = ({ locals, url, params }) => {
  const session = requireCounty(locals, url, params.code);
  const today = chinaDate(new Date());
  const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) <= 3 ? 1 : 0);
  redirect(303, `/county/${session.code}/reports/${year}`);
};
