import type { Consumer } from '@nats-io/jetstream';
import { type Envelope, type NodeKeys, decodeEnvelope, encodeEnvelope, verifyEnvelope } from '@zwgk/core';
import { catalogItems, counties, hubOutbox, inbox, quarantine } from '@zwgk/db/pg';
import { countyConsumerName, streamNames, subjects } from '@zwgk/federation';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ingest } from '../src/ingest.js';
import { HubOutbox } from '../src/outbox.js';
import {
  type TestHub,
  addUser,
  catalogItem,
  deleteEvent,
  enrollCounty,
  envelope,
  heartbeatEvent,
  login,
  metricValue,
  publish,
  publishRaw,
  request,
  startTestHub,
  upsertEvent,
  waitDrained,
  waitFor,
} from './helpers.js';

/** Each test uses counties of its own, so tests do not see each other's seqs. */
const A = '130102';
const B = '130104';
const GAP = '130105';
const TAIL = '130107';
const STATUS = '130108';
const ORDER = '130109';
const NOT_ENROLLED = '130110';

let t: TestHub;
const keys = new Map<string, NodeKeys>();
const key = (code: string) => keys.get(code)!;

const itemRow = async (id: string) => (await t.hub.db.db.select().from(catalogItems).where(eq(catalogItems.id, id)))[0];
const inboxCount = async (origin: string) =>
  Number((await t.hub.db.db.select({ n: sql<number>`count(*)` }).from(inbox).where(eq(inbox.origin, origin)))[0]!.n);
const countyRow = async (code: string) => (await t.hub.db.db.select().from(counties).where(eq(counties.code, code)))[0];

