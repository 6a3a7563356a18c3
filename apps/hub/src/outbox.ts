import { type Envelope, HUB_ORIGIN, type UnsignedEnvelope, schemaFor, signEnvelope } from '@zwgk/core';
import { type HubDb, type HubTx, hubOutbox } from '@zwgk/db/pg';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';

export interface HubOutboxOptions {
  db: HubDb;
  signingPrivateKey: string;
  /** publishes one envelope to one county and resolves on the stream's PubAck */
  publish: (countyCode: string, env: Envelope) => Promise<void>;
  logger: Logger;
}

/**
 * Envelopes the hub originates. A row is written (and signed with its seq) inside the caller's
 * transaction, published after commit, and marked published after the PubAck; a row whose publish
 * failed is sent again by the next `flush()`. The message id `hub:<seq>` lets JetStream drop a
 * second publish of the same row.
 */
export class HubOutbox {
  #flushing: Promise<number> | null = null;
  #again = false;
  /** rows may be waiting: a publish failed, or there were more than one pass takes */
  #pending = true;

  constructor(private readonly opts: HubOutboxOptions) {}

  async enqueue(
    tx: HubTx,
    countyCode: string,
    kind: string,
    body: UnsignedEnvelope['body'],
    entityId: string = countyCode,
  ): Promise<Envelope> {
    const [row] = await tx.insert(hubOutbox).values({ countyCode, kind }).returning({ seq: hubOutbox.seq });
    if (!row) throw new Error('hub_outbox insert returned nothing');
    const unsigned: UnsignedEnvelope = {
      v: 1,
      origin: HUB_ORIGIN,
      seq: row.seq.toString(),
      kind,
      schema: schemaFor(kind),
      occurredAt: new Date().toISOString(),
      entityId,
      entityVersion: row.seq.toString(),
      body,
    };
    const env = signEnvelope(unsigned, this.opts.signingPrivateKey);
    await tx.update(hubOutbox).set({ envelope: env }).where(eq(hubOutbox.seq, row.seq));
    return env;
  }

  /** A flush only when an earlier one left rows behind; cheap enough to call after every batch. */
  flushIfPending(): Promise<number> {
    return this.#pending ? this.flush() : Promise.resolve(0);
  }

  /** Publishes every unpublished row in seq order; concurrent calls coalesce into one pass more. */
  flush(): Promise<number> {
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    const run = async (): Promise<number> => {
      let total = 0;
      do {
        this.#again = false;
        total += await this.#flushOnce();
      } while (this.#again);
      return total;
    };
    this.#flushing = run().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #flushOnce(): Promise<number> {
    const { db, logger } = this.opts;
    const rows = await db
      .select({ seq: hubOutbox.seq, countyCode: hubOutbox.countyCode, envelope: hubOutbox.envelope })
      .from(hubOutbox)
      .where(isNull(hubOutbox.publishedAt))
      .orderBy(asc(hubOutbox.seq))
      .limit(500);
    let sent = 0;
    this.#pending = rows.length === 500;
    for (const row of rows) {
      if (!row.envelope) continue;
      try {
        await this.opts.publish(row.countyCode, row.envelope as Envelope);
      } catch (e) {
        this.#pending = true;
        logger.warn({ err: e instanceof Error ? e.message : e, seq: row.seq.toString(), county: row.countyCode }, 'hub envelope not published; will retry');
        break;
      }
      await db
        .update(hubOutbox)
        .set({ publishedAt: new Date() })
        .where(and(eq(hubOutbox.seq, row.seq), isNull(hubOutbox.publishedAt)));
      sent++;
    }
    return sent;
  }
}

/** Flushes until a pass leaves nothing behind (a pass takes at most 500 rows) or a publish fails. */
export async function flushAll(outbox: Pick<HubOutbox, 'flush'>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await outbox.flush();
    total += n;
    if (n < 500) return total;
  }
}
