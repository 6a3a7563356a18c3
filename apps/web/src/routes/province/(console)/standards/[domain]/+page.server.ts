import { error, fail, redirect } from '@sveltejs/kit';
import { DOMAINS, type StandardItem } from '@zwgk/core';
import { emptyStandardForm, readStandardForm, toStandardInput, type StandardFormValues } from '$lib/console-forms';
import { toUiError } from '$lib/server/backend-error';
import { failStatus, provinceActionError, provinceLoadFailed } from '$lib/server/province';
import { requireProvince } from '$lib/server/session';
import { hubClient } from '$lib/server/trpc';
import { WORKING_STATE_BADGE, WORKING_STATE_NAMES, compareWorkingCopy, workingFingerprint } from '$lib/standards-admin';
import type { Actions, PageServerLoad } from './$types';

const domainOf = (code: string) => {
  const d = DOMAINS.find((x) => x.code === code);
  if (!d) error(404, { message: '没有这个试点领域', code: 'not_found' });
  return d;
};

const formOf = (i: StandardItem): StandardFormValues => ({
  category: i.category,
  name: i.name,
  content: i.content,
  legalBasis: i.legalBasis,
  timeLimit: i.timeLimit,
  responsibleBody: i.responsibleBody,
  method: i.method,
  channels: [...i.channels],
  audience: i.audience,
  audienceNote: i.audienceNote ?? '',
  levels: [...i.levels],
});

/** The current guideline, or null when the domain has none yet. */
async function currentOf(hub: ReturnType<typeof hubClient>, domain: string) {
  try {
    return await hub.standards.get.query({ domain });
  } catch (e) {
    if (toUiError(e, '省级平台').code === 'not_found') return null;
    throw e;
  }
}

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireProvince(locals, url);
  const d = domainOf(params.domain);
  const hub = hubClient(session.token);
  try {
    const [working, current, versions] = await Promise.all([
      hub.standards.workingItems.query({ domain: d.code }),
      currentOf(hub, d.code),
      hub.standards.versions.query({ domain: d.code }),
    ]);
    const canManage = session.user.role === 'province_admin';
    const cmp = compareWorkingCopy(working.items, current?.items ?? null);
    const editId = canManage ? url.searchParams.get('edit') : null;
    const editing = editId ? (cmp.rows.find((r) => r.item.id === editId && !r.retiredAt) ?? null) : null;
    const adding = canManage && !editing && url.searchParams.get('add') === '1';
    return {
      title: `标准指引管理：${d.name}`,
      canManage,
      domain: { code: d.code, name: d.name, no: d.no },
      current: current ? { version: current.version, publishedAt: current.publishedAt, publishedBy: current.publishedBy, items: current.items.length } : null,
      versions: [...versions].reverse(),
      rows: cmp.rows.map((r) => ({ ...r, stateName: WORKING_STATE_NAMES[r.state], badge: WORKING_STATE_BADGE[r.state] })),
      active: cmp.rows.filter((r) => !r.retiredAt).length,
      changes: cmp.diff,
      pending: cmp.pending,
      nextVersion: (current?.version ?? 0) + 1,
      fingerprint: workingFingerprint(working.items),
      editor: editing
        ? { id: editing.item.id, name: editing.item.name, values: formOf(editing.item) }
        : adding
          ? { id: null, name: null, values: emptyStandardForm() }
          : null,
      done: url.searchParams.get('done'),
      doneName: url.searchParams.get('name'),
      doneVersion: Number(url.searchParams.get('v') ?? '0') || null,
      doneCounties: Number(url.searchParams.get('n') ?? '0') || 0,
    };
  } catch (e) {
    provinceLoadFailed(e, { cookies, url });
  }
};

const back = (domain: string, done: string, extra: Record<string, string> = {}) =>
  `/province/standards/${domain}?${new URLSearchParams({ done, ...extra }).toString()}`;

