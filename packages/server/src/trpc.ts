import type { DomainError, ErrorCode } from '@zwgk/core';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { AppError } from './errors.js';

const TRPC_CODE: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  bad_request: 'BAD_REQUEST',
  validation_failed: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  invalid_state: 'CONFLICT',
  unavailable: 'SERVICE_UNAVAILABLE',
};

export const toTRPCError = (e: DomainError): TRPCError =>
  new TRPCError({ code: TRPC_CODE[e.code], message: e.message, cause: new AppError(e) });

/**
 * tRPC `errorFormatter`: puts the same DomainError the REST face returns into `data.domain`, so
 * the web shows the same Chinese messages and field errors either way.
 */
export function formatTRPCError<S extends { data: object }>({ shape, error }: { shape: S; error: TRPCError }) {
  const cause = error.cause;
  let domain: DomainError | undefined;
  if (cause instanceof AppError) domain = cause.domain;
  else if (error.code === 'BAD_REQUEST' && cause && 'issues' in cause) {
    const issues = (cause as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    domain = {
      code: 'validation_failed',
      message: '提交的内容有误',
      details: { fields: issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })) },
    };
  }
  return { ...shape, data: { ...shape.data, domain } };
}

/** Converts AppErrors thrown inside a procedure into TRPCErrors with the right code. */
export async function trpcErrors<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) throw toTRPCError(e.domain);
    throw e;
  }
}
