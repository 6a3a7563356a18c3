/**
 * The catalog across hub and counties over real NATS: standards published at the hub reach the
 * counties (one of them offline at the time), counties adopt and declare, submit, the level above
 * reviews, and the public sees only approved versions.
 */
import { generateNodeKeys } from '@zwgk/core';
import { type CountyNode, createCountyNode } from '@zwgk/county-node/node';
import { natsAuthorizationBlock, natsPermissionsForCounty } from '@zwgk/federation';
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
import { countyToken, prepareCounty } from './counties.js';
import { waitFor } from './helpers.js';

const A = '130102'; // 长安区, reviewed by 石家庄市
const B = '130181'; // 辛集市, reviewed by the province
const PASSWORD = 'correct horse battery staple';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const names = uniqueNatsNames();
const hubKeys = generateNodeKeys();
const secrets: Record<string, string> = { hub: 'hub-secret', [A]: 'county-a-secret', [B]: 'county-b-secret' };

let nats: PrivateNatsServer;
let database: TestDatabase;
let hub: Hub;
const dirs: Record<string, { path: string; remove(): void }> = {};
const nodes: Record<string, CountyNode> = {};
const tokens: Record<string, string> = {};
const hubTokens: Record<string, string> = {};

type Json = Record<string, unknown> & { error?: { code: string; message: string } };

function openNode(code: string): CountyNode {
  return createCountyNode({
    dataDir: dirs[code]!.path,
    natsUrl: nats.url,
    natsUser: `county-${code}`,
    natsPassword: secrets[code],
    heartbeatMs: 200,
    logger,
  });
}

async function startCounty(code: string): Promise<void> {
  dirs[code] = await prepareCounty(hub, code, 'zwgk-review-', [
    ['admin', 'county_admin'],
    ['editor', 'county_editor'],
  ]);
  nodes[code] = openNode(code);
  await nodes[code].start();
  tokens[`${code}:admin`] = await countyToken(nodes[code], 'admin');
  tokens[`${code}:editor`] = await countyToken(nodes[code], 'editor');
}

async function county(code: string, who: 'admin' | 'editor', method: string, path: string, body?: unknown) {
  const res = await nodes[code]!.app.request(path, {
    method,
    headers: { authorization: `Bearer ${tokens[`${code}:${who}`]}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

async function atHub(method: string, path: string, who?: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${hubTokens[who]}`;
  const res = await hub.app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json()) as Json };
}

const countyVersions = (code: string, domain: string): number[] =>
  (
    nodes[code]!.db.$client.prepare('select version from standard_guidelines where domain = ? order by version').all(domain) as {
      version: number;
    }[]
  ).map((r) => r.version);

async function hubItem(id: string) {
  return (await atHub('GET', `/api/v1/catalog/items/${id}`, 'province')).json;
}

/** Waits until the county's item and the hub's projection are both at the given status. */
async function settled(code: string, id: string, status: string) {
  const local = await waitFor(`${id} ${status} at ${code}`, async () => {
    const r = await county(code, 'admin', 'GET', `/api/v1/catalog/items/${id}`);
    return r.json.status === status ? r.json : null;
  });
  await waitFor(`${id} v${String(local.version)} at hub`, async () => (await hubItem(id)).version === local.version);
  return local;
}

async function submitAndApprove(code: string, id: string, reviewer: string) {
  expect((await county(code, 'admin', 'POST', `/api/v1/catalog/items/${id}/transitions`, { action: 'submit' })).status).toBe(200);
  const submitted = await settled(code, id, 'submitted');
  const r = await atHub('POST', `/api/v1/catalog/items/${id}/review`, reviewer, { decision: 'approve', version: submitted.version });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return settled(code, id, 'published');
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
  hub = createHub({ databaseUrl: database.url, natsUrl: nats.url, natsUser: 'hub', natsPassword: secrets.hub, names, hubKeys, logger });
  await hub.start();
  for (const [username, role, cityCode] of [
    ['province', 'province_admin', null],
    ['sjz', 'city_reviewer', '130100'],
    ['bd', 'city_reviewer', '130600'],
  ] as const) {
    const r = await createUser(hub.db.db, { username, password: PASSWORD, role, cityCode }, { actor: 'test' });
    if (!r.ok) throw new Error(r.error.message);
    const res = await hub.app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    hubTokens[username] = ((await res.json()) as { token: string }).token;
  }
  await startCounty(A);
  await startCounty(B);
  for (const code of [A, B]) {
    await waitFor(`guidelines at ${code}`, async () => {
      const r = await county(code, 'admin', 'GET', '/api/v1/standards');
      return Array.isArray(r.json) && (r.json as unknown[]).length === 26;
    });
  }
}, 120_000);

