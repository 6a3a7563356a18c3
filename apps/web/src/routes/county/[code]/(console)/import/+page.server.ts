import { fail } from '@sveltejs/kit';
import { canWrite } from '$lib/server/county';
import { countyCookie, countyPath, clearTokenCookie, requireCounty } from '$lib/server/session';
import { countyNodeUrl } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url, params }) => {
  requireCounty(locals, url, params.code);
  return { title: '导入导出' };
};

interface Issue {
  sheet: string;
  row: number;
  column: string;
  message: string;
  value: string | null;
}

const MAX_BYTES = 10 * 1024 * 1024;

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const form = await request.formData();
    const mode = form.get('mode') === 'valid' ? 'valid' : 'all';
    const file = form.get('file');
    const base = { mode, fileName: '', imported: 0, errors: [] as Issue[], warnings: [] as Issue[], message: null as string | null, ok: false };
    if (!canWrite(session.user.role)) return fail(403, { ...base, message: '您的账号只能查看，不能导入' });
    if (!file || typeof file === 'string' || file.size === 0) return fail(400, { ...base, message: '请选择要导入的 .xlsx 文件' });
    if (file.size > MAX_BYTES) return fail(413, { ...base, fileName: file.name, message: '文件超过 10 MB，请拆分后分批导入' });
    const body = new FormData();
    body.set('file', file, file.name);
    let res: Response;
    try {
      res = await fetch(`${countyNodeUrl(session.code)}/api/v1/catalog/import?mode=${mode}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}` },
        body,
        signal: AbortSignal.timeout(120_000),
      });
    } catch {
      return fail(503, { ...base, fileName: file.name, message: '无法连接县级节点，请稍后再试' });
    }
    const json = (await res.json().catch(() => null)) as
      | { imported?: number; errors?: Issue[]; warnings?: Issue[]; error?: { code?: string; message?: string; details?: { imported?: number; errors?: Issue[]; warnings?: Issue[] } } }
      | null;
    if (res.status === 401) {
      clearTokenCookie(cookies, url, countyCookie(session.code), countyPath(session.code));
    }
    if (!res.ok || !json || json.error) {
      const d = json?.error?.details;
      return fail(res.status >= 400 && res.status < 600 ? res.status : 503, {
        ...base,
        fileName: file.name,
        message: json?.error?.message ?? '导入失败',
        errors: d?.errors ?? [],
        warnings: d?.warnings ?? [],
      });
    }
    return { ...base, ok: true, fileName: file.name, imported: json.imported ?? 0, errors: json.errors ?? [], warnings: json.warnings ?? [] };
  },
};
