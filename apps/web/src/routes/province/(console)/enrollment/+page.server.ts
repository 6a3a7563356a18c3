import { error, fail } from '@sveltejs/kit';
import { toUiError } from '$lib/server/backend-error';
import { config } from '$lib/server/env';
import { PROVINCE_COOKIE, PROVINCE_PATH, reloginIfUnauthorized, requireProvince } from '$lib/server/session';
import { hubClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const session = requireProvince(locals, url);
  if (session.user.role !== 'province_admin') {
    error(403, { message: '只有省级管理员可以签发接入令牌', code: 'forbidden' });
  }
  try {
    const rows = await hubClient(session.token).counties.list.query();
    const groups = new Map<string, { name: string; counties: { code: string; name: string; enrolled: boolean }[] }>();
    for (const c of [...rows].sort((a, b) => a.code.localeCompare(b.code))) {
      const key = c.cityCode ?? '';
      const g = groups.get(key) ?? { name: c.cityName ?? '其他', counties: [] };
      g.counties.push({ code: c.code, name: c.name, enrolled: c.enrolled });
      groups.set(key, g);
    }
    return {
      title: '签发接入令牌',
      groups: [...groups.values()],
      preselect: url.searchParams.get('county') ?? '',
      hubUrl: config().hubPublicUrl,
    };
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    reloginIfUnauthorized(ui, { cookies, url, name: PROVINCE_COOKIE, path: PROVINCE_PATH });
    error(503, { message: ui.message, code: ui.code });
  }
};

export const actions: Actions = {
  default: async ({ locals, url, request, cookies }) => {
    const session = requireProvince(locals, url);
    const form = await request.formData();
    const countyCode = String(form.get('countyCode') ?? '').trim();
    if (!/^\d{6}$/.test(countyCode)) {
      return fail(400, { countyCode, message: '请选择要接入的县（市、区）', fields: { countyCode: '请选择县（市、区）' } });
    }
    try {
      const issued = await hubClient(session.token).enrollment.issueToken.mutate({ countyCode });
      // Returned once, in this response only; the hub keeps just its hash.
      return { issued };
    } catch (e) {
      const ui = toUiError(e, '省级平台');
      reloginIfUnauthorized(ui, { cookies, url, name: PROVINCE_COOKIE, path: PROVINCE_PATH });
      return fail(ui.code === 'forbidden' ? 403 : 400, { countyCode, message: ui.message, fields: ui.fields });
    }
  },
};
