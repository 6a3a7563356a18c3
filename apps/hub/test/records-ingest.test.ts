/**
 * `info.record` at the hub's ingest: version-guarded projection, withdrawal tombstones, and
 * quarantine of bodies that contradict their envelope or carry what must not leave a county.
 */
import type { NodeKeys, PublicRecord } from '@zwgk/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHub, enrollCounty, envelope, publicRecord, publish, startTestHub, waitDrained } from './helpers.js';

const A = '130102';
const B = '130104';
let t: TestHub;
let keysA: NodeKeys;
let seq = 0;

const record = (id: string, version: number, over: Partial<PublicRecord> = {}): PublicRecord =>
  publicRecord({
    id,
    countyCode: A,
    version,
    indexNo: `${A}-2025-00000${version}`,
    title: `低保标准公告 v${version}`,
    body: '<p>城乡低保标准</p>',
    writtenOn: '2025-01-01',
    publishedOn: '2025-01-02',
    ...over,
  });

const send = (body: unknown, id: string, version: number, origin = A) =>
  publish(t, envelope(origin, ++seq, 'info.record', id, version, body, keysA.signing.privateKey));

const row = async (id: string) =>
  (await t.hub.db.db.execute<{ version: number; withdrawn: boolean; title: string }>(
    sql`select version::int as version, withdrawn, title from info_records where id = ${id}`,
  ))[0];

beforeAll(async () => {
  t = await startTestHub();
  keysA = await enrollCounty(t, A);
  await enrollCounty(t, B);
});
afterAll(async () => {
  await t?.close();
});

describe('info.record ingest', () => {
  it('moves only forward, and a withdrawal is not undone by an older version', async () => {
    await send({ op: 'upsert', record: record('r1', 3) }, 'r1', 3);
    await send({ op: 'upsert', record: record('r1', 2) }, 'r1', 2);
    await waitDrained(t);
    expect(await row('r1')).toMatchObject({ version: 3, withdrawn: false, title: '低保标准公告 v3' });
    await send({ op: 'withdraw', id: 'r1', countyCode: A, version: 5, withdrawnAt: new Date().toISOString() }, 'r1', 5);
    await send({ op: 'upsert', record: record('r1', 4) }, 'r1', 4);
    await waitDrained(t);
    expect(await row('r1')).toMatchObject({ version: 5, withdrawn: true });
    await t.hub.searchIndexer.drain();
    const docs = await t.hub.db.db.execute(sql`select 1 from search_documents where record_id = 'r1'`);
    expect(docs.length).toBe(0);
  });

  it('quarantines a record of another county, a withheld attribute, and mismatched ids', async () => {
    const before = (await t.hub.db.db.execute<{ n: number }>(sql`select count(*)::int as n from quarantine`))[0]!.n;
    await send({ op: 'upsert', record: record('r2', 1, { countyCode: B }) }, 'r2', 1);
    await send({ op: 'upsert', record: { ...record('r3', 1), attribute: 'withheld' } }, 'r3', 1);
    await send({ op: 'upsert', record: record('r4', 1) }, 'r4', 2);
    await waitDrained(t);
    const rows = await t.hub.db.db.execute<{ reason: string }>(sql`select reason from quarantine order by id`);
    expect(rows.length - before).toBe(3);
    expect(rows.slice(before).map((r) => r.reason)).toEqual(['bad_body', 'bad_body', 'bad_body']);
    for (const id of ['r2', 'r3', 'r4']) expect(await row(id)).toBeUndefined();
  });
});
