/**
 * Standard reply texts of a request (标准文本): the template of a kind filled from the request
 * (`fillReplyTemplate` in core) or the draft a clerk edited and saved before issue, as JSON, .docx
 * or a printable page. Saving a draft is audited; a saved draft replaces the filled template for
 * that request and kind.
 */
import {
  DELIVERY_FORM_NAMES,
  type FilledReplyDocument,
  type ReplyContext,
  type ReplyDocumentKind,
  type Result,
  type WorkflowEvent,
  type WorkflowEventType,
  REPLY_DOCUMENT_KINDS,
  REPLY_DOCUMENT_KIND_NAMES,
  THIRD_PARTY_OPINION_WORKING_DAYS,
  MAX_EXTENSION_WORKING_DAYS,
  domainError,
  err,
  fillReplyTemplate,
  formatDateZh,
  isIsoDate,
  isReplyDocumentKind,
  ok,
  requestDeadlines,
} from '@zwgk/core';
import { type InfoRequestRow, infoRequestEvents, infoRequests, requestDocuments } from '@zwgk/db/sqlite';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type AuthUser, requireRole } from './accounts.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, nowOf } from './context.js';
import { type DocBlock, renderDocx, renderHtml } from './document-render.js';
import { countyCalendar, todayOf } from './requests.js';

const HANDLERS = ['county_admin', 'county_editor'] as const;

export const documentDraftSchema = z
  .object({
    title: z.string().trim().min(1, { error: '请填写标题' }).max(200),
    docNo: z.string().trim().max(100),
    addressee: z.string().trim().max(300),
    paragraphs: z.array(z.string().max(20_000)).min(1, { error: '正文不能为空' }).max(200),
    date: z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' }),
    issuer: z.string().trim().min(1, { error: '请填写落款机关' }).max(200),
  })
  .strict();
export type DocumentDraft = z.infer<typeof documentDraftSchema>;

export const saveDocumentBodySchema = documentDraftSchema.extend({
  /** the draft version the edit was based on (0: the filled template); a mismatch is a conflict */
  version: z.number().int().min(0).optional(),
});