afterAll(async () => {
  for (const n of Object.values(nodes)) await n.stop();
  await hub?.stop();
  await nats?.stop();
  await database?.drop();
  for (const d of Object.values(dirs)) d.remove();
});

describe('standards', () => {
  it('the hub seeds version 1 of all 26 guidelines and serves them', async () => {
    const r = await atHub('GET', '/api/v1/standards');
    const list = r.json as unknown as { domain: string; version: number; items: unknown[] }[];
    expect(list).toHaveLength(26);
    expect(list.every((g) => g.version === 1 && g.items.length >= 5)).toBe(true);
  });

  it('a new version published while a county is offline reaches it when it starts again', async () => {
    await nodes[B]!.stop();
    const edited = await atHub('PATCH', '/api/v1/standards/items/social-assistance.01', 'province', {
      timeLimit: '信息形成或者变更之日起10个工作日内',
    });
    expect(edited.status).toBe(200);
    const added = await atHub('POST', '/api/v1/standards/social-assistance/items', 'province', {
      category: '社会救助',
      name: '临时救助对象名单',
      content: '临时救助对象姓名、救助金额、救助事由',
      legalBasis: '《社会救助暂行办法》第四十七条',
      timeLimit: '信息形成或者变更之日起20个工作日内',
      responsibleBody: '县级民政部门',
      method: 'proactive',
      channels: ['website', 'bulletin-board'],
      audience: 'public',
      audienceNote: null,
      levels: ['county', 'township'],
    });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    expect((await atHub('POST', '/api/v1/standards/social-assistance/publish', 'sjz')).status).toBe(403);
    const published = await atHub('POST', '/api/v1/standards/social-assistance/publish', 'province');
    expect(published.status, JSON.stringify(published.json)).toBe(201);
    expect(published.json).toMatchObject({ guideline: { version: 2 }, counties: 2 });
    // nothing left to publish
    expect((await atHub('POST', '/api/v1/standards/social-assistance/publish', 'province')).status).toBe(409);

    await waitFor('v2 at the online county', () => countyVersions(A, 'social-assistance').includes(2));
    nodes[B] = openNode(B);
    await nodes[B].start();
    await waitFor('v2 at the county that was offline', () => countyVersions(B, 'social-assistance').includes(2));
    expect(countyVersions(B, 'social-assistance')).toEqual([1, 2]);

    const changes = await county(B, 'admin', 'GET', '/api/v1/standards/social-assistance/changes?from=1');
    expect(changes.status).toBe(200);
    const newId = (added.json as { id: string }).id;
    expect((changes.json.added as { id: string }[]).map((i) => i.id)).toEqual([newId]);
    expect(changes.json.changed).toEqual([expect.objectContaining({ id: 'social-assistance.01', fields: ['timeLimit'] })]);
  });
});

