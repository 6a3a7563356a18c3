import { closeCountyDb, type CountyDb, openCountyDb } from '@zwgk/db/sqlite';
import {
  BatchConsumer,
  DEFAULT_NAMES,
  type FederationNames,
  NatsLink,
  Relay,
  countyConsumerName,
  countyInboxPrefix,
  ensureCountyConsumer,
  sleep,
  streamNames,
} from '@zwgk/federation';
import { createLogger } from '@zwgk/server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { type County, countyFromRegistry } from './county.js';
import { createInboundHandler } from './inbound.js';
import { type CountyMetrics, createCountyMetrics } from './metrics.js';
import { type NodeConfig, dbFilePath, isEnrolled, readNodeConfig } from './node-config.js';
import { natsCredsPath, readNatsCreds } from './nats-creds.js';
import type { ServiceDeps } from './services/context.js';
import { createOutboxStore, heartbeatEnvelope } from './services/outbox.js';

export type { FederationNames };

export interface CountyNodeOptions {
  dataDir: string;
  natsUrl: string;
  /** override the credential stored at enrollment */
  natsUser?: string;
  natsPassword?: string;
  /** override the subject root and stream prefix stored at enrollment */
  names?: FederationNames;
  heartbeatMs?: number;
  logger?: Logger;
}

export interface CountyNode {
  app: Hono;
  db: CountyDb;
  relay: Relay;
  link: NatsLink;
  countyCode: string;
  county: County;
  config: NodeConfig;
  names: FederationNames;
  metrics: CountyMetrics;
  /** the service layer REST and tRPC share, for scripts and tests that act without HTTP */
  services: ServiceDeps;
  /** starts the NATS link, the relay and (once enrolled) the consumer of hub messages */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Enrollment's names unless overridden; the defaults for a node that is not enrolled yet. */
export function resolveNames(config: NodeConfig, override?: Partial<FederationNames>): FederationNames {
  return {
    subjectRoot: override?.subjectRoot ?? config.subjectRoot ?? DEFAULT_NAMES.subjectRoot,
    streamPrefix: override?.streamPrefix ?? config.streamPrefix ?? DEFAULT_NAMES.streamPrefix,
  };
}

/**
 * Opens an initialised data dir (node.json + county.sqlite, migrated on open) and wires the
 * HTTP app, the outbox relay and the hub consumer. Nothing touches the network until `start()`,
 * and the HTTP app works without it: writes queue in the outbox while NATS is away.
 */
export function createCountyNode(opts: CountyNodeOptions): CountyNode {
  const config = readNodeConfig(opts.dataDir);
  const county = countyFromRegistry(config.countyCode);
  const logger = opts.logger ?? createLogger(`county-${config.countyCode}`);
  const names = resolveNames(config, opts.names);
  const enrolled = isEnrolled(config);
  const db = openCountyDb(dbFilePath(opts.dataDir));
  const metrics = createCountyMetrics(db);
  const origin = { countyCode: config.countyCode, signingPrivateKey: config.keys.signing.privateKey };

  const natsUser = opts.natsUser ?? config.nats?.user;
  const natsPassword = opts.natsUser !== undefined ? opts.natsPassword : (opts.natsPassword ?? config.nats?.password);
  // The credential issued at enrollment, unless NATS_USER overrides it explicitly.
  const stored = opts.natsUser === undefined ? readNatsCreds(opts.dataDir) : undefined;
  if (stored?.looseMode) {
    logger.warn({ path: natsCredsPath(opts.dataDir), mode: stored.looseMode }, 'NATS credentials are readable by others; chmod 600 them');
  }
  const link = new NatsLink({
    url: opts.natsUrl,
    ...(natsUser ? { user: natsUser, password: natsPassword ?? '' } : {}),
    ...(stored ? { creds: stored.creds } : {}),
    name: `zwgk-county-${config.countyCode}`,
    inboxPrefix: countyInboxPrefix(config.countyCode),
    logger: logger.child({ component: 'nats' }),
  });
  const relay = new Relay({
    link,
    names,
    countyCode: config.countyCode,
    store: createOutboxStore(db),
    logger: logger.child({ component: 'relay' }),
    heartbeat: (lastSeq) => heartbeatEnvelope(origin, lastSeq),
    heartbeatMs: opts.heartbeatMs,
    onPublished: (n) => metrics.eventsPublished.inc(n),
  });
  const services: ServiceDeps = {
    db,
    county,
    signingPrivateKey: config.keys.signing.privateKey,
    encryptionPrivateKey: config.keys.encryption.privateKey,
    wake: () => relay.wake(),
  };
  const consumer = enrolled
    ? new BatchConsumer({
        link,
        stream: streamNames(names).hub,
        consumer: countyConsumerName(config.countyCode),
        batchSize: 64,
        logger: logger.child({ component: 'consumer' }),
        handle: createInboundHandler({
          db,
          countyCode: config.countyCode,
          hubSigningPublicKey: config.hubSigningPublicKey,
          names,
          relay,
          metrics,
          logger,
          services,
        }),
      })
    : null;

  const app = createApp({
    services,
    logger,
    metrics,
    status: () => ({ enrolled, natsConnected: link.connected() }),
  });

  const abort = new AbortController();
  let started = false;
  let stopping: Promise<void> | null = null;
  let background: Promise<void> = Promise.resolve();

  /**
   * The hub creates this county's consumer at enrollment and at its start-up; ensuring it here
   * too covers a hub that is not up yet. A county credential may not create consumers, so a
   * refusal is expected and only logged.
   */
  const ensureConsumer = async () => {
    await Promise.race([link.ready(), sleep(2 ** 31 - 1, abort.signal)]);
    const nc = link.nc();
    if (abort.signal.aborted || !nc) return;
    try {
      await ensureCountyConsumer(nc, names, config.countyCode);
    } catch (e) {
      logger.debug({ err: e instanceof Error ? e.message : e }, 'could not ensure the county consumer; the hub creates it');
    }
  };

  return {
    app,
    db,
    relay,
    link,
    countyCode: config.countyCode,
    county,
    config,
    names,
    metrics,
    services,
    async start() {
      if (started) return;
      started = true;
      link.start().catch((e: unknown) => logger.error({ err: e }, 'nats connection failed'));
      if (consumer) {
        relay.start();
        background = ensureConsumer().catch(() => {});
        consumer.start();
      } else {
        // The hub would quarantine what an unenrolled node signs; the outbox keeps every row, so
        // the relay publishes them all once the node is enrolled and restarted.
        logger.warn('not enrolled with a hub yet: changes wait in the outbox until enrollment');
      }
      logger.info({ county: config.countyCode, names, enrolled }, 'county node started');
    },
    stop() {
      stopping ??= (async () => {
        abort.abort();
        await consumer?.stop();
        await relay.stop();
        // closing the link first fails any JetStream request the consumer check still waits on
        await link.close();
        await background;
        closeCountyDb(db);
      })();
      return stopping;
    },
  };
}
