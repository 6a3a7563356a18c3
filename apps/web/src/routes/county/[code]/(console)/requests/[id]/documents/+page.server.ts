import { redirect } from '@sveltejs/kit';
import { countyLoadFailed } from '$lib/server/county';
import { WORKFLOW_VOCAB } from '$lib/server/request-vocab';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  try {
    const client = countyClient(session.code, session.token);
    const [list, request] = await Promise.all([client.requests.document.list.query({ id: params.id }), client.requests.get.query({ id: params.id })]);
    const procedural = list.documents.filter((d) => d.group === 'procedural');
    const replies = list.documents.filter((d) => d.group === 'reply');
    // the outcome picker is a GET form, so it works without JavaScript
    const picked = url.searchParams.get('reply');
    if (picked && replies.some((d) => d.kind === picked)) redirect(303, `/county/${session.code}/requests/${params.id}/documents/${picked}`);
    return {
      title: `文书 · ${list.trackingNo}`,
      request: { id: request.id, trackingNo: request.trackingNo, statusName: request.statusName, outcome: request.outcome, outcomeName: request.outcomeName },
      procedural,
      // the reply of the recorded outcome, or the ones a clerk already drafted, lead the list
      replies: [...replies].sort((a, b) => Number(b.stage === 'issued') - Number(a.stage === 'issued') || Number(b.edited) - Number(a.edited)),
      outcomeGroups: WORKFLOW_VOCAB.outcomeGroups,
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};
