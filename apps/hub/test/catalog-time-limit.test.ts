import type { NodeKeys } from '@zwgk/core';
import { catalogItems } from '@zwgk/db/pg';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHub, catalogItem, enrollCounty, publish, request, startTestHub, upsertEvent, waitFor } from './helpers.js';

const C = '130181';
let t: TestHub;
let keys: NodeKeys;

const itemRow = async (id: string) => (await t.hub.db.db.select().from(catalogItems).where(eq(catalogItems.id, id)))[0];

beforeAll(async () => {
  t = await startTestHub();
  keys = await enrollCounty(t, C);
});

afterAll(async () => {
  await t?.close();
});

describe('公开时限 rule in the hub projection and the public catalog', () => {
  const rule = { kind: 'afterEvent', workingDays: 20, event: 'formedOrChanged', eventText: '信息形成或变更' } as const;

  it('stores the rule the county sent, follows a newer version, and reads an older body without one as null', async () => {
    await publish(t, upsertEvent(keys, 1, catalogItem(C, 'tl-1', 1, { timeLimitRule: rule })));
    const row = await waitFor('tl-1', () => itemRow('tl-1'));
    expect(row!.timeLimitRule).toEqual(rule);

    await publish(t, upsertEvent(keys, 2, catalogItem(C, 'tl-1', 2, { timeLimit: '及时公开', timeLimitRule: null })));
    const newer = await waitFor('tl-1 v2', async () => ((await itemRow('tl-1'))?.version === 2 ? itemRow('tl-1') : undefined));
    expect(newer).toMatchObject({ timeLimit: '及时公开', timeLimitRule: null });

    // a body written before the rule existed (no key at all)
    const { timeLimitRule: _none, ...old } = catalogItem(C, 'tl-2', 1);
    await publish(t, upsertEvent(keys, 3, old));
    expect((await waitFor('tl-2', () => itemRow('tl-2')))!.timeLimitRule).toBeNull();
  });

  it('the public catalog and item API carry it', async () => {
    await publish(t, upsertEvent(keys, 4, catalogItem(C, 'tl-3', 1, { timeLimit: '实时公开', timeLimitRule: { kind: 'realTime' } })));
    await waitFor('tl-3', () => itemRow('tl-3'));
    const res = await request(t, 'GET', `/api/v1/counties/${C}/catalog`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; timeLimitRule: unknown }[] };
    const byId = new Map(body.items.map((i) => [i.id, i.timeLimitRule]));
    expect(byId.get('tl-3')).toEqual({ kind: 'realTime' });
    expect(byId.get('tl-1')).toBeNull();
    const one = await request(t, 'GET', '/api/v1/catalog/items/tl-3');
    expect(((await one.json()) as { timeLimitRule: unknown }).timeLimitRule).toEqual({ kind: 'realTime' });
  });
});
