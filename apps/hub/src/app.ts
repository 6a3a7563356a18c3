import { trpcServer } from '@hono/trpc-server';
import {
  buildOpenApi,
  errorHandler,
  loginSchema,
  metricsHandler,
  notFoundHandler,
  parseInput,
  readJson,
  readQuery,
  unwrap,
} from '@zwgk/server';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { HubDeps } from './deps.js';
import { CATALOG_EXPORT_ROUTES, mountCatalogExport } from './http/catalog-io.js';
import { ROUTES } from './http/routes.js';
import { REQUEST_ROUTE_DOCS, mountRequests } from './http/requests.js';
import { RECORD_ROUTES, mountRecords } from './http/records.js';
import { RECORD_LIFECYCLE_ROUTES, mountRecordsLifecycle } from './http/records-lifecycle.js';
import { ANNUAL_REPORT_ROUTE_DOCS, mountAnnualReports } from './http/annual-report.js';
import { FEED_ROUTES, mountFeeds } from './http/feeds.js';
import { login } from './services/accounts.js';
import { catalogItemHistory, countyCatalog, countyCatalogQuerySchema, getCatalogItem } from './services/catalog.js';
import { countyCoverage, coverageMatrix, matrixQuerySchema } from './services/coverage.js';
import { itemReviews, reviewInputSchema, reviewItem, reviewQueue } from './services/reviews.js';
import {
  createStandardItem,
  currentGuideline,
  currentGuidelines,
  guidelineChanges,
  guidelineVersions,
  publishGuideline,
  retireStandardItem,
  standardItemInputSchema,
  updateStandardItem,
  workingItems,
} from './services/standards.js';
import { getCounty, listCounties } from './services/counties.js';
import { enroll, enrollInputSchema, enrollmentTokenInputSchema, issueEnrollmentToken } from './services/enrollment.js';
import { health } from './services/health.js';
import { listQuarantine, quarantineListInputSchema } from './services/quarantine.js';
import { listDomains, regionChildren, regionChildrenInputSchema } from './services/regions.js';
import { type TrpcContext, hubRouter } from './trpc/router.js';
import { viewerResolver } from './viewer.js';

const API = '/api/v1';

const countyParam = z.object({ code: z.string().regex(/^\d{6}$/, { error: '县级代码必须是6位数字' }) });
const itemParam = z.object({ id: z.string().min(1).max(200, { error: '事项编号过长' }) });

