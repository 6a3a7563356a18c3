import { catalogItemEventBodySchema } from '@zwgk/core';
import { townshipsOf } from '@zwgk/core/regions';
import { catalogItems } from '@zwgk/db/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY, type TestNode, checkOutbox, createTestNode, rowCounts, sampleItem } from './fixtures.js';

interface Item {
  id: string;
  version: number;
  name: string;
  countyCode: string;
  status: string;
  townshipCode: string | null;
  createdBy: string;
  updatedBy: string;
  channels: string[];
}

let t: TestNode;
let admin: string;
let editor: string;

beforeAll(async () => {
  t = await createTestNode();
  admin = await t.tokenFor('admin');
  editor = await t.tokenFor('editor');
});
afterAll(() => t.close());

describe('catalog items over REST', () => {
  it('creates, reads, updates, lists and deletes an item', async () => {
    const created = await t.req('POST', '/api/v1/catalog/items', { token: editor, body: sampleItem() });
    expect(created.status).toBe(201);
    const item = (await created.json()) as Item;
    expect(item).toMatchObject({ version: 1, countyCode: COUNTY, status: 'draft', createdBy: 'editor', townshipCode: null });
    expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const got = await t.req('GET', `/api/v1/catalog/items/${item.id}`, { token: admin });
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(item);

    const patched = await t.req('PATCH', `/api/v1/catalog/items/${item.id}`, {
      token: admin,
      body: { name: '最低生活保障审核确认', version: 1 },
    });
    expect(patched.status).toBe(200);
    const v2 = (await patched.json()) as Item;
    expect(v2).toMatchObject({ id: item.id, version: 2, name: '最低生活保障审核确认', updatedBy: 'admin', createdBy: 'editor' });

    const list = await t.req('GET', '/api/v1/catalog/items?q=审核确认', { token: editor });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { items: Item[]; total: number };
    expect(body.total).toBe(1);
    expect(body.items[0]!.id).toBe(item.id);

    const del = await t.req('DELETE', `/api/v1/catalog/items/${item.id}`, { token: editor });
    expect(del.status).toBe(200);
    expect(await del.json()).toMatchObject({ id: item.id, version: 3 });
    expect((await t.req('GET', `/api/v1/catalog/items/${item.id}`, { token: admin })).status).toBe(404);
    expect((await t.req('PATCH', `/api/v1/catalog/items/${item.id}`, { token: admin, body: { name: 'x' } })).status).toBe(404);
    expect((await t.req('DELETE', `/api/v1/catalog/items/${item.id}`, { token: admin })).status).toBe(404);

    // soft delete: the row and its history stay, the outbox ends with a tombstone for version 3
    expect(t.node.db.select().from(catalogItems).all().find((r) => r.id === item.id)?.deletedAt).toBeTruthy();
    const events = checkOutbox(t.node).filter((e) => e.envelope.entityId === item.id);
    expect(events.map((e) => [e.envelope.entityVersion, (e.envelope.body as { op: string }).op])).toEqual([
      ['1', 'upsert'],
      ['2', 'upsert'],
      ['3', 'delete'],
    ]);
    for (const e of events) expect(catalogItemEventBodySchema.safeParse(e.envelope.body).success).toBe(true);
  });

  it('accepts a township item for one of its own townships', async () => {
    const township = townshipsOf(COUNTY)[0]!;
    const res = await t.req('POST', '/api/v1/catalog/items', {
      token: admin,
      body: sampleItem({ level: 'township', townshipCode: township.code, name: '乡镇事项' }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Item).townshipCode).toBe(township.code);
  });

  it('filters the list by domain, level, status and keyword, with paging', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.req('POST', '/api/v1/catalog/items', {
        token: admin,
        body: sampleItem({ domain: 'elderly-care', name: `养老服务补贴 ${i}`, responsibleBody: '县民政局养老科' }),
      });
      expect(res.status).toBe(201);
    }
    const page = async (qs: string) => {
      const res = await t.req('GET', `/api/v1/catalog/items?${qs}`, { token: admin });
      expect(res.status).toBe(200);
      return (await res.json()) as { items: Item[]; total: number; limit: number; offset: number };
    };
    const first = await page('domain=elderly-care&limit=2');
    expect(first.total).toBe(5);
    expect(first.items).toHaveLength(2);
    const second = await page('domain=elderly-care&limit=2&offset=2');
    expect(second.items).toHaveLength(2);
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(4);
    expect((await page('level=township')).total).toBe(1);
    expect((await page('status=published')).total).toBe(0);
    expect((await page('q=养老科')).total).toBe(5);
    // LIKE wildcards in a keyword are taken literally
    expect((await page('q=%25')).total).toBe(0);
    expect((await page('q=养老服务补贴 3')).total).toBe(1);

    const bad = await t.req('GET', '/api/v1/catalog/items?domain=nope&limit=0', { token: admin });
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as { error: { code: string; details: { fields: { field: string }[] } } };
    expect(err.error.code).toBe('validation_failed');
    expect(err.error.details.fields.map((f) => f.field).sort()).toEqual(['domain', 'limit']);
  });

  it('does not show or change an item that belongs to another county', async () => {
    const now = new Date().toISOString();
    t.node.db
      .insert(catalogItems)
      .values({
        id: 'foreign-1',
        countyCode: '130181',
        domain: 'elderly-care',
        level: 'county',
        name: '外县事项',
        content: 'c',
        legalBasis: 'l',
        timeLimit: 't',
        responsibleBody: 'r',
        method: 'proactive',
        channels: ['website'],
        audience: 'public',
        createdAt: now,
        updatedAt: now,
        createdBy: 'x',
        updatedBy: 'x',
      })
      .run();
    const before = rowCounts(t.node.db);
    expect((await t.req('GET', '/api/v1/catalog/items/foreign-1', { token: admin })).status).toBe(404);
    expect((await t.req('PATCH', '/api/v1/catalog/items/foreign-1', { token: admin, body: { name: 'y' } })).status).toBe(404);
    expect((await t.req('DELETE', '/api/v1/catalog/items/foreign-1', { token: admin })).status).toBe(404);
    const list = (await (await t.req('GET', '/api/v1/catalog/items?q=外县', { token: admin })).json()) as { total: number };
    expect(list.total).toBe(0);
    expect(rowCounts(t.node.db)).toEqual(before);
  });

  it('writes nothing for a patch that changes nothing', async () => {
    const item = (await (await t.req('POST', '/api/v1/catalog/items', { token: admin, body: sampleItem() })).json()) as Item;
    const before = rowCounts(t.node.db);
    const res = await t.req('PATCH', `/api/v1/catalog/items/${item.id}`, {
      token: admin,
      body: { name: item.name, channels: item.channels },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Item).version).toBe(1);
    expect(rowCounts(t.node.db)).toEqual(before);
  });
});
