/** The document as Word (.docx), rendered by the county node and passed through with the console's token. */
import { countyFile, requireDocumentKind } from '$lib/server/request-documents';
import { requireCounty } from '$lib/server/session';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url, params }) => {
  const session = requireCounty(locals, url, params.code);
  const kind = requireDocumentKind(params.kind);
  return countyFile(session.code, session.token, `/api/v1/requests/${encodeURIComponent(params.id)}/documents/${kind}.docx`);
};
