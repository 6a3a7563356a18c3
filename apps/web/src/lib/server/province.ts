/** What the province console's loads and actions share. */
import { type Cookies, error } from '@sveltejs/kit';
import type { UiError } from '$lib/errors';
import { toUiError } from './backend-error';
import { PROVINCE_COOKIE, PROVINCE_PATH, reloginIfUnauthorized } from './session';

/** A failed hub call in a load: log in again on an expired token, else an error page. */
export function provinceLoadFailed(e: unknown, ctx: { cookies: Cookies; url: URL }): never {
  const ui = toUiError(e, '省级平台');
  reloginIfUnauthorized(ui, { cookies: ctx.cookies, url: ctx.url, name: PROVINCE_COOKIE, path: PROVINCE_PATH });
  const status = ui.code === 'not_found' ? 404 : ui.code === 'forbidden' ? 403 : ui.code === 'unavailable' ? 503 : 400;
  error(status, { message: ui.message, code: ui.code });
}

/** The same for an action: the error for the form. */
export function provinceActionError(e: unknown, ctx: { cookies: Cookies; url: URL }): UiError {
  const ui = toUiError(e, '省级平台');
  reloginIfUnauthorized(ui, { cookies: ctx.cookies, url: ctx.url, name: PROVINCE_COOKIE, path: PROVINCE_PATH });
  return ui;
}

/** HTTP status for a failed action. */
export const failStatus = (code: string): number =>
  code === 'validation_failed' || code === 'bad_request' ? 400
  : code === 'conflict' || code === 'invalid_state' ? 409
  : code === 'not_found' ? 404
  : code === 'forbidden' ? 403
  : code === 'unauthorized' ? 401
  : 503;
