import { error, fail, redirect } from '@sveltejs/kit';
import { emptyRecordForm, readRecordForm, toRecordInput } from '$lib/record-form';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { RECORD_VOCAB, canDraft, catalogChoices } from '$lib/server/county-records';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  if (!canDraft(session.user.role)) error(403, { message: '您的账号不能起草政府信息', code: 'forbidden' });
  try {
    const catalogItems = await catalogChoices(countyClient(session.code, session.token));
    return { title: '新建政府信息', values: emptyRecordForm(), domains: RECORD_VOCAB.domains, catalogItems };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const values = readRecordForm(await request.formData());
    let id: string;
    try {
      id = (await countyClient(session.code, session.token).records.create.mutate(toRecordInput(values))).id;
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(ui.code === 'validation_failed' || ui.code === 'bad_request' ? 400 : ui.code === 'forbidden' ? 403 : 503, {
        values,
        message: ui.message,
        errors: ui.fields,
      });
    }
    redirect(303, `/county/${session.code}/records/${id}?done=created`);
  },
};
