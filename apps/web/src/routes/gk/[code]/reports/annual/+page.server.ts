import { error, redirect } from '@sveltejs/kit';
import { countyByCode6 } from '@zwgk/core';
import { chosenYear } from '$lib/server/annual-report';
import { hubClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

/** The year selector's target (`?year=`), and the default: the newest year with published reports. */
export const load: PageServerLoad = async ({ params, url }) => {
  if (!countyByCode6(params.code)?.inGBT2260) error(404, { message: `没有县级行政区划 ${params.code}`, code: 'not_found' });
  const asked = url.searchParams.get('year');
  const years = asked ? [] : await hubClient().reports.annualYears.query().then((r) => r.years, () => []);
  redirect(303, `/gk/${params.code}/reports/annual/${chosenYear(asked, years)}`);
};
