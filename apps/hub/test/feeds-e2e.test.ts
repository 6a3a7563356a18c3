/**
 * RSS and Atom feeds at the hub over real NATS and Postgres: records two counties publish reach
 * the feeds of their county, their domain and the province; an expired record stays and says so;
 * a withdrawn one is gone; conditional requests get 304; wrong scopes get the error envelope.
 */
import { DOMParser } from '@xmldom/xmldom';
import type { NodeKeys, PublicRecord } from '@zwgk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHub, enrollCounty, envelope, publicRecord, publish, startTestHub, waitDrained } from './helpers.js';

const A = '130102'; // 长安区
const B = '130181'; // 辛集市
const PORTAL = 'http://localhost:7000';
let t: TestHub;
const keys: Record<string, NodeKeys> = {};
const seqs: Record<string, number> = { [A]: 0, [B]: 0 };

const record = (countyCode: string, id: string, n: number, over: Partial<PublicRecord> = {}): PublicRecord =>
  publicRecord({
    id,
    countyCode,
    indexNo: `${countyCode}-2025-${String(n).padStart(6, '0')}`,
    title: `标题${id}`,
    body: `<p>正文${id}</p>`,
    issuingBody: countyCode === A ? '长安区民政局' : '辛集市民政局',
    ...over,
  });

const upsert = (r: PublicRecord) =>
  publish(t, envelope(r.countyCode, ++seqs[r.countyCode]!, 'info.record', r.id, r.version, { op: 'upsert', record: r }, keys[r.countyCode]!.signing.privateKey));

const withdraw = (countyCode: string, id: string, version: number) =>
  publish(
    t,
    envelope(countyCode, ++seqs[countyCode]!, 'info.record', id, version, { op: 'withdraw', id, countyCode, version, withdrawnAt: new Date().toISOString() }, keys[countyCode]!.signing.privateKey),
  );

interface Entry {
  title: string;
  link: string;
  updated: string;
  summary: string;
  category: string | null;
}

async function atom(path: string, headers: Record<string, string> = {}) {
  const res = await t.hub.app.request(path, { headers });
  const text = await res.text();
  if (res.status !== 200) return { res, text, entries: [] as Entry[], doc: null };
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const entries = Array.from(doc.getElementsByTagName('entry')).map((e) => {
    const one = (tag: string) => e.getElementsByTagName(tag)[0];
    return {
      title: one('title')?.textContent ?? '',
      link: one('link')?.getAttribute('href') ?? '',
      updated: one('updated')?.textContent ?? '',
      summary: one('summary')?.textContent ?? '',
      category: one('category')?.getAttribute('term') ?? null,
    };
  });
  return { res, text, entries, doc };
}

const ids = (entries: Entry[]) => entries.map((e) => e.link.replace(`${PORTAL}/records/`, ''));

