import type { Result } from '@zwgk/core';
import { formatTRPCError, loginSchema, trpcErrors, unwrap } from '@zwgk/server';
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { HubDeps, Viewer } from '../deps.js';
import { login, me } from '../services/accounts.js';
import { getCatalogItem } from '../services/catalog.js';
import { getCounty, listCounties } from '../services/counties.js';
import { enrollmentTokenInputSchema, issueEnrollmentToken } from '../services/enrollment.js';
import { health } from '../services/health.js';
import { quarantineListInputSchema, listQuarantine } from '../services/quarantine.js';
import { listDomains, regionChildren, regionChildrenInputSchema } from '../services/regions.js';

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
});

export type HubRouter = typeof hubRouter;
