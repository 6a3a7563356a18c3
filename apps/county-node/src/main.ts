import { serve } from '@hono/node-server';
import { createLogger } from '@zwgk/server';
import { EnvError, loadEnv } from './env.js';
import { NodeConfigError, readNodeConfig } from './node-config.js';
import { createCountyNode, resolveNames } from './node.js';

async function main(): Promise<void> {
  const env = loadEnv();
  // Checked before anything opens the data dir, so a typo in ZWGK_DATA_DIR does not create an empty database.
  const config = readNodeConfig(env.ZWGK_DATA_DIR);
  const logger = createLogger(`county-${config.countyCode}`, env.LOG_LEVEL);
  const node = createCountyNode({
    dataDir: env.ZWGK_DATA_DIR,
    natsUrl: env.NATS_URL,
    natsUser: env.NATS_USER,
    natsPassword: env.NATS_PASSWORD,
    names: resolveNames(config, { subjectRoot: env.ZWGK_SUBJECT_ROOT, streamPrefix: env.ZWGK_STREAM_PREFIX }),
    heartbeatMs: env.ZWGK_HEARTBEAT_MS,
    logger,
  });

  const server = serve({ fetch: node.app.fetch, port: env.PORT, hostname: env.HOST }, (info) =>
    logger.info({ url: `http://${env.HOST}:${info.port}`, county: node.county.name }, 'county node listening'),
  );
  server.on('error', (e) => {
    logger.fatal({ err: e }, 'http server failed');
    void node.stop().finally(() => process.exit(1));
  });
  await node.start();

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(() => {
      node
        .stop()
        .then(() => {
          logger.info('stopped');
          process.exit(0);
        })
        .catch((e: unknown) => {
          logger.error({ err: e }, 'error while stopping');
          process.exit(1);
        });
    });
    // keep-alive connections would hold server.close() open until they time out
    if ('closeIdleConnections' in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof EnvError || e instanceof NodeConfigError) {
    console.error(`zwgk county node: ${e.message}`);
  } else {
    console.error('zwgk county node failed to start:', e);
  }
  process.exit(1);
});
