/**
 * Typed results instead of thrown errors: core functions return data or a DomainError, and the
 * apps map `code` to an HTTP status once (see each app's `http/errors.ts`).
 */
export type ErrorCode =
  | 'bad_request' // malformed input: not JSON, wrong types
  | 'validation_failed' // well-formed but breaks a domain rule; details lists the fields
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict' // stale version, duplicate name, used token
  | 'invalid_state' // the action is not allowed in the record's current state
  | 'unavailable'; // a dependency (NATS, the hub) cannot be reached right now

export interface FieldIssue {
  /** dotted path of the offending field, e.g. `channels.1` */
  field: string;
  message: string;
}

export interface DomainError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Ok<T> = { ok: true; value: T };
export type Err<E = DomainError> = { ok: false; error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E = DomainError>(error: E): Err<E> => ({ ok: false, error });

export const domainError = (code: ErrorCode, message: string, details?: unknown): DomainError =>
  details === undefined ? { code, message } : { code, message, details };

/** The wire shape every API returns on failure. */
export interface ErrorEnvelope {
  error: DomainError;
}
