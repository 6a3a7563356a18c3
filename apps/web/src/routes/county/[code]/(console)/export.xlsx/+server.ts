/** The county's catalog as .xlsx: fetched from the county node with the console's token, server-side. */
import { error } from '@sveltejs/kit';
import { requireCounty } from '$lib/server/session';
import { countyNodeUrl } from '$lib/server/trpc';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url, params }) => {
  const session = requireCounty(locals, url, params.code);
  let res: Response;
  try {
    res = await fetch(`${countyNodeUrl(session.code)}/api/v1/catalog/export.xlsx`, {
      headers: { authorization: `Bearer ${session.token}` },
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    error(503, { message: '无法连接县级节点，请稍后再试', code: 'unavailable' });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
    error(res.status === 401 || res.status === 403 ? res.status : 503, { message: body?.error?.message ?? '导出失败', code: body?.error?.code ?? 'unavailable' });
  }
  const headers = new Headers({ 'cache-control': 'private, no-store' });
  for (const h of ['content-type', 'content-disposition']) {
    const v = res.headers.get(h);
    if (v) headers.set(h, v);
  }
  return new Response(res.body, { status: 200, headers });
};
