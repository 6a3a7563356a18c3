import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  type CatalogItem,
  type Envelope,
  type NodeKeys,
  type PublicRecord,
  type UnsignedEnvelope,
  encodeEnvelope,
  generateNodeKeys,
  messageId,
  schemaFor,
  signEnvelope,
} from '@zwgk/core';
import { type FederationNames, HUB_INGEST_CONSUMER, connectNats, streamNames, subjects } from '@zwgk/federation';
import { type TestDatabase, createTestDatabase, testServices, uniqueNatsNames } from '@zwgk/testing';
import pino from 'pino';
import { type Hub, createHub } from '../src/hub.js';
import { createUser } from '../src/services/accounts.js';
import { createEnrollmentToken } from '../src/services/enrollment.js';

export const PASSWORD = 'correct horse battery staple';

export interface TestHub {
  hub: Hub;
  names: FederationNames;
  hubKeys: NodeKeys;
  nc: NatsConnection;
  js: JetStreamClient;
  database: TestDatabase;
  close(): Promise<void>;
}

/** A started hub over a fresh database and its own subject root and stream prefix on the shared NATS. */
export async function startTestHub(opts: { replayMinIntervalMs?: number } = {}): Promise<TestHub> {
  const database = await createTestDatabase();
  const names = uniqueNatsNames();
  const hubKeys = generateNodeKeys();
  const { natsUrl } = testServices();
  const hub = createHub({
    databaseUrl: database.url,
    natsUrl,
    names,
    hubKeys,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...(opts.replayMinIntervalMs !== undefined ? { replayMinIntervalMs: opts.replayMinIntervalMs } : {}),
  });
  await hub.start();
  const nc = await connectNats({ url: natsUrl, name: 'hub-test' });
  return {
    hub,
    names,
    hubKeys,
    nc,
    js: jetstream(nc),
    database,
    async close() {
      await hub.stop();
      const jsm = await jetstreamManager(nc);
      for (const s of Object.values(streamNames(names))) await jsm.streams.delete(s).catch(() => {});
      await nc.close();
      await database.drop();
    },
  };
}

export async function addUser(
  t: TestHub,
  username: string,
  role: 'province_admin' | 'city_reviewer',
  cityCode: string | null = null,
): Promise<void> {
  const r = await createUser(t.hub.db.db, { username, password: PASSWORD, role, cityCode }, { actor: 'test' });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
}

export async function login(t: TestHub, username: string, password = PASSWORD): Promise<string> {
  const res = await t.hub.app.request('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export function request(
  t: TestHub,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  return Promise.resolve(t.hub.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }));
}

/** Enrolls a county the way a county node does: a token from the CLI path, then POST /enroll. */
export async function enrollCounty(t: TestHub, code: string): Promise<NodeKeys> {
  const keys = generateNodeKeys();
  const { token } = await createEnrollmentToken(t.hub.db.db, code, 'test');
  const res = await request(t, 'POST', '/api/v1/enroll', {
    body: { token, countyCode: code, signingPublicKey: keys.signing.publicKey, encryptionPublicKey: keys.encryption.publicKey },
  });
  if (res.status !== 200) throw new Error(`enroll ${code}: ${res.status} ${await res.text()}`);
  return keys;
}

/** A public information record as a county sends it: proactive and valid unless `over` says otherwise. */
export function publicRecord(over: Pick<PublicRecord, 'id' | 'countyCode'> & Partial<PublicRecord>): PublicRecord {
  return {
    townshipCode: null,
    version: 1,
    indexNo: `${over.countyCode}-2025-000001`,
    title: '长安区临时救助实施办法',
    body: '<p>正文</p>',
    issuingBody: '长安区民政局',
    docNo: null,
    writtenOn: '2025-03-01',
    publishedOn: '2025-04-01',
    domain: 'social-assistance',
    catalogItemId: null,
    attribute: 'proactive',
    label: '此件公开发布',
    validity: 'valid',
    validFrom: null,
    expiredOn: null,
    repealedOn: null,
    targetGroups: [],
    updatedAt: new Date().toISOString(),
    ...over,
  };
}

