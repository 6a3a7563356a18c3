import { redirect } from '@sveltejs/kit';
import { chosenYear } from '$lib/server/annual-report';
import { hubClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

/** The year selector's target (`?year=`), and the default: the newest year with a published report. */
export const load: PageServerLoad = async ({ url }) => {
  const asked = url.searchParams.get('year');
  const years = asked ? [] : await hubClient().reports.annualYears.query().then((r) => r.years, () => []);
  redirect(303, `/reports/annual/${chosenYear(asked, years)}`);
};
