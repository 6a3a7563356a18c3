/** A public record's attachment, downloaded from the hub at the portal's own address. */
import { proxyPublicAttachment } from '$lib/server/records-public';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, request }) => proxyPublicAttachment(params.id, params.attachmentId, request);
