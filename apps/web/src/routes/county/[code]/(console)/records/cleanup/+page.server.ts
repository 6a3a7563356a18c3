import { fail, redirect } from '@sveltejs/kit';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { RECORD_VOCAB, canDraft } from '$lib/server/county-records';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

const YEARS = [3, 5, 10] as const;

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const asked = Number(url.searchParams.get('years'));
  const years = (YEARS as readonly number[]).includes(asked) ? asked : 5;
  try {
    const w = await countyClient(session.code, session.token).records.cleanup.query({ years });
    return {
      title: '清理',
      today: w.today,
      years,
      yearChoices: [...YEARS],
      items: w.items,
      canDraft: canDraft(session.user.role),
      canDecide: ['county_admin', 'county_reviewer'].includes(session.user.role),
      domains: RECORD_VOCAB.domains,
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

const text = (fd: FormData, k: string) => {
  const v = fd.get(k);
  return typeof v === 'string' ? v.trim() : '';
};

export const actions: Actions = {
  result: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const fd = await request.formData();
    const values = {
      from: text(fd, 'from'),
      to: text(fd, 'to'),
      title: text(fd, 'title'),
      issuingBody: text(fd, 'issuingBody'),
      domain: text(fd, 'domain'),
    };
    let id: string;
    try {
      const input: Record<string, unknown> = { from: values.from, to: values.to, issuingBody: values.issuingBody, domain: values.domain };
      if (values.title) input.title = values.title;
      id = (await countyClient(session.code, session.token).records.draftCleanupResult.mutate(input)).record.id;
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(ui.code === 'validation_failed' || ui.code === 'bad_request' ? 400 : ui.code === 'forbidden' ? 403 : 503, { values, message: ui.message, errors: ui.fields });
    }
    redirect(303, `/county/${session.code}/records/${id}?done=created`);
  },
};
