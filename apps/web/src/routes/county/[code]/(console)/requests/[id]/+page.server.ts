import { fail, redirect } from '@sveltejs/kit';
import { DEFAULT_CALENDAR, dueStatus } from '@zwgk/core';
import { readTransitionForm } from '$lib/requests';
import { canWrite, countyActionError, countyLoadFailed } from '$lib/server/county';
import { failStatus, requestUiError } from '$lib/server/request-errors';
import { WORKFLOW_VOCAB } from '$lib/server/request-vocab';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  try {
    const r = await countyClient(session.code, session.token).requests.get.query({ id: params.id });
    const d = r.deadlines as Record<string, unknown>;
    const date = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const over = r.dueStatus === 'overdue' && r.dueOn ? dueStatus(r.dueOn, today, DEFAULT_CALENDAR).workingDaysOver : null;
    return {
      title: `申请 ${r.trackingNo}`,
      today,
      done: url.searchParams.get('done'),
      request: {
        id: r.id,
        trackingNo: r.trackingNo,
        channelName: r.channelName,
        receivedOn: r.receivedOn,
        applicant: r.applicant,
        applicantTypeName: r.applicantTypeName,
        applicantType: r.applicantType,
        status: r.status,
        statusName: r.statusName,
        outcomeName: r.outcomeName,
        dueOn: r.dueOn,
        provisional: r.provisional,
        dueStatus: r.dueStatus,
        workingDaysLeft: r.workingDaysLeft,
        workingDaysOver: over,
        description: r.description,
        deliveryFormName: r.deliveryFormName,
        replyText: r.replyText,
        repliedOn: r.repliedOn,
        filedAt: r.filedAt,
        version: r.version,
        explanations: r.explanations,
        timeline: r.timeline,
        actions: r.actions,
        hasCorrectionRequest: r.timeline.some((e) => e.type === 'correctionRequested'),
        correctionNotice: r.correctionNotice,
        dates: {
          clockStartsOn: date('clockStartsOn'),
          correctionNoticeDueOn: date('correctionNoticeDueOn'),
          replyDueOn: date('replyDueOn'),
          extendedDueOn: date('extendedDueOn'),
          effectiveDueOn: date('effectiveDueOn'),
          closedOn: date('closedOn'),
          pausedWorkingDays: typeof d.pausedWorkingDays === 'number' ? d.pausedWorkingDays : 0,
          repliedOnTime: typeof d.repliedOnTime === 'boolean' ? d.repliedOnTime : null,
          state: typeof d.state === 'string' ? d.state : null,
          error: typeof d.error === 'string' ? d.error : null,
        },
      },
      ...WORKFLOW_VOCAB,
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

export const actions: Actions = {
  transition: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const form = await request.formData();
    const { input, errors } = readTransitionForm(form);
    const action = String(input.action ?? '');
    const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    if (!canWrite(session.user.role)) {
      return fail(403, { action, values, message: '您的账号只能查看申请，不能办理（需县级管理员或编辑）', errors: {} as Record<string, string> });
    }
    if (Object.keys(errors).length) return fail(400, { action, values, message: '请补全操作所需的内容', errors });
    try {
      await countyClient(session.code, session.token).requests.transition.mutate({ id: params.id, ...input } as { id: string; action: string });
    } catch (e) {
      const ui = requestUiError(e, '县级节点', countyActionError(e, { code: session.code, cookies, url }));
      return fail(failStatus(ui), { action, values, message: ui.message, errors: ui.fields });
    }
    redirect(303, `/county/${session.code}/requests/${params.id}?done=${encodeURIComponent(action)}`);
  },
};
