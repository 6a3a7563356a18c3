import type { Envelope } from '@zwgk/core';
import type { Logger } from 'pino';
import { type NatsLink, backoffMs, sleep } from './link.js';
import { type FederationNames, subjects } from './names.js';

export interface OutboxRow {
  seq: string;
  kind: string;
  /** the signed envelope as stored; published verbatim so the signature stays valid */
  envelope: string;
}

/** The county's outbox as the relay sees it (SQLite in the county node, an array in unit tests). */
export interface OutboxStore {
  unsent(limit: number): OutboxRow[];
  markSent(seq: string, at: Date): void;
  from(fromSeq: string, limit: number): OutboxRow[];
  lastSeq(): string;
}

export interface RelayOptions {
  link: NatsLink;
  names: FederationNames;
  countyCode: string;
  store: OutboxStore;
  logger: Logger;
  heartbeat: (lastSeq: string) => Envelope;
  heartbeatMs?: number;
  /** publish up to this many rows before waiting for their PubAcks */
  window?: number;
  onPublished?: (n: number) => void;
}

const utf8 = new TextEncoder();

/**
 * Publishes the outbox in seq order with `Nats-Msg-Id = origin:seq`, and marks a row sent only
 * after its PubAck. Rows are kept after sending so the hub can ask for a replay. While NATS is
 * away it backs off (250 ms doubling to 10 s) instead of spinning.
 */
export class Relay {
  readonly #abort = new AbortController();
  #wakeUp: (() => void) | null = null;
  #pendingWake = false;
  #loop: Promise<void> | null = null;
  #beat: Promise<void> | null = null;
  #replays = 0;
  readonly #subjects;

  constructor(private readonly opts: RelayOptions) {
    this.#subjects = subjects(opts.names);
  }

  start(): void {
    this.#loop ??= this.#run();
    this.#beat ??= this.#heartbeats();
  }

  /** Call after committing outbox rows. */
  wake(): void {
    this.#pendingWake = true;
    this.#wakeUp?.();
  }

  #waitForWake(ms: number): Promise<void> {
    if (this.#pendingWake) return Promise.resolve();
    const signal = this.#abort.signal;
    return new Promise((res) => {
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        this.#wakeUp = null;
        res();
      };
      const t = setTimeout(done, ms);
      this.#wakeUp = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async #run(): Promise<void> {
    const { store, logger } = this.opts;
    const signal = this.#abort.signal;
    const window = this.opts.window ?? 100;
    let failures = 0;
    while (!signal.aborted) {
      this.#pendingWake = false;
      try {
        const rows = store.unsent(window);
        if (rows.length === 0) {
          await this.#waitForWake(5000);
          continue;
        }
        const sent = await this.#publish(rows, (r) => `${this.opts.countyCode}:${r.seq}`);
        const now = new Date();
        for (let i = 0; i < sent; i++) store.markSent(rows[i]!.seq, now);
        if (sent > 0) this.opts.onPublished?.(sent);
        if (sent < rows.length) {
          const wait = backoffMs(failures++);
          logger.warn({ unsent: rows.length - sent, retryInMs: wait }, 'relay could not publish; backing off');
          await sleep(wait, signal);
        } else {
          failures = 0;
        }
      } catch (e) {
        // The store failed (disk full, locked): rows not marked are published again later and
        // the message id makes that harmless.
        const wait = backoffMs(failures++);
        logger.error({ err: e, retryInMs: wait }, 'relay store error; backing off');
        await sleep(wait, signal);
      }
    }
  }

  /**
   * Sends the rows back to back and then awaits the PubAcks; returns how many rows from the start
   * were acknowledged, so a failure in the middle never marks a later row sent.
   */
  async #publish(rows: OutboxRow[], msgId: (r: OutboxRow) => string): Promise<number> {
    const js = this.opts.link.js();
    if (!js) return 0;
    const acks = rows.map((r) =>
      js
        .publish(this.#subjects.countyEvent(this.opts.countyCode, r.kind), utf8.encode(r.envelope), { msgID: msgId(r) })
        .then(
          () => true,
          () => false,
        ),
    );
    const results = await Promise.all(acks);
    const firstFailure = results.indexOf(false);
    return firstFailure < 0 ? rows.length : firstFailure;
  }

  /** Re-publishes kept rows from `fromSeq` on the hub's request; returns how many were sent. */
  async replayFrom(fromSeq: string): Promise<number> {
    const tag = `r${Date.now().toString(36)}${(this.#replays++).toString(36)}`;
    let next = BigInt(fromSeq);
    let total = 0;
    for (;;) {
      const rows = this.opts.store.from(next.toString(), 200);
      if (rows.length === 0) break;
      // A replayed message needs a fresh id: JetStream's duplicate window would drop the original.
      const sent = await this.#publish(rows, (r) => `${this.opts.countyCode}:${r.seq}:${tag}`);
      const now = new Date();
      for (let i = 0; i < sent; i++) this.opts.store.markSent(rows[i]!.seq, now);
      total += sent;
      if (sent < rows.length) throw new Error(`replay stopped after ${total} rows: NATS did not acknowledge`);
      next = BigInt(rows[rows.length - 1]!.seq) + 1n;
    }
    this.opts.logger.info({ fromSeq, replayed: total }, 'replayed outbox on the hub’s request');
    return total;
  }

  async #heartbeats(): Promise<void> {
    const ms = this.opts.heartbeatMs ?? 10_000;
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      await sleep(ms, signal);
      if (signal.aborted) break;
      const js = this.opts.link.js();
      if (!js) continue;
      try {
        const env = this.opts.heartbeat(this.opts.store.lastSeq());
        await js.publish(this.#subjects.countyEvent(this.opts.countyCode, 'heartbeat'), utf8.encode(JSON.stringify(env)));
      } catch (e) {
        this.opts.logger.debug({ err: e instanceof Error ? e.message : e }, 'heartbeat not sent');
      }
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.all([this.#loop, this.#beat]);
  }
}
