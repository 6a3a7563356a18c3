import { redirect } from '@sveltejs/kit';
import { PROVINCE_CONSOLE } from '$lib/consoles';
import { loginFailed, missingCredentials, readLogin } from '$lib/server/login';
import { PROVINCE_COOKIE, PROVINCE_PATH, safeNext, setTokenCookie } from '$lib/server/session';
import { hubClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const next = url.searchParams.get('next');
  if (locals.province) redirect(303, safeNext(next, PROVINCE_PATH));
  return { title: '省级管理登录', console: PROVINCE_CONSOLE, next: next ? safeNext(next, PROVINCE_PATH) : null };
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const { username, password, next } = readLogin(await request.formData());
    const missing = missingCredentials(username, password);
    if (missing) return missing;
    try {
      const session = await hubClient().auth.login.mutate({ username, password });
      setTokenCookie(cookies, url, {
        name: PROVINCE_COOKIE,
        path: PROVINCE_PATH,
        token: session.token,
        expiresAt: session.expiresAt,
      });
    } catch (e) {
      return loginFailed(e, username, '省级平台');
    }
    redirect(303, safeNext(next, PROVINCE_PATH));
  },
};
