import { error } from '@sveltejs/kit';
import { INTERPRETATION_FORM_NAMES, type InterpretationForm, RECORD_ATTRIBUTE_NAMES, RECORD_DOC_CATEGORY_NAMES, RECORD_VALIDITY_NAMES } from '@zwgk/core';
import { toUiError } from '$lib/server/backend-error';
import { hubClient } from '$lib/server/trpc';
import { fileSizeText, mediaTypeName, validityText } from '$lib/record-view';
import { sanitizeRecordHtml } from '$lib/sanitize';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
  if (!/^[\w-]{1,100}$/.test(params.id)) error(404, { message: '没有这条政府信息', code: 'not_found' });
  let r;
  try {
    r = await hubClient().records.get.query({ id: params.id });
  } catch (e) {
    const ui = toUiError(e, '省级平台');
    error(ui.code === 'not_found' ? 404 : 503, { message: ui.code === 'not_found' ? '没有这条政府信息，或已被撤回' : ui.message, code: ui.code });
  }
  // the county sanitised the body on input; sanitise again here, with the portal's own allow-list
  const body = sanitizeRecordHtml(r.body);
  const formName = (f: string | null | undefined) => (f ? (INTERPRETATION_FORM_NAMES[f as InterpretationForm] ?? null) : null);
  return {
    title: r.title,
    record: {
      id: r.id,
      title: r.title,
      indexNo: r.indexNo,
      issuingBody: r.issuingBody,
      docNo: r.docNo,
      writtenOn: r.writtenOn,
      publishedOn: r.publishedOn,
      domain: r.domain,
      domainName: r.domainName,
      countyCode: r.countyCode,
      countyName: r.countyName,
      attribute: r.attribute,
      attributeName: RECORD_ATTRIBUTE_NAMES[r.attribute],
      label: r.label,
      validity: r.validity,
      validityName: RECORD_VALIDITY_NAMES[r.validity],
      validFrom: r.validFrom,
      expiredOn: r.expiredOn,
      repealedOn: r.repealedOn,
      targetGroups: r.targetGroups,
      updatedAt: r.updatedAt,
      validityText: validityText(r).text,
      kind: r.kind ?? 'document',
      interpretationFormName: formName(r.interpretationForm),
      docCategoryName: r.docCategory ? RECORD_DOC_CATEGORY_NAMES[r.docCategory] : null,
    },
    // 政策解读: a document lists its published interpretations; an interpretation links back
    interpretations: r.interpretations.map((i) => ({ id: i.id, title: i.title, formName: formName(i.form), publishedOn: i.publishedOn })),
    interprets: r.interprets,
    // served through the portal (same origin), from the hub's copy: downloads work while the county is offline
    attachments: r.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      typeName: mediaTypeName(a.mediaType),
      sizeText: fileSizeText(a.size),
      sha256: a.sha256,
      href: `/records/${encodeURIComponent(r.id)}/attachments/${encodeURIComponent(a.id)}`,
    })),
    bodyHtml: body.html,
  };
};
