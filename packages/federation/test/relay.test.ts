import { jetstreamManager } from '@nats-io/jetstream';
import { generateNodeKeys, schemaFor, signEnvelope } from '@zwgk/core';
import { type PrivateNatsServer, startPrivateNatsServer, uniqueNatsNames } from '@zwgk/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NatsLink,
  type OutboxRow,
  type OutboxStore,
  Relay,
  connectNats,
  countyInboxPrefix,
  ensureStreams,
  natsAuthorizationBlock,
  natsPermissionsForCounty,
  streamNames,
  subjects,
} from '../src/index.js';

const logger = pino({ level: 'silent' });
const keys = generateNodeKeys();
const COUNTY = '130102';

/** The county's outbox, in memory: the relay only needs these four operations. */
class MemoryOutbox implements OutboxStore {
  rows: (OutboxRow & { sentAt: Date | null })[] = [];
  failMarkSentOnce = false;
  add(n: number) {
    for (let i = 0; i < n; i++) {
      const seq = String(this.rows.length + 1);
      const env = signEnvelope(
        {
          v: 1,
          origin: COUNTY,
          seq,
          kind: 'catalog.item',
          schema: schemaFor('catalog.item'),
          occurredAt: new Date().toISOString(),
          entityId: `item-${seq}`,
          entityVersion: '1',
          body: { n: i },
        },
        keys.signing.privateKey,
      );
      this.rows.push({ seq, kind: 'catalog.item', envelope: JSON.stringify(env), sentAt: null });
    }
  }
  unsent(limit: number) {
    return this.rows.filter((r) => !r.sentAt).slice(0, limit);
  }
  markSent(seq: string, at: Date) {
    if (this.failMarkSentOnce) {
      this.failMarkSentOnce = false;
      throw new Error('database is locked');
    }
    this.rows[Number(seq) - 1]!.sentAt = at;
  }
  from(fromSeq: string, limit: number) {
    return this.rows.slice(Number(fromSeq) - 1, Number(fromSeq) - 1 + limit);
  }
  lastSeq() {
    return String(this.rows.length);
  }
}

