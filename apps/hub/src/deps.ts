import type { HubDb, HubRole } from '@zwgk/db/pg';
import type { FederationNames } from '@zwgk/federation';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HubMetrics } from './metrics.js';
import type { HubOutbox } from './outbox.js';

/** A logged-in hub user as services see them; `null` stands for the public. */
export interface Viewer {
  id: string;
  username: string;
  role: HubRole;
  /** for a city reviewer, the 6-digit code of the city it reviews for */
  cityCode: string | null;
  displayName: string;
}

/** The parts of NATS the HTTP side needs, so services do not depend on the connection object. */
export interface NatsPort {
  connected(): boolean;
  /** creates the county's durable consumer on the hub stream; throws when NATS is unreachable */
  ensureCountyConsumer(countyCode: string): Promise<void>;
  /**
   * Signs a user JWT for a county's own NATS user key, with only that county's permissions.
   * Absent when the hub runs against an open NATS (no operator-mode account configured).
   */
  issueCountyCredential?(countyCode: string, userPublicKey: string): Promise<string>;
}

export interface HubDeps {
  db: HubDb;
  logger: Logger;
  registry: Registry;
  metrics: HubMetrics;
  names: FederationNames;
  hubSigningPublicKey: string;
  /** the web portal's public base URL (no trailing slash), for links in feeds */
  portalUrl: string;
  nats: NatsPort;
  /** envelopes the hub sends to counties (standards, review decisions), written in the caller's transaction */
  outbox: HubOutbox;
}
