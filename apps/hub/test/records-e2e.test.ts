/**
 * Information records across real county nodes and a real hub over NATS: what is published
 * reaches the hub's projection and its search index, what is drafted or withheld never leaves
 * its county, and province-wide search finds 2-character, 4-character and multi-word queries
 * across counties, with filters, facets, escaping and withdrawal.
 */
import { generateNodeKeys } from '@zwgk/core';
import { type CountyNode, createCountyNode } from '@zwgk/county-node/node';
import { type CountyRole, outbox } from '@zwgk/db/sqlite';
import { natsAuthorizationBlock, natsPermissionsForCounty } from '@zwgk/federation';
import {
  type PrivateNatsServer,
  type TestDatabase,
  createTestDatabase,
  startPrivateNatsServer,
  uniqueNatsNames,
} from '@zwgk/testing';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, createHub } from '../src/hub.js';
import { countyToken, prepareCounty } from './counties.js';
import { waitFor } from './helpers.js';

const A = '130102'; // 长安区, 石家庄市
const B = '130602'; // 竞秀区, 保定市
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const names = uniqueNatsNames();
const hubKeys = generateNodeKeys();
const secrets: Record<string, string> = { hub: 'hub-secret', [A]: 'county-a-secret', [B]: 'county-b-secret' };
const ROLES = { admin: 'county_admin', editor: 'county_editor', reviewer: 'county_reviewer' } as const;
type Who = keyof typeof ROLES;

let nats: PrivateNatsServer;
let database: TestDatabase;
let hub: Hub;
const dirs: { remove(): void }[] = [];
const nodes: Record<string, CountyNode> = {};
const tokens: Record<string, string> = {};

type Json = Record<string, unknown> & { error?: { code: string; message: string } };
interface SearchJson {
  total: number;
  totalExact: boolean;
  items: { id: string; countyCode: string; title: string; titleHtml: string; snippet: string; indexNo: string; domain: string }[];
  facets: { domain: { value: string; count: number }[]; county: { value: string; count: number }[] };
  facetsExact: boolean;
}

async function startCounty(code: string): Promise<void> {
  const dir = await prepareCounty(hub, code, 'zwgk-records-', Object.entries(ROLES) as [string, CountyRole][]);
  dirs.push(dir);
  const node = createCountyNode({
    dataDir: dir.path,
    natsUrl: nats.url,
    natsUser: `county-${code}`,
    natsPassword: secrets[code],
    heartbeatMs: 200,
    logger,
  });
  nodes[code] = node;
  await node.start();
  for (const username of Object.keys(ROLES)) tokens[`${code}:${username}`] = await countyToken(node, username);
}