export function catalogItem(countyCode: string, id: string, version: number, over: Partial<CatalogItem> = {}): CatalogItem {
  const now = new Date().toISOString();
  return {
    id,
    countyCode,
    status: 'published',
    version,
    createdAt: now,
    updatedAt: now,
    domain: 'social-assistance',
    level: 'county',
    townshipCode: null,
    name: `最低生活保障对象名单 v${version}`,
    content: '城乡最低生活保障对象姓名、保障人口、保障金额',
    legalBasis: '《社会救助暂行办法》《政府信息公开条例》',
    timeLimit: '信息形成或变更之日起20个工作日内',
    responsibleBody: '县民政局',
    method: 'proactive',
    channels: ['website', 'bulletin-board'],
    audience: 'public',
    audienceNote: null,
    category: null,
    standardItemId: null,
    adoption: 'local',
    nextReviewOn: null,
    ...over,
  };
}

export function envelope(
  origin: string,
  seq: number | string,
  kind: string,
  entityId: string,
  entityVersion: number | string,
  body: unknown,
  signingPrivateKey: string,
  over: Partial<UnsignedEnvelope> = {},
): Envelope {
  return signEnvelope(
    {
      v: 1,
      origin,
      seq: String(seq),
      kind,
      schema: schemaFor(kind),
      occurredAt: new Date().toISOString(),
      entityId,
      entityVersion: String(entityVersion),
      body: body as UnsignedEnvelope['body'],
      ...over,
    },
    signingPrivateKey,
  );
}

export const upsertEvent = (keys: NodeKeys, seq: number, item: CatalogItem, over: Partial<UnsignedEnvelope> = {}) =>
  envelope(item.countyCode, seq, 'catalog.item', item.id, item.version, { op: 'upsert', item }, keys.signing.privateKey, over);

export const deleteEvent = (keys: NodeKeys, seq: number, countyCode: string, id: string, version: number) =>
  envelope(countyCode, seq, 'catalog.item', id, version, { op: 'delete', id, countyCode, version, deletedAt: new Date().toISOString() }, keys.signing.privateKey);

export const heartbeatEvent = (keys: NodeKeys, countyCode: string, lastSeq: number) =>
  envelope(countyCode, lastSeq, 'heartbeat', countyCode, lastSeq, { lastSeq: String(lastSeq), sentAt: new Date().toISOString() }, keys.signing.privateKey);

/** Publishes as a county relay does: on the subject of `subjectCounty` (the origin unless a test forges it). */
export async function publish(
  t: TestHub,
  env: Envelope,
  opts: { subjectCounty?: string; msgId?: string; data?: Uint8Array } = {},
): Promise<void> {
  const subject = subjects(t.names).countyEvent(opts.subjectCounty ?? env.origin, env.kind);
  const msgID = opts.msgId ?? (env.kind === 'heartbeat' ? undefined : messageId(env));
  await t.js.publish(subject, opts.data ?? encodeEnvelope(env), msgID ? { msgID } : {});
}

export async function publishRaw(t: TestHub, subject: string, data: Uint8Array | string): Promise<void> {
  await t.js.publish(subject, typeof data === 'string' ? new TextEncoder().encode(data) : data);
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Everything published so far has been applied and acked by the hub's ingest consumer. */
export async function waitDrained(t: TestHub): Promise<void> {
  const jsm = await jetstreamManager(t.nc);
  const stream = streamNames(t.names).county;
  await waitFor('hub-ingest to drain', async () => {
    const [info, consumer] = await Promise.all([jsm.streams.info(stream), jsm.consumers.info(stream, HUB_INGEST_CONSUMER)]);
    return (
      consumer.num_pending === 0 &&
      consumer.num_ack_pending === 0 &&
      consumer.delivered.stream_seq >= info.state.last_seq
    );
  });
}

export async function metricValue(t: TestHub, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = t.hub.deps.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}
