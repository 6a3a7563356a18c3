import type { Handle, RequestEvent } from '@sveltejs/kit';
import { toUiError } from '$lib/server/backend-error';
import {
  ELDER_COOKIE,
  PROVINCE_COOKIE,
  PROVINCE_PATH,
  clearTokenCookie,
  countyCookie,
  countyPath,
} from '$lib/server/session';
import { countyClient, countyNodeUrl, hubClient } from '$lib/server/trpc';

const COUNTY_PATH = /^\/county\/(\d{6})(?:\/|$)/;

/** Asks the hub who the province cookie belongs to; a rejected token is dropped. */
async function resolveProvince(event: RequestEvent): Promise<void> {
  const token = event.cookies.get(PROVINCE_COOKIE);
  if (!token) return;
  try {
    const user = await hubClient(token).auth.me.query();
    event.locals.province = { token, user };
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    if (ui.code === 'unauthorized' || ui.code === 'forbidden') {
      clearTokenCookie(event.cookies, event.url, PROVINCE_COOKIE, PROVINCE_PATH);
    } else {
      event.locals.provinceError = ui;
    }
  }
}

async function resolveCounty(event: RequestEvent, code: string): Promise<void> {
  const name = countyCookie(code);
  const token = event.cookies.get(name);
  if (!token) return;
  try {
    const user = await countyClient(code, token).auth.me.query();
    event.locals.county = { code, token, user };
  } catch (e) {
    const ui = toUiError(e, '县级节点');
    if (ui.code === 'unauthorized' || ui.code === 'forbidden') {
      clearTokenCookie(event.cookies, event.url, name, countyPath(code));
    } else {
      event.locals.countyError = ui;
    }
  }
}

export const handle: Handle = async ({ event, resolve }) => {
  const elder = event.cookies.get(ELDER_COOKIE) === '1';
  event.locals.elder = elder;
  event.locals.province = null;
  event.locals.provinceError = null;
  event.locals.county = null;
  event.locals.countyError = null;

  const path = event.url.pathname;
  if (path === PROVINCE_PATH || path.startsWith(`${PROVINCE_PATH}/`)) {
    await resolveProvince(event);
  } else {
    const m = COUNTY_PATH.exec(path);
    if (m?.[1] && countyNodeUrl(m[1])) await resolveCounty(event, m[1]);
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%zwgk.htmlclass%', elder ? 'elder' : ''),
  });
  // Console pages hold personal and unpublished data: never cache them in shared caches.
  if (path.startsWith(PROVINCE_PATH) || path.startsWith('/county')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};
