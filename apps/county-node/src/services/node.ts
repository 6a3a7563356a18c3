import type { ServiceDeps } from './context.js';
import { type OutboxStats, outboxStats } from './outbox.js';

/** What the running node knows about its own federation link, supplied by node.ts. */
export interface NodeStatus {
  enrolled: boolean;
  natsConnected: boolean;
}

export interface Health {
  status: 'ok';
  countyCode: string;
  enrolled: boolean;
  nats: boolean;
  outbox: OutboxStats;
}

export function health(deps: Pick<ServiceDeps, 'db' | 'county'>, status: NodeStatus): Health {
  return {
    status: 'ok',
    countyCode: deps.county.code,
    enrolled: status.enrolled,
    nats: status.natsConnected,
    outbox: outboxStats(deps.db),
  };
}

export interface NodeInfo {
  countyCode: string;
  countyName: string;
  cityName: string | null;
  townships: { code: string; name: string }[];
  enrolled: boolean;
  outbox: OutboxStats;
}

export function nodeInfo(deps: Pick<ServiceDeps, 'db' | 'county'>, status: NodeStatus): NodeInfo {
  return {
    countyCode: deps.county.code,
    countyName: deps.county.name,
    cityName: deps.county.cityName,
    townships: deps.county.townships,
    enrolled: status.enrolled,
    outbox: outboxStats(deps.db),
  };
}
