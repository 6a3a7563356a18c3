import type { Result } from '@zwgk/core';
import { formatTRPCError, loginSchema, trpcErrors, unwrap } from '@zwgk/server';
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { HubDeps, Viewer } from '../deps.js';
import { login, me } from '../services/accounts.js';
import { catalogItemHistory, countyCatalog, countyCatalogQuerySchema, getCatalogItem } from '../services/catalog.js';
import { countyCoverage, coverageMatrix, matrixQuerySchema } from '../services/coverage.js';
import { itemReviews, reviewInputSchema, reviewItem, reviewQueue } from '../services/reviews.js';
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
} from '../services/standards.js';
import { getCounty, listCounties } from '../services/counties.js';
import { enrollmentTokenInputSchema, issueEnrollmentToken } from '../services/enrollment.js';
import { health } from '../services/health.js';
import { quarantineListInputSchema, listQuarantine } from '../services/quarantine.js';
import { listDomains, regionChildren, regionChildrenInputSchema } from '../services/regions.js';
import {
  calendarDueDate,
  dueDateQuerySchema,
  fileRequest,
  fileRequestInputSchema,
  loadCalendarYear,
  requestStats,
  statsQuerySchema,
  trackRequest,
} from '../services/requests.js';
import { search, searchQuerySchema } from '../search/query.js';
import { getPublicRecord } from '../services/records.js';
import { annualReportYears, countyAnnualReport, provinceAnnualReport } from '../services/annual-report.js';

export interface TrpcContext {
  deps: HubDeps;
  viewer: () => Promise<Viewer | null>;
  [key: string]: unknown;
}

const t = initTRPC.context<TrpcContext>().create({ errorFormatter: formatTRPCError });

/** Services return Results; a failed one becomes the same DomainError the REST face returns. */
const run = <T>(fn: () => Promise<Result<T>> | Result<T>): Promise<T> => trpcErrors(async () => unwrap(await fn()));
const viewerOf = (ctx: TrpcContext) => trpcErrors(ctx.viewer);

const countyCodeInput = z.object({ code: z.string().regex(/^\d{6}$/, { error: '县级代码必须是6位数字' }) }).strict();
const itemIdInput = z.object({ id: z.string().min(1).max(200) }).strict();
const domainInput = z.object({ domain: z.string().min(1).max(60) }).strict();
const annualYearInput = z.object({ year: z.number().int().min(2008).max(2200) }).strict();

