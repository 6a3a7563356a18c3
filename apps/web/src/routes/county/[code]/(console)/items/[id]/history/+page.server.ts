import { townshipsOf } from '@zwgk/core';
import { countyLoadFailed } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import { readingHint, timeLimitReading } from '$lib/time-limit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const node = countyClient(session.code, session.token);
  try {
    const [item, history, reviews] = await Promise.all([
      node.catalog.get.query({ id: params.id }),
      node.catalog.versions.query({ id: params.id }),
      node.catalog.reviews.query({ id: params.id }),
    ]);
    const versions = history.versions.map((v) => ({
      version: v.version,
      status: v.status,
      at: v.at,
      by: v.by,
      snapshot: v.snapshot as Record<string, unknown>,
      timeLimitHint: readingHint(timeLimitReading((v.snapshot as Record<string, unknown>).timeLimit, (v.snapshot as Record<string, unknown>).timeLimitRule)),
      changed: v.changes.map((c) => c.label),
    }));
    const vParam = Number(url.searchParams.get('v'));
    const selected = versions.find((v) => v.version === vParam) ?? versions.at(-1) ?? null;
    const previous = selected ? (versions.filter((v) => v.version < selected.version).at(-1) ?? null) : null;
    return {
      title: `版本历史：${item.name}`,
      item: { id: item.id, name: item.name, status: item.status, version: item.version },
      versions: versions.map(({ snapshot: _s, ...v }) => v).reverse(),
      selected,
      previous,
      townships: townshipsOf(session.code).map((t) => ({ code: t.code, name: t.name })),
      reviews: reviews.map((r) => ({
        id: r.reviewId,
        version: r.version,
        decision: r.decision,
        comments: r.comments,
        fieldComments: (r.fieldComments as Record<string, string> | null) ?? null,
        reviewer: r.reviewer,
        decidedAt: r.decidedAt,
        applied: r.applied,
      })),
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};
