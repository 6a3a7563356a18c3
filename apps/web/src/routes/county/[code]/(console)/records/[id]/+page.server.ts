import { fail, redirect } from '@sveltejs/kit';
import { EDITABLE_STATUSES, RECORD_ACTIONS, RECORD_ACTION_NAMES, type RecordAction } from '@zwgk/core';
import { sanitizeRecordHtml } from '$lib/sanitize';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { RECORD_VOCAB, canDraft, mayTake } from '$lib/server/county-records';
import { ATTACHMENT_ACCEPT, ATTACHMENT_LIMIT_TEXT, INTERPRETATION_FORM_CHOICES, fileSize, forwardAttachment } from '$lib/server/records-lifecycle';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  let review, interpretations, interpreted;
  try {
    const client = countyClient(session.code, session.token);
    [review, interpretations] = await Promise.all([client.records.review.query({ id: params.id }), client.records.interpretations.query({ id: params.id })]);
    const link = review.record.interpretsRecordId;
    interpreted = link ? await client.records.get.query({ id: link }).then((d) => ({ id: d.id, title: d.title }), () => null) : null;
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
  const r = review.record;
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
    // 负面清单提示 matter to whoever decides the attribute; drafters see them too, to fix a draft early
    flags: review.flags,
    attachments: review.attachments.map((a) => ({ id: a.id, name: a.name, mediaType: a.mediaType, size: fileSize(a.size), sha256: a.sha256, createdAt: a.createdAt, createdBy: a.createdBy })),
    canAttach: (EDITABLE_STATUSES.includes(r.status) && canDraft(role)) || (r.status === 'published' && ['county_admin', 'county_reviewer'].includes(role)),
    canDeleteAttachment: EDITABLE_STATUSES.includes(r.status) && canDraft(role),
    attachmentAccept: ATTACHMENT_ACCEPT,
    attachmentLimit: ATTACHMENT_LIMIT_TEXT,
    interpretations,
    interpreted,
    formNames: Object.fromEntries(INTERPRETATION_FORM_CHOICES.map((f) => [f.code, f.name])) as Record<string, string>,
    canInterpret: r.kind === 'document' && r.status !== 'withdrawn' && r.status !== 'withheld' && canDraft(role),
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
  upload: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    let fd: FormData;
    try {
      fd = await request.formData();
    } catch {
      // the web server refused a body over its own limit before the county node could
      return fail(413, { action: 'upload', message: `附件不能超过 ${ATTACHMENT_LIMIT_TEXT}`, errors: {} as Record<string, string> });
    }
    const file = fd.get('file');
    if (!file || typeof file === 'string' || !file.name) {
      return fail(400, { action: 'upload', message: '请选择要上传的文件', errors: {} as Record<string, string> });
    }
    const out = await forwardAttachment({ code: session.code, token: session.token, cookies, url }, params.id, file);
    if (!out.ok) {
      if (out.status === 401) redirect(303, `/county/${session.code}/login?next=${encodeURIComponent(url.pathname)}`);
      return fail(out.status, { action: 'upload', message: `「${out.name}」未能上传：${out.message}`, errors: {} as Record<string, string> });
    }
    redirect(303, `/county/${session.code}/records/${params.id}?done=uploaded#attachments`);
  },
  deleteAttachment: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const attachmentId = text(await request.formData(), 'attachmentId');
    try {
      await countyClient(session.code, session.token).records.deleteAttachment.mutate({ id: params.id, attachmentId });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(ui.code === 'forbidden' ? 403 : ui.code === 'not_found' ? 404 : 409, { action: 'deleteAttachment', message: ui.message, errors: ui.fields });
    }
    redirect(303, `/county/${session.code}/records/${params.id}?done=attachmentDeleted#attachments`);
  },
};
