/**
 * County → hub federation end to end: real county nodes (SQLite files, their own relays and
 * consumers, per-county NATS credentials), a real hub (Postgres, ingest), and a private
 * nats-server with per-county permissions that the tests can stop and restart.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { generateNodeKeys } from '@zwgk/core';
import { type CountyNode, createCountyNode } from '@zwgk/county-node/node';
import {
  connectNats,
  natsAuthorizationBlock,
  natsPermissionsForCounty,
  streamNames,
  subjects,
} from '@zwgk/federation';
import {
  type PrivateNatsServer,
  type TestDatabase,
  createTestDatabase,
  startPrivateNatsServer,
  uniqueNatsNames,
} from '@zwgk/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, createHub } from '../src/hub.js';
import { createUser } from '../src/services/accounts.js';
import { catalogItemInput, countyToken, prepareCounty } from './counties.js';
import { envelope, catalogItem, waitFor } from './helpers.js';

const A = '130102'; // 长安区
const B = '130181'; // 辛集市
const PASSWORD = 'correct horse battery staple';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const names = uniqueNatsNames();
const hubKeys = generateNodeKeys();
const secrets: Record<string, string> = { hub: 'hub-secret', [A]: 'county-a-secret', [B]: 'county-b-secret' };

let nats: PrivateNatsServer;
let database: TestDatabase;
let hub: Hub;
let provinceToken: string;
const dirs: { remove(): void }[] = [];
const nodes: Record<string, CountyNode> = {};
const countyTokens: Record<string, string> = {};

function newHub(): Hub {
  return createHub({
    databaseUrl: database.url,
    natsUrl: nats.url,
    natsUser: 'hub',
    natsPassword: secrets.hub,
    names,
    hubKeys,
    replayMinIntervalMs: 200,
    logger,
  });
}

async function startCounty(code: string): Promise<CountyNode> {
  const dir = await prepareCounty(hub, code, 'zwgk-e2e-');
  dirs.push(dir);
  const node = createCountyNode({
    dataDir: dir.path,
    natsUrl: nats.url,
    natsUser: `county-${code}`,
    natsPassword: secrets[code],
    heartbeatMs: 200,
    logger,
  });
  await node.start();
  countyTokens[code] = await countyToken(node, 'admin');
  return node;
}

async function countyRequest(code: string, method: string, path: string, body?: unknown) {
  const res = await nodes[code]!.app.request(path, {
    method,
    headers: { authorization: `Bearer ${countyTokens[code]}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function createItems(code: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await countyRequest(code, 'POST', '/api/v1/catalog/items', catalogItemInput(i));
    expect(r.status).toBe(201);
    ids.push(r.json.id as string);
  }
  return ids;
}

const hubGet = async (path: string) => {
  const res = await hub.app.request(path, { headers: { authorization: `Bearer ${provinceToken}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

const outboxLastSeq = (code: string): number =>
  Number((nodes[code]!.db.$client.prepare('select coalesce(max(seq), 0) as s from outbox').get() as { s: number }).s);

const replaysApplied = (code: string): number =>
  Number(
    (nodes[code]!.db.$client.prepare("select count(*) as n from inbound_applied where kind = 'replay.request'").get() as { n: number }).n,
  );

async function hubInbox(code: string): Promise<{ rows: number; distinct: number; maxSeq: number }> {
  const [r] = await hub.db.sql<{ rows: string; distinct: string; max_seq: string | null }[]>`
    select count(*) as rows, count(distinct seq) as distinct, max(seq) as max_seq from inbox where origin = ${code}`;
  return { rows: Number(r!.rows), distinct: Number(r!.distinct), maxSeq: Number(r!.max_seq ?? 0) };
}

/** Waits until the hub holds every event the county has written, contiguously. */
async function caughtUp(code: string, timeoutMs = 60_000) {
  const last = outboxLastSeq(code);
  await waitFor(
    `hub caught up with ${code} at seq ${last}`,
    async () => {
      const c = await hubGet(`/api/v1/counties/${code}`);
      const f = c.json.federation as { lastSeq: string } | undefined;
      return f && Number(f.lastSeq) >= last;
    },
    timeoutMs,
  );
  const inbox = await hubInbox(code);
  expect(inbox.rows).toBe(last);
  expect(inbox.distinct).toBe(last);
}

