import { error, fail, redirect } from '@sveltejs/kit';
import { emptyCatalogForm, readCatalogForm, toCatalogInput } from '$lib/catalog-form';
import { canWrite, countyActionError } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url, params }) => {
  const session = requireCounty(locals, url, params.code);
  if (!canWrite(session.user.role)) error(403, { message: '您的账号只能查看事项，不能新增', code: 'forbidden' });
  return { title: '新增事项', values: emptyCatalogForm() };
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const values = readCatalogForm(await request.formData());
    if (!canWrite(session.user.role)) {
      return fail(403, { values, message: '您的账号只能查看事项，不能新增', errors: {} as Record<string, string> });
    }
    let created: { id: string; name: string };
    try {
      created = await countyClient(session.code, session.token).catalog.create.mutate(toCatalogInput(values));
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(ui.code === 'validation_failed' || ui.code === 'bad_request' ? 400 : ui.code === 'forbidden' ? 403 : 503, {
        values,
        message: ui.message,
        errors: ui.fields,
      });
    }
    redirect(303, `/county/${session.code}?done=created&name=${encodeURIComponent(created.name)}`);
  },
};