/** Reads what the hub sent a county from that county's own durable consumer, as a county node would. */
async function nextHubMessage(code: string, timeoutMs = 15_000): Promise<{ subject: string; env: Envelope }> {
  const consumer: Consumer = await t.js.consumers.get(streamNames(t.names).hub, countyConsumerName(code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = await consumer.next({ expires: 1000 });
    if (!m) continue;
    m.ack();
    const decoded = decodeEnvelope(m.data);
    if (!decoded.ok) throw new Error(`hub sent an undecodable message on ${m.subject}`);
    // every county gets the current guidelines at enrollment; these tests look at what follows
    if (decoded.value.kind === 'standard.guideline') continue;
    return { subject: m.subject, env: decoded.value };
  }
  throw new Error(`no hub message for ${code} within ${timeoutMs} ms`);
}

beforeAll(async () => {
  t = await startTestHub();
  for (const code of [A, B, GAP, TAIL, STATUS, ORDER]) keys.set(code, await enrollCounty(t, code));
});

afterAll(async () => {
  await t?.close();
});

describe('ingest', () => {
  it('applies a signed catalog item into the projection, with inbox row and federation status', async () => {
    const item = catalogItem(A, 'a-1', 1);
    await publish(t, upsertEvent(key(A), 1, item));
    const row = await waitFor('item a-1', () => itemRow('a-1'));
    expect(row).toMatchObject({ countyCode: A, version: 1, name: item.name, channels: ['website', 'bulletin-board'], deleted: false });
    const [stored] = await t.hub.db.db.select().from(inbox).where(and(eq(inbox.origin, A), eq(inbox.seq, 1n)));
    expect(stored?.kind).toBe('catalog.item');
    // the stored envelope is the object itself (not a JSON string), and still verifies
    expect(verifyEnvelope(stored!.envelope as Envelope, key(A).signing.publicKey)).toBe(true);
    expect((await countyRow(A))?.highWaterSeq).toBe(1n);
  });

  it('stores text exactly, whatever characters it holds', async () => {
    const tricky = '名称 "引号" \\反斜杠\\ {a,b} NULL null\n换行\t制表 🙂';
    const item = catalogItem(A, 'a-tricky', 1, { name: tricky, content: 'NULL', audienceNote: '"', channels: ['other'] });
    await publish(t, upsertEvent(key(A), 4, item));
    const row = await waitFor('a-tricky', () => itemRow('a-tricky'));
    expect(row).toMatchObject({ name: tricky, content: 'NULL', audienceNote: '"', channels: ['other'], townshipCode: null });
    const [stored] = await t.hub.db.db.select().from(inbox).where(and(eq(inbox.origin, A), eq(inbox.seq, 4n)));
    expect(verifyEnvelope(stored!.envelope as Envelope, key(A).signing.publicKey)).toBe(true);
  });

  it('applies an event once even when it is published twice under different message ids', async () => {
    const env = upsertEvent(key(A), 2, catalogItem(A, 'a-2', 1));
    const dupBefore = await metricValue(t, 'zwgk_events_duplicate_total');
    await publish(t, env);
    // a replayed copy carries a fresh message id, so JetStream's duplicate window lets it through
    await publish(t, env, { msgId: `${A}:2:r1` });
    await waitDrained(t);
    expect(await inboxCount(A)).toBe(3);
    expect((await itemRow('a-2'))?.version).toBe(1);
    expect(await metricValue(t, 'zwgk_events_duplicate_total')).toBe(dupBefore + 1);
  });

  it('applies an event once when the same message is delivered again', async () => {
    const env = upsertEvent(key(A), 3, catalogItem(A, 'a-3', 1));
    await publish(t, env);
    await waitFor('item a-3', () => itemRow('a-3'));
    const appliedAt = (await itemRow('a-3'))!.appliedAt;
    // Redelivery hands the ingest the same bytes again (an ack lost after commit).
    const ingest = new Ingest({
      db: t.hub.db.db,
      names: t.names,
      logger: pino({ level: 'silent' }),
      metrics: t.hub.deps.metrics,
      outbox: new HubOutbox({ db: t.hub.db.db, signingPrivateKey: t.hubKeys.signing.privateKey, logger: pino({ level: 'silent' }), publish: async () => {} }),
    });
    const msg = { subject: subjects(t.names).countyEvent(A, 'catalog.item'), data: encodeEnvelope(env), streamSeq: 1, redelivered: true };
    const summary = await ingest.handle([msg, msg]);
    expect(summary).toMatchObject({ applied: 0, duplicates: 2, quarantined: 0 });
    expect(await inboxCount(A)).toBe(4);
    expect((await itemRow('a-3'))!.appliedAt).toEqual(appliedAt);
  });

  it('an older version never overwrites a newer one; a deletion is not undone by an older upsert', async () => {
    const k = key(ORDER);
    // seq 2 (v2) arrives before seq 1 (v1), as after a replay
    await publish(t, upsertEvent(k, 2, catalogItem(ORDER, 'o-1', 2, { name: '第二版' })));
    await waitFor('o-1 v2', async () => (await itemRow('o-1'))?.version === 2);
    await publish(t, upsertEvent(k, 1, catalogItem(ORDER, 'o-1', 1, { name: '第一版' })));
    await waitFor('seq 1 inboxed', async () => (await countyRow(ORDER))?.highWaterSeq === 2n);
    expect(await itemRow('o-1')).toMatchObject({ version: 2, name: '第二版' });

    // the deletion (v3) of an item the hub never saw, then its older upsert (v2)
    await publish(t, deleteEvent(k, 4, ORDER, 'o-2', 3));
    await waitFor('o-2 tombstone', async () => (await itemRow('o-2'))?.deleted);
    await publish(t, upsertEvent(k, 3, catalogItem(ORDER, 'o-2', 2)));
    await waitFor('seq 3 inboxed', async () => (await countyRow(ORDER))?.highWaterSeq === 4n);
    expect(await itemRow('o-2')).toMatchObject({ version: 3, deleted: true });

    // a deletion of a known item keeps its content for the province's records, and hides it from the public
    await publish(t, deleteEvent(k, 5, ORDER, 'o-1', 3));
    await waitFor('o-1 deleted', async () => (await itemRow('o-1'))?.deleted);
    expect(await itemRow('o-1')).toMatchObject({ version: 3, name: '第二版' });
    expect((await request(t, 'GET', '/api/v1/catalog/items/o-1')).status).toBe(404);
  });

  it('quarantines an event signed by county B but sent on A’s subject; nothing is applied', async () => {
    const before = (await countyRow(A))!.quarantinedCount;
    // B's own envelope on A's subject: the signed origin differs from the subject
    await publish(t, upsertEvent(key(B), 1, catalogItem(B, 'forged-1', 1)), { subjectCounty: A });
    // an envelope claiming to be A's, but signed with B's key
    await publish(t, upsertEvent(key(B), 100, catalogItem(A, 'forged-2', 1)));
    await waitFor('two quarantine rows', async () => {
      const rows = await t.hub.db.db.select().from(quarantine).where(eq(quarantine.countyCode, A));
      return rows.length >= 2 ? rows : null;
    });
    await waitDrained(t);
    const rows = await t.hub.db.db.select().from(quarantine).where(eq(quarantine.countyCode, A));
    expect(rows.map((r) => r.reason).sort()).toEqual(['bad_signature', 'subject_mismatch']);
    expect(rows.find((r) => r.reason === 'bad_signature')).toMatchObject({ origin: A, seq: '100' });
    expect(JSON.parse(rows[0]!.raw)).toHaveProperty('sig');
    expect(await itemRow('forged-1')).toBeUndefined();
    expect(await itemRow('forged-2')).toBeUndefined();
    expect((await countyRow(A))!.quarantinedCount).toBe(before + 2);
    expect((await countyRow(A))!.maxSeqSeen).toBeLessThan(100n);
    expect(await metricValue(t, 'zwgk_quarantined_total', { reason: 'bad_signature' })).toBeGreaterThanOrEqual(1);
  });

  it('quarantines an unknown schema major, a county that is not enrolled, bytes that are not an envelope, and a kind counties do not send', async () => {
    await publish(t, upsertEvent(key(B), 7, catalogItem(B, 'future-1', 1), { schema: 'catalog.item/9' }));
    await publish(t, upsertEvent(key(B), 1, catalogItem(NOT_ENROLLED, 'stranger-1', 1)));
    await publishRaw(t, subjects(t.names).countyEvent(B, 'catalog.item'), new Uint8Array([0xff, 0x00, 0x7b]));
    await publish(t, envelope(B, 2, 'replay.request', B, 2, { fromSeq: '1', reason: 'x' }, key(B).signing.privateKey));
    const reasons = await waitFor('four quarantined', async () => {
      const rows = await t.hub.db.db.select().from(quarantine);
      const r = rows.map((x) => x.reason);
      return ['unknown_schema', 'not_enrolled', 'undecodable', 'unexpected_kind'].every((x) => r.includes(x)) ? rows : null;
    });
    expect(reasons.find((r) => r.reason === 'undecodable')?.raw).toMatch(/^base64:/);
    expect(reasons.find((r) => r.reason === 'not_enrolled')?.countyCode).toBe(NOT_ENROLLED);
    expect(await itemRow('future-1')).toBeUndefined();
    expect(await itemRow('stranger-1')).toBeUndefined();
    // a county that is not enrolled still gets its quarantined messages counted
    const stranger = (await (await request(t, 'GET', `/api/v1/counties/${NOT_ENROLLED}`)).json()) as {
      enrolled: boolean;
      federation: { quarantinedCount: number };
    };
    expect(stranger).toMatchObject({ enrolled: false, federation: { quarantinedCount: 1 } });
    expect(await inboxCount(B)).toBe(0);

    await addUser(t, 'qadmin', 'province_admin');
    const list = (await (await request(t, 'GET', '/api/v1/quarantine', { token: await login(t, 'qadmin') })).json()) as {
      entries: { reason: string }[];
    };
    expect(list.entries.map((e) => e.reason)).toEqual(expect.arrayContaining(['unknown_schema', 'undecodable']));
  });

  it('a gap in seq makes the hub ask the county to replay from the first missing seq', async () => {
    const k = key(GAP);
    await publish(t, upsertEvent(k, 1, catalogItem(GAP, 'g-1', 1)));
    await publish(t, upsertEvent(k, 3, catalogItem(GAP, 'g-3', 1)));
    const { subject, env } = await nextHubMessage(GAP);
    expect(subject).toBe(subjects(t.names).hubToCounty(GAP, 'replay.request'));
    expect(env).toMatchObject({ origin: 'hub', kind: 'replay.request', schema: 'replay.request/1' });
    expect((env.body as { fromSeq: string }).fromSeq).toBe('2');
    expect(verifyEnvelope(env, t.hubKeys.signing.publicKey)).toBe(true);
    expect(await countyRow(GAP)).toMatchObject({ highWaterSeq: 1n, maxSeqSeen: 3n });
    // marked published once the PubAck is in, which may be just after the county received it
    await waitFor('replay request marked published', async () => {
      const [out] = await t.hub.db.db.select().from(hubOutbox).where(and(eq(hubOutbox.countyCode, GAP), eq(hubOutbox.kind, 'replay.request')));
      return out?.publishedAt instanceof Date;
    });

    // the county replays: the hole is filled and the high-water mark jumps over what was already there
    await publish(t, upsertEvent(k, 2, catalogItem(GAP, 'g-2', 1)), { msgId: `${GAP}:2:r1` });
    await publish(t, upsertEvent(k, 3, catalogItem(GAP, 'g-3', 1)), { msgId: `${GAP}:3:r1` });
    await waitFor('gap filled', async () => (await countyRow(GAP))?.highWaterSeq === 3n);
    expect(await itemRow('g-2')).toBeDefined();
  });

  it('a heartbeat reporting a last seq above the high-water mark finds a lost tail', async () => {
    const k = key(TAIL);
    await publish(t, upsertEvent(k, 1, catalogItem(TAIL, 't-1', 1)));
    await waitFor('t-1', () => itemRow('t-1'));
    await publish(t, heartbeatEvent(k, TAIL, 4));
    const { env } = await nextHubMessage(TAIL);
    expect(env.kind).toBe('replay.request');
    expect(env.body).toMatchObject({ fromSeq: '2' });
    const row = await countyRow(TAIL);
    expect(row).toMatchObject({ highWaterSeq: 1n, lastHeartbeatSeq: 4n });
    expect(row?.lastHeartbeatAt).toBeInstanceOf(Date);
    // heartbeats are not events: nothing goes into the inbox for them
    expect(await inboxCount(TAIL)).toBe(1);
  });

  it('asks at most once per interval per county', async () => {
    const k = key(TAIL);
    const before = await t.hub.db.db.select().from(hubOutbox).where(and(eq(hubOutbox.countyCode, TAIL), eq(hubOutbox.kind, 'replay.request')));
    await publish(t, heartbeatEvent(k, TAIL, 5));
    await waitFor('heartbeat seen', async () => (await countyRow(TAIL))?.lastHeartbeatSeq === 5n);
    await waitDrained(t);
    const after = await t.hub.db.db.select().from(hubOutbox).where(and(eq(hubOutbox.countyCode, TAIL), eq(hubOutbox.kind, 'replay.request')));
    expect(after).toHaveLength(before.length);
  });

  it('reports federation status through the API', async () => {
    const k = key(STATUS);
    await publish(t, upsertEvent(k, 1, catalogItem(STATUS, 's-1', 1)));
    await publish(t, upsertEvent(k, 2, catalogItem(STATUS, 's-2', 1, { status: 'draft' })));
    await publish(t, upsertEvent(k, 4, catalogItem(STATUS, 's-4', 1)));
    await publish(t, heartbeatEvent(k, STATUS, 4));
    await waitFor('status applied', async () => (await countyRow(STATUS))?.lastHeartbeatSeq === 4n && (await countyRow(STATUS))?.maxSeqSeen === 4n);
    type Status = { enrolled: boolean; federation: Record<string, unknown> };
    const get = async () => (await (await request(t, 'GET', `/api/v1/counties/${STATUS}`)).json()) as Status;
    const s = await get();
    expect(s.enrolled).toBe(true);
    expect(s.federation).toMatchObject({
      lastSeq: '2',
      maxSeqSeen: '4',
      lastHeartbeatSeq: '4',
      lagEvents: 2,
      quarantinedCount: 0,
      catalogItems: 3,
      publishedItems: 2,
    });
    expect(typeof s.federation.lastEventAt).toBe('string');
    expect(typeof s.federation.lastHeartbeatAt).toBe('string');
    expect(s.federation.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(await metricValue(t, 'zwgk_county_lag_events', { county: STATUS })).toBe(2);

    await publish(t, upsertEvent(k, 3, catalogItem(STATUS, 's-3', 1)));
    await waitFor('caught up', async () => (await get()).federation.lastSeq === '4');
    expect((await get()).federation).toMatchObject({ lagEvents: 0, catalogItems: 4 });
    expect(await metricValue(t, 'zwgk_county_lag_events', { county: STATUS })).toBe(0);
  });

  it('quarantines a body that contradicts its envelope, and a message Postgres cannot store, without holding up the rest of the batch', async () => {
    const k = key(B);
    // the envelope says version 5, the item says 1
    const lying = envelope(B, 10, 'catalog.item', 'b-lie', 5, { op: 'upsert', item: catalogItem(B, 'b-lie', 1) }, k.signing.privateKey);
    const nul = upsertEvent(k, 11, catalogItem(B, 'b-nul', 1, { content: 'a\u0000b' }));
    const fine = upsertEvent(k, 12, catalogItem(B, 'b-fine', 1));
    // passes every check, but Postgres has no year 0: the batch fails and is applied message by message
    const year0 = upsertEvent(k, 13, catalogItem(B, 'b-year0', 1, { createdAt: '0000-01-01T00:00:00Z' }));
    const ingest = new Ingest({
      db: t.hub.db.db,
      names: t.names,
      logger: pino({ level: 'silent' }),
      metrics: t.hub.deps.metrics,
      outbox: new HubOutbox({ db: t.hub.db.db, signingPrivateKey: t.hubKeys.signing.privateKey, logger: pino({ level: 'silent' }), publish: async () => {} }),
      replayMinIntervalMs: 60_000,
    });
    const subject = subjects(t.names).countyEvent(B, 'catalog.item');
    const summary = await ingest.handle(
      [lying, nul, fine, year0].map((e, i) => ({ subject, data: encodeEnvelope(e), streamSeq: i + 1, redelivered: false })),
    );
    expect(summary).toMatchObject({ applied: 1, quarantined: 3 });
    expect(await itemRow('b-fine')).toBeDefined();
    expect(await itemRow('b-lie')).toBeUndefined();
    expect(await itemRow('b-year0')).toBeUndefined();
    const [unprocessable] = await t.hub.db.db
      .select()
      .from(quarantine)
      .where(and(eq(quarantine.countyCode, B), eq(quarantine.reason, 'unprocessable')));
    expect(unprocessable).toMatchObject({ origin: B, seq: '13' });
    expect(unprocessable?.detail).toContain('out of range');
    const reasons = await t.hub.db.db.select().from(quarantine).where(and(eq(quarantine.countyCode, B), eq(quarantine.reason, 'bad_body')));
    expect(reasons.map((r) => r.seq).sort()).toEqual(['10', '11']);
  });
});
