import { serve } from '@hono/node-server';
import { createLogger } from '@zwgk/server';
import { loadEnv } from './env.js';
import { createHub } from './hub.js';
import { loadOrCreateHubKeys } from './keys.js';
import { hubNatsCredentials, loadAccountIssuer } from './nats-commands.js';

const env = loadEnv();
const logger = createLogger('zwgk-hub', env.LOG_LEVEL);
const keys = loadOrCreateHubKeys(env.ZWGK_HUB_KEY_FILE, logger);
const natsCredentials = env.ZWGK_NATS_ACCOUNT_FILE ? await hubNatsCredentials(loadAccountIssuer(env.ZWGK_NATS_ACCOUNT_FILE)) : undefined;

const hub = createHub({
  databaseUrl: env.DATABASE_URL,
  natsUrl: env.NATS_URL,
  ...(env.NATS_USER ? { natsUser: env.NATS_USER, natsPassword: env.NATS_PASSWORD ?? '' } : {}),
  ...(natsCredentials ? { natsCredentials } : {}),
  names: { subjectRoot: env.ZWGK_SUBJECT_ROOT, streamPrefix: env.ZWGK_STREAM_PREFIX },
  hubKeys: { signing: keys.signing },
  portalUrl: env.ZWGK_PORTAL_URL,
  logger,
});

try {
  await hub.start();
} catch (e) {
  logger.fatal({ err: e }, 'hub failed to start');
  await hub.stop().catch(() => {});
  process.exit(1);
}

const server = serve({ fetch: hub.app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  logger.info({ url: `http://${env.HOST}:${info.port}`, hubSigningPublicKey: keys.signing.publicKey }, 'hub listening');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, 15_000).unref();
  await new Promise<void>((res) => server.close(() => res()));
  await hub.stop();
  clearTimeout(force);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
