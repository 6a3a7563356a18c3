/**
 * Turns a failed tRPC call into what a page shows. The servers put their DomainError into
 * `data.domain` (code, Chinese message, `details.fields`); a backend that cannot be reached gives
 * `unavailable` with a message naming it.
 */
import { TRPCClientError } from '@trpc/client';
import { type UiError, fieldErrors } from '$lib/errors';

interface DomainLike {
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

const TRPC_TO_DOMAIN: Record<string, string> = {
  BAD_REQUEST: 'bad_request',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  SERVICE_UNAVAILABLE: 'unavailable',
};

const FALLBACK_MESSAGE: Record<string, string> = {
  bad_request: '请求无效',
  validation_failed: '提交的内容有误',
  unauthorized: '登录已失效，请重新登录',
  forbidden: '没有权限执行此操作',
  not_found: '没有找到相应记录',
  conflict: '记录已被修改，请刷新后重试',
  invalid_state: '当前状态下不能执行此操作',
  unavailable: '服务暂时不可用，请稍后再试',
};

export function toUiError(e: unknown, backendName: string): UiError {
  if (e instanceof TRPCClientError) {
    const data = (e.data ?? undefined) as { code?: string; domain?: DomainLike } | undefined;
    const domain = data?.domain;
    if (domain && typeof domain.code === 'string') {
      return {
        code: domain.code,
        message: typeof domain.message === 'string' && domain.message ? domain.message : (FALLBACK_MESSAGE[domain.code] ?? '操作失败'),
        fields: fieldErrors(domain.details),
      };
    }
    if (data?.code) {
      const code = TRPC_TO_DOMAIN[data.code] ?? 'unavailable';
      return { code, message: FALLBACK_MESSAGE[code] ?? '操作失败', fields: {} };
    }
    // No error shape at all: the request never reached the server, or it answered with non-tRPC.
    return { code: 'unavailable', message: `无法连接${backendName}，请稍后再试`, fields: {} };
  }
  return { code: 'unavailable', message: `无法连接${backendName}，请稍后再试`, fields: {} };
}

export const isUnauthorized = (e: UiError) => e.code === 'unauthorized';
