import { trpcServer } from '@hono/trpc-server';
import { domainError } from '@zwgk/core';
import { errorBody, errorHandler, metricsHandler, notFoundHandler } from '@zwgk/server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { CATALOG_IMPORT_PATH, importBodyLimit } from './http/catalog-io.js';
import { ATTACHMENT_UPLOAD_PATH, attachmentBodyLimit } from './http/records-lifecycle.js';
import { mountRest } from './http/rest.js';
import type { CountyMetrics } from './metrics.js';
import type { ServiceDeps } from './services/context.js';
import type { NodeStatus } from './services/node.js';
import { countyRouter } from './trpc/router.js';

export interface AppDeps {
  services: ServiceDeps;
  logger: Logger;
  metrics: CountyMetrics;
  /** live federation state for health and node info */
  status(): NodeStatus;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const log = deps.logger.child({ component: 'http' });

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const last = routePath(c, -1);
    const route = last === '*' || last === '/*' ? 'unmatched' : last;
    const status = c.res.status;
    deps.metrics.httpRequests.inc({ method: c.req.method, route, status: String(status) });
    deps.metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    log.info(
      { method: c.req.method, path: c.req.path, route, status, ms: Math.round(seconds * 1000) },
      'request',
    );
  });

  const tooLarge = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json(errorBody(domainError('bad_request', '请求体过大（上限 1 MB）')), 413),
  });
  app.use('/api/*', (c, next) => {
    if (c.req.path === CATALOG_IMPORT_PATH) return importBodyLimit(c, next);
    if (c.req.method === 'POST' && ATTACHMENT_UPLOAD_PATH.test(c.req.path)) return attachmentBodyLimit(c, next);
    return tooLarge(c, next);
  });
  app.use('/trpc/*', tooLarge);

  mountRest(app, deps);

  app.use(
    '/trpc/*',
    trpcServer({
      endpoint: '/trpc',
      router: countyRouter,
      createContext: (_opts, c) => ({
        services: deps.services,
        status: deps.status,
        authorization: c.req.header('authorization') ?? null,
      }),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error, path }, 'trpc procedure failed');
      },
    }),
  );

  app.get('/metrics', metricsHandler(deps.metrics.registry));
  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundHandler);
  return app;
}
