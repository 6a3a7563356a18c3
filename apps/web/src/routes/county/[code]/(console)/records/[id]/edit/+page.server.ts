import { error, fail, redirect } from '@sveltejs/kit';
import { EDITABLE_STATUSES, htmlToText } from '@zwgk/core';
import { readRecordForm, toRecordInput } from '$lib/record-form';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { RECORD_VOCAB, canDraft, catalogChoices, recordToForm } from '$lib/server/county-records';
import { INTERPRETATION_FORM_CHOICES, extrasToInput, readRecordExtras } from '$lib/server/records-lifecycle';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const client = countyClient(session.code, session.token);
  let r, catalogItems;
  try {
    [r, catalogItems] = await Promise.all([client.records.get.query({ id: params.id }), catalogChoices(client)]);
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
  const correcting = r.status === 'published';
  if (!EDITABLE_STATUSES.includes(r.status) && !correcting) {
    error(409, { message: `${RECORD_VOCAB.statuses[r.status] ?? r.status}的信息不能修改`, code: 'invalid_state' });
  }
  const role = session.user.role;
  if (correcting ? !['county_admin', 'county_reviewer'].includes(role) : !canDraft(role)) {
    error(403, { message: '您的账号不能修改这条信息', code: 'forbidden' });
  }
  return {
    title: `修改：${r.title}`,
    id: r.id,
    version: r.version,
    correcting,
    values: recordToForm(r),
    extras: {
      kind: r.kind,
      interpretsRecordId: r.interpretsRecordId ?? '',
      interpretationForm: r.interpretationForm ?? '',
      needsInterpretation: r.needsInterpretation,
      validUntil: r.validUntil ?? '',
    },
    forms: INTERPRETATION_FORM_CHOICES,
    domains: RECORD_VOCAB.domains,
    catalogItems,
  };
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const fd = await request.formData();
    const values = readRecordForm(fd);
    const extras = readRecordExtras(fd);
    const version = Number(fd.get('version')) || undefined;
    try {
      const client = countyClient(session.code, session.token);
      const current = await client.records.get.query({ id: params.id });
      const { attribute, withheldGround, body, ...rest } = toRecordInput(values);
      const patch: Record<string, unknown> = { ...rest };
      // a published record keeps its attribute; the body is sent only when its text changed, so a
      // body with lists or tables is not flattened by an edit of the title
      if (current.status !== 'published') Object.assign(patch, { attribute, withheldGround }, extrasToInput({ ...extras, kind: current.kind }));
      if (values.body.replace(/\s+/g, '') !== htmlToText(current.body).replace(/\s+/g, '')) patch.body = body;
      await client.records.update.mutate({ id: params.id, version, patch });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(ui.code === 'validation_failed' || ui.code === 'bad_request' ? 400 : ui.code === 'conflict' ? 409 : ui.code === 'forbidden' ? 403 : 503, {
        values,
        extras,
        message: ui.message,
        errors: ui.fields,
      });
    }
    redirect(303, `/county/${session.code}/records/${params.id}?done=saved`);
  },
};
