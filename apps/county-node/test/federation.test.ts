import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type Envelope, decodeEnvelope, generateNodeKeys, messageId, schemaFor, signEnvelope, verifyEnvelope } from '@zwgk/core';
import { inboundApplied, outbox } from '@zwgk/db/sqlite';
import {
  type FederationNames,
  connectNats,
  countyConsumerName,
  ensureCountyConsumer,
  ensureStreams,
  natsAuthorizationBlock,
  natsPermissionsForCounty,
  publishToCounty,
  streamNames,
  subjects,
} from '@zwgk/federation';
import { type PrivateNatsServer, startPrivateNatsServer, testServices, uniqueNatsNames } from '@zwgk/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNodeConfig, writeNodeConfig } from '../src/node-config.js';
import { COUNTY, type TestNode, createTestNode, sampleItem } from './fixtures.js';

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Marks the data dir as enrolled with a hub whose signing key the test holds. */
const enrolledWith =
  (names: FederationNames, hubPublicKey: string, nats?: { user: string; password: string }) => (dataDir: string) =>
    writeNodeConfig(dataDir, {
      ...readNodeConfig(dataDir),
      hubUrl: 'http://hub.test',
      hubSigningPublicKey: hubPublicKey,
      subjectRoot: names.subjectRoot,
      streamPrefix: names.streamPrefix,
      enrolledAt: new Date().toISOString(),
      ...(nats ? { nats } : {}),
    });

/** What the hub's stream holds from this county, in stream order. */
async function countyMessages(jsm: JetStreamManager, names: FederationNames, kind: string) {
  const stream = streamNames(names).county;
  const info = await jsm.streams.info(stream);
  const subject = subjects(names).countyEvent(COUNTY, kind);
  const out: { msgId: string | undefined; data: string }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m?.subject === subject) out.push({ msgId: m.header?.get('Nats-Msg-Id') || undefined, data: m.string() });
  }
  return out;
}

let hubSeq = 0;
const hubEnvelope = (privateKey: string, kind: string, body: object): Envelope => {
  const seq = String(++hubSeq);
  return signEnvelope(
    {
      v: 1,
      origin: 'hub',
      seq,
      kind,
      schema: schemaFor(kind),
      occurredAt: new Date().toISOString(),
      entityId: COUNTY,
      entityVersion: seq,
      body,
    },
    privateKey,
  );
};

async function consumerIdle(jsm: JetStreamManager, names: FederationNames): Promise<boolean> {
  const c = await jsm.consumers.info(streamNames(names).hub, countyConsumerName(COUNTY));
  return c.num_pending === 0 && c.num_ack_pending === 0;
}

const metricValue = async (t: TestNode, line: RegExp): Promise<number> => {
  const text = await (await t.req('GET', '/metrics')).text();
  const m = text.split('\n').find((l) => line.test(l));
  return m ? Number(m.split(' ').at(-1)) : 0;
};

