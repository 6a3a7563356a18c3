import {
  type Envelope,
  type UnsignedEnvelope,
  PROTOCOL_VERSION,
  schemaFor,
  signEnvelope,
} from '@zwgk/core';
import { type CountyDb, outbox } from '@zwgk/db/sqlite';
import { and, asc, count, eq, gte, isNull, max } from 'drizzle-orm';
import type { Tx } from './context.js';

export interface OutboxEvent {
  kind: string;
  entityId: string;
  entityVersion: number;
  body: object;
  occurredAt: string;
}

/**
 * Appends one event to the outbox inside the caller's transaction and signs it there: the seq is
 * part of what is signed, and only the insert knows it. The relay later publishes these exact bytes.
 */
export function appendOutbox(
  tx: Tx,
  origin: { countyCode: string; signingPrivateKey: string },
  e: OutboxEvent,
): { seq: number; envelope: Envelope } {
  const inserted = tx
    .insert(outbox)
    .values({ kind: e.kind, entityId: e.entityId, entityVersion: e.entityVersion, envelope: '', createdAt: e.occurredAt })
    .returning({ seq: outbox.seq })
    .get();
  const unsigned: UnsignedEnvelope = {
    v: PROTOCOL_VERSION,
    origin: origin.countyCode,
    seq: String(inserted.seq),
    kind: e.kind,
    schema: schemaFor(e.kind),
    occurredAt: e.occurredAt,
    entityId: e.entityId,
    entityVersion: String(e.entityVersion),
    body: e.body,
  };
  const envelope = signEnvelope(unsigned, origin.signingPrivateKey);
  tx.update(outbox).set({ envelope: JSON.stringify(envelope) }).where(eq(outbox.seq, inserted.seq)).run();
  return { seq: inserted.seq, envelope };
}

export interface OutboxStats {
  /** '0' when nothing was ever written */
  lastSeq: string;
  unsent: number;
}

export function outboxStats(db: CountyDb): OutboxStats {
  const last = db.select({ seq: max(outbox.seq) }).from(outbox).get();
  const unsent = db.select({ n: count() }).from(outbox).where(isNull(outbox.sentAt)).get();
  return { lastSeq: String(last?.seq ?? 0), unsent: unsent?.n ?? 0 };
}

/** Structurally the `OutboxStore` the federation relay reads from. */
export interface CountyOutboxStore {
  unsent(limit: number): { seq: string; kind: string; envelope: string }[];
  markSent(seq: string, at: Date): void;
  from(fromSeq: string, limit: number): { seq: string; kind: string; envelope: string }[];
  lastSeq(): string;
}

const toSeq = (s: string): number => {
  if (!/^\d{1,15}$/.test(s)) throw new RangeError(`not an outbox seq: ${s}`);
  return Number(s);
};

export function createOutboxStore(db: CountyDb): CountyOutboxStore {
  const cols = { seq: outbox.seq, kind: outbox.kind, envelope: outbox.envelope };
  const rows = (list: { seq: number; kind: string; envelope: string }[]) =>
    list.map((r) => ({ seq: String(r.seq), kind: r.kind, envelope: r.envelope }));
  return {
    unsent: (limit) =>
      rows(db.select(cols).from(outbox).where(isNull(outbox.sentAt)).orderBy(asc(outbox.seq)).limit(limit).all()),
    markSent: (seq, at) => {
      db.update(outbox)
        .set({ sentAt: at.toISOString() })
        .where(and(eq(outbox.seq, toSeq(seq)), isNull(outbox.sentAt)))
        .run();
    },
    from: (fromSeq, limit) =>
      rows(db.select(cols).from(outbox).where(gte(outbox.seq, toSeq(fromSeq))).orderBy(asc(outbox.seq)).limit(limit).all()),
    lastSeq: () => outboxStats(db).lastSeq,
  };
}

/**
 * The periodic heartbeat. It is not an outbox row and is published without a message id; it
 * carries the county's last outbox seq (also as its own seq), which is how the hub finds a lost tail.
 */
export function heartbeatEnvelope(
  origin: { countyCode: string; signingPrivateKey: string },
  lastSeq: string,
  at: Date = new Date(),
): Envelope {
  const sentAt = at.toISOString();
  return signEnvelope(
    {
      v: PROTOCOL_VERSION,
      origin: origin.countyCode,
      seq: lastSeq,
      kind: 'heartbeat',
      schema: schemaFor('heartbeat'),
      occurredAt: sentAt,
      entityId: origin.countyCode,
      entityVersion: lastSeq,
      body: { lastSeq, sentAt },
    },
    origin.signingPrivateKey,
  );
}
