/**
 * Annual reports end to end: two real county nodes (SQLite, relay) publish their 2025 reports over
 * the shared NATS; the hub projects them and serves each county's report and the province's, whose
 * tables must equal the sums of the counties'.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { type RequestTable, generateNodeKeys, ok, sumTables } from '@zwgk/core';
import { createAdmin, enrollNode, initNode } from '@zwgk/county-node/commands';
import { type CountyNode, createCountyNode } from '@zwgk/county-node/node';
import { connectNats, streamNames } from '@zwgk/federation';
import { type TestDatabase, createTestDatabase, tempDir, testServices, uniqueNatsNames } from '@zwgk/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, createHub } from '../src/hub.js';
import { createEnrollmentToken } from '../src/services/enrollment.js';
import { waitFor } from './helpers.js';

const A = '130102'; // 长安区, 石家庄市
const B = '130181'; // 辛集市, 省直管
const PASSWORD = 'correct horse battery staple';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const names = uniqueNatsNames();
const { natsUrl } = testServices();
const NOW = new Date('2026-01-20T02:00:00Z');

let database: TestDatabase;
let hub: Hub;
const dirs: { path: string; remove(): void }[] = [];
const nodes: Record<string, CountyNode> = {};
const tokens: Record<string, string> = {};

const hubFetch = ((input: string | URL | Request, init?: RequestInit) =>
  Promise.resolve(hub.app.request(String(input), init))) as typeof fetch;

async function hubGet(path: string) {
  const res = await hub.app.request(path);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function countyCall(code: string, method: string, path: string, body?: unknown) {
  const res = await nodes[code]!.app.request(path, {
    method,
    headers: { authorization: `Bearer ${tokens[code]}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function startCounty(code: string): Promise<void> {
  const dir = tempDir(`zwgk-annual-${code}-`);
  dirs.push(dir);
  const init = initNode({ county: code, dataDir: dir.path });
  if (!init.ok) throw new Error(init.error.message);
  const { token } = await createEnrollmentToken(hub.db.db, code, 'test');
  const enrolled = await enrollNode({ dataDir: dir.path, hubUrl: 'http://hub.test', token, fetch: hubFetch });
  if (!enrolled.ok) throw new Error(enrolled.error.message);
  const admin = await createAdmin({ dataDir: dir.path, username: 'admin', role: 'county_admin', password: async () => ok({ password: PASSWORD, demo: false }) });
  if (!admin.ok) throw new Error(admin.error.message);
  const node = createCountyNode({ dataDir: dir.path, natsUrl, heartbeatMs: 200, logger });
  node.services.now = () => NOW;
  await node.start();
  nodes[code] = node;
  const res = await node.app.request('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  tokens[code] = ((await res.json()) as { token: string }).token;
}

/** Registers requests of 2025 (some replied, one left open) and fills in what staff enter. */
async function prepareReport(code: string, requests: { on: string; type: string; outcome?: string }[]) {
  for (const r of requests) {
    const reg = await countyCall(code, 'POST', '/api/v1/requests', {
      channel: 'inPerson',
      submittedOn: r.on,
      applicant: { name: '申请人', phone: '13900000000', ...(r.type === 'naturalPerson' ? {} : { organisationName: '某单位' }) },
      applicantType: r.type,
      description: '申请公开某项政府信息',
      deliveryForm: 'paper',
    });
    expect(reg.status).toBe(201);
    if (r.outcome) {
      const reply = await countyCall(code, 'POST', `/api/v1/requests/${reg.json.id as string}/transitions`, {
        action: 'reply',
        on: r.on,
        outcome: r.outcome,
        replyText: '答复',
      });
      expect(reply.status).toBe(200);
    }
  }
  const zero = { upheld: 0, corrected: 0, other: 0, pending: 0 };
  expect((await countyCall(code, 'PUT', '/api/v1/reports/annual/2025/review-litigation', { review: { ...zero, upheld: 1 }, litigationDirect: zero, litigationAfterReview: zero })).status).toBe(200);
  const texts = await countyCall(code, 'PUT', '/api/v1/reports/annual/2025/texts', {
    overview: '总体情况。',
    problems: '存在问题。',
    otherMatters: '无。',
    proactive: {
      licensingDecisions: 100,
      penaltyDecisions: 5,
      enforcementDecisions: 0,
      feesTenThousandYuan: 1.25,
    },
  });
  expect(texts.status).toBe(200);
}

