import { initTRPC } from '@trpc/server';
import { bearerToken, formatTRPCError, loginSchema, toTRPCError, trpcErrors, unwrap } from '@zwgk/server';
import { z } from 'zod';
import { deleteQuerySchema, versionSchema } from '../http/schemas.js';
import { authenticate, login } from '../services/accounts.js';
import { createItem, deleteItem, getItem, listItems, listQuerySchema, updateItem } from '../services/catalog.js';
import type { ServiceDeps } from '../services/context.js';
import { type NodeStatus, health, nodeInfo } from '../services/node.js';

/** Per-request context: the node's services and the caller's `Authorization` header. */
export interface TrpcContext {
  services: ServiceDeps;
  status(): NodeStatus;
  authorization: string | null;
}

// isDev off: a stack trace in an error response tells a caller about the server, not about their request.
const t = initTRPC.context<TrpcContext>().create({ errorFormatter: formatTRPCError, isDev: false });

const publicProcedure = t.procedure;

const authedProcedure = t.procedure.use(({ ctx, next }) => {
  const user = authenticate(ctx.services, bearerToken(ctx.authorization));
  if (!user.ok) throw toTRPCError(user.error);
  return next({ ctx: { ...ctx, user: user.value } });
});

const idInput = z.object({ id: z.string().min(1).max(100) });
const elements = z.record(z.string(), z.unknown(), { error: '事项内容必须是对象' });

/**
 * The county console's API. Each procedure calls the same service function as the matching REST
 * route, so the two faces cannot disagree on rules or errors.
 */
export const countyRouter = t.router({
  health: publicProcedure.query(({ ctx }) => health(ctx.services, ctx.status())),
  auth: t.router({
    login: publicProcedure
      .input(loginSchema)
      .mutation(({ ctx, input }) => trpcErrors(async () => unwrap(await login(ctx.services, input)))),
    me: authedProcedure.query(({ ctx }) => ({
      username: ctx.user.username,
      role: ctx.user.role,
      displayName: ctx.user.displayName,
    })),
  }),
  node: t.router({
    info: publicProcedure.query(({ ctx }) => nodeInfo(ctx.services, ctx.status())),
  }),
  catalog: t.router({
    list: authedProcedure
      .input(listQuerySchema.optional())
      .query(({ ctx, input }) => trpcErrors(() => unwrap(listItems(ctx.services, input ?? {})))),
    get: authedProcedure.input(idInput).query(({ ctx, input }) => trpcErrors(() => unwrap(getItem(ctx.services, input.id)))),
    create: authedProcedure
      .input(elements)
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(createItem(ctx.services, ctx.user, input)))),
    update: authedProcedure
      .input(idInput.extend({ version: versionSchema.optional(), patch: elements }))
      .mutation(({ ctx, input }) =>
        trpcErrors(() => unwrap(updateItem(ctx.services, ctx.user, input.id, input.patch, input.version))),
      ),
    delete: authedProcedure
      .input(idInput.extend({ version: deleteQuerySchema.shape.version }))
      .mutation(({ ctx, input }) =>
        trpcErrors(() => unwrap(deleteItem(ctx.services, ctx.user, input.id, input.version))),
      ),
  }),
});

export type CountyRouter = typeof countyRouter;
