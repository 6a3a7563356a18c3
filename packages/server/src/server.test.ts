import { TRPCError } from '@trpc/server';
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppError,
  bearerToken,
  buildOpenApi,
  errorHandler,
  fail,
  formatTRPCError,
  hashPassword,
  hashToken,
  newToken,
  notFoundHandler,
  readJson,
  toTRPCError,
  verifyPassword,
} from './index.js';

const logger = pino({ level: 'silent' });
const body = z.object({ name: z.string().min(1), count: z.number().int() }).strict();

function app() {
  const a = new Hono();
  a.onError(errorHandler(logger));
  a.notFound(notFoundHandler);
  a.post('/things', async (c) => c.json(await readJson(c, body), 201));
  a.get('/gone', () => fail('not_found', '不存在'));
  a.get('/boom', () => {
    throw new Error('secret internals');
  });
  return a;
}

const post = (payload: string) =>
  app().request('/things', { method: 'POST', body: payload, headers: { 'content-type': 'application/json' } });

describe('error envelope', () => {
  it('answers malformed JSON with 400 bad_request', async () => {
    const res = await post('{"name":');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: '请求体不是有效的 JSON' } });
  });

  it('answers wrong field types with 400 validation_failed naming each field', async () => {
    const res = await post(JSON.stringify({ name: '', count: 'three' }));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; details: { fields: { field: string }[] } } };
    expect(json.error.code).toBe('validation_failed');
    expect(json.error.details.fields.map((f) => f.field).sort()).toEqual(['count', 'name']);
  });

  it('passes valid input through', async () => {
    const res = await post(JSON.stringify({ name: 'x', count: 2 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: 'x', count: 2 });
  });

  it('maps domain errors and unknown routes to their status', async () => {
    expect((await app().request('/gone')).status).toBe(404);
    const res = await app().request('/nowhere');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('hides internals of unexpected errors', async () => {
    const res = await app().request('/boom');
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('secret internals');
  });
});

describe('auth helpers', () => {
  it('hashes passwords with Argon2id and verifies them', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'wrong')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('stores only token hashes', () => {
    const { token, tokenHash } = newToken();
    expect(tokenHash).toBe(hashToken(token));
    expect(tokenHash).not.toContain(token);
    expect(newToken().token).not.toBe(token);
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('tRPC mapping', () => {
  it('carries the domain error to the client', () => {
    const e = toTRPCError({ code: 'forbidden', message: '无权操作' });
    expect(e.code).toBe('FORBIDDEN');
    const shaped = formatTRPCError({ shape: { data: {} }, error: e });
    expect(shaped.data.domain).toEqual({ code: 'forbidden', message: '无权操作' });
  });

  it('turns input validation into field errors', () => {
    const parsed = body.safeParse({ name: 1 });
    const e = new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
    const shaped = formatTRPCError({ shape: { data: {} }, error: e });
    expect(shaped.data.domain?.code).toBe('validation_failed');
  });

  it('keeps AppError as the cause', () => {
    expect(toTRPCError({ code: 'conflict', message: 'x' }).cause).toBeInstanceOf(AppError);
  });
});

describe('OpenAPI', () => {
  it('documents routes from their zod schemas', () => {
    const doc = buildOpenApi({ title: 't', version: '1' }, [
      {
        method: 'post',
        path: '/api/v1/things/{id}',
        summary: 'make',
        auth: true,
        body,
        query: z.object({ page: z.coerce.number().optional() }),
        response: { status: 201, description: 'made', schema: body },
      },
    ]) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const op = doc.paths['/api/v1/things/{id}']!.post!;
    expect(op.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(op.responses as object).sort()).toEqual(['201', '400', '401', '403']);
    expect(JSON.stringify(op.requestBody)).toContain('"count"');
    expect(op.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      expect.objectContaining({ name: 'page', in: 'query', required: false }),
    ]);
  });
});