beforeAll(async () => {
  database = await createTestDatabase();
  hub = createHub({ databaseUrl: database.url, natsUrl, names, hubKeys: generateNodeKeys(), logger });
  await hub.start();
  await startCounty(A);
  await startCounty(B);
});

afterAll(async () => {
  for (const n of Object.values(nodes)) await n.stop();
  await hub?.stop();
  const nc = await connectNats({ url: natsUrl, name: 'annual-e2e-cleanup' });
  const jsm = await jetstreamManager(nc);
  for (const s of Object.values(streamNames(names))) await jsm.streams.delete(s).catch(() => {});
  await nc.close();
  await database?.drop();
  for (const d of dirs) d.remove();
});

describe('annual reports across the federation', () => {
  it("the province's report is the sum of its counties' published reports", async () => {
    await prepareReport(A, [
      { on: '2025-02-10', type: 'naturalPerson', outcome: 'granted' },
      { on: '2025-05-12', type: 'commercialEnterprise', outcome: 'partial' },
      { on: '2025-09-01', type: 'naturalPerson', outcome: 'unavailableNotHeld' },
      { on: '2025-12-29', type: 'legalServiceProvider' },
    ]);
    await prepareReport(B, [
      { on: '2025-03-03', type: 'naturalPerson', outcome: 'granted' },
      { on: '2025-07-07', type: 'researchInstitution', outcome: 'withheldProcessInfo' },
      { on: '2025-12-30', type: 'naturalPerson' },
    ]);

    // nothing published yet: the province report is empty and lists every county as missing
    const before = await hubGet('/api/v1/reports/annual/2025');
    expect(before.status).toBe(200);
    expect(before.json.included).toEqual([]);
    expect((before.json.missing as unknown[]).length).toBe(167);

    for (const code of [A, B]) expect((await countyCall(code, 'POST', '/api/v1/reports/annual/2025/publish')).status).toBe(201);

    const county = async (code: string) =>
      waitFor(`${code}'s report at the hub`, async () => {
        const r = await hubGet(`/api/v1/counties/${code}/reports/annual/2025`);
        return r.status === 200 ? r.json : undefined;
      });
    const [a, b] = [await county(A), await county(B)];
    // what the hub holds is what each county published
    for (const [code, held] of [
      [A, a],
      [B, b],
    ] as const) {
      const local = await countyCall(code, 'GET', '/api/v1/reports/annual/2025');
      expect(held.requestTable).toEqual(local.json.requestTable);
      expect(held).toMatchObject({ version: 1, checks: { passes: true } });
    }
    expect(b).toMatchObject({ county: { code: B, name: '辛集市' } });

    const province = await hubGet('/api/v1/reports/annual/2025');
    expect(province.status).toBe(200);
    expect(province.json.requestTable).toEqual(sumTables([a.requestTable as unknown as RequestTable, b.requestTable as unknown as RequestTable]));
    expect(province.json.requestTable).toMatchObject({
      newThisYear: { total: 7, naturalPerson: 4 },
      carriedForward: { total: 2 },
      resultsTotal: { total: 5 },
      outcomes: { granted: { naturalPerson: 2, total: 2 }, withheldProcessInfo: { researchInstitution: 1 } },
    });
    expect(province.json.proactive).toMatchObject({ licensingDecisions: 200, normativeDocuments: { issued: 0, inForce: 0 }, feesTenThousandYuan: 2.5 });
    expect(province.json.reviewLitigation).toMatchObject({ review: { upheld: 2, total: 2 } });
    expect(province.json.checks).toMatchObject({ passes: true, requestTable: [] });
    expect((province.json.included as { code: string }[]).map((c) => c.code)).toEqual([A, B]);
    expect((province.json.missing as { code: string }[]).length).toBe(165);
    expect((province.json.missing as { code: string }[]).some((c) => c.code === A)).toBe(false);

    // a re-publication replaces the county's tables (newest version wins)
    await countyCall(A, 'POST', '/api/v1/requests', {
      channel: 'inPerson',
      submittedOn: '2025-12-31',
      applicant: { name: '申请人', phone: '13900000000' },
      applicantType: 'naturalPerson',
      description: '又一件申请',
      deliveryForm: 'paper',
    });
    expect((await countyCall(A, 'POST', '/api/v1/reports/annual/2025/publish')).json).toMatchObject({ version: 2 });
    const updated = await waitFor('version 2 at the hub', async () => {
      const r = await hubGet(`/api/v1/counties/${A}/reports/annual/2025`);
      return r.json.version === 2 ? r.json : undefined;
    });
    const again = await hubGet('/api/v1/reports/annual/2025');
    expect(again.json.requestTable).toEqual(sumTables([updated.requestTable as unknown as RequestTable, b.requestTable as unknown as RequestTable]));
    expect(again.json.requestTable).toMatchObject({ newThisYear: { total: 8 } });

    expect((await hubGet('/api/v1/counties/130104/reports/annual/2025')).status).toBe(404);
    expect((await hubGet('/api/v1/reports/annual/20x5')).status).toBe(400);
    const spec = (await hubGet('/api/v1/openapi.json')).json as { paths: Record<string, unknown> };
    expect(spec.paths['/api/v1/reports/annual/{year}']).toBeDefined();
    expect(spec.paths['/api/v1/counties/{code}/reports/annual/{year}']).toBeDefined();
  });

  it("links each county's report to the record carrying its full text and .docx", async () => {
    const recordOf = async (code: string) => (await countyCall(code, 'GET', '/api/v1/reports/annual/2025/texts')).json.publishedRecordId as string;
    const [recA, recB] = [await recordOf(A), await recordOf(B)];
    type Linked = { id: string; title: string; indexNo: string; docx: { id: string; name: string; size: number } | null };
    // the newest version names its own .docx, which is linked once every chunk has arrived
    const linked = await waitFor("A's report record and its .docx at the hub", async () => {
      const r = await hubGet(`/api/v1/counties/${A}/reports/annual/2025`);
      const rec = r.json.record as Linked | null;
      return r.json.version === 2 && rec?.docx ? rec : undefined;
    });
    expect(linked).toMatchObject({ id: recA, title: '长安区2025年政府信息公开工作年度报告', indexNo: '130102-2026-000001' });
    expect(linked.docx!.name).toBe('长安区2025年政府信息公开工作年度报告（第2版）.docx');

    const view = await hubGet(`/api/v1/records/${recA}`);
    expect(view.json).toMatchObject({ docCategory: 'other', label: '此件公开发布', attribute: 'proactive', issuingBody: '长安区人民政府' });
    expect(view.json.body as string).toContain('三、收到和处理政府信息公开申请情况');
    expect((view.json.attachments as { id: string }[]).map((a) => a.id)).toContain(linked.docx!.id);
    const dl = await hub.app.request(`/api/v1/records/${recA}/attachments/${linked.docx!.id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toContain('wordprocessingml');
    const bytes = Buffer.from(await dl.arrayBuffer());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBe(linked.docx!.size);

    const province = await hubGet('/api/v1/reports/annual/2025');
    expect((province.json.included as { code: string; recordId: string | null }[]).map((c) => [c.code, c.recordId])).toEqual([
      [A, recA],
      [B, recB],
    ]);
  });
});