describe('federation over the shared NATS server', () => {
  const names = uniqueNatsNames();
  const hubKeys = generateNodeKeys();
  let hub: NatsConnection;
  let jsm: JetStreamManager;
  let t: TestNode;

  beforeAll(async () => {
    hub = await connectNats({ url: testServices().natsUrl, name: 'test-hub' });
    jsm = await jetstreamManager(hub);
    await ensureStreams(hub, names);
    await ensureCountyConsumer(hub, names, COUNTY);
    t = await createTestNode({
      natsUrl: testServices().natsUrl,
      heartbeatMs: 200,
      prepare: enrolledWith(names, hubKeys.signing.publicKey),
    });
    await t.node.start();
  });
  afterAll(async () => {
    await t?.close();
    for (const s of Object.values(streamNames(names))) await jsm?.streams.delete(s).catch(() => {});
    await hub?.close();
  });

  it('publishes each change once, in seq order, with the stored bytes and origin:seq as message id', async () => {
    const token = await t.tokenFor('admin');
    for (let i = 0; i < 3; i++) {
      expect((await t.req('POST', '/api/v1/catalog/items', { token, body: sampleItem({ name: `事项 ${i}` }) })).status).toBe(201);
    }
    await waitFor(async () => (await countyMessages(jsm, names, 'catalog.item')).length === 3, 'three events in the stream');
    await waitFor(() => t.node.db.select().from(outbox).all().every((r) => r.sentAt !== null), 'rows marked sent');
    const stored = t.node.db.select().from(outbox).orderBy(outbox.seq).all();
    const published = await countyMessages(jsm, names, 'catalog.item');
    expect(published.map((m) => m.msgId)).toEqual([`${COUNTY}:1`, `${COUNTY}:2`, `${COUNTY}:3`]);
    expect(published.map((m) => m.data)).toEqual(stored.map((r) => r.envelope));
    for (const m of published) {
      const env = decodeEnvelope(m.data);
      expect(env.ok && verifyEnvelope(env.value, t.node.config.keys.signing.publicKey)).toBe(true);
    }
    const health = (await (await t.req('GET', '/api/v1/health')).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ enrolled: true, nats: true, outbox: { lastSeq: '3', unsent: 0 } });
    expect(await metricValue(t, /^zwgk_events_published_total /)).toBe(3);
    expect(await metricValue(t, /^zwgk_outbox_backlog /)).toBe(0);
  });

  it('sends signed heartbeats with the last seq', async () => {
    await waitFor(async () => (await countyMessages(jsm, names, 'heartbeat')).length > 0, 'a heartbeat');
    const [beat] = (await countyMessages(jsm, names, 'heartbeat')).slice(-1);
    const env = decodeEnvelope(beat!.data);
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    expect(verifyEnvelope(env.value, t.node.config.keys.signing.publicKey)).toBe(true);
    expect(env.value).toMatchObject({ origin: COUNTY, kind: 'heartbeat', body: { lastSeq: '3' } });
  });

  it('answers a replay request from the hub, once per message', async () => {
    const before = (await countyMessages(jsm, names, 'catalog.item')).length;
    const request = hubEnvelope(hubKeys.signing.privateKey, 'replay.request', { fromSeq: '2', reason: 'gap' });
    await publishToCounty(jetstream(hub), names, COUNTY, request);
    await waitFor(
      () => t.node.db.select().from(inboundApplied).all().some((r) => r.messageId === messageId(request)),
      'the replay request recorded',
    );
    const after = await countyMessages(jsm, names, 'catalog.item');
    expect(after.length).toBe(before + 2);
    const replayed = after.slice(before);
    expect(replayed.map((m) => m.msgId?.split(':').slice(0, 2).join(':'))).toEqual([`${COUNTY}:2`, `${COUNTY}:3`]);
    expect(replayed.every((m) => /:r[0-9a-z]+$/.test(m.msgId ?? ''))).toBe(true);
    expect(await metricValue(t, /^zwgk_inbound_applied_total\{kind="replay.request"\} /)).toBe(1);

    // the same hub message delivered again (under another transport id) is skipped
    await publishToCounty(jetstream(hub), names, COUNTY, request, `${messageId(request)}:again`);
    await waitFor(() => consumerIdle(jsm, names), 'the consumer to drain');
    expect((await countyMessages(jsm, names, 'catalog.item')).length).toBe(before + 2);
    expect(await metricValue(t, /^zwgk_inbound_applied_total\{kind="replay.request"\} /)).toBe(1);
  });

  it('acks away and never applies what the hub did not sign', async () => {
    const forged = hubEnvelope(generateNodeKeys().signing.privateKey, 'replay.request', { fromSeq: '1', reason: 'forged' });
    const unknownKind = hubEnvelope(hubKeys.signing.privateKey, 'standards.update', {});
    const before = (await countyMessages(jsm, names, 'catalog.item')).length;
    await publishToCounty(jetstream(hub), names, COUNTY, forged);
    await publishToCounty(jetstream(hub), names, COUNTY, unknownKind);
    await jetstream(hub).publish(subjects(names).hubToCounty(COUNTY, 'replay.request'), new TextEncoder().encode('not json'));
    await waitFor(() => consumerIdle(jsm, names), 'the consumer to drain');
    const applied = t.node.db.select().from(inboundApplied).all().map((r) => r.messageId);
    expect(applied).not.toContain(messageId(forged));
    expect(applied).not.toContain(messageId(unknownKind));
    expect((await countyMessages(jsm, names, 'catalog.item')).length).toBe(before);
    expect(await metricValue(t, /^zwgk_inbound_rejected_total\{reason="signature"\} /)).toBe(1);
    expect(await metricValue(t, /^zwgk_inbound_rejected_total\{reason="malformed"\} /)).toBe(1);
  });
});

