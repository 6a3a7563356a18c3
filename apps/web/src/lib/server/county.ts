/** What the county console's loads and actions share. */
import { type Cookies, error } from '@sveltejs/kit';
import { cityOf, countyByCode6, isProvinceAdministered } from '@zwgk/core';
import type { UiError } from '$lib/errors';
import { toUiError } from './backend-error';
import { countyCookie, countyPath, reloginIfUnauthorized } from './session';
import { configuredCounties, countyNodeUrl } from './trpc';

export interface CountyMeta {
  code: string;
  name: string;
  cityName: string | null;
  provinceAdministered: boolean;
}

/** Name and city from the region registry; 404 when this web serves no console for the code. */
export function countyMeta(code: string): CountyMeta {
  if (!countyNodeUrl(code)) error(404, { message: `本平台未配置县级节点 ${code}`, code: 'not_found' });
  const region = countyByCode6(code);
  return {
    code,
    name: region?.name ?? code,
    cityName: cityOf(code)?.name ?? null,
    provinceAdministered: isProvinceAdministered(code),
  };
}

export const configuredCountyMetas = (): CountyMeta[] => configuredCounties().map(countyMeta);

/**
 * A failed county-node call in a load: log in again on an expired token, else an error page
 * (404 for a missing item, 403, or 503 when the node cannot be reached).
 */
export function countyLoadFailed(e: unknown, ctx: { code: string; cookies: Cookies; url: URL }): never {
  const ui = toUiError(e, '县级节点');
  reloginIfUnauthorized(ui, { cookies: ctx.cookies, url: ctx.url, name: countyCookie(ctx.code), path: countyPath(ctx.code) });
  const status = ui.code === 'not_found' ? 404 : ui.code === 'forbidden' ? 403 : ui.code === 'unavailable' ? 503 : 400;
  error(status, { message: ui.message, code: ui.code });
}

/** The same for an action: hand back the error for the form instead of an error page. */
export function countyActionError(e: unknown, ctx: { code: string; cookies: Cookies; url: URL }): UiError {
  const ui = toUiError(e, '县级节点');
  reloginIfUnauthorized(ui, { cookies: ctx.cookies, url: ctx.url, name: countyCookie(ctx.code), path: countyPath(ctx.code) });
  return ui;
}

export const CATALOG_WRITERS: readonly string[] = ['county_admin', 'county_editor'];
export const canWrite = (role: string) => CATALOG_WRITERS.includes(role);
