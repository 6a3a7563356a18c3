/**
 * Console logins: the backend's bearer token in an httpOnly, SameSite=Lax cookie, scoped by
 * path — the province console's under /province, each county's under /county/<code> — so one
 * browser can hold several and none is sent where it is not needed.
 */
import { error, redirect, type Cookies } from '@sveltejs/kit';
import type { inferRouterOutputs } from '@trpc/server';
import type { CountyRouter } from '@zwgk/county-node/router';
import type { HubRouter } from '@zwgk/hub/router';
import type { UiError } from '$lib/errors';
import { countyNodeUrl } from './trpc';

export type HubUser = inferRouterOutputs<HubRouter>['auth']['me'];
export type CountyUser = inferRouterOutputs<CountyRouter>['auth']['me'];

export interface ProvinceSession {
  token: string;
  user: HubUser;
}
export interface CountySession {
  code: string;
  token: string;
  user: CountyUser;
}

export const PROVINCE_COOKIE = 'zwgk_province';
export const PROVINCE_PATH = '/province';
export const countyCookie = (code: string) => `zwgk_county_${code}`;
export const countyPath = (code: string) => `/county/${code}`;

export const ELDER_COOKIE = 'zwgk_elder';

export function setTokenCookie(
  cookies: Cookies,
  url: URL,
  opts: { name: string; path: string; token: string; expiresAt?: string | number | Date | null },
): void {
  const expires = opts.expiresAt ? new Date(opts.expiresAt) : undefined;
  cookies.set(opts.name, opts.token, {
    path: opts.path,
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    ...(expires && Number.isFinite(expires.getTime()) ? { expires } : { maxAge: 12 * 3600 }),
  });
}

export function clearTokenCookie(cookies: Cookies, url: URL, name: string, path: string): void {
  cookies.delete(name, { path, httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}

/** Where to go after login: only a path on this site, never another origin. */
export function safeNext(next: string | null, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

const loginRedirect = (loginPath: string, url: URL): never =>
  redirect(303, `${loginPath}?next=${encodeURIComponent(url.pathname + url.search)}`);

/** For every province-console load and action: the logged-in user, or off to the login page. */
export function requireProvince(locals: App.Locals, url: URL): ProvinceSession {
  if (locals.province) return locals.province;
  if (locals.provinceError) error(503, { message: locals.provinceError.message, code: locals.provinceError.code });
  return loginRedirect(`${PROVINCE_PATH}/login`, url);
}

export function requireCounty(locals: App.Locals, url: URL, code: string): CountySession {
  if (!countyNodeUrl(code)) error(404, { message: `本平台未配置县级节点 ${code}`, code: 'not_found' });
  if (locals.county && locals.county.code === code) return locals.county;
  if (locals.countyError) error(503, { message: locals.countyError.message, code: locals.countyError.code });
  return loginRedirect(`${countyPath(code)}/login`, url);
}

/** A call failed because the token expired meanwhile: drop the cookie and log in again. */
export function reloginIfUnauthorized(
  e: UiError,
  ctx: { cookies: Cookies; url: URL; name: string; path: string },
): void {
  if (e.code !== 'unauthorized') return;
  clearTokenCookie(ctx.cookies, ctx.url, ctx.name, ctx.path);
  return loginRedirect(`${ctx.path}/login`, ctx.url);
}
