import { type Cookies, fail, redirect } from '@sveltejs/kit';
import { TRPCClientError } from '@trpc/client';
import { readIds, readVersion } from '$lib/console-forms';
import { countyActionError, countyLoadFailed } from '$lib/server/county';
import { failStatus } from '$lib/server/province';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import { parseSort, sortRows } from '$lib/sort';
import { readingHint, timeLimitReading } from '$lib/time-limit';
import { CATALOG_LEVELS, CATALOG_STATUSES, DOMAINS } from '@zwgk/core';
import { domainOrder } from '$lib/server/vocab';
import type { Actions, PageServerLoad } from './$types';

const SORT_KEYS = ['name', 'domain', 'level', 'responsibleBody', 'method', 'status', 'updatedAt', 'version'] as const;
type SortKey = (typeof SORT_KEYS)[number];

const PAGE_SIZE = 50;
/** The node pages by 200; a county catalog holds a few hundred items, so the web sorts them all. */
const FETCH_PAGE = 200;
const FETCH_CAP = 2000;

const pick = <T extends string>(v: string | null, allowed: readonly T[]): T | undefined =>
  v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const domain = pick(url.searchParams.get('domain'), DOMAINS.map((d) => d.code));
  const level = pick(url.searchParams.get('level'), CATALOG_LEVELS);
  const status = pick(url.searchParams.get('status'), CATALOG_STATUSES);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const filter = { domain, level, status, ...(q ? { q } : {}) };

  const node = countyClient(session.code, session.token);
  type Item = Awaited<ReturnType<typeof node.catalog.list.query>>['items'][number];
  const items: Item[] = [];
  let total = 0;
  try {
    for (let offset = 0; offset < FETCH_CAP; offset += FETCH_PAGE) {
      const page = await node.catalog.list.query({ ...filter, limit: FETCH_PAGE, offset });
      total = page.total;
      items.push(...page.items);
      if (page.items.length < FETCH_PAGE || items.length >= total) break;
    }
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }

  const sort = parseSort<SortKey>(url.searchParams, SORT_KEYS, { key: 'updatedAt', dir: 'desc' });
  const sorted = sortRows(
    items,
    {
      name: (i) => i.name,
      domain: (i) => domainOrder(i.domain),
      level: (i) => `${i.level}:${i.townshipCode ?? ''}`,
      responsibleBody: (i) => i.responsibleBody,
      method: (i) => i.method,
      status: (i) => CATALOG_STATUSES.indexOf(i.status),
      updatedAt: (i) => i.updatedAt,
      version: (i) => i.version,
    },
    sort,
  );
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const pageNo = Math.min(pages, Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));

  const visible = sorted.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
  // the reviewer's comments on returned items, shown where the editor cannot miss them
  const returned = visible.filter((i) => i.status === 'returned').slice(0, 50);
  const comments = new Map<string, { comments: string; reviewer: string; decidedAt: string; fieldComments: Record<string, string> | null }>();
  await Promise.all(
    returned.map(async (i) => {
      try {
        const reviews = await node.catalog.reviews.query({ id: i.id });
        const r = reviews.find((x) => x.decision === 'return');
        if (r) comments.set(i.id, { comments: r.comments, reviewer: r.reviewer, decidedAt: r.decidedAt, fieldComments: (r.fieldComments as Record<string, string> | null) ?? null });
      } catch {
        /* shown without comments */
      }
    }),
  );
  const counts = { draft: 0, returned: 0 };
  if (!filter.status && !q && !domain && !level) {
    for (const i of items) if (i.status === 'draft' || i.status === 'returned') counts[i.status]++;
  }

  return {
    title: '事项目录',
    isAdmin: session.user.role === 'county_admin',
    counts,
    filters: { domain: domain ?? '', level: level ?? '', status: status ?? '', q },
    sort,
    total,
    truncated: total > items.length,
    page: pageNo,
    pages,
    items: visible.map((i) => ({
      id: i.id,
      name: i.name,
      domain: i.domain,
      level: i.level,
      townshipCode: i.townshipCode,
      responsibleBody: i.responsibleBody,
      method: i.method,
      channels: i.channels,
      status: i.status,
      version: i.version,
      updatedAt: i.updatedAt,
      updatedBy: i.updatedBy,
      adoption: i.adoption,
      nextReviewOn: i.nextReviewOn,
      timeLimitHint: readingHint(timeLimitReading(i.timeLimit, i.timeLimitRule)),
      review: comments.get(i.id) ?? null,
    })),
    done: url.searchParams.get('done'),
    doneName: url.searchParams.get('name'),
    doneCount: Number(url.searchParams.get('n') ?? '0') || 0,
  };
};

/** Back to the list as it was (filters, sort, page), with what was done. */
function back(url: URL, code: string, done: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(url.searchParams);
  for (const k of [...q.keys()]) if (k.startsWith('/')) q.delete(k);
  for (const k of ['done', 'name', 'n']) q.delete(k);
  q.set('done', done);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `/county/${code}?${q.toString()}`;
}

export const actions: Actions = {
  /** 提交审核 for the checked items (all or nothing) */
  submitSelected: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const ids = readIds(await request.formData());
    if (!ids.length) return fail(400, { message: '请先勾选要提交审核的事项', failures: [] as { id: string; message: string }[] });
    let n = 0;
    try {
      const r = await countyClient(session.code, session.token).catalog.submit.mutate({ ids });
      n = r.submitted.length;
    } catch (e) {
      return batchFailed(e, session.code, cookies, url);
    }
    redirect(303, back(url, session.code, 'submitted', { n: String(n) }));
  },
  /** 提交全部草稿 (and returned items) */
  submitAll: async ({ locals, url, params, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    let n = 0;
    try {
      const r = await countyClient(session.code, session.token).catalog.submit.mutate({ all: true });
      n = r.submitted.length;
    } catch (e) {
      return batchFailed(e, session.code, cookies, url);
    }
    redirect(303, back(url, session.code, n ? 'submitted' : 'nothing', { n: String(n) }));
  },
  /** per item: 提交审核 or 撤回 */
  transition: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const action = form.get('action') === 'withdraw' ? 'withdraw' : 'submit';
    const version = readVersion(form);
    let name = '';
    try {
      const r = await countyClient(session.code, session.token).catalog.transition.mutate({ id, action, ...(version ? { version } : {}) });
      name = r.name;
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(failStatus(ui.code), { message: ui.message, failures: [{ id, message: ui.message }] });
    }
    redirect(303, back(url, session.code, action === 'submit' ? 'submitted' : 'withdrawn', { n: '1', name }));
  },
};

/** A refused batch: the node names each item that blocked it (details.items). */
function batchFailed(e: unknown, code: string, cookies: Cookies, url: URL) {
  const ui = countyActionError(e, { code, cookies, url });
  const details = e instanceof TRPCClientError ? (e.data as { domain?: { details?: { items?: unknown } } } | undefined)?.domain?.details : undefined;
  const failures = Array.isArray(details?.items)
    ? (details.items as { id?: unknown; message?: unknown }[]).map((x) => ({ id: String(x.id ?? ''), message: String(x.message ?? '') }))
    : [];
  return fail(failStatus(ui.code), { message: ui.message, failures });
}
