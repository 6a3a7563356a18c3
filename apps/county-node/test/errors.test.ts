import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestNode, checkOutbox, createTestNode, rowCounts, sampleItem } from './fixtures.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { field: string; message: string }[] } };
}

let t: TestNode;
let token: string;
let itemId: string;

beforeAll(async () => {
  t = await createTestNode();
  token = await t.tokenFor('editor');
  const res = await t.req('POST', '/api/v1/catalog/items', { token, body: sampleItem() });
  itemId = ((await res.json()) as { id: string }).id;
});
afterAll(() => t.close());

/** Sends a bad request and checks the status, the envelope, and that no table changed. */
async function rejected(method: string, path: string, o: { body?: unknown; raw?: string }, status: number, code: string) {
  const before = rowCounts(t.node.db);
  const res = await t.req(method, path, { token, ...o });
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(rowCounts(t.node.db)).toEqual(before);
  return body.error;
}

const fieldsOf = (e: ErrorBody['error']) => (e.details?.fields ?? []).map((f) => f.field);

describe('bad input', () => {
  it.each([
    ['not JSON at all', 'this is not json'],
    ['truncated JSON', '{"name": "x"'],
    ['empty body', ''],
  ])('POST with %s → 400 bad_request, nothing written', async (_label, raw) => {
    await rejected('POST', '/api/v1/catalog/items', { raw }, 400, 'bad_request');
  });

  it('PATCH with bad JSON → 400 bad_request, nothing written', async () => {
    await rejected('PATCH', `/api/v1/catalog/items/${itemId}`, { raw: '{"name":' }, 400, 'bad_request');
  });

  it('wrong field types → 400 validation_failed naming each field', async () => {
    const e = await rejected(
      'POST',
      '/api/v1/catalog/items',
      { body: sampleItem({ name: 123, channels: 'website', method: true }) },
      400,
      'validation_failed',
    );
    expect(fieldsOf(e).sort()).toEqual(['channels', 'method', 'name']);
  });

  it('a body that is an array, a string or null → 400', async () => {
    for (const body of [[1, 2], 'text', null]) {
      const e = await rejected('POST', '/api/v1/catalog/items', { body }, 400, 'validation_failed');
      expect(e.details?.fields?.length).toBeGreaterThan(0);
    }
  });

  it.each(['name', 'content', 'legalBasis', 'timeLimit', 'responsibleBody', 'method', 'channels', 'audience'])(
    'a missing %s is named in the error',
    async (field) => {
      const body = sampleItem();
      delete body[field];
      const e = await rejected('POST', '/api/v1/catalog/items', { body }, 400, 'validation_failed');
      expect(fieldsOf(e)).toContain(field);
    },
  );

  it('an unknown field, an unknown channel, a foreign township are refused with the field', async () => {
    const unknown = await rejected('POST', '/api/v1/catalog/items', { body: { ...sampleItem(), colour: 'red' } }, 400, 'validation_failed');
    expect(fieldsOf(unknown)).toEqual(['colour']);
    expect(
      fieldsOf(await rejected('POST', '/api/v1/catalog/items', { body: sampleItem({ channels: ['fax'] }) }, 400, 'validation_failed')),
    ).toEqual(['channels.0']);
    const foreign = await rejected(
      'POST',
      '/api/v1/catalog/items',
      // a township of 辛集市, not of 长安区
      { body: sampleItem({ level: 'township', townshipCode: '130181100000' }) },
      400,
      'validation_failed',
    );
    expect(fieldsOf(foreign)).toEqual(['townshipCode']);
  });

  it('PATCH: wrong types, a bad version, fields that are not elements', async () => {
    const path = `/api/v1/catalog/items/${itemId}`;
    expect(fieldsOf(await rejected('PATCH', path, { body: { name: ['x'] } }, 400, 'validation_failed'))).toEqual(['name']);
    expect(fieldsOf(await rejected('PATCH', path, { body: { name: 'x', version: 'one' } }, 400, 'validation_failed'))).toEqual([
      'version',
    ]);
    expect(fieldsOf(await rejected('PATCH', path, { body: [1] }, 400, 'validation_failed'))).toEqual(['(root)']);
    await rejected('PATCH', path, { body: { id: 'other', status: 'published' } }, 400, 'validation_failed');
    // a township item needs a township: the merged item is validated as a whole
    expect(fieldsOf(await rejected('PATCH', path, { body: { level: 'township' } }, 400, 'validation_failed'))).toEqual([
      'townshipCode',
    ]);
  });

  it('a stale version → 409 conflict with the current version, nothing written', async () => {
    const path = `/api/v1/catalog/items/${itemId}`;
    const ok = await t.req('PATCH', path, { token, body: { timeLimit: '20个工作日内', version: 1 } });
    expect(ok.status).toBe(200);
    const e = await rejected('PATCH', path, { body: { timeLimit: '10个工作日内', version: 1 } }, 409, 'conflict');
    expect(e.details).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    await rejected('DELETE', `${path}?version=1`, {}, 409, 'conflict');
    await rejected('DELETE', `${path}?version=abc`, {}, 400, 'validation_failed');
    expect((await t.req('DELETE', `${path}?version=2`, { token })).status).toBe(200);
  });

  it('an unknown route → 404 in the envelope; a huge body → 413', async () => {
    const res = await t.req('GET', '/api/v1/nothing-here', { token });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
    await rejected('POST', '/api/v1/catalog/items', { raw: JSON.stringify({ name: 'x'.repeat(1_100_000) }) }, 413, 'bad_request');
  });

  it('after all that, the outbox still has one verified row per change and no gaps', () => {
    const events = checkOutbox(t.node);
    // create, patch, delete
    expect(events.map((e) => e.envelope.entityVersion)).toEqual(['1', '2', '3']);
  });
});
