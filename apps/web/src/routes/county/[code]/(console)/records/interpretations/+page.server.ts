import { countyLoadFailed } from '$lib/server/county';
import { canDraft } from '$lib/server/county-records';
import { INTERPRETATION_FORM_CHOICES } from '$lib/server/records-lifecycle';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  try {
    const w = await countyClient(session.code, session.token).records.interpretationWorklist.query();
    return {
      title: '政策解读',
      today: w.today,
      items: w.items,
      canDraft: canDraft(session.user.role),
      formNames: Object.fromEntries(INTERPRETATION_FORM_CHOICES.map((f) => [f.code, f.name])) as Record<string, string>,
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};
