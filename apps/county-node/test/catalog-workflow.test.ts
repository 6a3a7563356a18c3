import { STARTING_GUIDELINES, type StandardItem } from '@zwgk/core';
import { outbox } from '@zwgk/db/sqlite';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyReviewDecision } from '../src/services/catalog.js';
import { storeGuideline } from '../src/services/standards.js';
import { type TestNode, createTestNode } from './fixtures.js';

let t: TestNode;
let admin: string;
let editor: string;
let reviewer: string;
const SA = STARTING_GUIDELINES.find((g) => g.domain === 'social-assistance')!;

const json = async (r: Response) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> & { error?: { code: string } } });

function receive(version: number, items: readonly StandardItem[]) {
  t.node.db.transaction((tx) => {
    storeGuideline(tx, { domain: 'social-assistance', version, publishedAt: new Date().toISOString(), items: [...items] }, new Date().toISOString());
  });
}

beforeAll(async () => {
  t = await createTestNode();
  admin = await t.tokenFor('admin');
  editor = await t.tokenFor('editor');
  reviewer = await t.tokenFor('reviewer');
  receive(1, SA.items);
});

afterAll(async () => {
  await t?.close();
});

describe('catalog workflow at the county', () => {
  it('lists the guidelines it received, with exemptions', async () => {
    const r = await json(await t.req('GET', '/api/v1/standards', { token: reviewer }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual([expect.objectContaining({ domain: 'social-assistance', version: 1 })]);
  });

  it('a county reviewer reads but cannot adopt; a batch is submitted whole or not at all', async () => {
    expect((await t.req('POST', '/api/v1/catalog/adopt', { token: reviewer, body: { standardItemId: SA.items[0]!.id } })).status).toBe(403);
    const a = await json(await t.req('POST', '/api/v1/catalog/adopt', { token: editor, body: { standardItemId: SA.items[0]!.id } }));
    const b = await json(await t.req('POST', '/api/v1/catalog/adopt', { token: editor, body: { standardItemId: SA.items[1]!.id } }));
    expect(a.body).toMatchObject({ adoption: 'adopted', status: 'draft', category: SA.items[0]!.category });
    expect((await t.req('POST', `/api/v1/catalog/items/${String(a.body.id)}/transitions`, { token: admin, body: { action: 'submit' } })).status).toBe(200);
    const refused = await json(await t.req('POST', '/api/v1/catalog/submit', { token: admin, body: { ids: [a.body.id, b.body.id] } }));
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('invalid_state');
    const still = await json(await t.req('GET', `/api/v1/catalog/items/${String(b.body.id)}`, { token: admin }));
    expect(still.body).toMatchObject({ status: 'draft', version: 1 });
    const all = await json(await t.req('POST', '/api/v1/catalog/submit', { token: admin, body: { all: true } }));
    expect((all.body.submitted as { id: string }[]).map((i) => i.id)).toEqual([b.body.id]);
    // withdraw, and a stale review decision is kept but not applied
    const w = await json(await t.req('POST', `/api/v1/catalog/items/${String(b.body.id)}/transitions`, { token: admin, body: { action: 'withdraw' } }));
    expect(w.body).toMatchObject({ status: 'draft', version: 3 });
    const outcome = t.node.db.transaction((tx) =>
      applyReviewDecision(
        tx,
        t.node.services,
        { reviewId: 'r1', itemId: String(b.body.id), version: 2, decision: 'approve', comments: '', reviewer: 'sjz', decidedAt: new Date().toISOString() },
        new Date().toISOString(),
      ),
    );
    expect(outcome.applied).toBe(false);
    const reviews = await json(await t.req('GET', `/api/v1/catalog/items/${String(b.body.id)}/reviews`, { token: admin }));
    expect(reviews.body).toEqual([expect.objectContaining({ reviewId: 'r1', applied: false })]);
  });

  it('declares an item not applicable through the outbox, and refuses an unknown one', async () => {
    const sid = SA.items[2]!.id;
    expect((await t.req('POST', '/api/v1/catalog/exemptions', { token: admin, body: { standardItemId: 'social-assistance.99', reason: '本县无此类情形' } })).status).toBe(404);
    const d = await json(await t.req('POST', '/api/v1/catalog/exemptions', { token: admin, body: { standardItemId: sid, reason: '本县无此类情形' } }));
    expect(d.status).toBe(201);
    const row = t.node.db.select().from(outbox).where(eq(outbox.kind, 'catalog.exemption')).get();
    expect(JSON.parse(row!.envelope)).toMatchObject({ kind: 'catalog.exemption', entityId: `130102:${sid}`, body: { reason: '本县无此类情形', version: 1 } });
    const list = await json(await t.req('GET', '/api/v1/catalog/exemptions', { token: reviewer }));
    expect(list.body).toEqual([expect.objectContaining({ standardItemId: sid })]);
  });

  it('shows what changed in a new guideline version and which items it affects', async () => {
    const [first, ...rest] = SA.items;
    receive(2, [{ ...first!, legalBasis: `${first!.legalBasis}（修订）` }, ...rest.slice(1)]);
    const c = await json(await t.req('GET', '/api/v1/standards/social-assistance/changes?from=1', { token: reviewer }));
    expect(c.status).toBe(200);
    expect((c.body.changed as { id: string; fields: string[] }[]).map((x) => [x.id, x.fields])).toEqual([[first!.id, ['legalBasis']]]);
    expect((c.body.removed as { id: string }[]).map((x) => x.id)).toEqual([rest[0]!.id]);
    expect((c.body.affectedItems as { change: string }[]).map((x) => x.change).sort()).toEqual(['changed', 'removed']);
    const affected = await json(await t.req('GET', '/api/v1/standards/affected', { token: reviewer }));
    expect((affected.body as unknown as { standardItemId: string }[]).map((x) => x.standardItemId).sort()).toEqual(
      [first!.id, rest[0]!.id].sort(),
    );
    expect((await t.req('GET', '/api/v1/standards/nope/changes?from=1', { token: reviewer })).status).toBe(404);
    expect((await t.req('GET', '/api/v1/standards/social-assistance/changes?from=x', { token: reviewer })).status).toBe(400);
  });

  it('lists items due for review', async () => {
    const r = await json(
      await t.req('POST', '/api/v1/catalog/items', {
        token: editor,
        body: {
          domain: 'social-assistance',
          level: 'county',
          name: '到期事项',
          content: '内容',
          legalBasis: '依据',
          timeLimit: '20个工作日',
          responsibleBody: '民政局',
          method: 'proactive',
          channels: ['website'],
          audience: 'public',
          nextReviewOn: '2000-01-01',
        },
      }),
    );
    expect(r.body).toMatchObject({ adoption: 'local', nextReviewOn: '2000-01-01' });
    const due = await json(await t.req('GET', '/api/v1/catalog/due', { token: reviewer }));
    expect(due.body.items).toEqual([expect.objectContaining({ id: r.body.id, overdue: true })]);
    expect((await t.req('GET', '/api/v1/catalog/due?days=-1', { token: reviewer })).status).toBe(400);
  });
});