const NOT_ADMIN = '只有省级管理员可以修改和发布标准指引';

export const actions: Actions = {
  /** 添加 (no id) or 修改 (id) a working-copy item */
  save: async ({ locals, url, params, request, cookies }) => {
    const session = requireProvince(locals, url);
    const d = domainOf(params.domain);
    const form = await request.formData();
    const id = String(form.get('id') ?? '').trim() || null;
    const values = readStandardForm(form);
    if (session.user.role !== 'province_admin') {
      return fail(403, { editor: { id, values, errors: {} as Record<string, string>, message: NOT_ADMIN }, rowMessage: null, publish: null });
    }
    const hub = hubClient(session.token);
    let saved: { name: string; id: string };
    try {
      saved = id
        ? await hub.standards.updateItem.mutate({ id, patch: toStandardInput(values) })
        : await hub.standards.createItem.mutate({ domain: d.code, item: toStandardInput(values) });
    } catch (e) {
      const ui = provinceActionError(e, { cookies, url });
      return fail(failStatus(ui.code), { editor: { id, values, errors: ui.fields, message: ui.message }, rowMessage: null, publish: null });
    }
    redirect(303, `${back(d.code, id ? 'updated' : 'added', { name: saved.name })}#s-${saved.id}`);
  },

  /** 停用 / 恢复 */
  retire: async (event) => retireOrRestore(event, false),
  restore: async (event) => retireOrRestore(event, true),

  /** 发布新版本: only the changes the admin confirmed (the fingerprint of the working copy they saw) */
  publish: async ({ locals, url, params, request, cookies }) => {
    const session = requireProvince(locals, url);
    const d = domainOf(params.domain);
    const form = await request.formData();
    if (session.user.role !== 'province_admin') return fail(403, { editor: null, rowMessage: null, publish: { message: NOT_ADMIN } });
    if (form.get('confirm') !== 'yes') {
      return fail(400, { editor: null, rowMessage: null, publish: { message: '请先核对将要发布的变更，并勾选“我已核对以上变更”' } });
    }
    const hub = hubClient(session.token);
    let version: number;
    let counties: number;
    try {
      const working = await hub.standards.workingItems.query({ domain: d.code });
      if (workingFingerprint(working.items) !== String(form.get('fingerprint') ?? '')) {
        return fail(409, { editor: null, rowMessage: null, publish: { message: '您核对之后，工作副本又有修改。请重新核对下面列出的变更后再发布。' } });
      }
      const result = await hub.standards.publish.mutate({ domain: d.code });
      version = result.guideline.version;
      counties = result.counties;
    } catch (e) {
      const ui = provinceActionError(e, { cookies, url });
      return fail(failStatus(ui.code), { editor: null, rowMessage: null, publish: { message: ui.message } });
    }
    redirect(303, back(d.code, 'published', { v: String(version), n: String(counties) }));
  },
};

async function retireOrRestore(
  { locals, url, params, request, cookies }: Parameters<Actions[string]>[0],
  restore: boolean,
) {
  const session = requireProvince(locals, url);
  const d = domainOf(params.domain ?? '');
  const form = await request.formData();
  const id = String(form.get('id') ?? '').trim();
  if (session.user.role !== 'province_admin') return fail(403, { editor: null, rowMessage: { id, message: NOT_ADMIN }, publish: null });
  if (!id) return fail(400, { editor: null, rowMessage: { id, message: '缺少标准事项编号' }, publish: null });
  let name: string;
  try {
    name = (await hubClient(session.token).standards.retireItem.mutate({ id, restore })).name;
  } catch (e) {
    const ui = provinceActionError(e, { cookies, url });
    return fail(failStatus(ui.code), { editor: null, rowMessage: { id, message: ui.message }, publish: null });
  }
  redirect(303, `${back(d.code, restore ? 'restored' : 'retired', { name })}#s-${id}`);
}
