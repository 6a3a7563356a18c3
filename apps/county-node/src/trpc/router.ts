import { initTRPC } from '@trpc/server';
import { bearerToken, formatTRPCError, loginSchema, toTRPCError, trpcErrors, unwrap } from '@zwgk/server';
import { z } from 'zod';
import { deleteQuerySchema, versionSchema } from '../http/schemas.js';
import { authenticate, login } from '../services/accounts.js';
import {
  adoptStandardItem,
  createItem,
  deleteItem,
  dueItems,
  getItem,
  itemReviews,
  itemVersions,
  listItems,
  listQuerySchema,
  submitItems,
  transitionItem,
  updateItem,
} from '../services/catalog.js';
import {
  affectedByStandards,
  declareExemption,
  guidelineChanges,
  listExemptions,
  standardsOverview,
  withdrawExemption,
} from '../services/standards.js';
import type { ServiceDeps } from '../services/context.js';
import {
  annualReport,
  calendarDueDate,
  countyCalendar,
  getRequest,
  listRequests,
  putReviewLitigation,
  registerRequest,
  transitionRequest,
} from '../services/requests.js';
import { type NodeStatus, health, nodeInfo } from '../services/node.js';
import { getRequestDocument, listRequestDocuments, saveRequestDocument } from '../services/request-documents.js';
import { annualReportPreview, getAnnualReportDraft, publishAnnualReport, putAnnualReportTexts } from '../services/annual-report-export.js';
import { createRecord, getRecord, listRecords, recordListQuerySchema, transitionRecord, updateRecord } from '../services/records.js';
import { deleteAttachment, listAttachments } from '../services/attachments.js';
import { interpretationWorklist, interpretationsOf } from '../services/records-interpretations.js';
import {
  assessWithheld,
  cleanupWorklist,
  createNegativeListEntry,
  deleteNegativeListEntry,
  draftCleanupResult,
  negativeList,
  overdueInterpretations,
  recordReview,
  updateNegativeListEntry,
  withheldDue,
} from '../services/records-lifecycle.js';

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
    adopt: authedProcedure
      .input(elements)
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(adoptStandardItem(ctx.services, ctx.user, input)))),
    transition: authedProcedure
      .input(idInput.extend({ action: z.string(), version: versionSchema.optional() }))
      .mutation(({ ctx, input }) => {
        const { id, ...body } = input;
        return trpcErrors(() => unwrap(transitionItem(ctx.services, ctx.user, id, body)));
      }),
    submit: authedProcedure
      .input(elements)
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(submitItems(ctx.services, ctx.user, input)))),
    versions: authedProcedure
      .input(idInput)
      .query(({ ctx, input }) => trpcErrors(() => unwrap(itemVersions(ctx.services, input.id)))),
    reviews: authedProcedure
      .input(idInput)
      .query(({ ctx, input }) => trpcErrors(() => unwrap(itemReviews(ctx.services, input.id)))),
    due: authedProcedure
      .input(z.object({ days: z.number().int().optional() }).optional())
      .query(({ ctx, input }) => trpcErrors(() => unwrap(dueItems(ctx.services, input ?? {})))),
    exemptions: authedProcedure.query(({ ctx }) => listExemptions(ctx.services)),
    declareExemption: authedProcedure
      .input(elements)
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(declareExemption(ctx.services, ctx.user, input)))),
    withdrawExemption: authedProcedure
      .input(z.object({ standardItemId: z.string().min(1).max(100) }))
      .mutation(({ ctx, input }) =>
        trpcErrors(() => unwrap(withdrawExemption(ctx.services, ctx.user, input.standardItemId))),
      ),
  }),
  standards: t.router({
    list: authedProcedure.query(({ ctx }) => standardsOverview(ctx.services)),
    affected: authedProcedure.query(({ ctx }) => affectedByStandards(ctx.services)),
    changes: authedProcedure
      .input(z.object({ domain: z.string().max(60), from: z.number().int(), to: z.number().int().optional() }))
      .query(({ ctx, input }) => {
        const { domain, ...query } = input;
        return trpcErrors(() => unwrap(guidelineChanges(ctx.services, domain, query)));
      }),
  }),
  requests: t.router({
    list: authedProcedure
      .input(
        z
          .object({ status: z.string().optional(), dueStatus: z.string().optional(), queue: z.string().optional(), limit: z.number().int().optional() })
          .optional(),
      )
      .query(({ ctx, input }) => trpcErrors(() => unwrap(listRequests(ctx.services, input ?? {})))),
    get: authedProcedure.input(idInput).query(({ ctx, input }) => trpcErrors(() => unwrap(getRequest(ctx.services, input.id)))),
    register: authedProcedure
      .input(elements)
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(registerRequest(ctx.services, ctx.user, input)))),
    transition: authedProcedure
      .input(idInput.extend({ action: z.string() }).loose())
      .mutation(({ ctx, input }) => {
        const { id, ...body } = input;
        return trpcErrors(() => unwrap(transitionRequest(ctx.services, ctx.user, id, body)));
      }),
    document: t.router({
      list: authedProcedure.input(idInput).query(({ ctx, input }) => trpcErrors(() => unwrap(listRequestDocuments(ctx.services, input.id)))),
      get: authedProcedure
        .input(idInput.extend({ kind: z.string().min(1).max(60) }))
        .query(({ ctx, input }) => trpcErrors(() => unwrap(getRequestDocument(ctx.services, input.id, input.kind)))),
      save: authedProcedure
        .input(idInput.extend({ kind: z.string().min(1).max(60), draft: z.unknown() }))
        .mutation(({ ctx, input }) => trpcErrors(() => unwrap(saveRequestDocument(ctx.services, ctx.user, input.id, input.kind, input.draft)))),
    }),
  }),
  reports: t.router({
    annualDraft: authedProcedure
      .input(z.object({ year: z.number().int() }))
      .query(({ ctx, input }) => trpcErrors(() => unwrap(getAnnualReportDraft(ctx.services, input.year)))),
    annualPreview: authedProcedure
      .input(z.object({ year: z.number().int() }))
      .query(({ ctx, input }) => trpcErrors(() => unwrap(annualReportPreview(ctx.services, input.year)))),
    putAnnualTexts: authedProcedure
      .input(z.object({ year: z.number().int(), texts: z.unknown() }))
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(putAnnualReportTexts(ctx.services, ctx.user, input.year, input.texts)))),
    publishAnnual: authedProcedure
      .input(z.object({ year: z.number().int() }))
      .mutation(({ ctx, input }) => trpcErrors(async () => unwrap(await publishAnnualReport(ctx.services, ctx.user, input.year)))),
    annual: authedProcedure
      .input(z.object({ year: z.number().int() }))
      .query(({ ctx, input }) => trpcErrors(() => unwrap(annualReport(ctx.services, input.year)))),
    putReviewLitigation: authedProcedure
      .input(z.object({ year: z.number().int(), counts: z.unknown() }))
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(putReviewLitigation(ctx.services, ctx.user, input.year, input.counts)))),
  }),
  calendar: t.router({
    dueDate: publicProcedure
      .input(z.object({ start: z.string(), workingDays: z.number().int() }))
      .query(({ ctx, input }) => trpcErrors(() => unwrap(calendarDueDate(countyCalendar(ctx.services.db), input)))),
  }),
  records: t.router({
    list: authedProcedure
      .input(recordListQuerySchema.partial().optional())
      .query(({ ctx, input }) => trpcErrors(() => unwrap(listRecords(ctx.services, input ?? {})))),
    get: authedProcedure.input(idInput).query(({ ctx, input }) => trpcErrors(() => unwrap(getRecord(ctx.services, input.id)))),
    create: authedProcedure
      .input(elements)
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(createRecord(ctx.services, ctx.user, input)))),
    update: authedProcedure
      .input(idInput.extend({ version: versionSchema.optional(), patch: elements }))
      .mutation(({ ctx, input }) =>
        trpcErrors(() => unwrap(updateRecord(ctx.services, ctx.user, input.id, input.patch, input.version))),
      ),
    transition: authedProcedure
      .input(idInput.extend({ action: z.string() }).loose())
      .mutation(({ ctx, input }) => {
        const { id, ...body } = input;
        return trpcErrors(() => unwrap(transitionRecord(ctx.services, ctx.user, id, body)));
      }),
    // the later life of records: the same services as the REST routes in http/records-lifecycle.ts
    review: authedProcedure.input(idInput).query(({ ctx, input }) => trpcErrors(() => unwrap(recordReview(ctx.services, input.id)))),
    attachments: authedProcedure
      .input(idInput)
      .query(({ ctx, input }) => trpcErrors(() => unwrap(listAttachments(ctx.services, input.id)))),
    deleteAttachment: authedProcedure
      .input(idInput.extend({ attachmentId: z.string().min(1).max(100) }))
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(deleteAttachment(ctx.services, ctx.user, input.id, input.attachmentId)))),
    interpretations: authedProcedure
      .input(idInput)
      .query(({ ctx, input }) => trpcErrors(() => unwrap(interpretationsOf(ctx.services, input.id)))),
    interpretationWorklist: authedProcedure.query(({ ctx }) => trpcErrors(() => unwrap(interpretationWorklist(ctx.services)))),
    overdueInterpretations: authedProcedure.query(({ ctx }) => trpcErrors(() => unwrap(overdueInterpretations(ctx.services)))),
    withheldDue: authedProcedure.query(({ ctx }) => trpcErrors(() => unwrap(withheldDue(ctx.services)))),
    assess: authedProcedure
      .input(idInput.extend({ decision: z.string() }).loose())
      .mutation(({ ctx, input }) => {
        const { id, ...body } = input;
        return trpcErrors(() => unwrap(assessWithheld(ctx.services, ctx.user, id, body)));
      }),
    cleanup: authedProcedure
      .input(z.object({ years: z.number().int().optional() }).optional())
      .query(({ ctx, input }) => trpcErrors(() => unwrap(cleanupWorklist(ctx.services, input ?? {})))),
    draftCleanupResult: authedProcedure
      .input(elements)
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(draftCleanupResult(ctx.services, ctx.user, input)))),
  }),
  negativeList: t.router({
    list: authedProcedure.query(({ ctx }) => trpcErrors(() => unwrap(negativeList(ctx.services)))),
    create: authedProcedure
      .input(elements)
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(createNegativeListEntry(ctx.services, ctx.user, input)))),
    update: authedProcedure
      .input(idInput.extend({ patch: elements }))
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(updateNegativeListEntry(ctx.services, ctx.user, input.id, input.patch)))),
    delete: authedProcedure
      .input(idInput)
      .mutation(({ ctx, input }) => trpcErrors(() => unwrap(deleteNegativeListEntry(ctx.services, ctx.user, input.id)))),
  }),
});

export type CountyRouter = typeof countyRouter;
