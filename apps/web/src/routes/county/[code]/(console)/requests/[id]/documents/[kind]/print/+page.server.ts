import { countyLoadFailed } from '$lib/server/county';
import { requireDocumentKind } from '$lib/server/request-documents';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const kind = requireDocumentKind(params.kind);
  try {
    const d = await countyClient(session.code, session.token).requests.document.get.query({ id: params.id, kind });
    return {
      title: `${d.title}（${d.trackingNo}）`,
      requestId: params.id,
      kind,
      doc: {
        kindName: d.kindName,
        trackingNo: d.trackingNo,
        title: d.title,
        docNo: d.docNo,
        addressee: d.addressee,
        paragraphs: d.paragraphs.filter((p) => p.trim()),
        dateText: d.dateText,
        issuer: d.issuer,
        edited: d.edited,
        version: d.version,
      },
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};
