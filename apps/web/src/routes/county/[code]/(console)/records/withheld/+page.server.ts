import { fail, redirect } from '@sveltejs/kit';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

const ASSESSORS = ['county_admin', 'county_reviewer'];

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  try {
    const w = await countyClient(session.code, session.token).records.withheldDue.query();
    return {
      title: '不予公开年度审查',
      today: w.today,
      items: w.items,
      canAssess: ASSESSORS.includes(session.user.role),
      done: url.searchParams.get('done'),
      doneId: url.searchParams.get('id'),
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
  assess: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const fd = await request.formData();
    const id = text(fd, 'id');
    const values = { decision: text(fd, 'decision'), reason: text(fd, 'reason'), attribute: text(fd, 'attribute') };
    if (values.decision !== 'keep' && values.decision !== 'release') {
      return fail(400, { id, values, message: '请选择评估结论', errors: { decision: '请选择继续不予公开或转为公开' } as Record<string, string> });
    }
    try {
      await countyClient(session.code, session.token).records.assess.mutate({
        id,
        decision: values.decision,
        reason: values.reason,
        ...(values.decision === 'release' && values.attribute === 'onRequest' ? { attribute: 'onRequest' } : {}),
      });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(ui.code === 'validation_failed' || ui.code === 'bad_request' ? 400 : ui.code === 'forbidden' ? 403 : ui.code === 'not_found' ? 404 : 409, {
        id,
        values,
        message: ui.message,
        errors: ui.fields,
      });
    }
    redirect(303, `/county/${session.code}/records/withheld?done=${values.decision}&id=${encodeURIComponent(id)}`);
  },
};