export const requestDocumentSchema = z.object({
  requestId: z.string(),
  trackingNo: z.string(),
  kind: z.enum(REPLY_DOCUMENT_KINDS),
  kindName: z.string(),
  /** true when a clerk saved an edited draft */
  edited: z.boolean(),
  /** 0 for the filled template, then 1, 2 … per saved edit */
  version: z.number(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  title: z.string(),
  docNo: z.string(),
  addressee: z.string(),
  paragraphs: z.array(z.string()),
  date: z.string(),
  dateText: z.string(),
  issuer: z.string(),
  /** the provisions the template relies on */
  articles: z.array(z.string()),
});
export type RequestDocument = z.infer<typeof requestDocumentSchema>;

const kindError = (kind: string) =>
  err(
    domainError('not_found', `没有这种文书：${kind}`, {
      fields: [{ field: 'kind', message: `应为 ${REPLY_DOCUMENT_KINDS.join('、')} 之一` }],
    }),
  );

function events(deps: ServiceDeps, id: string): WorkflowEvent[] {
  return deps.db
    .select()
    .from(infoRequestEvents)
    .where(eq(infoRequestEvents.requestId, id))
    .orderBy(asc(infoRequestEvents.id))
    .all()
    .filter((r) => r.type !== 'recomputed')
    .map((r) => (r.details ? { type: r.type as WorkflowEventType, on: r.on, details: r.details } : { type: r.type as WorkflowEventType, on: r.on }));
}

/** The template filled from the request, its timeline and the deadline engine's dates. */
function filled(deps: ServiceDeps, row: InfoRequestRow, kind: ReplyDocumentKind): Result<FilledReplyDocument> {
  const calendar = countyCalendar(deps.db);
  const evs = events(deps, row.id);
  const d = requestDeadlines(evs, calendar);
  const dl = d.ok ? d.value : null;
  const last = (type: WorkflowEventType) => [...evs].reverse().find((e) => e.type === type);
  const today = todayOf(deps);
  const context: ReplyContext = { countyCode: deps.county.code, date: today };
  switch (kind) {
    case 'acknowledgement':
      context.date = row.receivedOn;
      break;
    case 'correctionNotice':
      context.date = last('correctionRequested')?.on ?? today;
      context.correction = { dueBy: dl?.correctionNoticeDueOn ?? null };
      break;
    case 'extensionNotice': {
      const ext = last('extended');
      const days = typeof ext?.details?.workingDays === 'number' ? ext.details.workingDays : MAX_EXTENSION_WORKING_DAYS;
      const original = dl?.replyDueOn ?? null;
      const newDueOn = dl?.extendedDueOn ?? (original ? calendar.addWorkingDays(original, days).dueDate : null);
      if (!newDueOn) {
        return err(domainError('invalid_state', '申请当前没有进行中的答复期限（待补正或征求意见中），无法拟制延期答复告知书'));
      }
      context.date = ext?.on ?? today;
      context.extension = { workingDays: days, newDueOn, originalDueOn: original };
      break;
    }
    case 'thirdPartyConsultation': {
      const started = [...evs].reverse().find((e) => e.type === 'consultationStarted' && e.details?.party === 'thirdParty');
      const pause = dl?.pauses.find((p) => p.party === 'thirdParty' && p.from === started?.on);
      context.date = started?.on ?? today;
      context.thirdParty = {
        replyBy: pause?.opinionDueOn ?? calendar.addWorkingDays(started?.on ?? today, THIRD_PARTY_OPINION_WORKING_DAYS).dueDate,
      };
      break;
    }
    default:
      if (row.outcome === kind && row.repliedOn) context.date = row.repliedOn;
      // the reply text the clerk recorded is the reason the partial and 其他 templates need
      if (row.outcome === kind && (kind === 'partial' || kind === 'otherOther') && row.replyText?.trim()) context.reason = row.replyText.trim();
  }
  const correctedOn = last('correctionReceived')?.on ?? null;
  return fillReplyTemplate(
    kind,
    {
      trackingNo: row.trackingNo,
      applicantName: row.applicantName,
      organisationName: row.organisationName,
      receivedOn: row.receivedOn,
      description: row.description,
      dueOn: dl?.effectiveDueOn ?? row.dueOn,
      deliveryFormName: DELIVERY_FORM_NAMES[row.deliveryForm as keyof typeof DELIVERY_FORM_NAMES] ?? null,
      correctedOn,
    },
    context,
  );
}

function loadRequest(deps: ServiceDeps, id: string): Result<InfoRequestRow> {
  const row = deps.db.select().from(infoRequests).where(eq(infoRequests.id, id)).get();
  return row ? ok(row) : err(domainError('not_found', '没有这件申请'));
}

/** The document of a kind for a request: the saved draft if a clerk edited one, else the filled template. */
export function getRequestDocument(deps: ServiceDeps, id: string, rawKind: string): Result<RequestDocument> {
  if (!isReplyDocumentKind(rawKind)) return kindError(rawKind);
  const kind = rawKind;
  const row = loadRequest(deps, id);
  if (!row.ok) return row;
  const base = filled(deps, row.value, kind);
  if (!base.ok) return base;
  const saved = deps.db
    .select()
    .from(requestDocuments)
    .where(and(eq(requestDocuments.requestId, id), eq(requestDocuments.kind, kind)))
    .get();
  const common = { requestId: id, trackingNo: row.value.trackingNo, kind, kindName: REPLY_DOCUMENT_KIND_NAMES[kind], articles: base.value.articles };
  if (saved) {
    const draft = documentDraftSchema.parse(saved.draft);
    return ok({
      ...common,
      edited: true,
      version: saved.version,
      updatedAt: saved.updatedAt,
      updatedBy: saved.updatedBy,
      ...draft,
      dateText: formatDateZh(draft.date),
    });
  }
  const f = base.value;
  return ok({
    ...common,
    edited: false,
    version: 0,
    updatedAt: null,
    updatedBy: null,
    title: f.title,
    docNo: f.docNo,
    addressee: f.addressee,
    paragraphs: f.paragraphs,
    date: f.date,
    dateText: f.dateText,
    issuer: f.issuer,
  });
}

/** Saves a clerk's edit of the document (editors and admins), audited; `version` guards concurrent edits. */
export function saveRequestDocument(deps: ServiceDeps, actor: AuthUser, id: string, rawKind: string, body: unknown): Result<RequestDocument> {
  const allowed = requireRole(actor, HANDLERS);
  if (!allowed.ok) return allowed;
  if (!isReplyDocumentKind(rawKind)) return kindError(rawKind);
  const kind = rawKind;
  const parsed = saveDocumentBodySchema.safeParse(body);
  if (!parsed.success) {
    return err(
      domainError('validation_failed', '文书内容有误', {
        fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })),
      }),
    );
  }
  const { version: expected, ...draft } = parsed.data;
  const row = loadRequest(deps, id);
  if (!row.ok) return row;
  const at = nowOf(deps).toISOString();
  const saved = deps.db.transaction(
    (tx): Result<number> => {
      const current = tx
        .select({ version: requestDocuments.version })
        .from(requestDocuments)
        .where(and(eq(requestDocuments.requestId, id), eq(requestDocuments.kind, kind)))
        .get();
      const currentVersion = current?.version ?? 0;
      if (expected !== undefined && expected !== currentVersion) {
        return err(domainError('conflict', `文书已被他人修改（当前版本 ${currentVersion}），请刷新后重试`, { version: currentVersion }));
      }
      const version = currentVersion + 1;
      tx.insert(requestDocuments)
        .values({ requestId: id, kind, draft, version, updatedAt: at, updatedBy: actor.username })
        .onConflictDoUpdate({
          target: [requestDocuments.requestId, requestDocuments.kind],
          set: { draft, version, updatedAt: at, updatedBy: actor.username },
        })
        .run();
      writeAudit(tx, {
        at,
        actor: actor.username,
        action: 'info_request.document.save',
        entityType: 'info_request',
        entityId: id,
        details: { trackingNo: row.value.trackingNo, kind, version, title: draft.title, paragraphs: draft.paragraphs.length },
      });
      return ok(version);
    },
    { behavior: 'immediate' },
  );
  if (!saved.ok) return saved;
  return getRequestDocument(deps, id, kind);
}

