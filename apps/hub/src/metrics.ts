import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface HubMetrics {
  eventsApplied: Counter;
  eventsDuplicate: Counter;
  quarantined: Counter<'reason'>;
  countyLag: Gauge<'county'>;
  ingestBatchSeconds: Histogram;
  heartbeats: Counter;
  replayRequests: Counter;
}

export function createHubMetrics(registry: Registry): HubMetrics {
  const registers = [registry];
  return {
    eventsApplied: new Counter({
      name: 'zwgk_events_applied_total',
      help: 'County events inserted into the inbox and applied for the first time',
      registers,
    }),
    eventsDuplicate: new Counter({
      name: 'zwgk_events_duplicate_total',
      help: 'County events received again (redelivery, replay, double publish) and skipped',
      registers,
    }),
    quarantined: new Counter({
      name: 'zwgk_quarantined_total',
      help: 'Messages not accepted and put in quarantine, by reason',
      labelNames: ['reason'],
      registers,
    }),
    countyLag: new Gauge({
      name: 'zwgk_county_lag_events',
      help: 'Events a county has published (or reported by heartbeat) beyond the contiguous high-water mark',
      labelNames: ['county'],
      registers,
    }),
    ingestBatchSeconds: new Histogram({
      name: 'zwgk_ingest_batch_seconds',
      help: 'Time to apply one ingest batch, transaction included',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    heartbeats: new Counter({ name: 'zwgk_heartbeats_total', help: 'Verified county heartbeats', registers }),
    replayRequests: new Counter({
      name: 'zwgk_replay_requests_total',
      help: 'replay.request envelopes published to counties',
      registers,
    }),
  };
}