async function county(code: string, who: Who, method: string, path: string, body?: unknown) {
  const res = await nodes[code]!.app.request(path, {
    method,
    headers: { authorization: `Bearer ${tokens[`${code}:${who}`]}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

async function atHub(path: string) {
  const res = await hub.app.request(path);
  return { status: res.status, json: (await res.json()) as Json };
}

async function searchHub(params: Record<string, string>): Promise<SearchJson> {
  const r = await atHub(`/api/v1/search?${new URLSearchParams(params).toString()}`);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as unknown as SearchJson;
}

const titles = (s: SearchJson) => s.items.map((i) => i.title).sort();

async function step(code: string, who: Who, id: string, body: Record<string, unknown>) {
  const r = await county(code, who, 'POST', `/api/v1/records/${id}/transitions`, body);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json;
}

async function draft(code: string, over: Record<string, unknown>) {
  const r = await county(code, 'editor', 'POST', '/api/v1/records', {
    body: '<p>正文</p>',
    issuingBody: code === A ? '长安区人民政府' : '竞秀区人民政府',
    writtenOn: '2025-03-01',
    domain: 'social-assistance',
    attribute: 'proactive',
    ...over,
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as Json & { id: string };
}

/** Drafts, reviews and publishes a record, then waits until the hub has indexed that version. */
async function publish(code: string, over: Record<string, unknown>, publishedOn = '2025-03-10') {
  const d = await draft(code, over);
  await step(code, 'editor', d.id, { action: 'submit' });
  await step(code, 'reviewer', d.id, { action: 'approve' });
  const pub = await step(code, 'admin', d.id, { action: 'publish', publishedOn });
  await indexed(d.id, pub.version as number);
  return pub as Json & { id: string; indexNo: string; version: number };
}

/** The hub has the record at `version` (or later) in its projection and its search index. */
async function indexed(id: string, version: number) {
  await waitFor(`${id} v${version} indexed at the hub`, async () => {
    const [row] = await hub.db.db.execute<{ v: number }>(
      sql`select indexed_version::int as v from info_records where id = ${id} and version >= ${version}`,
    );
    return row !== undefined && row.v >= version;
  });
}

const hubCount = async (table: string, column: string, id: string) =>
  (await hub.db.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where ${sql.raw(column)} = ${id}`))[0]!.n;

beforeAll(async () => {
  nats = await startPrivateNatsServer(
    natsAuthorizationBlock([
      { user: 'hub', password: secrets.hub! },
      { user: `county-${A}`, password: secrets[A]!, permissions: natsPermissionsForCounty(names, A) },
      { user: `county-${B}`, password: secrets[B]!, permissions: natsPermissionsForCounty(names, B) },
    ]),
  );
  database = await createTestDatabase();
  hub = createHub({ databaseUrl: database.url, natsUrl: nats.url, natsUser: 'hub', natsPassword: secrets.hub, names, hubKeys, logger });
  await hub.start();
  await startCounty(A);
  await startCounty(B);
}, 120_000);

afterAll(async () => {
  for (const n of Object.values(nodes)) await n.stop();
  await hub?.stop();
  await nats?.stop();
  await database?.drop();
  for (const d of dirs) d.remove();
});

describe('information records across counties and the hub', () => {
  it('a draft and a withheld record never reach the hub (outbox, projection, inbox, search)', async () => {
    const d = await draft(A, { title: '机密草稿甲乙丙丁', body: '<p>草稿内容机密草稿</p>' });
    const w = await draft(A, { title: '不予公开的论证材料', body: '<p>过程性论证材料</p>' });
    await step(A, 'editor', w.id, { action: 'submit' });
    const withheld = await step(A, 'reviewer', w.id, {
      action: 'approve',
      attribute: 'withheld',
      reason: '属于过程性信息',
      withheldGround: '《政府信息公开条例》第十六条第二款',
    });
    expect(withheld.status).toBe('withheld');
    // a published record written after them: once it is indexed, anything before it has been seen
    const marker = await publish(A, { title: '同步标记公告', body: '<p>标记</p>' });
    expect(marker.indexNo).toMatch(/^130102-2025-\d{6}$/);

    const countyOutbox = nodes[A]!.db.select({ entityId: outbox.entityId }).from(outbox).all().map((r) => r.entityId);
    expect(countyOutbox).not.toContain(d.id);
    expect(countyOutbox).not.toContain(w.id);
    for (const id of [d.id, w.id]) {
      expect(await hubCount('info_records', 'id', id)).toBe(0);
      expect(await hubCount('search_documents', 'record_id', id)).toBe(0);
      expect(await hubCount('inbox', 'entity_id', id)).toBe(0);
      expect((await atHub(`/api/v1/records/${id}`)).status).toBe(404);
    }
    expect((await searchHub({ q: '机密草稿' })).total).toBe(0);
    expect((await searchHub({ q: '论证材料' })).total).toBe(0);
    const shown = await atHub(`/api/v1/records/${marker.id}`);
    expect(shown.json).toMatchObject({ label: '此件公开发布', indexNo: marker.indexNo, countyCode: A, countyName: '长安区' });
  });

  describe('search', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const docs: [string, string, Record<string, unknown>, string?][] = [
        [A, 'landA', { title: '征地补偿安置方案公告', body: '<p>集体土地征收补偿标准及安置方式</p>', domain: 'land-expropriation-compensation' }],
        [A, 'tempA', { title: '临时救助资金发放情况', body: '<p>本季度临时救助资金发放明细</p>' }, '2025-04-01'],
        [A, 'socialA', { title: '城乡社会救助标准调整', body: '<p>提高城乡低保和特困人员救助供养标准</p>' }, '2025-05-01'],
        [A, 'xss', { title: '<script>alert(1)</script>救助政策解读', body: '<p>解读&lt;b&gt;救助&lt;/b&gt;政策</p>' }],
        [B, 'landB', { title: '关于发放征地补偿款的通知', body: '<p>各村征地补偿款发放</p>', domain: 'land-expropriation-compensation' }, '2024-11-20'],
        [B, 'socialB', { title: '社会救助申请指南', body: '<p>申请社会救助的条件和程序</p>' }],
        [B, 'splitB', { title: '社会保险与就业救助政策问答', body: '<p>就业困难人员救助</p>' }],
      ];
      for (const [code, key, over, on] of docs) ids[key] = (await publish(code, over, on)).id;
    });

    it('a 2-character query finds records in both counties', async () => {
      const r = await searchHub({ q: '补偿' });
      expect(titles(r)).toEqual(['关于发放征地补偿款的通知', '征地补偿安置方案公告']);
      expect(new Set(r.items.map((i) => i.countyCode))).toEqual(new Set([A, B]));
      const help = await searchHub({ q: '救助' });
      expect(titles(help)).toEqual(
        ['<script>alert(1)</script>救助政策解读', '临时救助资金发放情况', '城乡社会救助标准调整', '社会保险与就业救助政策问答', '社会救助申请指南'].sort(),
      );
    });

    it('a 4-character query matches the compound, not its parts scattered', async () => {
      const r = await searchHub({ q: '社会救助' });
      expect(titles(r)).toEqual(['城乡社会救助标准调整', '社会救助申请指南']);
      expect(r.items.map((i) => i.countyCode).sort()).toEqual([A, B]);
    });

    it('a multi-word query needs every word', async () => {
      const r = await searchHub({ q: '征地 补偿' });
      expect(titles(r)).toEqual(['关于发放征地补偿款的通知', '征地补偿安置方案公告']);
      expect((await searchHub({ q: '征地 救助' })).total).toBe(0);
      expect(titles(await searchHub({ q: '临时 救助 发放' }))).toEqual(['临时救助资金发放情况']);
    });

    it('filters by region, domain and date; sorts newest first or by relevance', async () => {
      expect(titles(await searchHub({ q: '补偿', region: '130100' }))).toEqual(['征地补偿安置方案公告']);
      expect(titles(await searchHub({ q: '补偿', region: B }))).toEqual(['关于发放征地补偿款的通知']);
      expect((await searchHub({ q: '补偿', region: '130000' })).total).toBe(2);
      expect((await searchHub({ q: '救助', domain: 'land-expropriation-compensation' })).total).toBe(0);
      expect(titles(await searchHub({ q: '补偿', from: '2025-01-01' }))).toEqual(['征地补偿安置方案公告']);
      expect(titles(await searchHub({ q: '补偿', to: '2024-12-31' }))).toEqual(['关于发放征地补偿款的通知']);
      const byDate = await searchHub({ q: '救助', region: A });
      expect(byDate.items[0]!.title).toBe('城乡社会救助标准调整'); // published 2025-05-01, the newest
      const byRank = await searchHub({ q: '救助', sort: 'relevance' });
      expect(byRank.total).toBe(5);
      expect((await atHub('/api/v1/search?region=999999')).status).toBe(400);
    });

    it('counts facets per domain and county', async () => {
      const r = await searchHub({ q: '救助' });
      expect(r.totalExact).toBe(true);
      expect(r.facetsExact).toBe(true);
      expect(r.facets.county).toEqual(
        expect.arrayContaining([expect.objectContaining({ value: A, count: 3 }), expect.objectContaining({ value: B, count: 2 })]),
      );
      expect(r.facets.domain).toEqual([expect.objectContaining({ value: 'social-assistance', count: 5 })]);
    });

    it('escapes titles and snippets, leaving only <mark>', async () => {
      const r = await searchHub({ q: '救助 政策解读' });
      const hit = r.items.find((i) => i.id === ids.xss)!;
      expect(hit.title).toBe('<script>alert(1)</script>救助政策解读');
      expect(hit.titleHtml).toBe('&lt;script&gt;alert(1)&lt;/script&gt;<mark>救助</mark><mark>政策解读</mark>');
      expect(hit.snippet).toContain('&lt;b&gt;<mark>救助</mark>&lt;/b&gt;');
      for (const item of r.items) {
        expect(item.titleHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
        expect(item.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      }
    });

    it('follows expiry, and a withdrawn record is gone from results and from the record endpoint', async () => {
      const expired = await step(A, 'admin', ids.socialA!, { action: 'expire', on: '2025-12-31' });
      await indexed(ids.socialA!, expired.version as number);
      expect(titles(await searchHub({ q: '救助', validity: 'expired' }))).toEqual(['城乡社会救助标准调整']);

      expect(titles(await searchHub({ q: '临时救助' }))).toEqual(['临时救助资金发放情况']);
      const withdrawn = await step(A, 'admin', ids.tempA!, { action: 'withdraw', reason: '数据有误，待更正后重新发布' });
      await indexed(ids.tempA!, withdrawn.version as number);
      expect((await searchHub({ q: '临时救助' })).total).toBe(0);
      expect((await searchHub({ q: '救助' })).total).toBe(4);
      expect((await atHub(`/api/v1/records/${ids.tempA}`)).status).toBe(404);
      expect(await hubCount('search_documents', 'record_id', ids.tempA!)).toBe(0);
    });

    it('is on tRPC too', async () => {
      const input = encodeURIComponent(JSON.stringify({ q: '补偿' }));
      const res = await hub.app.request(`/trpc/search.query?input=${input}`);
      const body = (await res.json()) as { result: { data: SearchJson } };
      expect(body.result.data.total).toBe(2);
    });
  });
});
