import { apiTokens, users } from '@zwgk/db/sqlite';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type TestNode, createTestNode, rowCounts, sampleItem } from './fixtures.js';

let t: TestNode;
beforeAll(async () => {
  t = await createTestNode();
});
afterAll(() => t.close());

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('authentication', () => {
  it('issues a token that expires in 12 hours', async () => {
    const res = await t.req('POST', '/api/v1/auth/token', { body: { username: 'admin', password: PASSWORD } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expiresAt: string; user: unknown };
    expect(body.token.length).toBeGreaterThanOrEqual(43);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect(body.user).toEqual({ username: 'admin', role: 'county_admin', displayName: 'admin' });
    // only the hash is stored
    expect(t.node.db.select().from(apiTokens).all().some((r) => r.tokenHash === body.token)).toBe(false);
    const me = await t.req('GET', '/api/v1/auth/me', { token: body.token });
    expect(await me.json()).toEqual({ username: 'admin', role: 'county_admin', displayName: 'admin' });
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await t.req('POST', '/api/v1/auth/token', { body: { username: 'admin', password: 'nope nope nope' } });
    const unknown = await t.req('POST', '/api/v1/auth/token', { body: { username: 'ghost', password: PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a).toEqual(b);
    expect(a.code).toBe('unauthorized');
  });

  it('rejects a malformed login body with 400', async () => {
    const res = await t.req('POST', '/api/v1/auth/token', { body: { username: 'admin' } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('validation_failed');
    expect((await t.req('POST', '/api/v1/auth/token', { raw: '{"username":' })).status).toBe(400);
  });

  it('requires a valid token for every catalog route', async () => {
    const before = rowCounts(t.node.db);
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/catalog/items'],
      ['POST', '/api/v1/catalog/items', sampleItem()],
      ['GET', '/api/v1/catalog/items/x'],
      ['PATCH', '/api/v1/catalog/items/x', { name: 'y' }],
      ['DELETE', '/api/v1/catalog/items/x'],
    ];
    for (const [method, path, body] of calls) {
      for (const token of [undefined, 'not-a-token']) {
        const res = await t.req(method, path, { token, body });
        expect(res.status, `${method} ${path} with ${token ?? 'no token'}`).toBe(401);
        expect((await errorOf(res)).code).toBe('unauthorized');
      }
    }
    expect(rowCounts(t.node.db)).toEqual(before);
  });

  it('lets a reviewer read but not write (403, nothing written)', async () => {
    const admin = await t.tokenFor('admin');
    const reviewer = await t.tokenFor('reviewer');
    const item = (await (await t.req('POST', '/api/v1/catalog/items', { token: admin, body: sampleItem() })).json()) as {
      id: string;
    };
    const before = rowCounts(t.node.db);
    expect((await t.req('GET', `/api/v1/catalog/items/${item.id}`, { token: reviewer })).status).toBe(200);
    expect((await t.req('GET', '/api/v1/catalog/items', { token: reviewer })).status).toBe(200);
    const writes = [
      await t.req('POST', '/api/v1/catalog/items', { token: reviewer, body: sampleItem() }),
      await t.req('PATCH', `/api/v1/catalog/items/${item.id}`, { token: reviewer, body: { name: 'changed' } }),
      await t.req('DELETE', `/api/v1/catalog/items/${item.id}`, { token: reviewer }),
    ];
    for (const res of writes) {
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('forbidden');
    }
    expect(rowCounts(t.node.db)).toEqual(before);
  });

  it('refuses an expired token and a disabled user', async () => {
    const token = await t.tokenFor('editor');
    const editor = t.node.db.select().from(users).where(eq(users.username, 'editor')).get()!;
    t.node.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(apiTokens.userId, editor.id)).run();
    expect((await t.req('GET', '/api/v1/catalog/items', { token })).status).toBe(401);

    const fresh = await t.req('POST', '/api/v1/auth/token', { body: { username: 'editor', password: PASSWORD } });
    const { token: token2 } = (await fresh.json()) as { token: string };
    expect((await t.req('GET', '/api/v1/catalog/items', { token: token2 })).status).toBe(200);
    t.node.db.update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, editor.id)).run();
    expect((await t.req('GET', '/api/v1/catalog/items', { token: token2 })).status).toBe(401);
    expect(
      (await t.req('POST', '/api/v1/auth/token', { body: { username: 'editor', password: PASSWORD } })).status,
    ).toBe(401);
  });
});
