import { fail } from '@sveltejs/kit';
import { DEFAULT_CALENDAR, chinaDate, dueStatus } from '@zwgk/core';
import { failStatus, requestUiError } from '$lib/server/request-errors';
import { hubClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ setHeaders }) => {
  setHeaders({ 'cache-control': 'private, no-store' });
  return { title: '申请查询' };
};

const str = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

export const actions: Actions = {
  // POST, so the secret never lands in a URL, a log line or the browser history
  default: async ({ request }) => {
    const form = await request.formData();
    const trackingNo = str(form, 'trackingNo').toUpperCase().replace(/\s+/g, '');
    const secret = str(form, 'secret').replace(/\s+/g, '');
    const errors: Record<string, string> = {};
    if (!trackingNo) errors.trackingNo = '请填写查询号';
    else if (trackingNo.length > 40) errors.trackingNo = '查询号过长';
    if (!secret) errors.secret = '请填写查询码';
    else if (secret.length > 100) errors.secret = '查询码过长';
    if (Object.keys(errors).length) return fail(400, { trackingNo, message: '请填写查询号和查询码', errors });
    try {
      const r = await hubClient().requests.track.query({ trackingNo, secret });
      const today = chinaDate(new Date());
      const open = !['replied', 'archived', 'withdrawn'].includes(r.status);
      const due = open && r.dueOn ? dueStatus(r.dueOn, today, DEFAULT_CALENDAR) : null;
      return { tracked: { ...r, today, overdue: due?.status === 'overdue', open } };
    } catch (e) {
      const ui = requestUiError(e, '省级平台');
      return fail(failStatus(ui), { trackingNo, message: ui.code === 'not_found' ? '查询号或查询码不正确，请核对后重新输入' : ui.message, errors: {} as Record<string, string> });
    }
  },
};
