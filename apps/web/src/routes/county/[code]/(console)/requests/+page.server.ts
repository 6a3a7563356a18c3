import { DEFAULT_CALENDAR, REQUEST_STATUSES, REQUEST_STATUS_NAMES, dueStatus } from '@zwgk/core';
import { countyLoadFailed } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

const DUE_FILTERS = ['dueSoon', 'overdue'] as const;
const OPEN = ['received', 'registered', 'correctionRequested', 'corrected', 'review', 'consultation', 'processing'];

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const statusParam = url.searchParams.get('status') ?? 'open';
  const status = statusParam === 'all' || statusParam === 'open' || (REQUEST_STATUSES as readonly string[]).includes(statusParam) ? statusParam : 'open';
  const dueParam = url.searchParams.get('dueStatus') ?? '';
  const due = (DUE_FILTERS as readonly string[]).includes(dueParam) ? (dueParam as (typeof DUE_FILTERS)[number]) : undefined;
  // 补正告知待发: requests that must have their correction notice within 7 working days of receipt (§30)
  const queue = url.searchParams.get('queue') === 'correctionNotice' ? 'correctionNotice' : undefined;
  try {
    const client = countyClient(session.code, session.token);
    const [list, openList] = await Promise.all([
      client.requests.list.query({
        ...(status === 'all' ? {} : { status: status === 'open' ? OPEN.join(',') : status }),
        ...(due ? { dueStatus: due } : {}),
        ...(queue ? { queue } : {}),
        limit: 1000,
      }),
      client.requests.list.query({ status: OPEN.join(','), limit: 1000 }),
    ]);
    const over = (dueOn: string | null, kind: string | null) =>
      kind === 'overdue' && dueOn ? dueStatus(dueOn, list.today, DEFAULT_CALENDAR).workingDaysOver : null;
    // a drafted correction notice is due like a reply (the county node counts it in its due lists too)
    const drafted = (r: (typeof openList.requests)[number], kind: string) => r.correctionNotice?.drafted === true && r.correctionNotice.dueStatus === kind;
    const awaiting = openList.requests.filter((r) => r.correctionNotice !== null);
    return {
      title: '依申请公开',
      today: list.today,
      status,
      dueStatus: due ?? '',
      queue: queue ?? '',
      statuses: REQUEST_STATUSES.map((s) => ({ code: s, name: REQUEST_STATUS_NAMES[s] })),
      counts: {
        open: openList.requests.length,
        dueSoon: openList.requests.filter((r) => r.dueStatus === 'dueSoon' || drafted(r, 'dueSoon')).length,
        overdue: openList.requests.filter((r) => r.dueStatus === 'overdue' || drafted(r, 'overdue')).length,
        correctionNotice: awaiting.length,
        correctionNoticeOverdue: awaiting.filter((r) => r.correctionNotice?.dueStatus === 'overdue').length,
      },
      requests: list.requests.map((r) => ({
        id: r.id,
        trackingNo: r.trackingNo,
        channelName: r.channelName,
        receivedOn: r.receivedOn,
        applicantName: r.applicantName,
        applicantTypeName: r.applicantTypeName,
        status: r.status,
        statusName: r.statusName,
        outcomeName: r.outcomeName,
        dueOn: r.dueOn,
        provisional: r.provisional,
        dueStatus: r.dueStatus,
        workingDaysLeft: r.workingDaysLeft,
        workingDaysOver: over(r.dueOn, r.dueStatus),
        correctionNotice: r.correctionNotice,
      })),
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};
