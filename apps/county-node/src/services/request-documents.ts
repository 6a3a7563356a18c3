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
  OUTCOME_CODES,
  REPLY_DOCUMENT_KINDS,
  REPLY_DOCUMENT_KIND_NAMES,
  type RequestStatus,
  availableActions,
  isProceduralDocumentKind,
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

/** The editable fields of a document, in the order a clerk reads them. */
export const DOCUMENT_FIELDS = ['title', 'docNo', 'addressee', 'paragraphs', 'date', 'issuer'] as const;
export type DocumentField = (typeof DOCUMENT_FIELDS)[number];

const documentContentSchema = z.object({
  title: z.string(),
  docNo: z.string(),
  addressee: z.string(),
  paragraphs: z.array(z.string()),
  date: z.string(),
  issuer: z.string(),
});

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
  /** the fields where the saved draft differs from the template as it fills today ([] for the template itself) */
  changedFields: z.array(z.enum(DOCUMENT_FIELDS)),
  /** the filled template beside a saved draft, so a clerk can compare or start again; null when nothing is saved */
  template: documentContentSchema.nullable(),
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

const contentOf = (d: z.infer<typeof documentContentSchema>): z.infer<typeof documentContentSchema> => ({
  title: d.title,
  docNo: d.docNo,
  addressee: d.addressee,
  paragraphs: [...d.paragraphs],
  date: d.date,
  issuer: d.issuer,
});

/** Where a draft departs from the template; blank paragraphs are not text, so they do not count. */
function changedFields(draft: z.infer<typeof documentContentSchema>, template: z.infer<typeof documentContentSchema>): DocumentField[] {
  const text = (ps: readonly string[]) => ps.map((p) => p.trim()).filter(Boolean);
  return DOCUMENT_FIELDS.filter((f) => {
    if (f === 'paragraphs') {
      const a = text(draft.paragraphs);
      const b = text(template.paragraphs);
      return a.length !== b.length || a.some((p, i) => p !== b[i]);
    }
    return draft[f].trim() !== template[f].trim();
  });
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
    const template = contentOf(base.value);
    return ok({
      ...common,
      changedFields: changedFields(draft, template),
      template,
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
    changedFields: [],
    template: null,
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

export const documentStageSchema = z.enum(['issued', 'available', 'draftOnly']);

export const requestDocumentListSchema = z.object({
  requestId: z.string(),
  trackingNo: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  documents: z.array(
    z.object({
      kind: z.enum(REPLY_DOCUMENT_KINDS),
      kindName: z.string(),
      group: z.enum(['procedural', 'reply']),
      /**
       * issued: the step the document belongs to has been taken (补正 requested, extended, replied …);
       * available: the step can be taken now; draftOnly: neither, but a clerk saved a draft of it
       */
      stage: documentStageSchema,
      /** when the step happened or by when it is due, for the clerk */
      note: z.string().nullable(),
      edited: z.boolean(),
      version: z.number(),
      updatedAt: z.string().nullable(),
      updatedBy: z.string().nullable(),
    }),
  ),
});
export type RequestDocumentList = z.infer<typeof requestDocumentListSchema>;

/**
 * The documents a request can have at its stage: the letters of the steps taken, those of the
 * steps open now (the reply per outcome while a reply is possible), and any kind with a saved draft.
 */
export function listRequestDocuments(deps: ServiceDeps, id: string): Result<RequestDocumentList> {
  const row = loadRequest(deps, id);
  if (!row.ok) return row;
  const r = row.value;
  const evs = events(deps, id);
  const d = requestDeadlines(evs, countyCalendar(deps.db));
  const dl = d.ok ? d.value : null;
  const actions = new Set(availableActions({ status: r.status as RequestStatus, events: evs }));
  const saved = new Map(
    deps.db
      .select()
      .from(requestDocuments)
      .where(eq(requestDocuments.requestId, id))
      .all()
      .map((s) => [s.kind, s]),
  );
  const last = (type: WorkflowEventType) => [...evs].reverse().find((e) => e.type === type);
  const stages = new Map<ReplyDocumentKind, { stage: 'issued' | 'available'; note: string | null }>();
  stages.set('acknowledgement', { stage: 'issued', note: `${formatDateZh(r.receivedOn)}收到申请` });

  const correction = last('correctionRequested');
  if (correction) stages.set('correctionNotice', { stage: 'issued', note: `${formatDateZh(correction.on)}告知补正` });
  else if (actions.has('requestCorrection')) {
    stages.set('correctionNotice', {
      stage: 'available',
      note: dl ? `如需补正，应于${formatDateZh(dl.correctionNoticeDueOn)}前一次性告知（条例第三十条）` : null,
    });
  }

  const extension = last('extended');
  if (extension) stages.set('extensionNotice', { stage: 'issued', note: `${formatDateZh(extension.on)}决定延期` });
  else if (actions.has('extend')) {
    const running = dl?.effectiveDueOn;
    stages.set('extensionNotice', {
      stage: 'available',
      note: running ? `现行答复期限${formatDateZh(running)}，延期须在此前决定并告知申请人` : '答复期限中止或未起算，暂不能拟制',
    });
  }

  const consultation = [...evs].reverse().find((e) => e.type === 'consultationStarted' && e.details?.party === 'thirdParty');
  if (consultation) stages.set('thirdPartyConsultation', { stage: 'issued', note: `${formatDateZh(consultation.on)}征求第三方意见` });
  else if (actions.has('startConsultation')) stages.set('thirdPartyConsultation', { stage: 'available', note: '征求意见所需时间不计入答复期限' });

  if (r.outcome && isReplyDocumentKind(r.outcome)) {
    stages.set(r.outcome, { stage: 'issued', note: r.repliedOn ? `${formatDateZh(r.repliedOn)}答复` : null });
  } else if (actions.has('reply') || actions.has('replyOnTheSpot')) {
    const due = dl?.effectiveDueOn ? `答复期限${formatDateZh(dl.effectiveDueOn)}` : null;
    for (const code of OUTCOME_CODES) {
      if (code === 'otherNoCorrection') continue;
      stages.set(code, { stage: 'available', note: due });
    }
  }
  if (actions.has('lapse')) stages.set('otherNoCorrection', { stage: 'available', note: '申请人无正当理由逾期不补正' });

  const documents = REPLY_DOCUMENT_KINDS.filter((k) => stages.has(k) || saved.has(k)).map((kind) => {
    const s = saved.get(kind);
    const st = stages.get(kind);
    return {
      kind,
      kindName: REPLY_DOCUMENT_KIND_NAMES[kind],
      group: isProceduralDocumentKind(kind) ? ('procedural' as const) : ('reply' as const),
      stage: st?.stage ?? ('draftOnly' as const),
      note: st?.note ?? null,
      edited: s !== undefined,
      version: s?.version ?? 0,
      updatedAt: s?.updatedAt ?? null,
      updatedBy: s?.updatedBy ?? null,
    };
  });
  return ok({ requestId: id, trackingNo: r.trackingNo, status: r.status, outcome: r.outcome, documents });
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
