import { type Envelope, calendarYearBodySchema, requestFiledBodySchema } from '@zwgk/core';
import type { Logger } from 'pino';
import type { ServiceDeps, Tx } from './services/context.js';
import { applyCalendarYear, applyFiledRequest, refreshCalendar } from './services/requests.js';

export type RecordApplied = <T>(id: string, kind: string, effect: (tx: Tx) => T) => T;

/**
 * Hub messages about information requests: `request.filed` (an application from the province
 * portal, sealed to this county) and `calendar.year` (a holiday file the province loaded). Each is
 * applied in the transaction that records the message as applied.
 */
export function applyRequestInbound(
  env: Envelope,
  id: string,
  record: RecordApplied,
  services: ServiceDeps,
  log: Logger,
): { ok: true } | { ok: false; detail: unknown } {
  if (env.kind === 'request.filed') {
    const body = requestFiledBodySchema.safeParse(env.body);
    if (!body.success) return { ok: false, detail: body.error.issues };
    const key = services.encryptionPrivateKey;
    if (!key) return { ok: false, detail: 'no encryption key configured' };
    const outcome = record(id, env.kind, (tx) => applyFiledRequest(tx, services, body.data, key));
    if (outcome.applied) services.wake();
    log.info({ messageId: id, trackingNo: body.data.trackingNo, ...outcome }, 'application received from the portal');
    return { ok: true };
  }
  const body = calendarYearBodySchema.safeParse(env.body);
  if (!body.success) return { ok: false, detail: body.error.issues };
  const result = record(id, env.kind, (tx) => applyCalendarYear(tx, services, body.data, 'hub'));
  refreshCalendar(services.db);
  if (!result.ok) {
    log.warn({ messageId: id, error: result.error }, 'calendar year refused');
    return { ok: true };
  }
  if (result.value.changes.length) services.wake();
  log.info({ messageId: id, year: result.value.year, recomputed: result.value.changes.length }, 'calendar year loaded');
  return { ok: true };
}