beforeAll(async () => {
  t = await startTestHub();
  keys[A] = await enrollCounty(t, A);
  keys[B] = await enrollCounty(t, B);
  await upsert(record(A, 'a-help', 1, { title: '长安区临时救助实施办法<script>alert(1)</script>', publishedOn: '2025-04-01' }));
  await upsert(record(A, 'a-land', 2, { title: '长安区征地补偿标准公告', domain: 'land-expropriation-compensation', publishedOn: '2025-04-10' }));
  await upsert(record(A, 'a-old', 3, { title: '长安区低保标准（2023年）', publishedOn: '2025-03-01', validity: 'expired', expiredOn: '2025-04-15', version: 2 }));
  await upsert(record(A, 'a-gone', 4, { title: '将被撤回的通知', publishedOn: '2025-04-20' }));
  await upsert(record(B, 'b-help', 1, { title: '辛集市社会救助政策', publishedOn: '2025-04-05' }));
  await waitDrained(t);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('record feeds', () => {
  it('a county\'s Atom feed lists its public records, newest first, linked to the portal', async () => {
    const { res, entries, doc } = await atom(`/api/v1/counties/${A}/feeds/records.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(ids(entries)).toEqual(['a-gone', 'a-land', 'a-help', 'a-old']);
    expect(doc!.getElementsByTagName('title')[0]!.textContent).toBe('长安区政府信息公开专栏 · 最新政府信息');
    const self = Array.from(doc!.getElementsByTagName('link')).find((l) => l.getAttribute('rel') === 'self');
    expect(self?.getAttribute('href')).toBe(`${PORTAL}/gk/${A}/feed.atom`);
    // the title is HTML-escaped text: a reader shows it literally
    const help = entries.find((e) => e.link.endsWith('/a-help'))!;
    expect(help.title).toBe('长安区临时救助实施办法&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(help.summary).toContain(`索引号：${A}-2025-000001`);
    expect(help.category).toBe('social-assistance');
    // an expired record stays, and says so
    const old = entries.find((e) => e.link.endsWith('/a-old'))!;
    expect(old.title).toBe('【已失效】长安区低保标准（2023年）');
    expect(old.summary).toContain('本文件已于2025-04-15失效');
    expect(res.headers.get('last-modified')).toBeTruthy();
  });

  it('filters by domain, and the province feed (RSS) spans both counties', async () => {
    const { entries } = await atom(`/api/v1/counties/${A}/feeds/records.atom?domain=social-assistance`);
    expect(ids(entries)).toEqual(['a-gone', 'a-help', 'a-old']);
    const land = await atom(`/api/v1/counties/${A}/feeds/records.atom?domain=land-expropriation-compensation&limit=5`);
    expect(ids(land.entries)).toEqual(['a-land']);

    const rss = await t.hub.app.request('/api/v1/feeds/records.rss?domain=social-assistance&limit=3');
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const doc = new DOMParser().parseFromString(await rss.text(), 'application/xml');
    const links = Array.from(doc.getElementsByTagName('item')).map((i) => i.getElementsByTagName('link')[0]!.textContent);
    expect(links).toEqual([`${PORTAL}/records/a-gone`, `${PORTAL}/records/b-help`, `${PORTAL}/records/a-help`]);
    expect(doc.getElementsByTagName('channel')[0]!.getElementsByTagName('link')[0]!.textContent).toBe(`${PORTAL}/search?domain=social-assistance`);
    const b = await atom(`/api/v1/counties/${B}/feeds/records.atom`);
    expect(ids(b.entries)).toEqual(['b-help']);
  });

  it('answers 304 to a matching ETag; a withdrawn record leaves every feed and changes the ETag', async () => {
    const first = await atom(`/api/v1/counties/${A}/feeds/records.atom`);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await t.hub.app.request(`/api/v1/counties/${A}/feeds/records.atom`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    await withdraw(A, 'a-gone', 2);
    await waitDrained(t);
    const after = await atom(`/api/v1/counties/${A}/feeds/records.atom`, { 'if-none-match': etag });
    expect(after.res.status).toBe(200);
    expect(after.res.headers.get('etag')).not.toBe(etag);
    expect(ids(after.entries)).toEqual(['a-land', 'a-help', 'a-old']);
    const province = await atom('/api/v1/feeds/records.atom');
    expect(ids(province.entries)).not.toContain('a-gone');
    expect(ids(province.entries)).toEqual(['a-land', 'b-help', 'a-help', 'a-old']);
  });

  it('refuses unknown scopes with 404 and malformed queries with 400, in the error envelope', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/counties/130100/feeds/records.atom', 404, 'not_found'], // a city, not a county
      ['/api/v1/counties/999999/feeds/records.rss', 404, 'not_found'],
      [`/api/v1/counties/${A}/feeds/records.atom?domain=no-such-domain`, 404, 'not_found'],
      ['/api/v1/feeds/records.rss?domain=no-such-domain', 404, 'not_found'],
      ['/api/v1/counties/13010/feeds/records.atom', 400, 'validation_failed'],
      [`/api/v1/counties/${A}/feeds/records.atom?domain=Social<x>`, 400, 'validation_failed'],
      ['/api/v1/feeds/records.atom?limit=0', 400, 'validation_failed'],
      ['/api/v1/feeds/records.atom?limit=abc', 400, 'validation_failed'],
    ];
    for (const [path, status, code] of cases) {
      const res = await t.hub.app.request(path);
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe(code);
    }
  });

  it('lists the feeds in the OpenAPI document', async () => {
    const doc = (await (await t.hub.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }> };
    for (const p of ['/api/v1/feeds/records.atom', '/api/v1/feeds/records.rss', '/api/v1/counties/{code}/feeds/records.atom', '/api/v1/counties/{code}/feeds/records.rss']) {
      expect(doc.paths[p]?.get, p).toBeDefined();
    }
    expect(Object.keys(doc.paths['/api/v1/feeds/records.atom']!.get!.responses['200']!.content!)).toEqual(['application/atom+xml']);
    expect(doc.paths['/api/v1/records/{id}']).toBeDefined();
  });
});
