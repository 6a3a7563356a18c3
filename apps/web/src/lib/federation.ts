/** How a county's federation link is doing, as the province console shows it. */

export type LinkHealth = 'unenrolled' | 'ok' | 'lagging' | 'stale' | 'quarantined';

export const LINK_HEALTH_NAMES: Record<LinkHealth, string> = {
  unenrolled: '未接入',
  ok: '正常',
  lagging: '有滞后',
  stale: '心跳中断',
  quarantined: '有隔离',
};

export const LINK_HEALTH_BADGE: Record<LinkHealth, 'ok' | 'neutral' | 'warn' | 'danger'> = {
  unenrolled: 'neutral',
  ok: 'ok',
  lagging: 'warn',
  stale: 'warn',
  quarantined: 'danger',
};

/** County nodes send a heartbeat every 10 s; two minutes of silence means the link is down. */
export const STALE_AFTER_MS = 2 * 60 * 1000;

export interface LinkFacts {
  enrolled: boolean;
  lagEvents: number;
  quarantinedCount: number;
  lastHeartbeatAt: string | null;
  lastEventAt: string | null;
}

export function heartbeatStale(f: LinkFacts, now: number): boolean {
  if (!f.enrolled) return false;
  const last = f.lastHeartbeatAt ?? f.lastEventAt;
  if (!last) return true;
  const ms = Date.parse(last);
  return !Number.isFinite(ms) || now - ms > STALE_AFTER_MS;
}

/** The worst thing about a county's link: quarantined beats stale beats lagging. */
export function linkHealth(f: LinkFacts, now: number): LinkHealth {
  if (!f.enrolled) return 'unenrolled';
  if (f.quarantinedCount > 0) return 'quarantined';
  if (heartbeatStale(f, now)) return 'stale';
  if (f.lagEvents > 0) return 'lagging';
  return 'ok';
}

/** The status filter: one condition each, so a county can match several. */
export const STATUS_FILTERS = ['enrolled', 'unenrolled', 'lagging', 'stale', 'quarantined'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const STATUS_FILTER_NAMES: Record<StatusFilter, string> = {
  enrolled: '已接入',
  unenrolled: '未接入',
  lagging: '有滞后事件',
  stale: '心跳中断',
  quarantined: '有隔离消息',
};

export function matchesStatus(f: LinkFacts, filter: StatusFilter, now: number): boolean {
  switch (filter) {
    case 'enrolled':
      return f.enrolled;
    case 'unenrolled':
      return !f.enrolled;
    case 'lagging':
      return f.enrolled && f.lagEvents > 0;
    case 'stale':
      return heartbeatStale(f, now);
    case 'quarantined':
      return f.quarantinedCount > 0;
  }
}
