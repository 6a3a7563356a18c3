import { error } from '@sveltejs/kit';
import { toUiError } from '$lib/server/backend-error';
import { PROVINCE_COOKIE, PROVINCE_PATH, reloginIfUnauthorized, requireProvince } from '$lib/server/session';
import { hubClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const session = requireProvince(locals, url);
  const countyParam = url.searchParams.get('county') ?? '';
  const beforeParam = url.searchParams.get('before') ?? '';
  const county = /^\d{6}$/.test(countyParam) ? countyParam : '';
  const before = /^\d{1,19}$/.test(beforeParam) ? beforeParam : '';
  const hub = hubClient(session.token);
  try {
    const result = await hub.quarantine.list.query({
      limit: PAGE_SIZE,
      ...(before ? { before } : {}),
      ...(county ? { countyCode: county } : {}),
    });
    return { title: '隔离消息', county, before, ...result };
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    reloginIfUnauthorized(ui, { cookies, url, name: PROVINCE_COOKIE, path: PROVINCE_PATH });
    if (ui.code === 'forbidden') error(403, { message: '只有省级管理员可以查看隔离消息', code: ui.code });
    error(503, { message: ui.message, code: ui.code });
  }
};
