import { fail, redirect } from '@sveltejs/kit';
import { canWrite, countyActionError, countyLoadFailed } from '$lib/server/county';
import { failStatus } from '$lib/server/request-errors';
import {
  DOCUMENT_FIELD_LABELS,
  type DocumentContent,
  documentFieldErrors,
  documentToForm,
  paragraphsToText,
  readDocumentForm,
  requireDocumentKind,
} from '$lib/server/request-documents';
import { requireCounty } from '$lib/server/session';
import { type CountyClient, countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

const loadDocument = (client: CountyClient, id: string, kind: string) => client.requests.document.get.query({ id, kind });
type LoadedDocument = Awaited<ReturnType<typeof loadDocument>>;

/** What the page shows of the saved state: version, who, when, and where it departs from the template. */
const savedState = (d: LoadedDocument) => ({
  version: d.version,
  edited: d.edited,
  updatedAt: d.updatedAt,
  updatedBy: d.updatedBy,
  changedFields: d.changedFields,
  changedLabels: d.changedFields.map((f) => DOCUMENT_FIELD_LABELS[f] ?? f),
});

const content = (d: DocumentContent): DocumentContent => ({
  title: d.title,
  docNo: d.docNo,
  addressee: d.addressee,
  paragraphs: d.paragraphs,
  date: d.date,
  issuer: d.issuer,
});

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const kind = requireDocumentKind(params.kind);
  try {
    const client = countyClient(session.code, session.token);
    const [doc, request] = await Promise.all([loadDocument(client, params.id, kind), client.requests.get.query({ id: params.id })]);
    // ?from=template puts the template back in the form; it replaces the draft only when saved
    const fromTemplate = url.searchParams.get('from') === 'template' && doc.template !== null;
    const template = doc.template ?? content(doc);
    const templateSet = new Set(template.paragraphs.map((p) => p.trim()));
    return {
      title: `${doc.kindName} · ${doc.trackingNo}`,
      request: { id: request.id, trackingNo: request.trackingNo, statusName: request.statusName },
      kind,
      kindName: doc.kindName,
      articles: doc.articles,
      saved: savedState(doc),
      values: documentToForm(fromTemplate ? template : content(doc)),
      fromTemplate,
      template: doc.template ? { ...doc.template, text: paragraphsToText(doc.template.paragraphs) } : null,
      // paragraphs of the saved text that the template does not have, to mark them
      changedParagraphs: doc.edited ? doc.paragraphs.map((p) => !templateSet.has(p.trim())) : [],
      paragraphs: doc.paragraphs,
      done: url.searchParams.get('done') === 'saved',
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const kind = requireDocumentKind(params.kind);
    const { values, draft, version } = readDocumentForm(await request.formData());
    if (!canWrite(session.user.role)) {
      return fail(403, { values, message: '您的账号只能查看文书，不能修改（需县级管理员或编辑）', errors: {} as Record<string, string>, conflict: null });
    }
    const client = countyClient(session.code, session.token);
    try {
      await client.requests.document.save.mutate({ id: params.id, kind, draft: { ...draft, ...(version !== undefined ? { version } : {}) } });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      let conflict: null | (ReturnType<typeof savedState> & { paragraphs: string[] }) = null;
      if (ui.code === 'conflict') {
        // show what the other clerk saved beside the clerk's own unsaved text, and let them choose
        try {
          const latest = await loadDocument(client, params.id, kind);
          conflict = { ...savedState(latest), paragraphs: latest.paragraphs };
        } catch {
          conflict = null;
        }
      }
      return fail(failStatus(ui), { values, message: ui.message, errors: documentFieldErrors(ui.fields), conflict });
    }
    redirect(303, `/county/${session.code}/requests/${params.id}/documents/${kind}?done=saved`);
  },
};
