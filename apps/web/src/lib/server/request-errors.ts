/**
 * A failed call of the 依申请公开 forms: the message and code as elsewhere, and the field errors
 * keyed by the form's own field names (`applicant.phone` → `phone`, `review.upheld` stays).
 */
import { TRPCClientError } from '@trpc/client';
import type { UiError } from '$lib/errors';
import { leafFieldErrors } from '$lib/requests';
import { toUiError } from './backend-error';

export function requestUiError(e: unknown, backendName: string, base?: UiError): UiError {
  const ui = base ?? toUiError(e, backendName);
  if (e instanceof TRPCClientError) {
    const details = (e.data as { domain?: { details?: unknown } } | undefined)?.domain?.details;
    const fields = leafFieldErrors(details);
    if (Object.keys(fields).length) return { ...ui, fields };
  }
  return ui;
}

/** The HTTP status a form answers with for a failed call. */
export const failStatus = (ui: UiError): number =>
  ui.code === 'validation_failed' || ui.code === 'bad_request'
    ? 400
    : ui.code === 'forbidden'
      ? 403
      : ui.code === 'not_found'
        ? 404
        : ui.code === 'conflict' || ui.code === 'invalid_state'
          ? 409
          : 503;