export const hubRouter = t.router({
  health: t.procedure.query(({ ctx }) => health(ctx.deps.db, ctx.deps.nats)),
  auth: t.router({
    login: t.procedure.input(loginSchema).mutation(({ ctx, input }) => run(() => login(ctx.deps.db, input))),
    me: t.procedure.query(async ({ ctx }) => {
      const viewer = await viewerOf(ctx);
      return run(() => me(viewer));
    }),
  }),
  regions: t.router({
    children: t.procedure
      .input(regionChildrenInputSchema.optional())
      .query(({ input }) => run(() => regionChildren(input ?? {}))),
  }),
  domains: t.router({
    list: t.procedure.query(() => listDomains()),
  }),
  counties: t.router({
    list: t.procedure.query(async ({ ctx }) => {
      const viewer = await viewerOf(ctx);
      return run(() => listCounties(ctx.deps.db, viewer));
    }),
    get: t.procedure.input(countyCodeInput).query(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => getCounty(ctx.deps.db, viewer, input.code));
    }),
  }),
  catalog: t.router({
    get: t.procedure.input(itemIdInput).query(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => getCatalogItem(ctx.deps.db, viewer, input.id));
    }),
    versions: t.procedure.input(itemIdInput).query(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => catalogItemHistory(ctx.deps.db, viewer, input.id));
    }),
    county: t.procedure
      .input(countyCodeInput.extend(countyCatalogQuerySchema.shape))
      .query(({ ctx, input }) => {
        const { code, ...query } = input;
        return run(() => countyCatalog(ctx.deps.db, code, query));
      }),
  }),
  reviews: t.router({
    queue: t.procedure.query(async ({ ctx }) => {
      const viewer = await viewerOf(ctx);
      return run(() => reviewQueue(ctx.deps.db, viewer));
    }),
    decide: t.procedure.input(itemIdInput.extend({ review: reviewInputSchema })).mutation(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => reviewItem(ctx.deps, viewer, input.id, input.review));
    }),
    ofItem: t.procedure.input(itemIdInput).query(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => itemReviews(ctx.deps.db, viewer, input.id));
    }),
  }),
  coverage: t.router({
    county: t.procedure.input(countyCodeInput).query(({ ctx, input }) => run(() => countyCoverage(ctx.deps.db, input.code))),
    matrix: t.procedure.input(matrixQuerySchema.optional()).query(({ ctx, input }) => coverageMatrix(ctx.deps.db, input ?? {})),
  }),
  standards: t.router({
    list: t.procedure.query(({ ctx }) => currentGuidelines(ctx.deps.db)),
    get: t.procedure.input(domainInput).query(({ ctx, input }) => run(() => currentGuideline(ctx.deps.db, input.domain))),
    versions: t.procedure.input(domainInput).query(({ ctx, input }) => run(() => guidelineVersions(ctx.deps.db, input.domain))),
    changes: t.procedure
      .input(domainInput.extend({ from: z.number().int(), to: z.number().int().optional() }))
      .query(({ ctx, input }) => {
        const { domain, ...query } = input;
        return run(() => guidelineChanges(ctx.deps.db, domain, query));
      }),
    workingItems: t.procedure.input(domainInput).query(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => workingItems(ctx.deps.db, viewer, input.domain));
    }),
    createItem: t.procedure.input(domainInput.extend({ item: standardItemInputSchema })).mutation(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => createStandardItem(ctx.deps, viewer, input.domain, input.item));
    }),
    updateItem: t.procedure.input(itemIdInput.extend({ patch: standardItemInputSchema })).mutation(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => updateStandardItem(ctx.deps, viewer, input.id, input.patch));
    }),
    retireItem: t.procedure.input(itemIdInput.extend({ restore: z.boolean().optional() })).mutation(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => retireStandardItem(ctx.deps, viewer, input.id, input.restore ?? false));
    }),
    publish: t.procedure.input(domainInput).mutation(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => publishGuideline(ctx.deps, viewer, input.domain));
    }),
  }),
  enrollment: t.router({
    issueToken: t.procedure.input(enrollmentTokenInputSchema).mutation(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => issueEnrollmentToken(ctx.deps, viewer, input));
    }),
  }),
  quarantine: t.router({
    list: t.procedure.input(quarantineListInputSchema.optional()).query(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => listQuarantine(ctx.deps.db, viewer, input ?? quarantineListInputSchema.parse({})));
    }),
  }),
  requests: t.router({
    file: t.procedure.input(fileRequestInputSchema).mutation(({ ctx, input }) => run(() => fileRequest(ctx.deps, input))),
    track: t.procedure
      .input(z.object({ trackingNo: z.string().min(1).max(40), secret: z.string().max(100) }).strict())
      .query(({ ctx, input }) => run(() => trackRequest(ctx.deps.db, input.trackingNo, input.secret))),
    stats: t.procedure.input(statsQuerySchema.optional()).query(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => requestStats(ctx.deps.db, viewer, input ?? {}));
    }),
  }),
  calendar: t.router({
    dueDate: t.procedure.input(dueDateQuerySchema).query(({ ctx, input }) => run(() => calendarDueDate(ctx.deps.db, input))),
    loadYear: t.procedure.input(z.unknown()).mutation(async ({ ctx, input }) => {
      const viewer = await viewerOf(ctx);
      return run(() => loadCalendarYear(ctx.deps, viewer, input));
    }),
  }),
  search: t.router({
    query: t.procedure.input(searchQuerySchema.optional()).query(({ ctx, input }) => run(() => search(ctx.deps.db, input ?? {}))),
  }),
  records: t.router({
    get: t.procedure.input(itemIdInput).query(({ ctx, input }) => run(() => getPublicRecord(ctx.deps.db, input.id))),
  }),
  reports: t.router({
    annualYears: t.procedure.query(({ ctx }) => run(() => annualReportYears(ctx.deps.db))),
    annual: t.procedure.input(annualYearInput).query(({ ctx, input }) => run(() => provinceAnnualReport(ctx.deps.db, input.year))),
    countyAnnual: t.procedure
      .input(countyCodeInput.extend(annualYearInput.shape))
      .query(({ ctx, input }) => run(() => countyAnnualReport(ctx.deps.db, input.code, input.year))),
  }),
});

export type HubRouter = typeof hubRouter;
