import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY, PASSWORD, type TestNode, checkOutbox, createTestNode, rowCounts, sampleItem, trpcClient } from './fixtures.js';

let t: TestNode;
beforeAll(async () => {
  t = await createTestNode();
});
afterAll(() => t.close());

const client = (token?: string) => trpcClient(t, token);

type Domain = { code: string; message: string; details?: { fields?: { field: string }[] } };
async function domainErrorOf(p: Promise<unknown>): Promise<{ httpStatus: number; domain: Domain }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCClientError) {
      const data = e.data as { httpStatus: number; domain: Domain };
      return { httpStatus: data.httpStatus, domain: data.domain };
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('tRPC router', () => {
  it('logs in and manages catalog items through the same services as REST', async () => {
    const anon = client();
    expect(await anon.health.query()).toMatchObject({ status: 'ok', countyCode: COUNTY });
    const info = await anon.node.info.query();
    expect(info).toMatchObject({ countyCode: COUNTY, countyName: '长安区', cityName: '石家庄市', enrolled: false });

    const login = await anon.auth.login.mutate({ username: 'editor', password: PASSWORD });
    expect(login.user).toEqual({ username: 'editor', role: 'county_editor', displayName: 'editor' });
    const c = client(login.token);
    expect(await c.auth.me.query()).toEqual(login.user);

    const item = await c.catalog.create.mutate(sampleItem());
    expect(item.version).toBe(1);
    expect(await c.catalog.get.query({ id: item.id })).toEqual(item);
    const v2 = await c.catalog.update.mutate({ id: item.id, version: 1, patch: { audience: 'specific', audienceNote: '低保对象' } });
    expect(v2).toMatchObject({ version: 2, audience: 'specific', audienceNote: '低保对象' });
    const list = await c.catalog.list.query({ domain: 'social-assistance' });
    expect(list.items.map((i) => i.id)).toEqual([item.id]);
    expect(await c.catalog.delete.mutate({ id: item.id })).toMatchObject({ id: item.id, version: 3 });

    // the same REST token works here and vice versa
    const viaRest = await t.req('GET', '/api/v1/catalog/items', { token: login.token });
    expect(viaRest.status).toBe(200);
    expect(checkOutbox(t.node)).toHaveLength(3);
  });

  it('returns the REST error as data.domain, and writes nothing on failure', async () => {
    const before = rowCounts(t.node.db);
    expect(await domainErrorOf(client().catalog.list.query())).toMatchObject({
      httpStatus: 401,
      domain: { code: 'unauthorized' },
    });
    expect(await domainErrorOf(client().auth.login.mutate({ username: 'editor', password: 'wrong password' }))).toMatchObject({
      httpStatus: 401,
      domain: { code: 'unauthorized' },
    });
    const reviewer = client(await t.tokenFor('reviewer'));
    expect(await domainErrorOf(reviewer.catalog.create.mutate(sampleItem()))).toMatchObject({
      httpStatus: 403,
      domain: { code: 'forbidden' },
    });

    const editor = client(await t.tokenFor('editor'));
    const invalid = await domainErrorOf(editor.catalog.create.mutate(sampleItem({ legalBasis: '' })));
    expect(invalid.httpStatus).toBe(400);
    expect(invalid.domain.code).toBe('validation_failed');
    expect(invalid.domain.details?.fields?.map((f) => f.field)).toEqual(['legalBasis']);

    const badInput = await domainErrorOf(editor.catalog.update.mutate({ id: 'x', version: -1, patch: {} }));
    expect(badInput.domain).toMatchObject({ code: 'validation_failed' });
    expect(badInput.domain.details?.fields?.map((f) => f.field)).toEqual(['version']);

    expect(await domainErrorOf(editor.catalog.get.query({ id: 'missing' }))).toMatchObject({
      httpStatus: 404,
      domain: { code: 'not_found' },
    });
    expect(rowCounts(t.node.db)).toEqual({ ...before, audit: before.audit + 2 /* the two logins */ });
  });

  it('does not put stack traces in error responses', async () => {
    const res = await t.node.app.request(`/trpc/catalog.get?input=${encodeURIComponent(JSON.stringify({ id: 'x' }))}`);
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).not.toMatch(/stack|\.ts:\d+/);
    expect(JSON.parse(text).error.data.domain.code).toBe('unauthorized');
  });

  it('answers a stale update with CONFLICT', async () => {
    const editor = client(await t.tokenFor('editor'));
    const item = await editor.catalog.create.mutate(sampleItem());
    await editor.catalog.update.mutate({ id: item.id, version: 1, patch: { name: '新名称' } });
    const stale = await domainErrorOf(editor.catalog.update.mutate({ id: item.id, version: 1, patch: { name: '旧名称' } }));
    expect(stale).toMatchObject({ httpStatus: 409, domain: { code: 'conflict', details: { currentVersion: 2 } } });
  });
});
