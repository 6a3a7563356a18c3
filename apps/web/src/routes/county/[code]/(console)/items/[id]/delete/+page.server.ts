import { error, fail, redirect } from '@sveltejs/kit';
import { canWrite, countyActionError, countyLoadFailed } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  if (!canWrite(session.user.role)) error(403, { message: '您的账号只能查看事项，不能删除', code: 'forbidden' });
  try {
    const item = await countyClient(session.code, session.token).catalog.get.query({ id: params.id });
    return {
      title: `删除事项：${item.name}`,
      item: {
        id: item.id,
        name: item.name,
        domain: item.domain,
        level: item.level,
        responsibleBody: item.responsibleBody,
        status: item.status,
        version: item.version,
      },
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    if (!canWrite(session.user.role)) return fail(403, { message: '您的账号不能删除事项' });
    const form = await request.formData();
    const versionRaw = Number(form.get('version'));
    const version = Number.isInteger(versionRaw) && versionRaw > 0 ? versionRaw : undefined;
    const name = String(form.get('name') ?? '');
    try {
      await countyClient(session.code, session.token).catalog.delete.mutate({ id: params.id, ...(version ? { version } : {}) });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(ui.code === 'conflict' ? 409 : ui.code === 'not_found' ? 404 : 400, { message: ui.message });
    }
    redirect(303, `/county/${session.code}?done=deleted${name ? `&name=${encodeURIComponent(name)}` : ''}`);
  },
};