/** The hub's HTTP face: REST under /api/v1, tRPC under /trpc, Prometheus at /metrics. */
export function createApp(deps: HubDeps): Hono {
  const app = new Hono();
  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundHandler);

  const viewer = (c: Context) => viewerResolver(deps, c.req.header('authorization'))();
  const openapi = buildOpenApi(
    {
      title: 'zwgk 省级枢纽 API',
      version: '1.0.0',
      description: '河北省基层政务公开标准化规范化：省级枢纽（县级节点联邦、目录汇聚、监督）',
    },
    [...ROUTES, ...CATALOG_EXPORT_ROUTES, ...REQUEST_ROUTE_DOCS, ...RECORD_ROUTES, ...RECORD_LIFECYCLE_ROUTES, ...ANNUAL_REPORT_ROUTE_DOCS, ...FEED_ROUTES],
  );

  app.get(`${API}/health`, async (c) => {
    const h = await health(deps.db, deps.nats);
    return c.json(h, h.status === 'ok' ? 200 : 503);
  });

  app.post(`${API}/auth/token`, async (c) => {
    const input = await readJson(c, loginSchema);
    const { token, expiresAt } = unwrap(await login(deps.db, input));
    return c.json({ token, expiresAt });
  });

  app.get(`${API}/regions`, (c) => c.json(unwrap(regionChildren(readQuery(c, regionChildrenInputSchema)))));

  app.get(`${API}/domains`, (c) => c.json(listDomains()));

  app.get(`${API}/counties`, async (c) => c.json(unwrap(await listCounties(deps.db, await viewer(c)))));

  app.get(`${API}/counties/:code`, async (c) => {
    const { code } = parseInput(countyParam, { code: c.req.param('code') });
    return c.json(unwrap(await getCounty(deps.db, await viewer(c), code)));
  });

  app.get(`${API}/catalog/items/:id`, async (c) => {
    const { id } = parseInput(itemParam, { id: c.req.param('id') });
    return c.json(unwrap(await getCatalogItem(deps.db, await viewer(c), id)));
  });

  app.get(`${API}/catalog/items/:id/versions`, async (c) => {
    const { id } = parseInput(itemParam, { id: c.req.param('id') });
    return c.json(unwrap(await catalogItemHistory(deps.db, await viewer(c), id)));
  });

  app.get(`${API}/catalog/items/:id/reviews`, async (c) => {
    const { id } = parseInput(itemParam, { id: c.req.param('id') });
    return c.json(unwrap(await itemReviews(deps.db, await viewer(c), id)));
  });

  app.post(`${API}/catalog/items/:id/review`, async (c) => {
    const { id } = parseInput(itemParam, { id: c.req.param('id') });
    const who = await viewer(c);
    const input = await readJson(c, reviewInputSchema);
    return c.json(unwrap(await reviewItem(deps, who, id, input)), 201);
  });

  app.get(`${API}/reviews/queue`, async (c) => c.json(unwrap(await reviewQueue(deps.db, await viewer(c)))));

  app.get(`${API}/counties/:code/catalog`, async (c) => {
    const { code } = parseInput(countyParam, { code: c.req.param('code') });
    return c.json(unwrap(await countyCatalog(deps.db, code, readQuery(c, countyCatalogQuerySchema))));
  });

  mountCatalogExport(app, deps, viewer);
  mountRequests(app, deps, viewer);
  mountRecords(app, deps);
  mountRecordsLifecycle(app, deps);
  mountAnnualReports(app, deps);
  mountFeeds(app, deps);

  app.get(`${API}/counties/:code/coverage`, async (c) => {
    const { code } = parseInput(countyParam, { code: c.req.param('code') });
    return c.json(unwrap(await countyCoverage(deps.db, code)));
  });

  app.get(`${API}/coverage`, async (c) => c.json(await coverageMatrix(deps.db, readQuery(c, matrixQuerySchema))));

  app.get(`${API}/standards`, async (c) => c.json(await currentGuidelines(deps.db)));

  app.get(`${API}/standards/:domain`, async (c) => c.json(unwrap(await currentGuideline(deps.db, c.req.param('domain')))));

  app.get(`${API}/standards/:domain/versions`, async (c) =>
    c.json(unwrap(await guidelineVersions(deps.db, c.req.param('domain')))),
  );

  app.get(`${API}/standards/:domain/changes`, async (c) =>
    c.json(unwrap(await guidelineChanges(deps.db, c.req.param('domain'), c.req.query()))),
  );

  app.get(`${API}/standards/:domain/items`, async (c) =>
    c.json(unwrap(await workingItems(deps.db, await viewer(c), c.req.param('domain')))),
  );

  app.post(`${API}/standards/:domain/items`, async (c) => {
    const who = await viewer(c);
    const input = await readJson(c, standardItemInputSchema);
    return c.json(unwrap(await createStandardItem(deps, who, c.req.param('domain'), input)), 201);
  });

  app.patch(`${API}/standards/items/:id`, async (c) => {
    const who = await viewer(c);
    const input = await readJson(c, standardItemInputSchema);
    return c.json(unwrap(await updateStandardItem(deps, who, c.req.param('id'), input)));
  });

  app.post(`${API}/standards/items/:id/retire`, async (c) =>
    c.json(unwrap(await retireStandardItem(deps, await viewer(c), c.req.param('id')))),
  );

  app.post(`${API}/standards/items/:id/restore`, async (c) =>
    c.json(unwrap(await retireStandardItem(deps, await viewer(c), c.req.param('id'), true))),
  );

  app.post(`${API}/standards/:domain/publish`, async (c) =>
    c.json(unwrap(await publishGuideline(deps, await viewer(c), c.req.param('domain'))), 201),
  );

  app.post(`${API}/enrollment-tokens`, async (c) => {
    const who = await viewer(c);
    const input = await readJson(c, enrollmentTokenInputSchema);
    return c.json(unwrap(await issueEnrollmentToken(deps, who, input)), 201);
  });

  app.post(`${API}/enroll`, async (c) => {
    const input = await readJson(c, enrollInputSchema);
    return c.json(unwrap(await enroll(deps, input)));
  });

  app.get(`${API}/quarantine`, async (c) => {
    const who = await viewer(c);
    return c.json(unwrap(await listQuarantine(deps.db, who, readQuery(c, quarantineListInputSchema))));
  });

  app.get(`${API}/openapi.json`, (c) => c.json(openapi));
  app.get('/metrics', metricsHandler(deps.registry));

  app.use(
    '/trpc/*',
    trpcServer({
      router: hubRouter,
      endpoint: '/trpc',
      createContext: (_opts, c): TrpcContext => ({ deps, viewer: viewerResolver(deps, c.req.header('authorization')) }),
    }),
  );

  return app;
}
