/**
 * `npm run bench:federation`: N counties × M catalog items through the real relay, NATS
 * JetStream and hub ingest, beside two raw limits measured in the same run on the same machine:
 * the JetStream publish rate (pipelined, with message ids, same payload size) and the Postgres
 * batched-upsert rate (the projection's own statement shape). Prints a Markdown table.
 *
 *   tsx bench/federation.ts [--counties 3] [--items 2000]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type CatalogItemInput, generateNodeKeys } from '@zwgk/core';
import { counties as allCounties } from '@zwgk/core/regions';
import { enrollNode, initNode } from '@zwgk/county-node/commands';
import { type CountyNode, createCountyNode } from '@zwgk/county-node/node';
import { createItem } from '@zwgk/county-node/services/catalog';
import { connectNats, ensureStreams, streamNames, subjects } from '@zwgk/federation';
import { createTestDatabase, tempDir, testServices, uniqueNatsNames } from '@zwgk/testing';
import pino from 'pino';
import postgres from 'postgres';
import { createHub } from '../src/hub.js';
import { createEnrollmentToken } from '../src/services/enrollment.js';

const { values } = parseArgs({
  options: { counties: { type: 'string', default: '3' }, items: { type: 'string', default: '2000' } },
});
const N = Number(values.counties);
const M = Number(values.items);
const logger = pino({ level: 'warn' });
const { natsUrl } = testServices();

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const sampleItem = (i: number): CatalogItemInput => ({
  domain: 'social-assistance',
  level: 'county',
  townshipCode: null,
  name: `最低生活保障对象名单（${i}）`,
  content: '城乡最低生活保障对象姓名、保障人口、保障金额、所在村（居）委会',
  legalBasis: '《社会救助暂行办法》《民政部关于进一步加强和改进最低生活保障工作的意见》',
  timeLimit: '信息形成或者变更之日起20个工作日内',
  responsibleBody: '县民政局',
  method: 'proactive',
  channels: ['website', 'bulletin-board', 'service-center'],
  audience: 'public',
  audienceNote: null,
});

async function rawJetStream(payloadBytes: number, count: number): Promise<number> {
  const names = uniqueNatsNames();
  const nc = await connectNats({ url: natsUrl, name: 'bench-raw' });
  try {
    await ensureStreams(nc, names);
    const js = jetstream(nc);
    const payload = new Uint8Array(payloadBytes).fill(0x61);
    const subject = subjects(names).countyEvent('130102', 'catalog.item');
    const t0 = performance.now();
    for (let i = 0; i < count; i += 100) {
      const batch = [];
      for (let j = i; j < Math.min(count, i + 100); j++) batch.push(js.publish(subject, payload, { msgID: `raw:${j}` }));
      await Promise.all(batch);
    }
    const rate = count / ((performance.now() - t0) / 1000);
    const jsm = await jetstreamManager(nc);
    for (const s of Object.values(streamNames(names))) await jsm.streams.delete(s);
    return rate;
  } finally {
    await nc.close();
  }
}

async function rawPostgres(url: string, count: number): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`create table bench_upsert (id text primary key, county_code text, body jsonb, version bigint, applied_at timestamptz)`;
    const body = sampleItem(0);
    const t0 = performance.now();
    for (let i = 0; i < count; i += 256) {
      const rows: Record<string, unknown>[] = [];
      for (let j = i; j < Math.min(count, i + 256); j++) {
        rows.push({ id: `item-${j}`, county_code: '130102', body, version: 1, applied_at: new Date() });
      }
      await sql.begin(async (tx) => {
        await tx`insert into bench_upsert ${tx(rows)}
          on conflict (id) do update set body = excluded.body, version = excluded.version, applied_at = excluded.applied_at
          where bench_upsert.version < excluded.version`;
      });
    }
    return count / ((performance.now() - t0) / 1000);
  } finally {
    await sql.end();
  }
}

async function waitForCount(sql: postgres.Sql, n: number): Promise<void> {
  for (;;) {
    const [row] = await sql<{ n: string }[]>`select count(*) as n from catalog_items`;
    if (Number(row!.n) >= n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const database = await createTestDatabase();
  const names = uniqueNatsNames();
  const hubKeys = generateNodeKeys();
  const dirs: { remove(): void }[] = [];
  const nodes: CountyNode[] = [];
  const newHub = () => createHub({ databaseUrl: database.url, natsUrl, names, hubKeys, logger });
  let hub = newHub();
  try {
    const envelopeBytes = 1400;
    process.stderr.write('raw JetStream publish…\n');
    const jsRate = await rawJetStream(envelopeBytes, Math.max(5000, N * M));
    process.stderr.write('raw Postgres upsert…\n');
    const pgRate = await rawPostgres(database.url, Math.max(5000, N * M));

    await hub.start();
    const codes = allCounties()
      .map((c) => c.code6!)
      .slice(0, N);
    const hubFetch = ((input: string | URL | Request, init?: RequestInit) =>
      Promise.resolve(hub.app.request(String(input), init))) as typeof fetch;
    for (const code of codes) {
      const dir = tempDir(`zwgk-bench-${code}-`);
      dirs.push(dir);
      const init = initNode({ county: code, dataDir: dir.path });
      if (!init.ok) throw new Error(init.error.message);
      const { token } = await createEnrollmentToken(hub.db.db, code, 'bench');
      const e = await enrollNode({ dataDir: dir.path, hubUrl: 'http://hub.bench', token, fetch: hubFetch });
      if (!e.ok) throw new Error(e.error.message);
      const node = createCountyNode({ dataDir: dir.path, natsUrl, names, heartbeatMs: 1000, logger });
      await node.start();
      nodes.push(node);
    }
    const actor = { id: 'bench', username: 'admin', role: 'county_admin' as const, displayName: 'bench' };
    const write = (i: number) => {
      for (const node of nodes) {
        const r = createItem(node.services, actor, sampleItem(i));
        if (!r.ok) throw new Error(r.error.message);
      }
    };

    // 1. Latency: the counties write at a steady 100 items/s in all, as busy offices would; how
    //    long until each item is visible in the hub's projection?
    const paced = Math.min(M, 500);
    process.stderr.write(`latency: ${N} counties × ${paced} items at 100 items/s…\n`);
    const interval = (1000 / 100) * N;
    for (let i = 0; i < paced; i++) {
      const due = performance.now() + interval;
      write(i);
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
    await waitForCount(hub.db.sql, N * paced);
    const lat = await hub.db.sql<{ ms: number }[]>`
      select extract(epoch from (applied_at - created_at)) * 1000 as ms from catalog_items`;
    const ms = lat.map((r) => Number(r.ms));

    // 2. County writes: how fast one county node records an item with its signed outbox row.
    const tw = performance.now();
    for (let i = 0; i < M; i++) {
      const r = createItem(nodes[0]!.services, actor, sampleItem(i));
      if (!r.ok) throw new Error(r.error.message);
    }
    const writeRate = M / ((performance.now() - tw) / 1000);
    await waitForCount(hub.db.sql, N * paced + M);

    // 3. Hub ingest throughput: with the hub down, every county publishes M items into the
    //    stream; then a fresh hub drains the backlog.
    await hub.stop();
    for (let i = 0; i < M; i++) write(i);
    for (const node of nodes) {
      for (;;) {
        const row = node.db.$client.prepare('select count(*) as n from outbox where sent_at is null').get() as { n: number };
        if (row.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const before = N * paced + M;
    const t0 = performance.now();
    hub = newHub();
    await hub.start();
    await waitForCount(hub.db.sql, before + N * M);
    const ingestRate = (N * M) / ((performance.now() - t0) / 1000);

    const lines = [
      `| figure | value |`,
      `|---|---|`,
      `| hub ingest, draining a backlog of ${N} counties × ${M} items (verify, inbox, projection, high-water mark) | **${fmt(ingestRate)} events/s** |`,
      `| create-to-visible latency at 100 items/s (${fmt(N * paced)} items) p50 / p99 | ${quantile(ms, 0.5).toFixed(0)} ms / ${quantile(ms, 0.99).toFixed(0)} ms |`,
      `| one county node's writes (record + audit + signed outbox row, one SQLite transaction) | ${fmt(writeRate)} /s |`,
      `| raw JetStream publish, ${envelopeBytes} B, pipelined 100 | ${fmt(jsRate)} msg/s (hub ingest at ${((ingestRate / jsRate) * 100).toFixed(0)} %) |`,
      `| raw Postgres batched upsert, 256 rows/txn | ${fmt(pgRate)} rows/s (hub ingest at ${((ingestRate / pgRate) * 100).toFixed(0)} %) |`,
    ];
    console.log(lines.join('\n'));
  } finally {
    for (const n of nodes) await n.stop();
    await hub.stop();
    const nc = await connectNats({ url: natsUrl, name: 'bench-cleanup' });
    const jsm = await jetstreamManager(nc);
    for (const s of Object.values(streamNames(names))) await jsm.streams.delete(s).catch(() => {});
    await nc.close();
    await database.drop();
    for (const d of dirs) d.remove();
  }
}

await main();
