import { counties as gbtCounties, reviewingCityCode } from '@zwgk/core';
import { auditLog, catalogItemVersions, catalogItems, counties, enrollmentTokens, users } from '@zwgk/db/pg';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type TestHub, addUser, login, request, startTestHub } from './helpers.js';

let t: TestHub;
let adminToken: string;
let sjzReviewerToken: string;

const auditCount = async () => (await t.hub.db.db.select({ n: count() }).from(auditLog))[0]!.n;

beforeAll(async () => {
  t = await startTestHub();
  await addUser(t, 'province', 'province_admin');
  await addUser(t, 'sjz', 'city_reviewer', '130100');
  adminToken = await login(t, 'province');
  sjzReviewerToken = await login(t, 'sjz');
});

afterAll(async () => {
  await t?.close();
});

describe('health, reference data, documents', () => {
  it('GET /health reports the database and NATS', async () => {
    const res = await request(t, 'GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'up', nats: 'up' });
  });

  it('GET /domains lists the 26 pilot domains in the seed order', async () => {
    const res = await request(t, 'GET', '/api/v1/domains');
    const domains = (await res.json()) as { no: number; name: string }[];
    expect(domains).toHaveLength(26);
    expect(domains[0]).toMatchObject({ no: 1, name: '国土空间规划' });
    expect(domains[25]).toMatchObject({ no: 26, name: '市政服务' });
  });

  it('GET /regions without a parent gives the 12 city-level units; with one, its children', async () => {
    const top = (await (await request(t, 'GET', '/api/v1/regions')).json()) as { code6: string; name: string }[];
    expect(top).toHaveLength(12);
    expect(top.map((r) => r.name)).toContain('石家庄市');

    const sjz = (await (await request(t, 'GET', '/api/v1/regions?parent=130100')).json()) as { code6: string; level: string }[];
    expect(sjz.map((r) => r.code6)).toEqual(expect.arrayContaining(['130102', '130181']));
    expect(sjz.every((r) => r.level === 'county')).toBe(true);

    const townships = (await (await request(t, 'GET', '/api/v1/regions?parent=130102')).json()) as { level: string }[];
    expect(townships.length).toBeGreaterThan(0);
    expect(townships.every((r) => r.level === 'township')).toBe(true);
  });

  it('GET /regions rejects a malformed parent with 400 and an unknown one with 404', async () => {
    const bad = await request(t, 'GET', '/api/v1/regions?parent=abc');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    const unknown = await request(t, 'GET', '/api/v1/regions?parent=139900');
    expect(unknown.status).toBe(404);
  });

  it('serves the OpenAPI document covering every REST route', async () => {
    const doc = (await (await request(t, 'GET', '/api/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/v1/auth/token', '/api/v1/counties/{code}', '/api/v1/catalog/items/{id}', '/api/v1/enroll']) {
      expect(doc.paths).toHaveProperty([p]);
    }
  });

  it('serves Prometheus metrics', async () => {
    const res = await request(t, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('zwgk_events_applied_total');
    expect(text).toContain('zwgk_ingest_batch_seconds');
  });

  it('answers an unknown path with the error envelope', async () => {
    const res = await request(t, 'GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('auth', () => {
  it('gives a token for good credentials', async () => {
    const res = await request(t, 'POST', '/api/v1/auth/token', { body: { username: 'province', password: PASSWORD } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expiresAt: string };
    expect(body.token.length).toBeGreaterThan(30);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(11 * 3600_000);
  });

  it('answers a wrong password and an unknown user alike with 401', async () => {
    const wrong = await request(t, 'POST', '/api/v1/auth/token', { body: { username: 'province', password: 'nope-nope-nope' } });
    const unknown = await request(t, 'POST', '/api/v1/auth/token', { body: { username: 'nobody', password: 'nope-nope-nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as { error: { code: string; message: string } };
    const b = (await unknown.json()) as { error: { code: string; message: string } };
    expect(a.error.code).toBe('unauthorized');
    expect(a).toEqual(b);
  });

  it('rejects an invalid bearer token with 401 instead of treating the caller as the public', async () => {
    const res = await request(t, 'GET', '/api/v1/counties', { token: 'not-a-token' });
    expect(res.status).toBe(401);
  });

  it('400 for a body that is not JSON, with the envelope, and nothing written', async () => {
    const before = await auditCount();
    const res = await request(t, 'POST', '/api/v1/auth/token', { rawBody: '{"username": "province",' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    expect(await auditCount()).toBe(before);
  });

  it('400 with field errors for wrong types', async () => {
    const res = await request(t, 'POST', '/api/v1/auth/token', { body: { username: 42, password: ['x'] } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { fields: { field: string }[] } } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.fields.map((f) => f.field).sort()).toEqual(['password', 'username']);
  });
});

describe('counties', () => {
  it('lists the 167 GB/T 2260 counties to the public, with 辛集 and 定州', async () => {
    const res = await request(t, 'GET', '/api/v1/counties');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { code: string; name: string; enrolled: boolean; provinceAdministered: boolean; federation: { lastSeq: string } }[];
    expect(list).toHaveLength(167);
    const xinji = list.find((c) => c.code === '130181');
    const dingzhou = list.find((c) => c.code === '130682');
    expect(xinji).toMatchObject({ name: '辛集市', provinceAdministered: true, enrolled: false });
    expect(dingzhou).toMatchObject({ name: '定州市', provinceAdministered: true });
    expect(xinji?.federation.lastSeq).toBe('0');
  });

  it('shows a city reviewer only the counties its city reviews (not 辛集, which the province reviews)', async () => {
    const res = await request(t, 'GET', '/api/v1/counties', { token: sjzReviewerToken });
    const list = (await res.json()) as { code: string }[];
    const expected = gbtCounties().filter((c) => reviewingCityCode(c.code6!) === '130100');
    expect(list.map((c) => c.code).sort()).toEqual(expected.map((c) => c.code6).sort());
    expect(list.map((c) => c.code)).toContain('130102');
    expect(list.map((c) => c.code)).not.toContain('130181');
    expect(list.map((c) => c.code)).not.toContain('130602');

    expect((await request(t, 'GET', '/api/v1/counties/130102', { token: sjzReviewerToken })).status).toBe(200);
    expect((await request(t, 'GET', '/api/v1/counties/130602', { token: sjzReviewerToken })).status).toBe(403);
    expect((await request(t, 'GET', '/api/v1/counties/130602', { token: adminToken })).status).toBe(200);
  });

  it('GET /counties/{code}: 400 for a malformed code, 404 for a code that is not a county', async () => {
    expect((await request(t, 'GET', '/api/v1/counties/13x')).status).toBe(400);
    expect((await request(t, 'GET', '/api/v1/counties/130100')).status).toBe(404);
  });
});

describe('enrollment', () => {
  const keys = { signingPublicKey: 'a'.repeat(64), encryptionPublicKey: 'b'.repeat(64) };

  it('requires a province admin to issue a token', async () => {
    expect((await request(t, 'POST', '/api/v1/enrollment-tokens', { body: { countyCode: '130102' } })).status).toBe(401);
    const reviewer = await request(t, 'POST', '/api/v1/enrollment-tokens', { token: sjzReviewerToken, body: { countyCode: '130102' } });
    expect(reviewer.status).toBe(403);
    expect(((await reviewer.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('refuses a code that is not one of the 167 counties, and bad JSON, writing nothing', async () => {
    const before = await t.hub.db.db.select({ n: count() }).from(enrollmentTokens);
    const notCounty = await request(t, 'POST', '/api/v1/enrollment-tokens', { token: adminToken, body: { countyCode: '130100' } });
    expect(notCounty.status).toBe(400);
    const wrongType = await request(t, 'POST', '/api/v1/enrollment-tokens', { token: adminToken, body: { countyCode: 130102 } });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { error: { details: { fields: { field: string }[] } } }).error.details.fields[0]?.field).toBe('countyCode');
    const badJson = await request(t, 'POST', '/api/v1/enrollment-tokens', { token: adminToken, rawBody: 'countyCode=130102' });
    expect(badJson.status).toBe(400);
    const extra = await request(t, 'POST', '/api/v1/enrollment-tokens', { token: adminToken, body: { countyCode: '130102', admin: true } });
    expect(extra.status).toBe(400);
    expect(await t.hub.db.db.select({ n: count() }).from(enrollmentTokens)).toEqual(before);
  });

  it('a token works once, only for its county, and the enrollment is audited', async () => {
    const issued = await request(t, 'POST', '/api/v1/enrollment-tokens', { token: adminToken, body: { countyCode: '130104' } });
    expect(issued.status).toBe(201);
    const { token, expiresAt } = (await issued.json()) as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);

    const otherCounty = await request(t, 'POST', '/api/v1/enroll', { body: { token, countyCode: '130105', ...keys } });
    expect(otherCounty.status).toBe(403);

    const ok = await request(t, 'POST', '/api/v1/enroll', { body: { token, countyCode: '130104', ...keys } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      hubSigningPublicKey: t.hubKeys.signing.publicKey,
      subjectRoot: t.names.subjectRoot,
      streamPrefix: t.names.streamPrefix,
    });

    const again = await request(t, 'POST', '/api/v1/enroll', { body: { token, countyCode: '130104', ...keys } });
    expect(again.status).toBe(409);

    const [row] = await t.hub.db.db.select().from(counties).where(eq(counties.code, '130104'));
    expect(row?.signingPublicKey).toBe(keys.signingPublicKey);
    expect(row?.enrolledAt).toBeInstanceOf(Date);
    const audits = await t.hub.db.db.select().from(auditLog).where(eq(auditLog.entityId, '130104'));
    expect(audits.map((a) => a.action).sort()).toEqual(['county.enroll', 'enrollment_token.issue']);

    const county = (await (await request(t, 'GET', '/api/v1/counties/130104')).json()) as { enrolled: boolean };
    expect(county.enrolled).toBe(true);
  });

  it('an unknown or expired token is refused and enrolls nothing', async () => {
    const unknown = await request(t, 'POST', '/api/v1/enroll', { body: { token: 'made-up', countyCode: '130107', ...keys } });
    expect(unknown.status).toBe(401);

    const issued = (await (
      await request(t, 'POST', '/api/v1/enrollment-tokens', { token: adminToken, body: { countyCode: '130107' } })
    ).json()) as { token: string };
    await t.hub.db.db.update(enrollmentTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(enrollmentTokens.countyCode, '130107'));
    const expired = await request(t, 'POST', '/api/v1/enroll', { body: { token: issued.token, countyCode: '130107', ...keys } });
    expect(expired.status).toBe(401);
    expect(await t.hub.db.db.select().from(counties).where(eq(counties.code, '130107'))).toEqual([]);
  });

  it('validates the keys: wrong types give 400 with fields', async () => {
    const res = await request(t, 'POST', '/api/v1/enroll', {
      body: { token: 'x', countyCode: '130102', signingPublicKey: 'zz', encryptionPublicKey: 5 },
    });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { error: { details: { fields: { field: string }[] } } }).error.details.fields;
    expect(fields.map((f) => f.field).sort()).toEqual(['encryptionPublicKey', 'signingPublicKey']);
  });
});

describe('catalog item visibility', () => {
  beforeAll(async () => {
    const base = {
      domain: 'social-assistance',
      level: 'county',
      townshipCode: null,
      name: '低保名单',
      content: '低保对象',
      legalBasis: '《社会救助暂行办法》',
      timeLimit: '20个工作日',
      responsibleBody: '民政局',
      method: 'proactive',
      channels: ['website'],
      audience: 'public',
      audienceNote: null,
      version: 3,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    await t.hub.db.db.insert(catalogItems).values([
      { ...base, id: 'vis-published', countyCode: '130102', status: 'published' },
      { ...base, id: 'vis-draft', countyCode: '130102', status: 'draft' },
      { ...base, id: 'vis-deleted', countyCode: '130102', status: 'published', deleted: true },
      { ...base, id: 'vis-baoding', countyCode: '130602', status: 'submitted' },
    ]);
    // the public reads published versions from the history the hub keeps
    const snapshot = (id: string) => ({ ...base, id, countyCode: '130102', status: 'published', createdAt: base.createdAt.toISOString(), updatedAt: base.updatedAt.toISOString() });
    await t.hub.db.db.insert(catalogItemVersions).values(
      ['vis-published', 'vis-deleted'].map((id) => ({
        itemId: id,
        version: 3,
        countyCode: '130102',
        domain: base.domain,
        adoption: 'local',
        status: 'published',
        snapshot: snapshot(id),
        publishedAt: new Date(),
      })),
    );
  });

  it('the public sees published items only', async () => {
    const pub = await request(t, 'GET', '/api/v1/catalog/items/vis-published');
    expect(pub.status).toBe(200);
    expect(await pub.json()).toMatchObject({ id: 'vis-published', countyCode: '130102', countyName: '长安区', version: 3 });
    expect((await request(t, 'GET', '/api/v1/catalog/items/vis-draft')).status).toBe(404);
    expect((await request(t, 'GET', '/api/v1/catalog/items/vis-deleted')).status).toBe(404);
    expect((await request(t, 'GET', '/api/v1/catalog/items/nope')).status).toBe(404);
  });

  it('a province admin sees every item with its county and version', async () => {
    const res = await request(t, 'GET', '/api/v1/catalog/items/vis-draft', { token: adminToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'vis-draft', countyCode: '130102', status: 'draft', version: 3 });
    expect(await (await request(t, 'GET', '/api/v1/catalog/items/vis-deleted', { token: adminToken })).json()).toMatchObject({
      deleted: true,
    });
  });

  it('a city reviewer sees the items of its counties only', async () => {
    expect((await request(t, 'GET', '/api/v1/catalog/items/vis-draft', { token: sjzReviewerToken })).status).toBe(200);
    expect((await request(t, 'GET', '/api/v1/catalog/items/vis-baoding', { token: sjzReviewerToken })).status).toBe(404);
  });

  it('counts items in the county list', async () => {
    const county = (await (await request(t, 'GET', '/api/v1/counties/130102')).json()) as {
      federation: { catalogItems: number; publishedItems: number };
    };
    expect(county.federation).toMatchObject({ catalogItems: 2, publishedItems: 1 });
  });
});

describe('quarantine listing', () => {
  it('is for province admins only', async () => {
    expect((await request(t, 'GET', '/api/v1/quarantine')).status).toBe(401);
    expect((await request(t, 'GET', '/api/v1/quarantine', { token: sjzReviewerToken })).status).toBe(403);
    const res = await request(t, 'GET', '/api/v1/quarantine?limit=10', { token: adminToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ entries: [], nextBefore: null });
    expect((await request(t, 'GET', '/api/v1/quarantine?limit=zero', { token: adminToken })).status).toBe(400);
  });
});

describe('tRPC', () => {
  const trpc = async (path: string, opts: { token?: string; input?: unknown; mutation?: boolean } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const url =
      opts.mutation || opts.input === undefined
        ? `/trpc/${path}`
        : `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(opts.input))}`;
    const res = await t.hub.app.request(url, {
      method: opts.mutation ? 'POST' : 'GET',
      headers,
      ...(opts.mutation ? { body: JSON.stringify(opts.input ?? {}) } : {}),
    });
    return { status: res.status, body: (await res.json()) as { result?: { data: unknown }; error?: { data: { domain?: { code: string } } } } };
  };

  it('auth.login returns the user with the token, and auth.me knows them', async () => {
    const r = await trpc('auth.login', { mutation: true, input: { username: 'sjz', password: PASSWORD } });
    expect(r.status).toBe(200);
    const data = r.body.result?.data as { token: string; user: unknown };
    expect(data.user).toEqual({ username: 'sjz', role: 'city_reviewer', cityCode: '130100', displayName: 'sjz' });
    const me = await trpc('auth.me', { token: data.token });
    expect(me.body.result?.data).toMatchObject({ username: 'sjz' });
    expect((await trpc('auth.me')).status).toBe(401);
  });

  it('the same errors and scoping as REST', async () => {
    const bad = await trpc('auth.login', { mutation: true, input: { username: 'sjz', password: 'wrong-wrong' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error?.data.domain?.code).toBe('unauthorized');

    const forbidden = await trpc('enrollment.issueToken', { mutation: true, token: sjzReviewerToken, input: { countyCode: '130102' } });
    expect(forbidden.status).toBe(403);

    const invalid = await trpc('enrollment.issueToken', { mutation: true, token: adminToken, input: { countyCode: 5 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.data.domain?.code).toBe('validation_failed');

    const list = await trpc('counties.list', { token: sjzReviewerToken });
    expect((list.body.result?.data as unknown[]).length).toBeLessThan(167);
    expect(((await trpc('counties.list')).body.result?.data as unknown[]).length).toBe(167);

    const children = await trpc('regions.children', { input: { parent: '130600' } });
    expect((children.body.result?.data as { name: string }[]).map((r) => r.name)).toContain('定州市');
    expect(((await trpc('domains.list')).body.result?.data as unknown[]).length).toBe(26);
    expect((await trpc('catalog.get', { input: { id: 'vis-draft' } })).status).toBe(404);
    expect((await trpc('quarantine.list', { token: adminToken })).status).toBe(200);
    expect((await trpc('health')).body.result?.data).toMatchObject({ status: 'ok' });
  });

  it('creating an account is audited, and a duplicate username is a conflict', async () => {
    const { createUser } = await import('../src/services/accounts.js');
    const r = await createUser(t.hub.db.db, { username: 'province', password: PASSWORD, role: 'province_admin' }, { actor: 'test' });
    expect(r.ok).toBe(false);
    const same = await createUser(
      t.hub.db.db,
      { username: 'province', password: PASSWORD, role: 'province_admin' },
      { actor: 'test', ifExists: 'keep' },
    );
    expect(same.ok && same.value.created).toBe(false);
    const rows = await t.hub.db.db.select().from(users).where(eq(users.username, 'province'));
    expect(rows).toHaveLength(1);
    const audits = await t.hub.db.db.select().from(auditLog).where(eq(auditLog.entityId, rows[0]!.id));
    expect(audits.map((a) => a.action)).toContain('user.create');
  });
});