describe('catalog builder', () => {
  it('adopt copies a standard item (adopted); with overrides it is adapted; without a standard it is local', async () => {
    const adopted = await county(A, 'editor', 'POST', '/api/v1/catalog/adopt', { standardItemId: 'social-assistance.02' });
    expect(adopted.status, JSON.stringify(adopted.json)).toBe(201);
    expect(adopted.json).toMatchObject({ adoption: 'adopted', standardItemId: 'social-assistance.02', status: 'draft' });
    const adapted = await county(A, 'editor', 'POST', '/api/v1/catalog/adopt', {
      standardItemId: 'social-assistance.03',
      overrides: { responsibleBody: '长安区民政局' },
    });
    expect(adapted.json).toMatchObject({ adoption: 'adapted', responsibleBody: '长安区民政局' });
    const { id: _id, ...copy } = adapted.json as Record<string, unknown>;
    const local = await county(A, 'editor', 'POST', '/api/v1/catalog/items', {
      domain: 'social-assistance',
      level: 'county',
      name: '本区特色救助事项',
      content: '救助对象、标准',
      legalBasis: '区政府文件',
      timeLimit: '信息形成之日起20个工作日内',
      responsibleBody: '长安区民政局',
      method: 'proactive',
      channels: ['website'],
      audience: 'public',
    });
    expect(local.json).toMatchObject({ adoption: 'local', standardItemId: null });
    expect(copy).toBeDefined();
    expect((await county(A, 'editor', 'POST', '/api/v1/catalog/adopt', { standardItemId: 'social-assistance.99' })).status).toBe(400);
  });

  it('a not-applicable declaration and its withdrawal reach the hub', async () => {
    expect((await county(A, 'admin', 'POST', '/api/v1/catalog/exemptions', { standardItemId: 'social-assistance.04', reason: '不适用' })).status).toBe(400);
    expect(
      (await county(A, 'editor', 'POST', '/api/v1/catalog/exemptions', { standardItemId: 'social-assistance.04', reason: '本区无此类对象，经研究不适用' }))
        .status,
    ).toBe(403);
    const declared = await county(A, 'admin', 'POST', '/api/v1/catalog/exemptions', {
      standardItemId: 'social-assistance.04',
      reason: '本区无此类对象，经研究不适用',
    });
    expect(declared.status).toBe(201);
    const hubRow = async () =>
      (await hub.db.sql<{ reason: string | null; version: string }[]>`
        select reason, version::text as version from catalog_exemptions where county_code = ${A} and standard_item_id = 'social-assistance.04'`)[0];
    await waitFor('declaration at hub', async () => (await hubRow())?.reason === '本区无此类对象，经研究不适用');
    expect((await county(A, 'admin', 'DELETE', '/api/v1/catalog/exemptions/social-assistance.04')).status).toBe(200);
    await waitFor('withdrawal at hub', async () => (await hubRow())?.reason === null);
    expect((await hubRow())?.version).toBe('2');
  });
});

