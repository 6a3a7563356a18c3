import { error, fail } from '@sveltejs/kit';
import { TRPCClientError } from '@trpc/client';
import { OUTCOME_NAMES, chinaDate } from '@zwgk/core';
import { fillMonths, outcomeMix, parseHolidayJson } from '$lib/requests';
import { toUiError } from '$lib/server/backend-error';
import { failStatus } from '$lib/server/request-errors';
import { PROVINCE_COOKIE, PROVINCE_PATH, reloginIfUnauthorized, requireProvince } from '$lib/server/session';
import { hubClient } from '$lib/server/trpc';
import { parseSort, sortRows } from '$lib/sort';
import type { Actions, PageServerLoad } from './$types';

const SORT_KEYS = ['county', 'received', 'open', 'onTimeRate', 'median', 'overdue'] as const;
type SortKey = (typeof SORT_KEYS)[number];

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const session = requireProvince(locals, url);
  const yearParam = url.searchParams.get('year') ?? '';
  const year = /^\d{4}$/.test(yearParam) ? Number(yearParam) : undefined;
  let stats;
  try {
    stats = await hubClient(session.token).requests.stats.query(year ? { year } : {});
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    reloginIfUnauthorized(ui, { cookies, url, name: PROVINCE_COOKIE, path: PROVINCE_PATH });
    error(ui.code === 'forbidden' ? 403 : 503, { message: ui.message, code: ui.code });
  }
  const sort = parseSort<SortKey>(url.searchParams, SORT_KEYS, { key: 'overdue', dir: 'desc' });
  const rows = stats.counties.map((c) => ({
    code: c.countyCode,
    name: c.countyName,
    received: c.received,
    awaitingCounty: c.awaitingCounty,
    open: c.open,
    replied: c.replied,
    onTimeRate: c.onTimeRate,
    medianDays: c.medianDaysToReply,
    medianWorkingDays: c.medianWorkingDaysToReply,
    overdueNow: c.overdueNow,
    mix: outcomeMix(c.outcomes),
  }));
  const sorted = sortRows(
    [...rows].sort((a, b) => a.code.localeCompare(b.code)),
    {
      county: (r) => r.code,
      received: (r) => r.received,
      open: (r) => r.open,
      onTimeRate: (r) => r.onTimeRate,
      median: (r) => r.medianWorkingDays,
      overdue: (r) => r.overdueNow,
    },
    sort,
  );
  const thisYear = Number(chinaDate(new Date()).slice(0, 4));
  return {
    title: '依申请公开统计',
    today: stats.today,
    year: year ?? null,
    years: Array.from({ length: 6 }, (_, i) => thisYear - i),
    sort,
    rows: sorted,
    total: {
      ...stats.total,
      mix: outcomeMix(stats.total.outcomes),
      outcomes: Object.entries(stats.total.outcomes)
        .map(([code, n]) => ({ code, name: (OUTCOME_NAMES as Record<string, string>)[code] ?? code, n }))
        .sort((a, b) => b.n - a.n),
    },
    months: fillMonths(stats.total.byMonth, 24),
    canLoadCalendar: session.user.role === 'province_admin',
  };
};

interface LoadFailure {
  message: string;
  issues: { field: string; message: string }[];
  json: string;
}

export const actions: Actions = {
  loadYear: async ({ locals, url, request, cookies }) => {
    const session = requireProvince(locals, url);
    const form = await request.formData();
    const file = form.get('file');
    const pasted = typeof form.get('json') === 'string' ? (form.get('json') as string) : '';
    const text = file instanceof File && file.size > 0 ? await file.text() : pasted;
    const keep = pasted.length <= 200_000 ? pasted : '';
    if (session.user.role !== 'province_admin') {
      return fail(403, { calendar: { message: '只有省级管理员可以载入放假安排', issues: [], json: keep } satisfies LoadFailure });
    }
    const parsed = parseHolidayJson(text);
    if (!parsed.ok) return fail(400, { calendar: { message: parsed.message, issues: [], json: keep } satisfies LoadFailure });
    try {
      const r = await hubClient(session.token).calendar.loadYear.mutate(parsed.value);
      return { calendarLoaded: r };
    } catch (e) {
      const ui = toUiError(e, '省级平台');
      reloginIfUnauthorized(ui, { cookies, url, name: PROVINCE_COOKIE, path: PROVINCE_PATH });
      const details = e instanceof TRPCClientError ? (e.data as { domain?: { details?: { fields?: unknown } } } | undefined)?.domain?.details : undefined;
      const issues = Array.isArray(details?.fields)
        ? (details.fields as { field?: unknown; message?: unknown }[])
            .filter((f) => typeof f.message === 'string')
            .slice(0, 50)
            .map((f) => ({ field: String(f.field ?? ''), message: String(f.message) }))
        : [];
      return fail(failStatus(ui), { calendar: { message: ui.message, issues, json: keep } satisfies LoadFailure });
    }
  },
};
