/**
 * Applications for disclosure end to end: real county nodes (SQLite, relay, hub consumer), a real
 * hub (Postgres, ingest, outbox) and the shared NATS under a suite-unique subject root and stream
 * prefix. Filing at the portal while the county is stopped, delivery when it starts, the workflow
 * at the county followed at the hub, tracking, the calendar broadcast and the statistics.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { chinaDate, generateNodeKeys, ok } from '@zwgk/core';
import { createAdmin, enrollNode, initNode } from '@zwgk/county-node/commands';
import { type CountyNode, createCountyNode } from '@zwgk/county-node/node';
import { connectNats, streamNames } from '@zwgk/federation';
import { type TestDatabase, createTestDatabase, tempDir, testServices, uniqueNatsNames } from '@zwgk/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, createHub } from '../src/hub.js';
import { createUser } from '../src/services/accounts.js';
import { createEnrollmentToken } from '../src/services/enrollment.js';
import { waitFor } from './helpers.js';

const A = '130102'; // 长安区, 石家庄市
const B = '130181'; // 辛集市, reviewed by the province
const PASSWORD = 'correct horse battery staple';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const names = uniqueNatsNames();
const { natsUrl } = testServices();

// what must never reach the hub in clear
const NAME = '赵密文';
const ID_NUMBER = '130102199912120011';
const PHONE = '13700001111';
const ADDRESS = '长安区广安大街99号';
const DESCRIPTION = '申请公开长安区2026年度临时救助资金发放明细（含发放标准）';

let database: TestDatabase;
let hub: Hub;
const tokens: Record<string, string> = {};
const dirs: { path: string; remove(): void }[] = [];
const nodes: Record<string, CountyNode> = {};
const countyTokens: Record<string, string> = {};
/** the clock of county A: 15 December 2026, 10:00 in China */
const A_NOW = new Date('2026-12-15T02:00:00Z');

const hubFetch = ((input: string | URL | Request, init?: RequestInit) =>
  Promise.resolve(hub.app.request(String(input), init))) as typeof fetch;

