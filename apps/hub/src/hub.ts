import type { KeyPair } from '@zwgk/core';
import { type HubDatabase, connectHubDb, counties, migrateHubDb } from '@zwgk/db/pg';
import {
  type AccountIssuer,
  BatchConsumer,
  DEFAULT_NAMES,
  type FederationNames,
  HUB_INGEST_CONSUMER,
  NatsLink,
  ensureCountyConsumer,
  ensureHubIngestConsumer,
  ensureStreams,
  issueCountyUserJwt,
  publishToCounty,
  streamNames,
} from '@zwgk/federation';
import { createLogger, createRegistry } from '@zwgk/server';
import type { Hono } from 'hono';
import { isNotNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import type { HubDeps, NatsPort } from './deps.js';
import { Ingest } from './ingest.js';
import { createHubMetrics } from './metrics.js';
import { HubOutbox, flushAll } from './outbox.js';
import { seedStandards } from './services/standards.js';
import { SearchIndexer } from './search/indexer.js';

export interface HubOptions {
  databaseUrl: string;
  natsUrl: string;
  natsUser?: string;
  natsPassword?: string;
  /**
   * Operator-mode NATS: the account's signing key (to issue county credentials at enrollment) and
   * the hub's own credentials in that account; wins over natsUser/natsPassword.
   */
  natsCredentials?: { issuer: AccountIssuer; creds: Uint8Array };
  names?: FederationNames;
  hubKeys: { signing: KeyPair };
  /** at most one replay request per county per this interval; default 5000 ms */
  replayMinIntervalMs?: number;
  logger?: Logger;
  /** the web portal's public base URL, for links in feeds; default http://localhost:7000 */
  portalUrl?: string;
}

export interface Hub {
  app: Hono;
  db: HubDatabase;
  /** the deps the HTTP side runs on (metrics, names, …), for tests and tools */
  deps: HubDeps;
  /** keeps the search index in step with the record projection (started by `start()`) */
  searchIndexer: SearchIndexer;
  /**
   * Migrates the database, connects to NATS (waiting for it), ensures both streams, the
   * `hub-ingest` consumer and every enrolled county's consumer, then starts ingesting.
   */
  start(): Promise<void>;
  /** Stops ingest after the batch in hand, then closes NATS and the database. */
  stop(): Promise<void>;
}

/**
 * One hub: the HTTP app, the ingest loop and the connections they share. `app` can serve
 * requests that need only the database as soon as `start()` has migrated it.
 */
export function createHub(opts: HubOptions): Hub {
  const names = opts.names ?? DEFAULT_NAMES;
  const logger = opts.logger ?? createLogger('zwgk-hub');
  const registry = createRegistry('zwgk_hub');
  const metrics = createHubMetrics(registry);
  const database = connectHubDb(opts.databaseUrl, { applicationName: 'zwgk-hub' });
  const db = database.db;
  const link = new NatsLink({
    url: opts.natsUrl,
    name: 'zwgk-hub',
    logger,
    ...(opts.natsUser ? { user: opts.natsUser, password: opts.natsPassword ?? '' } : {}),
    ...(opts.natsCredentials ? { creds: opts.natsCredentials.creds } : {}),
  });

  const connection = () => {
    const nc = link.nc();
    if (!nc || !link.connected()) throw new Error('NATS is not connected');
    return nc;
  };
  const issuer = opts.natsCredentials?.issuer;
  const nats: NatsPort = {
    connected: () => link.connected(),
    ensureCountyConsumer: (code) => ensureCountyConsumer(connection(), names, code),
    ...(issuer
      ? { issueCountyCredential: (code: string, userPublicKey: string) => issueCountyUserJwt(issuer, names, code, userPublicKey) }
      : {}),
  };
  const outbox = new HubOutbox({
    db,
    signingPrivateKey: opts.hubKeys.signing.privateKey,
    logger,
    publish: async (code, env) => {
      const js = link.js();
      if (!js) throw new Error('NATS is not connected');
      await publishToCounty(js, names, code, env);
    },
  });
  const ingest = new Ingest({
    db,
    names,
    logger,
    metrics,
    outbox,
    ...(opts.replayMinIntervalMs !== undefined ? { replayMinIntervalMs: opts.replayMinIntervalMs } : {}),
  });
  const consumer = new BatchConsumer({
    link,
    stream: streamNames(names).county,
    consumer: HUB_INGEST_CONSUMER,
    batchSize: 256,
    logger,
    handle: async (batch) => {
      await ingest.handle(batch);
    },
  });

  const deps: HubDeps = {
    db,
    logger,
    registry,
    metrics,
    names,
    hubSigningPublicKey: opts.hubKeys.signing.publicKey,
    portalUrl: (opts.portalUrl ?? 'http://localhost:7000').replace(/\/+$/, ''),
    nats,
    outbox,
  };
  const app = createApp(deps);
  const searchIndexer = new SearchIndexer({ db, logger });

  let started = false;
  let stopped = false;

  return {
    app,
    db: database,
    deps,
    searchIndexer,
    async start() {
      if (started) return;
      started = true;
      await migrateHubDb(opts.databaseUrl);
      await seedStandards(deps);
      let waiting: NodeJS.Timeout | undefined = setTimeout(function warn() {
        logger.warn({ url: opts.natsUrl }, 'waiting for NATS');
        waiting = setTimeout(warn, 10_000).unref();
      }, 3000).unref();
      try {
        await link.start();
      } finally {
        clearTimeout(waiting);
      }
      if (stopped) return;
      const nc = connection();
      await ensureStreams(nc, names);
      await ensureHubIngestConsumer(nc, names);
      const enrolled = await db.select({ code: counties.code }).from(counties).where(isNotNull(counties.enrolledAt));
      for (const { code } of enrolled) await ensureCountyConsumer(nc, names, code);
      // hub envelopes written before a crash or while NATS was away
      await flushAll(outbox);
      consumer.start();
      searchIndexer.start();
      logger.info({ names, enrolled: enrolled.length }, 'hub ingest started');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await consumer.stop();
      await searchIndexer.stop();
      await link.close();
      await database.close();
    },
  };
}
