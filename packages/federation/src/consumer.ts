import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
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
 * Hands whole batches of a durable pull consumer to one handler, so the handler can apply a
 * batch in one database transaction and the acks follow the commit. Messages stream in through
 * `consume()`; whatever has arrived while the previous batch was being applied forms the next
 * batch (up to `batchSize`), so a quiet system answers in milliseconds and a busy one batches.
 * A handler that throws gets its batch redelivered (nak with delay); nothing is acked before it
 * is applied.
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
    const signal = this.#abort.signal;
    let failures = 0;
    await Promise.race([link.ready(), sleep(2 ** 31 - 1, signal)]);
    while (!signal.aborted) {
      const js = link.js();
      if (!js) {
        await sleep(backoffMs(failures++), signal);
        continue;
      }
      let messages: ConsumerMessages | null = null;
      try {
        const c = await js.consumers.get(stream, consumer);
        const buffer: JsMsg[] = [];
        let arrived: (() => void) | null = null;
        messages = await c.consume({
          max_messages: max * 2,
          expires: Math.max(1000, this.opts.expiresMs ?? 30_000),
          callback: (m) => {
            buffer.push(m);
            arrived?.();
          },
        });
        let closed = false;
        void messages.closed().then(() => {
          closed = true;
          arrived?.();
        });
        const onAbort = () => arrived?.();
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          while (!signal.aborted && !closed) {
            if (buffer.length === 0) {
              await new Promise<void>((res) => (arrived = res));
              arrived = null;
              continue;
            }
            const msgs = buffer.splice(0, max);
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
              for (const m of [...msgs, ...buffer.splice(0)]) m.nak(backoffMs(failures));
              await sleep(backoffMs(failures++), signal);
              continue;
            }
            // ackAck would cost a round trip per message; a lost ack only means a redelivery
            // that the handler's inbox dedupes.
            for (const m of msgs) m.ack();
            failures = 0;
          }
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
        if (!signal.aborted) await sleep(backoffMs(failures++), signal);
      } catch (e) {
        if (signal.aborted) break;
        logger.warn({ err: e instanceof Error ? e.message : e, stream, consumer }, 'consume failed; retrying');
        await sleep(backoffMs(failures++), signal);
      } finally {
        await messages?.close().catch(() => {});
      }
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop?.catch(() => {});
  }
}
