import { countyLoadFailed } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  try {
    const due = await countyClient(session.code, session.token).catalog.due.query({ days: 30 });
    return {
      title: '到期复核',
      today: due.today,
      days: due.days,
      items: due.items.map((i) => ({
        id: i.id,
        name: i.name,
        domain: i.domain,
        responsibleBody: i.responsibleBody,
        status: i.status,
        nextReviewOn: i.nextReviewOn,
        overdue: i.overdue,
        daysLeft: i.daysLeft,
      })),
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};
