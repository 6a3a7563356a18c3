import { error, fail, redirect } from '@sveltejs/kit';
import { chinaDate } from '@zwgk/core';
import { checkRegisterForm, emptyRegisterForm, readRegisterForm, toRegisterInput } from '$lib/requests';
import { canWrite } from '$lib/server/county';
import { countyActionError } from '$lib/server/county';
import { failStatus, requestUiError } from '$lib/server/request-errors';
import { APPLICANT_VOCAB } from '$lib/server/request-vocab';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

const NOT_ALLOWED = '您的账号不能登记申请（需县级管理员或编辑）';

export const load: PageServerLoad = ({ locals, url, params }) => {
  const session = requireCounty(locals, url, params.code);
  if (!canWrite(session.user.role)) error(403, { message: NOT_ALLOWED, code: 'forbidden' });
  const today = chinaDate(new Date());
  return { title: '登记申请', today, initial: emptyRegisterForm(today), applicantVocab: APPLICANT_VOCAB };
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const values = readRegisterForm(await request.formData());
    if (!canWrite(session.user.role)) return fail(403, { values, message: NOT_ALLOWED, errors: {} as Record<string, string> });
    const errors = checkRegisterForm(values);
    if (Object.keys(errors).length) return fail(400, { values, message: '登记内容不完整或有误', errors });
    let id: string;
    try {
      const created = await countyClient(session.code, session.token).requests.register.mutate(toRegisterInput(values));
      id = created.id;
    } catch (e) {
      const ui = requestUiError(e, '县级节点', countyActionError(e, { code: session.code, cookies, url }));
      // the receipt date's own checks name `receivedOn`: show it on the channel's binding date
      if (ui.fields.receivedOn) {
        const binding = { inPerson: 'submittedOn', registeredMail: 'signedForOn' }[values.channel] ?? 'confirmedOn';
        ui.fields[binding] = ui.fields.receivedOn;
        delete ui.fields.receivedOn;
      }
      return fail(failStatus(ui), { values, message: ui.message, errors: ui.fields });
    }
    redirect(303, `/county/${session.code}/requests/${id}?done=registered`);
  },
};