describe('federation with a county credential, across a NATS outage', () => {
  const names = uniqueNatsNames();
  const hubKeys = generateNodeKeys();
  const countyNats = { user: `county-${COUNTY}`, password: 'county-secret' };
  let server: PrivateNatsServer;
  let hub: NatsConnection;
  let t: TestNode;

  const hubConnect = async () => {
    hub = await connectNats({ url: server.url, user: 'hub', password: 'hub-secret', name: 'test-hub' });
    return jetstreamManager(hub);
  };

  beforeAll(async () => {
    server = await startPrivateNatsServer(
      natsAuthorizationBlock([
        { user: 'hub', password: 'hub-secret' },
        { ...countyNats, permissions: natsPermissionsForCounty(names, COUNTY) },
      ]),
    );
    await hubConnect();
    await ensureStreams(hub, names);
    await ensureCountyConsumer(hub, names, COUNTY);
    t = await createTestNode({
      natsUrl: server.url,
      heartbeatMs: 60_000,
      prepare: enrolledWith(names, hubKeys.signing.publicKey, countyNats),
    });
    await t.node.start();
    await waitFor(() => t.node.link.connected(), 'the county to connect with its own credential');
  });
  afterAll(async () => {
    await t?.close();
    await hub?.close();
    await server?.stop();
  });

  it('queues writes while NATS is down and delivers each exactly once after it returns', async () => {
    const token = await t.tokenFor('editor');
    await hub.close();
    await server.pause();
    await waitFor(() => !t.node.link.connected(), 'the link to notice');
    for (let i = 0; i < 25; i++) {
      expect((await t.req('POST', '/api/v1/catalog/items', { token, body: sampleItem({ name: `离线 ${i}` }) })).status).toBe(201);
    }
    const down = (await (await t.req('GET', '/api/v1/health')).json()) as { nats: boolean; outbox: { unsent: number } };
    expect(down).toMatchObject({ nats: false, outbox: { unsent: 25 } });

    await server.resume();
    const jsm = await hubConnect();
    await waitFor(
      () => t.node.db.select().from(outbox).all().every((r) => r.sentAt !== null),
      'the backlog to drain',
      40_000,
    );
    const published = await countyMessages(jsm, names, 'catalog.item');
    expect(published.map((m) => m.msgId)).toEqual(Array.from({ length: 25 }, (_, i) => `${COUNTY}:${i + 1}`));

    // the restricted credential can still pull its consumer: a replay request is answered
    const request = hubEnvelope(hubKeys.signing.privateKey, 'replay.request', { fromSeq: '24', reason: 'gap' });
    await publishToCounty(jetstream(hub), names, COUNTY, request);
    await waitFor(
      () => t.node.db.select().from(inboundApplied).all().some((r) => r.messageId === messageId(request)),
      'the replay request applied',
    );
    expect((await countyMessages(jsm, names, 'catalog.item')).length).toBe(27);
  });
});