const heartbeat = (lastSeq: string) =>
  signEnvelope(
    {
      v: 1,
      origin: COUNTY,
      seq: lastSeq,
      kind: 'heartbeat',
      schema: schemaFor('heartbeat'),
      occurredAt: new Date().toISOString(),
      entityId: COUNTY,
      entityVersion: lastSeq,
      body: { lastSeq, sentAt: new Date().toISOString() },
    },
    keys.signing.privateKey,
  );

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('relay over a real nats-server', () => {
  let server: PrivateNatsServer;
  beforeAll(async () => {
    server = await startPrivateNatsServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function streamMessages(names: ReturnType<typeof uniqueNatsNames>) {
    const nc = await connectNats({ url: server.url, name: 'inspect' });
    try {
      const jsm = await jetstreamManager(nc);
      return (await jsm.streams.info(streamNames(names).county)).state.messages;
    } finally {
      await nc.close();
    }
  }

  async function setup() {
    const names = uniqueNatsNames();
    const nc = await connectNats({ url: server.url, name: 'setup' });
    await ensureStreams(nc, names);
    await nc.close();
    const store = new MemoryOutbox();
    const link = new NatsLink({ url: server.url, name: 'county', logger });
    void link.start();
    const relay = new Relay({ link, names, countyCode: COUNTY, store, logger, heartbeat, heartbeatMs: 60_000 });
    return { names, store, link, relay };
  }

  it('publishes the outbox in order, marks rows sent after the PubAck and keeps them', async () => {
    const { names, store, link, relay } = await setup();
    store.add(250);
    relay.start();
    relay.wake();
    await waitFor(() => store.unsent(1).length === 0);
    expect(store.rows).toHaveLength(250);
    expect(await streamMessages(names)).toBe(250);
    const nc = await connectNats({ url: server.url, name: 'read' });
    const jsm = await jetstreamManager(nc);
    const first = await jsm.streams.getMessage(streamNames(names).county, { seq: 1 });
    expect(first?.subject).toBe(subjects(names).countyEvent(COUNTY, 'catalog.item'));
    expect(first?.header?.get('Nats-Msg-Id')).toBe(`${COUNTY}:1`);
    const last = await jsm.streams.getMessage(streamNames(names).county, { seq: 250 });
    expect(last?.header?.get('Nats-Msg-Id')).toBe(`${COUNTY}:250`);
    await nc.close();
    await relay.stop();
    await link.close();
  });

  it('survives NATS being down and delivers everything exactly once when it returns', async () => {
    const { names, store, link, relay } = await setup();
    relay.start();
    await link.ready();
    await server.pause();
    store.add(1000);
    relay.wake();
    // While the server is away nothing can be acknowledged, so nothing may be marked sent.
    await new Promise((r) => setTimeout(r, 300));
    expect(store.unsent(2000)).toHaveLength(1000);
    await server.resume();
    await waitFor(() => store.unsent(1).length === 0, 45_000);
    expect(await streamMessages(names)).toBe(1000);
    await relay.stop();
    await link.close();
  });

  it('a relay that dies between publish and mark-sent causes no duplicate', async () => {
    const { names, store, link, relay } = await setup();
    store.add(5);
    // The first process publishes every row and dies before it can mark any of them sent.
    const dying: OutboxStore = { ...store, unsent: (n) => store.unsent(n), from: store.from, lastSeq: store.lastSeq, markSent: () => {} };
    const link1 = new NatsLink({ url: server.url, name: 'county-dying', logger });
    void link1.start();
    const relay1 = new Relay({ link: link1, names, countyCode: COUNTY, store: dying, logger, heartbeat });
    relay1.start();
    relay1.wake();
    await waitFor(async () => (await streamMessages(names)) === 5);
    await relay1.stop();
    await link1.close();
    expect(store.unsent(10)).toHaveLength(5);
    // The restarted process publishes the same rows again; the message ids make that harmless.
    relay.start();
    relay.wake();
    await waitFor(() => store.unsent(1).length === 0);
    expect(await streamMessages(names)).toBe(5);
    await relay.stop();
    await link.close();
  });

  it('keeps going after a store error, without duplicates', async () => {
    const { names, store, link, relay } = await setup();
    store.add(3);
    store.failMarkSentOnce = true;
    relay.start();
    relay.wake();
    await waitFor(() => store.unsent(1).length === 0);
    expect(await streamMessages(names)).toBe(3);
    await relay.stop();
    await link.close();
  });

  it('replays kept rows with fresh message ids, even inside the duplicate window', async () => {
    const { names, store, link, relay } = await setup();
    store.add(10);
    relay.start();
    relay.wake();
    await waitFor(() => store.unsent(1).length === 0);
    expect(await relay.replayFrom('4')).toBe(7);
    expect(await streamMessages(names)).toBe(17);
    await relay.stop();
    await link.close();
  });
});

describe('NATS permissions per county', () => {
  const names = uniqueNatsNames();
  let server: PrivateNatsServer;
  beforeAll(async () => {
    server = await startPrivateNatsServer(
      natsAuthorizationBlock([
        { user: 'hub', password: 'hub-secret' },
        { user: 'county-130102', password: 'a-secret', permissions: natsPermissionsForCounty(names, '130102') },
        { user: 'county-130181', password: 'b-secret', permissions: natsPermissionsForCounty(names, '130181') },
      ]),
    );
    const hub = await connectNats({ url: server.url, user: 'hub', password: 'hub-secret', name: 'hub' });
    await ensureStreams(hub, names);
    await hub.close();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("lets county A publish under its own prefix but not under county B's", async () => {
    const a = new NatsLink({
      url: server.url,
      user: 'county-130102',
      password: 'a-secret',
      name: 'a',
      inboxPrefix: countyInboxPrefix('130102'),
      logger,
    });
    await a.start();
    const js = a.js()!;
    const s = subjects(names);
    const ack = await js.publish(s.countyEvent('130102', 'catalog.item'), new TextEncoder().encode('{}'));
    expect(ack.seq).toBe(1);
    await expect(
      js.publish(s.countyEvent('130181', 'catalog.item'), new TextEncoder().encode('{}'), { timeout: 2000 }),
    ).rejects.toThrow();
    await a.close();

    const hub = await connectNats({ url: server.url, user: 'hub', password: 'hub-secret', name: 'hub-check' });
    const info = await (await jetstreamManager(hub)).streams.info(streamNames(names).county);
    expect(info.state.messages).toBe(1);
    expect(info.state.first_seq).toBe(1);
    await hub.close();
  });

  it('refuses a wrong password', async () => {
    await expect(
      (async () => {
        const { connect } = await import('@nats-io/transport-node');
        const nc = await connect({ servers: server.url, user: 'county-130102', pass: 'wrong', reconnect: false });
        await nc.close();
      })(),
    ).rejects.toThrow();
  });
});
