import { DOMAINS } from '@zwgk/core';
import { provinceLoadFailed } from '$lib/server/province';
import { requireProvince } from '$lib/server/session';
import { hubClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

/** 标准指引管理: the 26 domains, each with its current version and the working copy's pending changes. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const session = requireProvince(locals, url);
  const hub = hubClient(session.token);
  try {
    const [current, working] = await Promise.all([
      hub.standards.list.query(),
      Promise.all(DOMAINS.map((d) => hub.standards.workingItems.query({ domain: d.code }))),
    ]);
    const byDomain = new Map(current.map((g) => [g.domain, g]));
    const domains = DOMAINS.map((d, i) => {
      const g = byDomain.get(d.code);
      const w = working[i]!;
      return {
        no: d.no,
        code: d.code,
        name: d.name,
        version: g?.version ?? null,
        publishedAt: g?.publishedAt ?? null,
        publishedBy: g?.publishedBy ?? null,
        items: g?.items.length ?? 0,
        workingItems: w.items.filter((x) => !x.retiredAt).length,
        pending: w.unpublishedChanges,
      };
    });
    return {
      title: '标准指引管理',
      canManage: session.user.role === 'province_admin',
      domains,
      pendingDomains: domains.filter((d) => d.pending > 0).length,
    };
  } catch (e) {
    provinceLoadFailed(e, { cookies, url });
  }
};
