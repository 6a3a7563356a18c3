import { catalogItemEventBodySchema, verifyEnvelope } from '@zwgk/core';
import { auditLog, outbox } from '@zwgk/db/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItem, deleteItem, updateItem } from '../src/services/catalog.js';
import { COUNTY, type TestNode, checkOutbox, createTestNode, rowCounts, sampleItem } from './fixtures.js';

let t: TestNode;
beforeAll(async () => {
  t = await createTestNode();
});
afterAll(() => t.close());

const actor = { id: 'u', username: 'admin', role: 'county_admin' as const, displayName: 'admin' };

describe('outbox', () => {
  it('writes exactly one signed row and one audit row per change, seqs gap-free across failures', async () => {
    const token = await t.tokenFor('admin');
    const ids: string[] = [];
    let changes = 0;
    for (let i = 0; i < 20; i++) {
      const before = rowCounts(t.node.db);
      // every third request is invalid and must leave no trace, not even a used seq
      const bad = i % 3 === 2;
      const res = await t.req('POST', '/api/v1/catalog/items', {
        token,
        body: sampleItem({ name: bad ? '' : `事项 ${i}` }),
      });
      const after = rowCounts(t.node.db);
      if (bad) {
        expect(res.status).toBe(400);
        expect(after).toEqual(before);
      } else {
        expect(res.status).toBe(201);
        ids.push(((await res.json()) as { id: string }).id);
        changes++;
        expect(after).toEqual({ items: before.items + 1, outbox: before.outbox + 1, audit: before.audit + 1 });
      }
    }
    for (const id of ids.slice(0, 4)) {
      const r = updateItem(t.node.services, actor, id, { content: '更新后的公开内容' }, 1);
      expect(r.ok).toBe(true);
      changes++;
      expect(updateItem(t.node.services, actor, id, { content: 'x' }, 1).ok).toBe(false);
    }
    expect(deleteItem(t.node.services, actor, ids[5]!).ok).toBe(true);
    changes++;

    const events = checkOutbox(t.node);
    expect(events).toHaveLength(changes);
    for (const { envelope } of events) {
      expect(envelope).toMatchObject({ v: 1, origin: COUNTY, kind: 'catalog.item', schema: 'catalog.item/1' });
      expect(catalogItemEventBodySchema.safeParse(envelope.body).success).toBe(true);
    }
    const audits = t.node.db.select().from(auditLog).all().filter((a) => a.entityType === 'catalog_item');
    expect(audits).toHaveLength(changes);
    expect(t.node.db.select().from(outbox).all().every((r) => r.sentAt === null)).toBe(true);
  });

  it('a tampered envelope no longer verifies with the node key', () => {
    const [first] = checkOutbox(t.node);
    const env = { ...first!.envelope, entityVersion: '99' } as Parameters<typeof verifyEnvelope>[0];
    expect(verifyEnvelope(env, t.node.config.keys.signing.publicKey)).toBe(false);
  });

  it('rolls back the item and the audit row when the outbox write fails', () => {
    const before = rowCounts(t.node.db);
    const broken = { ...t.node.services, signingPrivateKey: 'not-a-key' };
    expect(() => createItem(broken, actor, sampleItem())).toThrow();
    expect(rowCounts(t.node.db)).toEqual(before);
    // and the seq that failed is reused, not skipped
    expect(createItem(t.node.services, actor, sampleItem()).ok).toBe(true);
    checkOutbox(t.node);
  });

  it('keeps seqs gap-free under concurrent requests', async () => {
    const token = await t.tokenFor('editor');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.req('POST', '/api/v1/catalog/items', { token, body: sampleItem({ name: `并发 ${i}` }) }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    checkOutbox(t.node);
  });
});
