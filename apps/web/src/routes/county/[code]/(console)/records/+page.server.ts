import { RECORD_ATTRIBUTES, RECORD_STATUSES, RECORD_VALIDITIES } from '@zwgk/core';
import { countyLoadFailed } from '$lib/server/county';
import { RECORD_VOCAB, canDraft } from '$lib/server/county-records';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

const PAGE = 50;
const pick = <T extends string>(v: string | null, allowed: readonly T[]): T | undefined =>
  allowed.includes(v as T) ? (v as T) : undefined;

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const sp = url.searchParams;
  const filters = {
    status: pick(sp.get('status'), RECORD_STATUSES),
    attribute: pick(sp.get('attribute'), RECORD_ATTRIBUTES),
    validity: pick(sp.get('validity'), RECORD_VALIDITIES),
    domain: pick(sp.get('domain'), RECORD_VOCAB.domains.map((d) => d.code)),
    q: (sp.get('q') ?? '').trim().slice(0, 100) || undefined,
  };
  const page = Math.max(1, Math.min(1000, Number(sp.get('page')) || 1));
  try {
    const client = countyClient(session.code, session.token);
    const [list, pending] = await Promise.all([
      client.records.list.query({
        ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
        limit: PAGE,
        offset: (page - 1) * PAGE,
      }),
      client.records.list.query({ status: 'submitted', limit: 1 }),
    ]);
    return {
      title: '政府信息',
      filters: { status: filters.status ?? '', attribute: filters.attribute ?? '', validity: filters.validity ?? '', domain: filters.domain ?? '', q: filters.q ?? '' },
      page,
      pages: Math.max(1, Math.ceil(list.total / PAGE)),
      total: list.total,
      pendingReview: pending.total,
      canDraft: canDraft(session.user.role),
      isAdmin: session.user.role === 'county_admin',
      isReviewer: session.user.role === 'county_reviewer',
      names: RECORD_VOCAB,
      done: sp.get('done'),
      items: list.items.map((r) => ({
        id: r.id,
        title: r.title,
        status: r.status,
        attribute: r.attribute,
        validity: r.validity,
        domain: r.domain,
        issuingBody: r.issuingBody,
        writtenOn: r.writtenOn,
        publishedOn: r.publishedOn,
        indexNo: r.indexNo,
        updatedAt: r.updatedAt,
      })),
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};