function blocks(doc: RequestDocument): DocBlock[] {
  return [
    { type: 'title', text: doc.title },
    ...(doc.docNo.trim() ? [{ type: 'docNo' as const, text: doc.docNo }] : []),
    ...(doc.addressee.trim() ? [{ type: 'addressee' as const, text: doc.addressee }] : []),
    ...doc.paragraphs.filter((p) => p.trim()).map((text) => ({ type: 'paragraph' as const, text })),
    { type: 'signature', issuer: doc.issuer, date: doc.dateText },
  ];
}

/** `<title>（<tracking no>）` — the download's name. */
const fileBase = (doc: RequestDocument) => `${doc.title}（${doc.trackingNo}）`;

export async function requestDocumentDocx(deps: ServiceDeps, id: string, kind: string): Promise<Result<{ buffer: Buffer; fileName: string; asciiName: string }>> {
  const doc = getRequestDocument(deps, id, kind);
  if (!doc.ok) return doc;
  const buffer = await renderDocx(blocks(doc.value), { title: doc.value.title, creator: doc.value.issuer });
  return ok({ buffer, fileName: `${fileBase(doc.value)}.docx`, asciiName: `${doc.value.trackingNo}-${doc.value.kind}.docx` });
}

export function requestDocumentHtml(deps: ServiceDeps, id: string, kind: string): Result<string> {
  const doc = getRequestDocument(deps, id, kind);
  if (!doc.ok) return doc;
  return ok(renderHtml(blocks(doc.value), { title: fileBase(doc.value) }));
}
