import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST_ROUTES } from '../src/http/rest.js';
import { COUNTY, type TestNode, createTestNode, sampleItem } from './fixtures.js';

let t: TestNode;
beforeAll(async () => {
  t = await createTestNode();
});
afterAll(() => t.close());

describe('health, node info, OpenAPI and metrics', () => {
  it('reports health without a token', async () => {
    const res = await t.req('GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      countyCode: COUNTY,
      enrolled: false,
      nats: false,
      outbox: { lastSeq: '0', unsent: 0 },
    });
    await t.req('POST', '/api/v1/catalog/items', { token: await t.tokenFor('admin'), body: sampleItem() });
    const after = (await (await t.req('GET', '/api/v1/health')).json()) as { outbox: unknown };
    expect(after.outbox).toEqual({ lastSeq: '1', unsent: 1 });
  });

  it('describes the county and its townships', async () => {
    const info = (await (await t.req('GET', '/api/v1/node')).json()) as {
      countyName: string;
      cityName: string;
      townships: { code: string; name: string }[];
    };
    expect(info.countyName).toBe('长安区');
    expect(info.cityName).toBe('石家庄市');
    expect(info.townships.length).toBeGreaterThan(5);
    expect(info.townships.every((x) => x.code.startsWith(COUNTY) && x.code.length === 12)).toBe(true);
  });

  it('lists every REST route in the OpenAPI document', async () => {
    const res = await t.req('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of REST_ROUTES) expect(doc.paths[r.doc.path]?.[r.doc.method], `${r.doc.method} ${r.doc.path}`).toBeDefined();
    const create = doc.paths['/api/v1/catalog/items']!.post!;
    expect(create.requestBody).toBeDefined();
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403']));
    expect(Object.keys(doc.paths['/api/v1/catalog/items/{id}']!).sort()).toEqual(['delete', 'get', 'patch']);
    expect(doc.paths['/api/v1/openapi.json']).toBeDefined();
    expect(doc.paths['/metrics']).toBeDefined();
  });

  it('serves Prometheus metrics', async () => {
    const res = await t.req('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^zwgk_outbox_backlog 1$/m);
    expect(text).toContain('zwgk_events_published_total 0');
    expect(text).toContain('# TYPE zwgk_inbound_applied_total counter');
    expect(text).toMatch(/zwgk_http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} 2/);
    expect(text).toContain('zwgk_http_request_duration_seconds_bucket');
    expect(text).toContain('zwgk_county_process_cpu_seconds_total');
  });
});
