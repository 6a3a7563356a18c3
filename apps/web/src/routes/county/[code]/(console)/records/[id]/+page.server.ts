import { fail, redirect } from '@sveltejs/kit';
import { EDITABLE_STATUSES, RECORD_ACTIONS, RECORD_ACTION_NAMES, type RecordAction } from '@zwgk/core';
import { sanitizeRecordHtml } from '$lib/sanitize';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { RECORD_VOCAB, canDraft, mayTake } from '$lib/server/county-records';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  let r;
  try {
    r = await countyClient(session.code, session.token).records.get.query({ id: params.id });
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
  const role = session.user.role;
  const can = Object.fromEntries(RECORD_ACTIONS.map((a) => [a, mayTake(role, a)])) as Record<RecordAction, boolean>;
  return {
    title: r.title,
    record: { ...r, bodyHtml: sanitizeRecordHtml(r.body).html },
    can,
    ownDraft: r.createdBy === session.user.username,
    canEdit: (EDITABLE_STATUSES.includes(r.status) && canDraft(role)) || (r.status === 'published' && ['county_admin', 'county_reviewer'].includes(role)),
    names: RECORD_VOCAB,
    actionNames: { ...RECORD_ACTION_NAMES } as Record<string, string>,
    done: url.searchParams.get('done'),
  };
};

const text = (fd: FormData, k: string) => {
  const v = fd.get(k);
  return typeof v === 'string' ? v.trim() : '';
};

export const actions: Actions = {
  transition: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const fd = await request.formData();
    const action = text(fd, 'action');
    if (!(RECORD_ACTIONS as readonly string[]).includes(action)) return fail(400, { action, message: '未知的操作', errors: {} as Record<string, string> });
    const body: Record<string, unknown> = { action };
    const version = Number(text(fd, 'version'));
    if (Number.isInteger(version) && version > 0) body.version = version;
    // only the fields this action takes, and only when filled: the node refuses unknown or empty ones
    const FIELDS: Record<string, string[]> = {
      submit: [],
      approve: ['attribute', 'reason', 'withheldGround', 'comment'],
      return: ['comment'],
      publish: ['publishedOn'],
      expire: ['on', 'reason'],
      repeal: ['on', 'reason'],
      withdraw: ['reason'],
    };
    for (const k of FIELDS[action] ?? []) {
      const v = text(fd, k);
      if (v) body[k] = v;
    }
    if (action === 'return' && !body.comment) body.comment = '';
    if (action === 'withdraw' && !body.reason) body.reason = '';
    try {
      await countyClient(session.code, session.token).records.transition.mutate({ id: params.id, ...body } as { id: string; action: string });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(ui.code === 'validation_failed' || ui.code === 'bad_request' ? 400 : ui.code === 'forbidden' ? 403 : ui.code === 'not_found' ? 404 : 409, {
        action,
        message: ui.message,
        errors: ui.fields,
      });
    }
    redirect(303, `/county/${session.code}/records/${params.id}?done=${action}`);
  },
};
