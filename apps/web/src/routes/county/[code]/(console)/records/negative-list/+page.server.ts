import { fail, redirect } from '@sveltejs/kit';
import { chinaDate } from '@zwgk/core';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { config } from '$lib/server/env';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

/** The version the hub publishes for this county, or null when it has none or cannot be asked. */
async function hubVersion(code: string): Promise<number | null> {
  try {
    const res = await fetch(`${config().hubUrl}/api/v1/negative-list?county=${code}`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return null;
    const body = (await res.json()) as { items?: { countyCode: string; version: number }[] };
    return body.items?.find((i) => i.countyCode === code)?.version ?? null;
  } catch {
    return null;
  }
}

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  try {
    const [list, published] = await Promise.all([countyClient(session.code, session.token).negativeList.list.query(), hubVersion(session.code)]);
    const editId = url.searchParams.get('edit');
    return {
      title: '负面清单',
      today: chinaDate(new Date()),
      version: list.version,
      updatedAt: list.updatedAt,
      entries: list.entries,
      hubVersion: published,
      editing: list.entries.find((e) => e.id === editId) ?? null,
      canEdit: session.user.role === 'county_admin',
      done: url.searchParams.get('done'),
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

const text = (fd: FormData, k: string) => {
  const v = fd.get(k);
  return typeof v === 'string' ? v.trim() : '';
};
const entryValues = (fd: FormData) => ({
  category: text(fd, 'category'),
  content: text(fd, 'content'),
  legalBasis: text(fd, 'legalBasis'),
  reviewOn: text(fd, 'reviewOn'),
});
const status = (code: string) => (code === 'validation_failed' || code === 'bad_request' ? 400 : code === 'forbidden' ? 403 : code === 'not_found' ? 404 : 503);

export const actions: Actions = {
  create: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const values = entryValues(await request.formData());
    try {
      await countyClient(session.code, session.token).negativeList.create.mutate(values);
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(status(ui.code), { action: 'create', id: '', values, message: ui.message, errors: ui.fields });
    }
    redirect(303, `/county/${session.code}/records/negative-list?done=created`);
  },
  update: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const fd = await request.formData();
    const id = text(fd, 'id');
    const values = entryValues(fd);
    try {
      await countyClient(session.code, session.token).negativeList.update.mutate({ id, patch: values });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(status(ui.code), { action: 'update', id, values, message: ui.message, errors: ui.fields });
    }
    redirect(303, `/county/${session.code}/records/negative-list?done=updated`);
  },
  delete: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const id = text(await request.formData(), 'id');
    try {
      await countyClient(session.code, session.token).negativeList.delete.mutate({ id });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(status(ui.code), { action: 'delete', id, values: null, message: ui.message, errors: ui.fields });
    }
    redirect(303, `/county/${session.code}/records/negative-list?done=deleted`);
  },
};
