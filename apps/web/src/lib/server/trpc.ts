/**
 * tRPC clients for the hub and the county nodes. Server-side only: tokens never reach the
 * browser, and the routers are imported as types, so no server code is bundled.
 */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { CountyRouter } from '@zwgk/county-node/router';
import type { HubRouter } from '@zwgk/hub/router';
import { config } from './env';

export type HubClient = ReturnType<typeof createTRPCClient<HubRouter>>;
export type CountyClient = ReturnType<typeof createTRPCClient<CountyRouter>>;

const TIMEOUT_MS = 15_000;

/** fetch with a deadline, so a hung backend gives a clear error instead of a hung page */
const fetchWithTimeout: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS) });

const authHeaders = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

export function hubClient(token?: string): HubClient {
  return createTRPCClient<HubRouter>({
    links: [httpBatchLink({ url: `${config().hubUrl}/trpc`, headers: () => authHeaders(token), fetch: fetchWithTimeout })],
  });
}

/** The county codes this web deployment serves a console for, in configured order. */
export function configuredCounties(): string[] {
  return [...config().countyNodes.keys()];
}

export function countyNodeUrl(code: string): string | undefined {
  return config().countyNodes.get(code);
}

/** Throws if `code` is not configured; callers check `countyNodeUrl` first (and answer 404). */
export function countyClient(code: string, token?: string): CountyClient {
  const base = countyNodeUrl(code);
  if (!base) throw new Error(`no county node configured for ${code}`);
  return createTRPCClient<CountyRouter>({
    links: [httpBatchLink({ url: `${base}/trpc`, headers: () => authHeaders(token), fetch: fetchWithTimeout })],
  });
}
