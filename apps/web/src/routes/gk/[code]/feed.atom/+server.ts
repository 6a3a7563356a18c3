/** A county's feed of newly published records (ATOM; `?domain=` for one domain), served from the hub at the portal's address. */
import { proxyHubFeed } from '$lib/server/records-public';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, url, request }) => proxyHubFeed('atom', params.code, url, request);