beforeAll(async () => {
  nats = await startPrivateNatsServer(
    natsAuthorizationBlock([
      { user: 'hub', password: secrets.hub! },
      { user: `county-${A}`, password: secrets[A]!, permissions: natsPermissionsForCounty(names, A) },
      { user: `county-${B}`, password: secrets[B]!, permissions: natsPermissionsForCounty(names, B) },
    ]),
  );
  database = await createTestDatabase();
  hub = newHub();
  await hub.start();
  const created = await createUser(hub.db.db, { username: 'province', password: PASSWORD, role: 'province_admin', cityCode: null }, { actor: 'test' });
  if (!created.ok) throw new Error(created.error.message);
  const res = await hub.app.request('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'province', password: PASSWORD }),
  });
  provinceToken = ((await res.json()) as { token: string }).token;
  nodes[A] = await startCounty(A);
  nodes[B] = await startCounty(B);
});

afterAll(async () => {
  for (const n of Object.values(nodes)) await n.stop();
  await hub?.stop();
  await nats?.stop();
  await database?.drop();
  for (const d of dirs) d.remove();
});

describe('county → hub federation', () => {
  it('an item created on county A appears at the hub, and its changes follow', async () => {
    const created = await countyRequest(A, 'POST', '/api/v1/catalog/items', catalogItemInput(1));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const atHub = await waitFor('item at hub', async () => {
      const r = await hubGet(`/api/v1/catalog/items/${id}`);
      return r.status === 200 ? r.json : null;
    });
    expect(atHub).toMatchObject({ id, countyCode: A, version: 1, name: catalogItemInput(1).name });
    // The public sees nothing until the item is published through review.
    expect((await hub.app.request(`/api/v1/catalog/items/${id}`)).status).toBe(404);

    const patched = await countyRequest(A, 'PATCH', `/api/v1/catalog/items/${id}`, { responsibleBody: '长安区民政局', version: 1 });
    expect(patched.status).toBe(200);
    await waitFor('version 2 at hub', async () => (await hubGet(`/api/v1/catalog/items/${id}`)).json.version === 2);
    expect((await hubGet(`/api/v1/catalog/items/${id}`)).json.responsibleBody).toBe('长安区民政局');
    await caughtUp(A);
    const status = await hubGet(`/api/v1/counties/${A}`);
    expect(status.json).toMatchObject({ code: A, enrolled: true });
  });

  it('1,000 items created while NATS is down all arrive exactly once after it returns', async () => {
    await caughtUp(A);
    const before = outboxLastSeq(A);
    await nats.pause();
    const ids = await createItems(A, 1000);
    expect(outboxLastSeq(A)).toBe(before + 1000);
    await nats.resume();
    await caughtUp(A, 120_000);
    const [row] = await hub.db.sql<{ n: string }[]>`
      select count(*) as n from catalog_items where id in ${hub.db.sql(ids)} and version = 1`;
    expect(Number(row!.n)).toBe(1000);
  });

  it('a relay killed between publish and mark-sent causes no duplicate at the hub', async () => {
    await createItems(A, 5);
    await caughtUp(A);
    const last = outboxLastSeq(A);
    const inboxBefore = await hubInbox(A);
    // The state a relay leaves when it dies after the PubAcks and before marking the rows sent.
    nodes[A]!.db.$client.prepare('update outbox set sent_at = null where seq > ?').run(last - 5);
    nodes[A]!.relay.wake();
    await waitFor('rows re-sent', () =>
      Number((nodes[A]!.db.$client.prepare('select count(*) as n from outbox where sent_at is null').get() as { n: number }).n) === 0,
    );
    await caughtUp(A);
    expect(await hubInbox(A)).toEqual(inboxBefore);
  });

  it("quarantines an event signed by county B but sent on A's subject, and applies nothing", async () => {
    const nc = await connectNats({ url: nats.url, user: 'hub', password: secrets.hub, name: 'forger' });
    const js = jetstream(nc);
    const forgedItem = catalogItem(A, 'forged-item-1', 1);
    const bKey = nodes[B]!.config.keys.signing.privateKey;
    // Signed by B as itself, sent on A's subject: the signed origin differs from the subject.
    const asB = envelope(B, 999_001, 'catalog.item', forgedItem.id, 1, { op: 'upsert', item: forgedItem }, bKey);
    await js.publish(subjects(names).countyEvent(A, 'catalog.item'), new TextEncoder().encode(JSON.stringify(asB)));
    // Signed by B but claiming to be A: the signature does not verify with A's key.
    const asA = envelope(A, 999_002, 'catalog.item', forgedItem.id, 1, { op: 'upsert', item: forgedItem }, bKey);
    await js.publish(subjects(names).countyEvent(A, 'catalog.item'), new TextEncoder().encode(JSON.stringify(asA)));
    await nc.close();
    const q = await waitFor('two quarantined', async () => {
      const r = await hubGet('/api/v1/quarantine');
      const rows = r.json.entries as { reason: string; origin: string | null; seq: string | null }[];
      return rows.length >= 2 ? rows : null;
    });
    expect(q.map((r) => r.seq).sort()).toEqual(['999001', '999002']);
    expect(new Set(q.map((r) => r.reason)).size).toBe(2);
    expect((await hubGet(`/api/v1/catalog/items/forged-item-1`)).status).toBe(404);
    const [n] = await hub.db.sql<{ n: string }[]>`select count(*) as n from inbox where seq in (999001, 999002)`;
    expect(Number(n!.n)).toBe(0);
  });

  it("county A's NATS credential cannot publish on county B's subjects", async () => {
    const link = nodes[A]!.link;
    const js = link.js();
    expect(js).not.toBeNull();
    const nc = await connectNats({ url: nats.url, user: 'hub', password: secrets.hub, name: 'inspect' });
    const jsm = await jetstreamManager(nc);
    // Count only B's subject: A's heartbeats keep landing in the stream meanwhile.
    const bSubject = subjects(names).countyEvent(B, 'catalog.item');
    const lastOfB = async () =>
      (await jsm.streams.getMessage(streamNames(names).county, { last_by_subj: bSubject }).catch(() => null))?.seq ?? 0;
    const before = await lastOfB();
    await expect(js!.publish(bSubject, new TextEncoder().encode('{}'), { timeout: 2000 })).rejects.toThrow();
    expect(await lastOfB()).toBe(before);
    await nc.close();
  });

  it("a replay request restores a hole made by deleting events from the hub's stream", async () => {
    await caughtUp(A);
    const start = outboxLastSeq(A);
    await hub.stop();
    const ids = await createItems(A, 6);
    await waitFor('outbox sent', () =>
      Number((nodes[A]!.db.$client.prepare('select count(*) as n from outbox where sent_at is null').get() as { n: number }).n) === 0,
    );
    // Punch holes: two events in the middle and the newest one (a tail gap only heartbeats reveal).
    const nc = await connectNats({ url: nats.url, user: 'hub', password: secrets.hub, name: 'vandal' });
    const jsm = await jetstreamManager(nc);
    const stream = streamNames(names).county;
    const info = await jsm.streams.info(stream);
    const doomed = new Set([`${A}:${start + 2}`, `${A}:${start + 3}`, `${A}:${start + 6}`]);
    let deleted = 0;
    for (let seq = info.state.last_seq; seq > info.state.last_seq - 200 && seq >= info.state.first_seq; seq--) {
      const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      const id = m?.header?.get('Nats-Msg-Id');
      if (id && doomed.has(id)) {
        await jsm.streams.deleteMessage(stream, seq);
        deleted++;
      }
    }
    await nc.close();
    expect(deleted).toBe(3);

    const replaysBefore = replaysApplied(A);
    hub = newHub();
    await hub.start();
    await caughtUp(A, 60_000);
    // The holes were filled by the county answering the hub's replay requests, not by chance.
    expect(replaysApplied(A)).toBeGreaterThan(replaysBefore);
    for (const id of ids) expect((await hubGet(`/api/v1/catalog/items/${id}`)).status).toBe(200);
  });
});
