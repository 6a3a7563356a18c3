import { type DomainError, type ErrorCode, type Result, domainError } from '@zwgk/core';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';

export const HTTP_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  unavailable: 503,
};

/**
 * A DomainError on its way out of a handler. Services return Results; handlers `unwrap` them, and
 * the single error handler below turns this into the `{error: {...}}` envelope (REST) or a tRPC
 * error (see trpc.ts), so no handler formats errors itself.
 */
export class AppError extends Error {
  constructor(readonly domain: DomainError) {
    super(domain.message);
    this.name = 'AppError';
  }
}

export const fail = (code: ErrorCode, message: string, details?: unknown): never => {
  throw new AppError(domainError(code, message, details));
};

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new AppError(result.error);
}

export const errorBody = (e: DomainError) => ({ error: e });

export function sendError(c: Context, e: DomainError) {
  return c.json(errorBody(e), HTTP_STATUS[e.code]);
}

export function errorHandler(logger: Logger): ErrorHandler {
  return (e, c) => {
    if (e instanceof AppError) return sendError(c, e.domain);
    if (e instanceof HTTPException) {
      const status = e.status;
      const code: ErrorCode =
        status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'bad_request';
      return c.json(errorBody(domainError(code, e.message || '请求无效')), status as ContentfulStatusCode);
    }
    logger.error({ err: e, path: c.req.path, method: c.req.method }, 'unhandled error');
    return c.json(errorBody({ code: 'unavailable', message: '服务器内部错误，请稍后再试' }), 500);
  };
}

export const notFoundHandler: NotFoundHandler = (c) =>
  sendError(c, domainError('not_found', `没有这个接口：${c.req.method} ${c.req.path}`));