async function hubCall(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await hub.app.request(path, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** An initialised, enrolled data dir with an admin; the node is created but not started. */
async function prepareCounty(code: string): Promise<string> {
  const dir = tempDir(`zwgk-req-${code}-`);
  dirs.push(dir);
  const init = initNode({ county: code, dataDir: dir.path });
  if (!init.ok) throw new Error(init.error.message);
  const { token } = await createEnrollmentToken(hub.db.db, code, 'test');
  const enrolled = await enrollNode({ dataDir: dir.path, hubUrl: 'http://hub.test', token, fetch: hubFetch });
  if (!enrolled.ok) throw new Error(enrolled.error.message);
  const admin = await createAdmin({ dataDir: dir.path, username: 'admin', role: 'county_admin', password: async () => ok({ password: PASSWORD, demo: false }) });
  if (!admin.ok) throw new Error(admin.error.message);
  return dir.path;
}

async function startCounty(code: string, dataDir: string, now?: Date): Promise<CountyNode> {
  const node = createCountyNode({ dataDir, natsUrl, heartbeatMs: 200, logger });
  if (now) node.services.now = () => now;
  await node.start();
  const res = await node.app.request('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  countyTokens[code] = ((await res.json()) as { token: string }).token;
  nodes[code] = node;
  return node;
}

async function countyCall(code: string, method: string, path: string, body?: unknown) {
  const res = await nodes[code]!.app.request(path, {
    method,
    headers: { authorization: `Bearer ${countyTokens[code]}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const hubRow = async (trackingNo: string) =>
  (await hub.db.sql<{ status: string; received_on: string | null; due_on: string | null; version: string; outcome: string | null }[]>`
    select status, received_on::text, due_on::text, version::text, outcome from info_requests where tracking_no = ${trackingNo}`)[0];

let dirA: string;
let filed: { trackingNo: string; secret: string };

beforeAll(async () => {
  database = await createTestDatabase();
  hub = createHub({ databaseUrl: database.url, natsUrl, names, hubKeys: generateNodeKeys(), logger });
  await hub.start();
  for (const [username, role, city] of [
    ['province', 'province_admin', null],
    ['sjz', 'city_reviewer', '130100'],
  ] as const) {
    const r = await createUser(hub.db.db, { username, password: PASSWORD, role, cityCode: city }, { actor: 'test' });
    if (!r.ok) throw new Error(r.error.message);
    tokens[username] = ((await hubCall('POST', '/api/v1/auth/token', { body: { username, password: PASSWORD } })).json as { token: string }).token;
  }
  dirA = await prepareCounty(A);
  await startCounty(B, await prepareCounty(B));
});

afterAll(async () => {
  for (const n of Object.values(nodes)) await n.stop();
  await hub?.stop();
  const nc = await connectNats({ url: natsUrl, name: 'requests-e2e-cleanup' });
  const jsm = await jetstreamManager(nc);
  for (const s of Object.values(streamNames(names))) await jsm.streams.delete(s).catch(() => {});
  await nc.close();
  await database?.drop();
  for (const d of dirs) d.remove();
});

describe('applications for disclosure across the federation', () => {
  it('accepts a filing while the county node is stopped and delivers it once when it starts', async () => {
    const body = {
      countyCode: A,
      applicantType: 'naturalPerson',
      applicant: { name: NAME, idType: '居民身份证', idNumber: ID_NUMBER, phone: PHONE, address: ADDRESS },
      description: DESCRIPTION,
      deliveryForm: 'email',
    };
    const res = await hubCall('POST', '/api/v1/requests', { body });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ countyCode: A, status: 'submitted' });
    filed = res.json as unknown as typeof filed;
    expect(filed.trackingNo).toMatch(/^130102-\d{4}-[0-9A-Z]{8}$/);
    expect(filed.secret).toMatch(/^[0-9A-Z]{24}$/);
    expect((await hubRow(filed.trackingNo))?.status).toBe('submitted');

    // validation and an unenrolled county
    expect((await hubCall('POST', '/api/v1/requests', { body: { ...body, applicant: { name: NAME } } })).status).toBe(400);
    const unenrolled = await hubCall('POST', '/api/v1/requests', { body: { ...body, countyCode: '130104' } });
    expect(unenrolled.status).toBe(409);
    expect((unenrolled.json.error as { message: string }).message).toContain('尚未接入');

    const node = await startCounty(A, dirA, A_NOW);
    const atCounty = await waitFor('the filing at the county', () =>
      node.db.$client.prepare('select * from info_requests where tracking_no = ?').get(filed.trackingNo) as Record<string, unknown> | undefined,
    );
    expect(atCounty).toMatchObject({
      channel: 'online',
      received_on: '2026-12-15', // the day the county confirms it (§31)
      applicant_name: NAME,
      applicant_id_number: ID_NUMBER,
      applicant_phone: PHONE,
      description: DESCRIPTION,
      delivery_form: 'email',
      status: 'received',
    });
    const atHub = await waitFor('the county confirmation at the hub', async () => {
      const r = await hubRow(filed.trackingNo);
      return r?.status === 'received' ? r : null;
    });
    expect(atHub).toMatchObject({ received_on: '2026-12-15', version: '1' });
    // delivered once, even after the consumer sees it again
    await node.stop();
    delete nodes[A];
    await startCounty(A, dirA, A_NOW);
    await new Promise((r) => setTimeout(r, 500));
    const n = nodes[A]!.db.$client.prepare('select count(*) as n from info_requests where tracking_no = ?').get(filed.trackingNo) as { n: number };
    expect(n.n).toBe(1);
  });

  it("holds no applicant name, ID number, phone, address or description in the hub's tables or streams", async () => {
    const tables = await hub.db.sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['info_requests', 'hub_outbox', 'inbox', 'audit_log']));
    for (const { table_name } of tables) {
      for (const secret of [NAME, ID_NUMBER, PHONE, ADDRESS, DESCRIPTION.slice(0, 12)]) {
        const [row] = await hub.db.sql<{ n: string }[]>`
          select count(*) as n from ${hub.db.sql(table_name)} t where t::text like ${`%${secret}%`}`;
        expect(Number(row!.n), `${secret} in ${table_name}`).toBe(0);
      }
    }
    const nc = await connectNats({ url: natsUrl, name: 'requests-e2e-inspect' });
    const jsm = await jetstreamManager(nc);
    let messages = 0;
    let sealedSeen = false;
    for (const stream of Object.values(streamNames(names))) {
      const info = await jsm.streams.info(stream);
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
        if (!m) continue;
        messages++;
        const raw = new TextDecoder().decode(m.data);
        if (raw.includes('"request.filed"')) sealedSeen = raw.includes('"ciphertext"');
        for (const secret of [NAME, ID_NUMBER, PHONE, ADDRESS, DESCRIPTION.slice(0, 12)]) expect(raw, `${secret} in ${stream}#${seq}`).not.toContain(secret);
      }
    }
    await nc.close();
    expect(messages).toBeGreaterThan(2);
    expect(sealedSeen).toBe(true);
  });

  it('tracks with the secret; a wrong secret and an unknown number look the same', async () => {
    const ok = await hubCall('GET', `/api/v1/requests/${filed.trackingNo}?secret=${filed.secret}`);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ trackingNo: filed.trackingNo, status: 'received', receivedOn: '2026-12-15', dueOn: '2027-01-12', provisional: true });
    expect((ok.json.timeline as { type: string }[]).map((e) => e.type)).toEqual(['filed', 'received']);
    const wrong = await hubCall('GET', `/api/v1/requests/${filed.trackingNo}?secret=AAAAAAAAAAAAAAAAAAAAAAAA`);
    const unknown = await hubCall('GET', `/api/v1/requests/130102-2026-ZZZZZZZZ?secret=${filed.secret}`);
    const none = await hubCall('GET', `/api/v1/requests/${filed.trackingNo}`);
    for (const r of [wrong, unknown, none]) {
      expect(r.status).toBe(404);
      expect(r.json).toEqual(wrong.json);
    }
    expect(JSON.stringify(wrong.json)).not.toContain('received');
  });

  it('follows the county workflow to the reply at the portal', async () => {
    const list = await countyCall(A, 'GET', '/api/v1/requests');
    const id = (list.json.requests as { id: string; trackingNo: string }[]).find((r) => r.trackingNo === filed.trackingNo)!.id;
    for (const step of [{ action: 'register' }, { action: 'startReview' }, { action: 'startProcessing' }]) {
      expect((await countyCall(A, 'POST', `/api/v1/requests/${id}/transitions`, step)).status).toBe(200);
    }
    const replied = await countyCall(A, 'POST', `/api/v1/requests/${id}/transitions`, {
      action: 'reply',
      outcome: 'granted',
      replyText: `${NAME}：经审查，您申请的信息予以公开，见附件。`,
    });
    expect(replied.json).toMatchObject({ status: 'replied', outcome: 'granted' });
    const tracked = await waitFor('the reply at the portal', async () => {
      const r = await hubCall('GET', `/api/v1/requests/${filed.trackingNo}?secret=${filed.secret}`);
      return r.json.status === 'replied' ? r.json : null;
    });
    expect(tracked).toMatchObject({ outcome: 'granted', outcomeLabel: '予以公开', repliedOn: '2026-12-15', statusLabel: '已答复' });
    expect((tracked.timeline as { type: string }[]).map((e) => e.type)).toEqual([
      'filed',
      'received',
      'registered',
      'reviewStarted',
      'processingStarted',
      'replied',
    ]);
    const [row] = await hub.db.sql<{ n: string }[]>`select count(*) as n from inbox where envelope::text like ${`%${NAME}%`}`;
    expect(Number(row!.n)).toBe(0);
  });

  it('answers due dates with an explanation, provisional for an unannounced 2027', async () => {
    const r = await hubCall('GET', '/api/v1/calendar/due-date?start=2026-12-10&workingDays=20');
    expect(r.json).toMatchObject({ dueDate: '2027-01-07', provisional: true, provisionalYears: [2027] });
    expect(r.json.explanation).toContain('2027年放假安排尚未公布');
    expect((await hubCall('GET', '/api/v1/calendar/due-date?start=2026-12-10')).status).toBe(400);
  });

  it('loading a 2027 holiday file recomputes an open request at the county and the hub follows', async () => {
    const reg = await countyCall(A, 'POST', '/api/v1/requests', {
      channel: 'inPerson',
      submittedOn: '2026-12-10',
      applicant: { name: '钱某', phone: '13800002222' },
      applicantType: 'naturalPerson',
      description: '申请公开某某文件',
      deliveryForm: 'pickup',
    });
    expect(reg.json).toMatchObject({ dueOn: '2027-01-07', provisional: true });
    const trackingNo = reg.json.trackingNo as string;
    await waitFor('the registration at the hub', async () => (await hubRow(trackingNo))?.due_on === '2027-01-07');

    const file = {
      $schema: 'https://example.test/schema.json',
      year: 2027,
      papers: [],
      days: [
        { name: '元旦', date: '2026-12-31', isOffDay: true },
        { name: '元旦', date: '2027-01-01', isOffDay: true },
      ],
    };
    expect((await hubCall('POST', '/api/v1/calendar/years', { token: tokens.sjz, body: file })).status).toBe(403);
    expect((await hubCall('POST', '/api/v1/calendar/years', { token: tokens.province, body: { year: 2027, days: [{ date: '2027-02-30' }] } })).status).toBe(400);
    const loaded = await hubCall('POST', '/api/v1/calendar/years', { token: tokens.province, body: file });
    expect(loaded.status).toBe(201);
    expect(loaded.json).toMatchObject({ year: 2027, days: 2, counties: 2, provisional: false });
    expect((await hubCall('GET', '/api/v1/calendar/due-date?start=2026-12-10&workingDays=20')).json).toMatchObject({
      dueDate: '2027-01-11',
      provisional: false,
    });

    const atHub = await waitFor('the recomputed due date at the hub', async () => {
      const r = await hubRow(trackingNo);
      return r?.due_on === '2027-01-11' ? r : null;
    });
    expect(atHub.version).toBe('2');
    const detail = await countyCall(A, 'GET', `/api/v1/requests/${reg.json.id as string}`);
    expect(detail.json).toMatchObject({ dueOn: '2027-01-11', provisional: false });
    const recomputed = (detail.json.timeline as { type: string; details: Record<string, unknown> }[]).find((e) => e.type === 'recomputed');
    expect(recomputed?.details).toMatchObject({ oldDueOn: '2027-01-07', newDueOn: '2027-01-11', oldProvisional: true, newProvisional: false });
    // the replied request is closed: not recomputed
    const closed = await hubRow(filed.trackingNo);
    expect(closed?.status).toBe('replied');
  });

  it('gives statistics per county to the province, and a city reviewer only its counties', async () => {
    const today = chinaDate(new Date());
    const b = await countyCall(B, 'POST', '/api/v1/requests', {
      channel: 'inPerson',
      submittedOn: today,
      applicant: { name: '孙某', organisationName: '辛集市某律师事务所' },
      applicantType: 'legalServiceProvider',
      description: '申请公开某行政处罚决定书',
      deliveryForm: 'paper',
    });
    expect(b.status).toBe(201);
    await countyCall(B, 'POST', `/api/v1/requests/${b.json.id as string}/transitions`, { action: 'replyOnTheSpot', outcome: 'withheldEnforcementFile', replyText: '属于行政执法案卷' });
    const stats = await waitFor('B replied at the hub', async () => {
      const r = await hubCall('GET', '/api/v1/requests/stats', { token: tokens.province });
      const counties = r.json.counties as { countyCode: string; replied: number }[];
      return counties.find((c) => c.countyCode === B)?.replied === 1 ? r.json : null;
    });
    const byCode = Object.fromEntries((stats.counties as { countyCode: string }[]).map((c) => [c.countyCode, c])) as Record<string, Record<string, unknown>>;
    expect(byCode[A]).toMatchObject({
      countyName: '长安区',
      received: 2,
      replied: 1,
      repliedOnTime: 1,
      onTimeRate: 1,
      medianDaysToReply: 0,
      outcomes: { granted: 1 },
      byMonth: [{ month: '2026-12', received: 2, replied: 1 }],
    });
    expect(byCode[B]).toMatchObject({ received: 1, replied: 1, onTimeRate: 1, outcomes: { withheldEnforcementFile: 1 } });
    expect(stats.total).toMatchObject({ received: 3, replied: 2 });

    const city = await hubCall('GET', '/api/v1/requests/stats', { token: tokens.sjz });
    expect((city.json.counties as { countyCode: string }[]).map((c) => c.countyCode)).toEqual([A]);
    expect((await hubCall('GET', `/api/v1/requests/stats?countyCode=${B}`, { token: tokens.sjz })).status).toBe(403);
    expect((await hubCall('GET', '/api/v1/requests/stats')).status).toBe(401);
  });
});
