/** The province-wide feed of newly published records (ATOM), served from the hub at the portal's address. */
import { proxyHubFeed } from '$lib/server/records-public';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, request }) => proxyHubFeed('atom', undefined, url, request);
