import type { CountyDb } from '@zwgk/db/sqlite';
import { createRegistry } from '@zwgk/server';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { outboxStats } from './services/outbox.js';

export interface CountyMetrics {
  registry: Registry;
  eventsPublished: Counter;
  inboundApplied: Counter<'kind'>;
  inboundRejected: Counter<'reason'>;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
}

export function createCountyMetrics(db: CountyDb, opts: { defaults?: boolean } = {}): CountyMetrics {
  const registry = createRegistry('zwgk_county', opts.defaults ?? true);
  new Gauge({
    name: 'zwgk_outbox_backlog',
    help: 'Outbox rows written but not yet acknowledged by NATS',
    registers: [registry],
    collect() {
      // read at scrape time, so the gauge cannot drift from the table
      try {
        this.set(outboxStats(db).unsent);
      } catch {
        // the database is closed while the node shuts down; report nothing new
      }
    },
  });
  new Gauge({
    name: 'zwgk_outbox_last_seq',
    help: 'Highest outbox seq written by this county',
    registers: [registry],
    collect() {
      try {
        this.set(Number(outboxStats(db).lastSeq));
      } catch {
        // see above
      }
    },
  });
  return {
    registry,
    eventsPublished: new Counter({
      name: 'zwgk_events_published_total',
      help: 'Outbox events published to NATS and acknowledged',
      registers: [registry],
    }),
    inboundApplied: new Counter({
      name: 'zwgk_inbound_applied_total',
      help: 'Hub messages applied by this county',
      labelNames: ['kind'],
      registers: [registry],
    }),
    inboundRejected: new Counter({
      name: 'zwgk_inbound_rejected_total',
      help: 'Hub messages dropped because they did not decode, verify or have a known kind',
      labelNames: ['reason'],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'zwgk_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'zwgk_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}
