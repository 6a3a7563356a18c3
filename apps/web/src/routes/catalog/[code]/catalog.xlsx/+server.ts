/** The county's published catalog as .xlsx, fetched from the hub (same origin for the browser). */
import { error } from '@sveltejs/kit';
import { config } from '$lib/server/env';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
  if (!/^\d{6}$/.test(params.code)) error(404, { message: '没有这个县级行政区划', code: 'not_found' });
  let res: Response;
  try {
    res = await fetch(`${config().hubUrl}/api/v1/counties/${params.code}/catalog.xlsx`, { signal: AbortSignal.timeout(30_000) });
  } catch {
    error(503, { message: '无法连接省级平台，请稍后再试', code: 'unavailable' });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
    error(res.status === 404 ? 404 : res.status >= 500 ? 503 : 400, { message: body?.error?.message ?? '下载失败', code: body?.error?.code ?? 'unavailable' });
  }
  const headers = new Headers();
  for (const h of ['content-type', 'content-disposition']) {
    const v = res.headers.get(h);
    if (v) headers.set(h, v);
  }
  headers.set('cache-control', 'no-cache');
  return new Response(res.body, { status: 200, headers });
};
