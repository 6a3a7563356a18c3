import { error, fail } from '@sveltejs/kit';
import { DEFAULT_INDEX_PATTERN, formatIndexNumber } from '@zwgk/core';
import { fieldErrors } from '$lib/errors';
import { requireCounty } from '$lib/server/session';
import { countyNodeUrl } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

/** The index-pattern setting is REST only on the node: called from here with the console's token. */
async function call(code: string, token: string, init?: { method: 'PUT'; body: unknown }) {
  const res = await fetch(`${countyNodeUrl(code)}/api/v1/records/settings/index-pattern`, {
    method: init?.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init ? { 'content-type': 'application/json' } : {}) },
    body: init ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const json = (await res.json().catch(() => null)) as { pattern?: string; error?: { code?: string; message?: string; details?: unknown } } | null;
  return { status: res.status, json };
}

const example = (pattern: string, code: string) => formatIndexNumber(pattern, { region: code, year: new Date().getFullYear(), seq: 1, domain: 'social-assistance' });

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const session = requireCounty(locals, url, params.code);
  let r;
  try {
    r = await call(session.code, session.token);
  } catch {
    error(503, { message: '无法连接县级节点，请稍后再试', code: 'unavailable' });
  }
  if (r.status === 401) error(401, { message: '登录已失效，请重新登录', code: 'unauthorized' });
  if (r.status !== 200 || !r.json?.pattern) error(r.status >= 400 && r.status < 600 ? r.status : 503, { message: r.json?.error?.message ?? '读取索引号格式失败', code: r.json?.error?.code ?? 'unavailable' });
  return {
    title: '索引号格式',
    pattern: r.json.pattern,
    example: example(r.json.pattern, session.code),
    defaultPattern: DEFAULT_INDEX_PATTERN,
    isAdmin: session.user.role === 'county_admin',
  };
};

export const actions: Actions = {
  default: async ({ locals, url, params, request }) => {
    const session = requireCounty(locals, url, params.code);
    const pattern = String((await request.formData()).get('pattern') ?? '').trim();
    let r;
    try {
      r = await call(session.code, session.token, { method: 'PUT', body: { pattern } });
    } catch {
      return fail(503, { pattern, message: '无法连接县级节点，请稍后再试', errors: {} as Record<string, string> });
    }
    if (r.status !== 200 || !r.json?.pattern) {
      return fail(r.status === 403 ? 403 : 400, { pattern, message: r.json?.error?.message ?? '保存失败', errors: fieldErrors(r.json?.error?.details) });
    }
    return { saved: true, pattern: r.json.pattern, message: null, errors: {} as Record<string, string> };
  },
};
