import { type JetStreamClient, jetstream } from '@nats-io/jetstream';
import { type NatsConnection, connect, credsAuthenticator } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface NatsOptions {
  url: string;
  user?: string;
  password?: string;
  name: string;
  /** a county with a restricted credential may only receive on its own inbox prefix */
  inboxPrefix?: string;
  /** a `.creds` file's bytes (user JWT + nkey seed) for a server in operator mode; wins over user/password */
  creds?: Uint8Array;
}

/** Connects, retrying forever; resolves once connected. */
export function connectNats(opts: NatsOptions): Promise<NatsConnection> {
  return connect({
    servers: opts.url,
    name: opts.name,
    ...(opts.creds
      ? { authenticator: credsAuthenticator(opts.creds) }
      : opts.user
        ? { user: opts.user, pass: opts.password ?? '' }
        : {}),
    ...(opts.inboxPrefix ? { inboxPrefix: opts.inboxPrefix } : {}),
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    reconnectJitter: 250,
    timeout: 5000,
  });
}

/**
 * A NATS connection that comes up in the background and stays up: a node must start, take
 * writes and serve reads while NATS is unreachable, and catch up when it returns.
 */
export class NatsLink {
  #nc: NatsConnection | null = null;
  #js: JetStreamClient | null = null;
  #up = false;
  #closing = false;
  #ready: Promise<void> | null = null;
  #refusal: string | null = null;
  readonly #log: Logger;

  constructor(private readonly opts: NatsOptions & { logger: Logger }) {
    this.#log = opts.logger;
  }

  start(): Promise<void> {
    this.#ready ??= this.#connect();
    return this.#ready;
  }

  /** Resolves once the first connection is up (or never, while NATS stays away). */
  ready(): Promise<void> {
    return this.start();
  }

  async #connect(): Promise<void> {
    let nc: NatsConnection;
    // connect() retries unreachable servers itself; what it rejects (a refused credential, a
    // misconfigured URL) is retried here with backoff so the link never stays dead.
    for (let attempt = 0; ; attempt++) {
      try {
        nc = await connectNats(this.opts);
        break;
      } catch (e) {
        if (this.#closing) return;
        const wait = backoffMs(attempt, 1000, 30_000);
        this.#refusal = e instanceof Error ? e.message : String(e);
        this.#log.error({ err: this.#refusal, retryInMs: wait }, 'nats connection refused');
        await sleep(wait);
        if (this.#closing) return;
      }
    }
    if (this.#closing) {
      await nc.close();
      return;
    }
    this.#nc = nc;
    this.#js = jetstream(nc, { timeout: 5000 });
    this.#up = true;
    this.#log.info({ server: nc.getServer() }, 'nats connected');
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') {
          this.#up = false;
          this.#log.warn('nats disconnected');
        } else if (s.type === 'reconnect') {
          this.#up = true;
          this.#log.info('nats reconnected');
        }
      }
    })().catch(() => {});
  }

  nc(): NatsConnection | null {
    return this.#nc;
  }

  js(): JetStreamClient | null {
    return this.#up ? this.#js : null;
  }

  /** Why the server last refused to connect (a credential it rejects, say); null once connected or never refused. */
  lastRefusal(): string | null {
    return this.#up ? null : this.#refusal;
  }

  connected(): boolean {
    return this.#up && !!this.#nc && !this.#nc.isClosed();
  }

  async close(): Promise<void> {
    this.#closing = true;
    const wasUp = this.#up;
    this.#up = false;
    const nc = this.#nc;
    this.#nc = null;
    this.#js = null;
    if (!nc || nc.isClosed()) return;
    // Draining goes through the server: while reconnecting (server away, credential refused) it
    // would wait for a connection that may never come back.
    if (!wasUp) return nc.close();
    await Promise.race([nc.drain(), sleep(5000).then(() => Promise.reject(new Error('drain timed out')))]).catch(() => nc.close());
  }
}

/** Exponential backoff with jitter: 250 ms doubling to 10 s. */
export function backoffMs(attempt: number, baseMs = 250, maxMs = 10_000): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((res) => {
    if (signal?.aborted) return res();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      res();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
