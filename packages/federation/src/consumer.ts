import type { Logger } from 'pino';
import { type NatsLink, backoffMs, sleep } from './link.js';

export interface PulledMessage {
  subject: string;
  data: Uint8Array;
  streamSeq: number;
  redelivered: boolean;
}

export interface BatchConsumerOptions {
  link: NatsLink;
  stream: string;
  consumer: string;
  batchSize?: number;
  expiresMs?: number;
  handle: (batch: PulledMessage[]) => Promise<void>;
  logger: Logger;
}

/**
 * A pull loop over a durable consumer that hands whole batches to one handler, so the handler
 * can apply a batch in one database transaction and the acks follow the commit. A handler that
 * throws gets the batch redelivered (nak with delay) after a backoff; nothing is acked before
 * it is applied.
 */
export class BatchConsumer {
  readonly #abort = new AbortController();
  #loop: Promise<void> | null = null;

  constructor(private readonly opts: BatchConsumerOptions) {}

  start(): void {
    this.#loop ??= this.#run();
  }

  async #run(): Promise<void> {
    const { link, stream, consumer, logger } = this.opts;
    const max = this.opts.batchSize ?? 256;
    const expires = Math.max(1000, this.opts.expiresMs ?? 1000);
    let failures = 0;
    const signal = this.#abort.signal;
    await Promise.race([link.ready(), sleep(2 ** 31 - 1, signal)]);
    while (!signal.aborted) {
      const js = link.js();
      if (!js) {
        await sleep(backoffMs(failures++), signal);
        continue;
      }
      try {
        const c = await js.consumers.get(stream, consumer);
        const iter = await c.fetch({ max_messages: max, expires });
        const msgs = [];
        for await (const m of iter) msgs.push(m);
        if (signal.aborted) break;
        if (msgs.length === 0) {
          failures = 0;
          continue;
        }
        const batch: PulledMessage[] = msgs.map((m) => ({
          subject: m.subject,
          data: m.data,
          streamSeq: m.seq,
          redelivered: m.redelivered,
        }));
        try {
          await this.opts.handle(batch);
        } catch (e) {
          logger.error({ err: e, stream, consumer, size: batch.length }, 'batch handler failed; will be redelivered');
          for (const m of msgs) m.nak(backoffMs(failures));
          await sleep(backoffMs(failures++), signal);
          continue;
        }
        // ackAck would cost a round trip per message; a lost ack only means a redelivery that the
        // handler's inbox dedupes.
        for (const m of msgs) m.ack();
        failures = 0;
      } catch (e) {
        if (signal.aborted) break;
        logger.warn({ err: e instanceof Error ? e.message : e, stream, consumer }, 'pull failed; retrying');
        await sleep(backoffMs(failures++), signal);
      }
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop?.catch(() => {});
  }
}
