import { fail, redirect } from '@sveltejs/kit';
import { catalogItemToForm, readCatalogForm, toCatalogInput } from '$lib/catalog-form';
import { canWrite, countyActionError, countyLoadFailed } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import { timeLimitReading } from '$lib/time-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  try {
    const item = await countyClient(session.code, session.token).catalog.get.query({ id: params.id });
    return {
      title: `事项：${item.name}`,
      item: {
        id: item.id,
        name: item.name,
        status: item.status,
        version: item.version,
        createdAt: item.createdAt,
        createdBy: item.createdBy,
        updatedAt: item.updatedAt,
        updatedBy: item.updatedBy,
      },
      values: catalogItemToForm(item),
      timeLimitReading: timeLimitReading(item.timeLimit, item.timeLimitRule),
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const form = await request.formData();
    const values = readCatalogForm(form);
    const versionRaw = Number(form.get('version'));
    const version = Number.isInteger(versionRaw) && versionRaw > 0 ? versionRaw : undefined;
    if (!canWrite(session.user.role)) {
      return fail(403, { values, message: '您的账号只能查看事项，不能修改', errors: {} as Record<string, string>, conflict: false });
    }
    let saved: { name: string };
    try {
      saved = await countyClient(session.code, session.token).catalog.update.mutate({
        id: params.id,
        ...(version ? { version } : {}),
        patch: toCatalogInput(values),
      });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      const status =
        ui.code === 'validation_failed' || ui.code === 'bad_request' ? 400
        : ui.code === 'conflict' ? 409
        : ui.code === 'not_found' ? 404
        : ui.code === 'forbidden' ? 403
        : 503;
      return fail(status, { values, message: ui.message, errors: ui.fields, conflict: ui.code === 'conflict' });
    }
    redirect(303, `/county/${session.code}?done=updated&name=${encodeURIComponent(saved.name)}`);
  },
};