describe('review round trip', () => {
  let id: string;

  it('an editor cannot submit, and the county has no approve action at all', async () => {
    const r = await county(A, 'editor', 'POST', '/api/v1/catalog/adopt', { standardItemId: 'social-assistance.05' });
    id = r.json.id as string;
    expect((await county(A, 'editor', 'POST', `/api/v1/catalog/items/${id}/transitions`, { action: 'submit' })).status).toBe(403);
    expect((await county(A, 'editor', 'POST', '/api/v1/catalog/submit', { ids: [id] })).status).toBe(403);
    const approve = await county(A, 'admin', 'POST', `/api/v1/catalog/items/${id}/transitions`, { action: 'approve' });
    expect(approve.status).toBe(400);
    expect(approve.json.error?.code).toBe('validation_failed');
  });

  it('submit → return with comments → revise → resubmit → approve; the public sees only approved versions', async () => {
    const submitted = await county(A, 'admin', 'POST', '/api/v1/catalog/submit', { ids: [id] });
    expect(submitted.status).toBe(200);
    await settled(A, id, 'submitted');
    // an item under review cannot be edited
    expect((await county(A, 'editor', 'PATCH', `/api/v1/catalog/items/${id}`, { content: '改' })).status).toBe(409);

    const queue = async (who: string) =>
      ((await atHub('GET', '/api/v1/reviews/queue', who)).json as unknown as { id: string; countyName: string }[]).map((q) => q.id);
    expect(await queue('sjz')).toContain(id);
    expect(await queue('province')).toContain(id);
    expect(await queue('bd')).not.toContain(id);
    expect((await atHub('POST', `/api/v1/catalog/items/${id}/review`, 'bd', { decision: 'approve' })).status).toBe(403);
    expect((await atHub('POST', `/api/v1/catalog/items/${id}/review`, 'sjz', { decision: 'return' })).status).toBe(400);
    expect((await atHub('POST', `/api/v1/catalog/items/${id}/review`, 'sjz', { decision: 'approve', version: 1 })).status).toBe(409);

    const returned = await atHub('POST', `/api/v1/catalog/items/${id}/review`, 'sjz', {
      decision: 'return',
      comments: '公开依据请写明条款',
      itemComments: { legalBasis: '补充条款号' },
    });
    expect(returned.status, JSON.stringify(returned.json)).toBe(201);
    // decided once per version
    expect((await atHub('POST', `/api/v1/catalog/items/${id}/review`, 'province', { decision: 'approve' })).status).toBe(409);
    await settled(A, id, 'returned');
    const comments = await county(A, 'admin', 'GET', `/api/v1/catalog/items/${id}/reviews`);
    expect(comments.json).toEqual([
      expect.objectContaining({ decision: 'return', comments: '公开依据请写明条款', fieldComments: { legalBasis: '补充条款号' }, applied: true }),
    ]);
    expect((await atHub('GET', `/api/v1/catalog/items/${id}`)).status).toBe(404);

    const revised = await county(A, 'editor', 'PATCH', `/api/v1/catalog/items/${id}`, { legalBasis: '《社会救助暂行办法》第十二条' });
    expect(revised.json).toMatchObject({ status: 'returned', adoption: 'adapted' });
    const first = await submitAndApprove(A, id, 'sjz');
    expect(first.nextReviewOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const pub = await atHub('GET', `/api/v1/catalog/items/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.json).toMatchObject({ status: 'published', version: first.version, legalBasis: '《社会救助暂行办法》第十二条' });
    const list = await atHub('GET', `/api/v1/counties/${A}/catalog?domain=social-assistance`);
    expect((list.json.items as { id: string }[]).map((i) => i.id)).toEqual([id]);

    // a change after publication opens a new working version; the public keeps the approved one
    const draft = await county(A, 'editor', 'PATCH', `/api/v1/catalog/items/${id}`, { responsibleBody: '长安区民政局（新）' });
    expect(draft.json).toMatchObject({ status: 'draft' });
    await settled(A, id, 'draft');
    expect((await atHub('GET', `/api/v1/catalog/items/${id}`)).json).toMatchObject({ version: first.version, status: 'published' });
    const second = await submitAndApprove(A, id, 'province');
    expect((await atHub('GET', `/api/v1/catalog/items/${id}`)).json).toMatchObject({
      version: second.version,
      responsibleBody: '长安区民政局（新）',
    });

    // history: the public sees both published versions, reviewers every version, with diffs
    const publicHistory = await atHub('GET', `/api/v1/catalog/items/${id}/versions`);
    const pv = publicHistory.json.versions as { version: number; status: string; changes: { field: string }[] }[];
    expect(pv.map((v) => v.version)).toEqual([first.version, second.version]);
    expect(pv[1]!.changes.map((c) => c.field)).toContain('responsibleBody');
    const all = (await atHub('GET', `/api/v1/catalog/items/${id}/versions`, 'sjz')).json.versions as { status: string }[];
    expect(all.map((v) => v.status)).toEqual([
      'draft',
      'submitted',
      'returned',
      'returned',
      'submitted',
      'published',
      'draft',
      'submitted',
      'published',
    ]);
    const countyHistory = await county(A, 'admin', 'GET', `/api/v1/catalog/items/${id}/versions`);
    expect((countyHistory.json.versions as unknown[]).length).toBe(9);
    const due = await county(A, 'admin', 'GET', '/api/v1/catalog/due?days=366');
    expect((due.json.items as { id: string }[]).map((i) => i.id)).toContain(id);
  });

  it("辛集's items are reviewed by the province only", async () => {
    const r = await county(B, 'admin', 'POST', '/api/v1/catalog/adopt', { standardItemId: 'social-assistance.01' });
    const bid = r.json.id as string;
    expect((await county(B, 'admin', 'POST', `/api/v1/catalog/items/${bid}/transitions`, { action: 'submit' })).status).toBe(200);
    await settled(B, bid, 'submitted');
    const sjzQueue = (await atHub('GET', '/api/v1/reviews/queue', 'sjz')).json as unknown as { id: string }[];
    expect(sjzQueue.map((q) => q.id)).not.toContain(bid);
    expect((await atHub('POST', `/api/v1/catalog/items/${bid}/review`, 'sjz', { decision: 'approve' })).status).toBe(403);
    expect((await atHub('POST', `/api/v1/catalog/items/${bid}/review`, 'province', { decision: 'approve' })).status).toBe(201);
    await settled(B, bid, 'published');
  });
});

describe('coverage', () => {
  it('matches a hand-computed example through the hub API', async () => {
    const guideline = (await atHub('GET', '/api/v1/standards/elderly-care')).json as { items: { id: string }[] };
    const n = guideline.items.length;
    const [s1, s2, s3, s4] = guideline.items.map((i) => i.id);
    const adopted = (await county(A, 'editor', 'POST', '/api/v1/catalog/adopt', { standardItemId: s1 })).json.id as string;
    const adapted = (
      await county(A, 'editor', 'POST', '/api/v1/catalog/adopt', { standardItemId: s2, overrides: { responsibleBody: '长安区民政局' } })
    ).json.id as string;
    const reviewing = (await county(A, 'editor', 'POST', '/api/v1/catalog/adopt', { standardItemId: s4 })).json.id as string;
    await submitAndApprove(A, adopted, 'sjz');
    await submitAndApprove(A, adapted, 'sjz');
    await county(A, 'admin', 'POST', '/api/v1/catalog/exemptions', { standardItemId: s3, reason: '本区无养老机构，依法不适用' });
    await county(A, 'admin', 'POST', `/api/v1/catalog/items/${reviewing}/transitions`, { action: 'submit' });
    await settled(A, reviewing, 'submitted');
    await waitFor('exemption at hub', async () => {
      const [row] = await hub.db.sql`select 1 from catalog_exemptions where county_code = ${A} and standard_item_id = ${s3!}`;
      return row !== undefined;
    });

    // elderly-care: 1 adopted, 1 adapted, 1 not applicable, the rest missing (one of them in review)
    const cov = await atHub('GET', `/api/v1/counties/${A}/coverage`);
    expect(cov.status).toBe(200);
    const ec = (cov.json.domains as { domain: string }[]).find((d) => d.domain === 'elderly-care');
    expect(ec).toMatchObject({
      standardItems: n,
      adopted: 1,
      adapted: 1,
      notApplicable: 1,
      missing: n - 3,
      inReview: 1,
      coveragePct: Math.round((3 / n) * 1000) / 10,
    });
    const states = Object.fromEntries((ec as unknown as { items: { standardItemId: string; state: string }[] }).items.map((i) => [i.standardItemId, i.state]));
    expect([states[s1!], states[s2!], states[s3!], states[s4!]]).toEqual(['adopted', 'adapted', 'notApplicable', 'missing']);

    const matrix = await atHub('GET', '/api/v1/coverage?sort=coverage&order=desc');
    const rows = matrix.json.rows as { countyCode: string; domains: { domain: string; covered: number }[] }[];
    expect(rows).toHaveLength(167);
    expect(rows[0]!.countyCode).toBe(A);
    expect(rows[0]!.domains.find((d) => d.domain === 'elderly-care')?.covered).toBe(3);
    const sjzOnly = await atHub('GET', '/api/v1/coverage?city=130100');
    expect((sjzOnly.json.rows as { cityCode: string }[]).every((r) => r.cityCode === '130100')).toBe(true);
  });
});
