import { fail, redirect } from '@sveltejs/kit';
import { DOMAINS, townshipsOf } from '@zwgk/core';
import { readIds, readReviewForm } from '$lib/console-forms';
import { lastPublishedBefore } from '$lib/diff';
import { failStatus, provinceActionError, provinceLoadFailed } from '$lib/server/province';
import { requireProvince } from '$lib/server/session';
import { hubClient } from '$lib/server/trpc';
import { domainOrder } from '$lib/server/vocab';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const session = requireProvince(locals, url);
  const hub = hubClient(session.token);
  let queue;
  try {
    queue = await hub.reviews.queue.query();
  } catch (e) {
    provinceLoadFailed(e, { cookies, url });
  }
  const cityParam = url.searchParams.get('city') ?? '';
  const domainParam = url.searchParams.get('domain') ?? '';
  const cities = [...new Map(queue.map((q) => [q.cityCode ?? '', q.cityName ?? '—'])).entries()]
    .map(([code, name]) => ({ code, name, count: queue.filter((q) => (q.cityCode ?? '') === code).length }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const city = cities.some((c) => c.code === cityParam) ? cityParam : '';
  const domain = DOMAINS.some((d) => d.code === domainParam) ? domainParam : '';
  const shown = queue.filter((q) => (!city || (q.cityCode ?? '') === city) && (!domain || q.domain === domain));
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const pageNo = Math.min(pages, Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));
  const visible = shown.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);

  // the item's elements at the submitted version and its last published version, for the diff
  const details = await Promise.all(
    visible.map(async (q) => {
      try {
        const history = await hub.catalog.versions.query({ id: q.id });
        const current = history.versions.find((v) => v.version === q.version) ?? history.versions.at(-1) ?? null;
        const base = lastPublishedBefore(history.versions, q.version);
        return { current: current?.snapshot ?? null, base: base ? { version: base.version, snapshot: base.snapshot, publishedAt: base.publishedAt } : null };
      } catch {
        return { current: null, base: null };
      }
    }),
  );
  const townshipName = new Map<string, string>();
  for (const q of visible) if (q.townshipCode) townshipName.set(q.townshipCode, townshipsOf(q.countyCode).find((t) => t.code === q.townshipCode)?.name ?? q.townshipCode);

  const domainCounts = DOMAINS.map((d) => ({ code: d.code, name: d.name, count: queue.filter((q) => q.domain === d.code && (!city || (q.cityCode ?? '') === city)).length }))
    .filter((d) => d.count > 0)
    .sort((a, b) => domainOrder(a.code) - domainOrder(b.code));

  return {
    title: '审核队列',
    total: queue.length,
    shownTotal: shown.length,
    cities,
    domains: domainCounts,
    filters: { city, domain },
    page: pageNo,
    pages,
    entries: visible.map((q, i) => ({ ...q, ...details[i]!, townshipName: q.townshipCode ? (townshipName.get(q.townshipCode) ?? null) : null })),
    done: url.searchParams.get('done'),
    doneCount: Number(url.searchParams.get('n') ?? '0') || 0,
  };
};

/** After an action: back to the same filtered queue, with what was done. */
function back(url: URL, done: string, n: number): string {
  const q = new URLSearchParams(url.searchParams);
  for (const k of [...q.keys()]) if (k.startsWith('/')) q.delete(k);
  q.set('done', done);
  q.set('n', String(n));
  return `/province/reviews?${q.toString()}`;
}

export const actions: Actions = {
  decide: async ({ locals, url, request, cookies }) => {
    const session = requireProvince(locals, url);
    const { values, error } = readReviewForm(await request.formData());
    if (error) return fail(400, { id: values.id, comments: values.comments, message: error, bulk: null });
    try {
      await hubClient(session.token).reviews.decide.mutate({
        id: values.id,
        review: {
          decision: values.decision as 'approve' | 'return',
          ...(values.comments ? { comments: values.comments } : {}),
          ...(values.version ? { version: values.version } : {}),
        },
      });
    } catch (e) {
      const ui = provinceActionError(e, { cookies, url });
      return fail(failStatus(ui.code), { id: values.id, comments: values.comments, message: ui.fields.comments ?? ui.message, bulk: null });
    }
    redirect(303, back(url, values.decision === 'approve' ? 'approved' : 'returned', 1));
  },
  approveSelected: async ({ locals, url, request, cookies }) => {
    const session = requireProvince(locals, url);
    const picked = readIds(await request.formData());
    if (!picked.length) return fail(400, { id: null, comments: '', message: null, bulk: { message: '请先勾选要审核通过的事项', failures: [] as { id: string; message: string }[] } });
    const hub = hubClient(session.token);
    const failures: { id: string; message: string }[] = [];
    let approved = 0;
    for (const entry of picked) {
      const [id, v] = entry.split('@');
      const version = Number(v);
      try {
        await hub.reviews.decide.mutate({ id: id!, review: { decision: 'approve', ...(Number.isInteger(version) && version > 0 ? { version } : {}) } });
        approved++;
      } catch (e) {
        failures.push({ id: id!, message: provinceActionError(e, { cookies, url }).message });
      }
    }
    if (failures.length) {
      return fail(409, { id: null, comments: '', message: null, bulk: { message: `已审核通过 ${approved} 项，${failures.length} 项未能通过`, failures } });
    }
    redirect(303, back(url, 'approved', approved));
  },
};
