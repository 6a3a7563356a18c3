/**
 * What the public record pages share on the server: names for the filters, region choices, and
 * the hub's feeds and attachments served at the portal's own address.
 */
import { error } from '@sveltejs/kit';
import { DOMAINS, RECORD_ATTRIBUTE_NAMES, RECORD_VALIDITY_NAMES, children, cities, countyByCode6, regionByCode } from '@zwgk/core';
import { config } from './env';

export interface RegionChoice {
  code: string;
  name: string;
  counties: { code: string; name: string }[];
}

/** City → county choices for the region filter (GB/T 2260 counties only, in code order). */
export function regionChoices(): RegionChoice[] {
  return cities().map((c) => ({
    code: c.code6!,
    name: c.name,
    counties: children(c.code6!)
      .filter((r) => r.level === 'county' && r.inGBT2260)
      .map((r) => ({ code: r.code6!, name: r.name })),
  }));
}

export const regionName = (code: string): string | null => regionByCode(code)?.name ?? null;
export const countyName = (code: string): string | null => countyByCode6(code)?.name ?? null;

export const RECORD_NAMES = {
  domains: DOMAINS.map((d) => ({ code: d.code, name: d.name })),
  attributes: { ...RECORD_ATTRIBUTE_NAMES } as Record<string, string>,
  validities: { ...RECORD_VALIDITY_NAMES } as Record<string, string>,
};

/** Passes a hub failure on as the portal's error: 404 and 400 as they are, anything else as 503. */
async function hubFailure(res: Response, fallback: string): Promise<never> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
  const status = res.status === 404 || res.status === 400 ? res.status : 503;
  error(status, { message: body?.error?.message ?? fallback, code: body?.error?.code ?? 'unavailable' });
}

async function hubGet(path: string, headers: Record<string, string>, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(`${config().hubUrl}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    error(503, { message: '无法连接省级平台，请稍后再试', code: 'unavailable' });
  }
}

const copyHeaders = (from: Response, names: readonly string[], into = new Headers()): Headers => {
  for (const h of names) {
    const v = from.headers.get(h);
    if (v) into.set(h, v);
  }
  return into;
};

export type FeedFormat = 'atom' | 'rss';

/** The portal's own address of a feed, for `<link rel="alternate">` and the 订阅 links. */
export const feedPath = (format: FeedFormat, county?: string, domain?: string): string =>
  `/gk${county ? `/${county}` : ''}/feed.${format}${domain ? `?domain=${encodeURIComponent(domain)}` : ''}`;

/**
 * A hub feed served at the portal's own address, so a reader needs only the portal. The hub
 * decides validity and content; `domain` and `limit` are passed on as given, conditional
 * requests too, and the hub's ETag and cache lifetime come back unchanged.
 */
export async function proxyHubFeed(format: FeedFormat, county: string | undefined, url: URL, request: Request): Promise<Response> {
  if (county !== undefined && !/^\d{6}$/.test(county)) error(404, { message: '没有这个县级行政区划', code: 'not_found' });
  const q = new URLSearchParams();
  for (const k of ['domain', 'limit']) {
    const v = url.searchParams.get(k);
    if (v !== null) q.set(k, v);
  }
  const path = `${county ? `/api/v1/counties/${county}` : '/api/v1'}/feeds/records.${format}${q.size ? `?${q}` : ''}`;
  const conditional = request.headers.get('if-none-match');
  const res = await hubGet(path, conditional ? { 'if-none-match': conditional } : {}, 15_000);
  if (!res.ok && res.status !== 304) await hubFailure(res, '无法获取订阅内容');
  const headers = copyHeaders(res, ['content-type', 'etag', 'last-modified', 'cache-control']);
  headers.set('x-content-type-options', 'nosniff');
  return new Response(res.status === 304 ? null : res.body, { status: res.status, headers });
}

/** A public record's attachment, from the hub (which keeps it even while the county is offline). */
export async function proxyPublicAttachment(recordId: string, attachmentId: string, request: Request): Promise<Response> {
  const ok = (s: string) => /^[\w-]{1,200}$/.test(s);
  if (!ok(recordId) || !ok(attachmentId)) error(404, { message: '没有这个附件', code: 'not_found' });
  const conditional = request.headers.get('if-none-match');
  const res = await hubGet(
    `/api/v1/records/${encodeURIComponent(recordId)}/attachments/${encodeURIComponent(attachmentId)}`,
    conditional ? { 'if-none-match': conditional } : {},
    60_000,
  );
  if (!res.ok && res.status !== 304) await hubFailure(res, '无法下载附件');
  // the hub decided the type from the bytes; never let a browser sniff it into something else
  const headers = copyHeaders(res, ['content-type', 'content-disposition', 'content-length', 'etag', 'cache-control']);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('content-security-policy', "default-src 'none'; sandbox");
  return new Response(res.status === 304 ? null : res.body, { status: res.status, headers });
}
