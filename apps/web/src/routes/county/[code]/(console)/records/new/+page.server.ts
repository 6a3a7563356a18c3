import { error, fail, isHttpError, redirect } from '@sveltejs/kit';
import { chinaDate } from '@zwgk/core';
import { emptyRecordForm, readRecordForm, toRecordInput } from '$lib/record-form';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { RECORD_VOCAB, canDraft, catalogChoices } from '$lib/server/county-records';
import { INTERPRETATION_FORM_CHOICES, emptyExtras, extrasToInput, readRecordExtras } from '$lib/server/records-lifecycle';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  if (!canDraft(session.user.role)) error(403, { message: '您的账号不能起草政府信息', code: 'forbidden' });
  const interprets = url.searchParams.get('interprets');
  try {
    const client = countyClient(session.code, session.token);
    const [catalogItems, doc] = await Promise.all([catalogChoices(client), interprets ? client.records.get.query({ id: interprets }) : null]);
    const values = emptyRecordForm();
    const extras = emptyExtras();
    // 谁起草谁解读: the interpretation starts from its document's drafting unit, domain and item
    if (doc) {
      if (doc.kind !== 'document') error(400, { message: '只能为政策文件起草解读', code: 'bad_request' });
      Object.assign(values, {
        title: `《${doc.title}》政策解读`,
        issuingBody: doc.issuingBody,
        writtenOn: chinaDate(new Date()),
        domain: doc.domain,
        catalogItemId: doc.catalogItemId ?? '',
      });
      Object.assign(extras, { kind: 'interpretation', interpretsRecordId: doc.id });
    }
    return {
      title: doc ? '起草政策解读' : '新建政府信息',
      values,
      extras,
      interpreted: doc ? { id: doc.id, title: doc.title, docNo: doc.docNo, publishedOn: doc.publishedOn } : null,
      forms: INTERPRETATION_FORM_CHOICES,
      domains: RECORD_VOCAB.domains,
      catalogItems,
    };
  } catch (e) {
    if (isHttpError(e)) throw e;
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const fd = await request.formData();
    const values = readRecordForm(fd);
    const extras = readRecordExtras(fd);
    let id: string;
    try {
      id = (await countyClient(session.code, session.token).records.create.mutate({ ...toRecordInput(values), ...extrasToInput(extras) })).id;
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(ui.code === 'validation_failed' || ui.code === 'bad_request' ? 400 : ui.code === 'forbidden' ? 403 : 503, {
        values,
        extras,
        message: ui.message,
        errors: ui.fields,
      });
    }
    redirect(303, `/county/${session.code}/records/${id}?done=created`);
  },
};
