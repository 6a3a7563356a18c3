import { redirect } from '@sveltejs/kit';
import { countyMeta } from '$lib/server/county';
import { loginFailed, missingCredentials, readLogin } from '$lib/server/login';
import { countyCookie, countyPath, safeNext, setTokenCookie } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url, params }) => {
  const county = countyMeta(params.code);
  const home = countyPath(county.code);
  const next = url.searchParams.get('next');
  if (locals.county?.code === county.code) redirect(303, safeNext(next, home));
  return { title: `${county.name}事项目录管理登录`, next: next ? safeNext(next, home) : null };
};

export const actions: Actions = {
  default: async ({ request, cookies, url, params }) => {
    const county = countyMeta(params.code);
    const home = countyPath(county.code);
    const { username, password, next } = readLogin(await request.formData());
    const missing = missingCredentials(username, password);
    if (missing) return missing;
    try {
      const session = await countyClient(county.code).auth.login.mutate({ username, password });
      setTokenCookie(cookies, url, { name: countyCookie(county.code), path: home, token: session.token, expiresAt: session.expiresAt });
    } catch (e) {
      return loginFailed(e, username, '县级节点');
    }
    // Only paths inside this county's console; the cookie is not sent anywhere else.
    const target = safeNext(next, home);
    redirect(303, target === home || target.startsWith(`${home}/`) || target.startsWith(`${home}?`) ? target : home);
  },
};
