import { domainError } from '@zwgk/core';
import { AppError, bearerToken } from '@zwgk/server';
import type { HubDeps, Viewer } from './deps.js';
import { authenticate } from './services/accounts.js';

/**
 * Who is calling, from the Authorization header: null without one (the public). A header that
 * is present but not a valid, current token is an error rather than the public, so an expired
 * session is noticed instead of silently showing less.
 */
export function viewerResolver(deps: Pick<HubDeps, 'db'>, header: string | undefined): () => Promise<Viewer | null> {
  let cached: Promise<Viewer | null> | undefined;
  return () =>
    (cached ??= (async () => {
      if (!header) return null;
      const token = bearerToken(header);
      if (!token) throw new AppError(domainError('unauthorized', '认证头格式应为 Authorization: Bearer <令牌>'));
      const viewer = await authenticate(deps.db, token);
      if (!viewer) throw new AppError(domainError('unauthorized', '登录已失效，请重新登录'));
      return viewer;
    })());
}
