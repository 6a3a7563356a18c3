import { STARTING_GUIDELINES } from '@zwgk/core';
import { catalogItemVersions, catalogItems, outbox } from '@zwgk/db/sqlite';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeGuideline } from '../src/services/standards.js';
import { type TestNode, createTestNode, sampleItem } from './fixtures.js';

let t: TestNode;
let editor: string;
const SA = STARTING_GUIDELINES.find((g) => g.domain === 'social-assistance')!;

const json = async (r: Response) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> });

const stored = (id: string) => t.node.db.select().from(catalogItems).where(eq(catalogItems.id, id)).get()!.timeLimitRule;

/** The item in the newest catalog.item envelope of the outbox. */
function lastFederated(id: string): Record<string, unknown> {
  const rows = t.node.db.select().from(outbox).where(eq(outbox.kind, 'catalog.item')).orderBy(desc(outbox.seq)).all();
  const env = rows.map((r) => JSON.parse(r.envelope) as { entityId: string; body: { item: Record<string, unknown> } }).find((e) => e.entityId === id);
  return env!.body.item;
}

beforeAll(async () => {
  t = await createTestNode();
  editor = await t.tokenFor('editor');
  t.node.db.transaction((tx) => {
    storeGuideline(tx, { domain: 'social-assistance', version: 1, publishedAt: new Date().toISOString(), items: [...SA.items] }, new Date().toISOString());
  });
});

afterAll(async () => {
  await t?.close();
});

describe('公开时限: the structured rule derived where items are written', () => {
  it('stores the rule of a phrase it understands, in the row, the view, the history and the federated item', async () => {
    const c = await json(await t.req('POST', '/api/v1/catalog/items', { token: editor, body: sampleItem({ timeLimit: '自信息形成或者变更之日起20个工作日内予以公开' }) }));
    expect(c.status).toBe(201);
    const id = String(c.body.id);
    const rule = { kind: 'afterEvent', workingDays: 20, event: 'formedOrChanged', eventText: '信息形成或者变更' };
    expect(c.body.timeLimit).toBe('自信息形成或者变更之日起20个工作日内予以公开');
    expect(c.body.timeLimitRule).toEqual(rule);
    expect(stored(id)).toEqual(rule);
    expect(lastFederated(id).timeLimitRule).toEqual(rule);
    const v = t.node.db.select().from(catalogItemVersions).where(eq(catalogItemVersions.itemId, id)).get()!;
    expect(v.snapshot.timeLimitRule).toEqual(rule);
  });

  it('re-derives the rule when the phrase is changed, and stores null for a phrase it cannot read', async () => {
    const c = await json(await t.req('POST', '/api/v1/catalog/items', { token: editor, body: sampleItem({ timeLimit: '实时公开' }) }));
    const id = String(c.body.id);
    expect(stored(id)).toEqual({ kind: 'realTime' });

    const u = await json(await t.req('PATCH', `/api/v1/catalog/items/${id}`, { token: editor, body: { timeLimit: '半年至少更新1次' } }));
    expect(u.status).toBe(200);
    expect(u.body.timeLimitRule).toEqual({ kind: 'periodic', every: 'halfYear', times: 1 });
    expect(stored(id)).toEqual({ kind: 'periodic', every: 'halfYear', times: 1 });

    const n = await json(await t.req('PATCH', `/api/v1/catalog/items/${id}`, { token: editor, body: { timeLimit: '及时公开' } }));
    expect(n.status).toBe(200);
    expect(n.body.timeLimit).toBe('及时公开');
    expect(n.body.timeLimitRule).toBeNull();
    expect(stored(id)).toBeNull();
    expect(lastFederated(id)).toMatchObject({ version: 3, timeLimitRule: null });
  });

  it('an unparseable phrase is stored as written with no rule', async () => {
    const c = await json(
      await t.req('POST', '/api/v1/catalog/items', {
        token: editor,
        body: sampleItem({ timeLimit: '执法决定信息在决定作出之日起7个工作日内公开,其他相关信息形成或变更之日起20个工作日内公开' }),
      }),
    );
    expect(c.status).toBe(201);
    expect(c.body.timeLimitRule).toBeNull();
    expect(stored(String(c.body.id))).toBeNull();
  });

  it('derives the rule of an adopted standard item, and of its localised time limit', async () => {
    const std = SA.items[0]!;
    const a = await json(await t.req('POST', '/api/v1/catalog/adopt', { token: editor, body: { standardItemId: std.id } }));
    expect(a.status).toBe(201);
    expect(a.body.timeLimitRule).not.toBeNull();
    expect(stored(String(a.body.id))).toEqual(a.body.timeLimitRule);

    const b = await json(
      await t.req('POST', '/api/v1/catalog/adopt', { token: editor, body: { standardItemId: SA.items[1]!.id, overrides: { timeLimit: '决定作出之日起7个工作日内' } } }),
    );
    expect(b.body).toMatchObject({ adoption: 'adapted', timeLimitRule: { kind: 'afterEvent', workingDays: 7, event: 'decided' } });
  });
});
