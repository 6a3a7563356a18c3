import {
  type Envelope,
  HUB_ORIGIN,
  catalogReviewBodySchema,
  decodeEnvelope,
  isAcceptedSchema,
  messageId,
  replayRequestBodySchema,
  standardGuidelineBodySchema,
  verifyEnvelope,
} from '@zwgk/core';
import { type CountyDb, inboundApplied } from '@zwgk/db/sqlite';
import { type FederationNames, type PulledMessage, subjects } from '@zwgk/federation';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { CountyMetrics } from './metrics.js';
import { applyReviewDecision } from './services/catalog.js';
import { applyRequestInbound } from './inbound-requests.js';
import { writeAudit } from './services/audit.js';
import type { ServiceDeps, Tx } from './services/context.js';
import { currentVersionOf, storeGuideline } from './services/standards.js';

export interface InboundDeps {
  db: CountyDb;
  countyCode: string;
  hubSigningPublicKey: string;
  names: FederationNames;
  relay: { replayFrom(fromSeq: string): Promise<number> };
  metrics: Pick<CountyMetrics, 'inboundApplied' | 'inboundRejected'>;
  logger: Logger;
  /** the service layer: a review decision changes an item the way a county user would */
  services: ServiceDeps;
}

type Check = { ok: true; env: Envelope } | { ok: false; reason: string; detail?: unknown };

/**
 * Applies what the hub sends to this county. A message that does not decode, is not signed by the
 * hub's enrolled key, arrived on another county's subject or has an unknown schema is logged,
 * counted and acked away: redelivering it would never make it valid. A message that fails while
 * being applied throws, so the whole batch is redelivered; those already recorded in
 * `inbound_applied` are then skipped.
 */
export function createInboundHandler(deps: InboundDeps): (batch: PulledMessage[]) => Promise<void> {
  const log = deps.logger.child({ component: 'inbound' });
  const s = subjects(deps.names);

  const check = (m: PulledMessage): Check => {
    const decoded = decodeEnvelope(m.data);
    if (!decoded.ok) return { ok: false, reason: 'malformed', detail: decoded.error.message };
    const env = decoded.value;
    if (env.origin !== HUB_ORIGIN) return { ok: false, reason: 'origin', detail: env.origin };
    if (!verifyEnvelope(env, deps.hubSigningPublicKey)) return { ok: false, reason: 'signature' };
    if (m.subject !== s.hubToCounty(deps.countyCode, env.kind)) return { ok: false, reason: 'subject', detail: m.subject };
    if (!isAcceptedSchema(env.kind, env.schema)) return { ok: false, reason: 'schema', detail: env.schema };
    return { ok: true, env };
  };

  const applied = (id: string): boolean =>
    deps.db.select({ id: inboundApplied.messageId }).from(inboundApplied).where(eq(inboundApplied.messageId, id)).get() !==
    undefined;

  /** Records a message as applied in the same transaction as its effect on this county's records. */
  const record = <T = void>(id: string, kind: string, effect: (tx: Tx) => T = () => undefined as T): T =>
    deps.db.transaction(
      (tx) => {
        const r = effect(tx);
        tx.insert(inboundApplied).values({ messageId: id, kind, appliedAt: new Date().toISOString() }).onConflictDoNothing().run();
        return r;
      },
      { behavior: 'immediate' },
    );

  const reject = (m: PulledMessage, reason: string, detail?: unknown) => {
    deps.metrics.inboundRejected.inc({ reason });
    log.warn({ subject: m.subject, streamSeq: m.streamSeq, reason, detail }, 'hub message rejected');
  };

  return async (batch) => {
    for (const m of batch) {
      const c = check(m);
      if (!c.ok) {
        reject(m, c.reason, c.detail);
        continue;
      }
      const env = c.env;
      const id = messageId(env);
      if (applied(id)) continue;
      switch (env.kind) {
        case 'replay.request': {
          const body = replayRequestBodySchema.safeParse(env.body);
          if (!body.success) {
            reject(m, 'body', body.error.issues);
            continue;
          }
          // Publishing is the effect here; it happens before the record, so a crash in between
          // only repeats a replay, which the hub dedupes by (origin, seq).
          const n = await deps.relay.replayFrom(body.data.fromSeq);
          record(id, env.kind);
          log.info({ messageId: id, fromSeq: body.data.fromSeq, replayed: n, reason: body.data.reason }, 'replay request applied');
          break;
        }
        case 'standard.guideline': {
          const body = standardGuidelineBodySchema.safeParse(env.body);
          if (!body.success) {
            reject(m, 'body', body.error.issues);
            continue;
          }
          const g = body.data;
          const { stored, current } = record(id, env.kind, (tx) => {
            const current = currentVersionOf(tx, g.domain);
            const at = new Date().toISOString();
            const stored = storeGuideline(tx, g, at);
            if (stored) {
              writeAudit(tx, {
                at,
                actor: 'hub',
                action: 'standard_guideline.receive',
                entityType: 'standard_guideline',
                entityId: g.domain,
                details: { version: g.version, items: g.items.length, previousVersion: current },
              });
            }
            return { stored, current };
          });
          log.info({ messageId: id, domain: g.domain, version: g.version, stored, previous: current }, 'guideline received');
          break;
        }
        case 'catalog.review': {
          const body = catalogReviewBodySchema.safeParse(env.body);
          if (!body.success) {
            reject(m, 'body', body.error.issues);
            continue;
          }
          const outcome = record(id, env.kind, (tx) =>
            applyReviewDecision(tx, deps.services, body.data, new Date().toISOString()),
          );
          if (outcome.applied) deps.services.wake();
          log.info(
            { messageId: id, item: body.data.itemId, version: body.data.version, decision: body.data.decision, applied: outcome.applied, reason: outcome.reason },
            'review decision received',
          );
          break;
        }
        case 'request.filed':
        case 'calendar.year': {
          const handled = applyRequestInbound(env, id, record, deps.services, log);
          if (!handled.ok) {
            reject(m, 'body', handled.detail);
            continue;
          }
          break;
        }
        default:
          reject(m, 'kind', env.kind);
          continue;
      }
      deps.metrics.inboundApplied.inc({ kind: env.kind });
    }
  };
}
