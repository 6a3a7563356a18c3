/** An attachment of a record, fetched from the county node with the console's token, server-side. */
import { proxyAttachment } from '$lib/server/records-lifecycle';
import { requireCounty } from '$lib/server/session';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url, params, request }) => {
  const session = requireCounty(locals, url, params.code);
  return proxyAttachment(session, params.id, params.attachmentId, request.headers.get('if-none-match'));
};
