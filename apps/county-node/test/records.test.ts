import { auditLog, outbox } from '@zwgk/db/sqlite';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestNode, checkOutbox, createTestNode, sampleItem } from './fixtures.js';

let t: TestNode;
let editor: string;
let reviewer: string;
let admin: string;

type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await t.req(method, path, { token, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, json: (await res.json()) as Json };
}

const draft = (over: Record<string, unknown> = {}) => ({
  title: '关于做好临时救助工作的通知',
  body: '<p>各乡镇：为做好<strong>临时救助</strong>工作……</p>',
  issuingBody: '长安区民政局',
  docNo: '长民〔2025〕3号',
  writtenOn: '2025-03-01',
  domain: 'social-assistance',
  attribute: 'proactive',
  ...over,
});

async function create(over: Record<string, unknown> = {}) {
  const r = await call(editor, 'POST', '/api/v1/records', draft(over));
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as Json & { id: string; version: number };
}

async function act(token: string, id: string, body: Record<string, unknown>, status = 200) {
  const r = await call(token, 'POST', `/api/v1/records/${id}/transitions`, body);
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  return r.json;
}

async function publish(over: Record<string, unknown> = {}) {
  const rec = await create(over);
  await act(editor, rec.id, { action: 'submit' });
  await act(reviewer, rec.id, { action: 'approve' });
  return act(admin, rec.id, { action: 'publish', publishedOn: '2025-03-10' });
}

const outboxFor = (id: string) => t.node.db.select().from(outbox).where(eq(outbox.entityId, id)).all();

beforeAll(async () => {
  t = await createTestNode();
  editor = await t.tokenFor('editor');
  reviewer = await t.tokenFor('reviewer');
  admin = await t.tokenFor('admin');
});
afterAll(async () => {
  await t?.close();
});

describe('information records at the county', () => {
  it('sanitises the body on input and keeps plain fields free of markup', async () => {
    const rec = await create({
      body: '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">坏链接</a><a href="https://www.hebei.gov.cn/">省政府</a><img src=x onerror=alert(1)><h2>标题</h2></p>',
    });
    expect(rec.body).not.toMatch(/script|onclick|javascript|<img|onerror/);
    expect(rec.body).toContain('<a href="https://www.hebei.gov.cn/" rel="noopener noreferrer">省政府</a>');
    expect(rec.body).toContain('<h2>标题</h2>');
    expect(rec).toMatchObject({ status: 'draft', proposedAttribute: 'proactive', indexNo: null, version: 1 });
  });

  it('validates: a withheld draft needs its legal ground; catalog items must be this county\'s', async () => {
    const w = await call(editor, 'POST', '/api/v1/records', draft({ attribute: 'withheld' }));
    expect(w.status).toBe(400);
    expect(JSON.stringify(w.json.error?.details)).toContain('withheldGround');
    const c = await call(editor, 'POST', '/api/v1/records', draft({ catalogItemId: 'no-such-item' }));
    expect(c.status).toBe(400);
    const item = await call(admin, 'POST', '/api/v1/catalog/items', sampleItem());
    expect(item.status).toBe(201);
    const ok = await call(editor, 'POST', '/api/v1/records', draft({ catalogItemId: item.json.id }));
    expect(ok.status).toBe(201);
    const wrongDomain = await call(editor, 'POST', '/api/v1/records', draft({ catalogItemId: item.json.id, domain: 'health-care' }));
    expect(wrongDomain.status).toBe(400);
  });

  it('runs draft → review → publish with the label and an index number; drafts never reach the outbox', async () => {
    const rec = await create();
    expect(outboxFor(rec.id)).toHaveLength(0);
    const patched = await call(editor, 'PATCH', `/api/v1/records/${rec.id}`, { title: '关于做好临时救助工作的补充通知', version: 1 });
    expect(patched.json).toMatchObject({ version: 2, title: '关于做好临时救助工作的补充通知' });
    await act(editor, rec.id, { action: 'submit' });
    expect((await call(editor, 'PATCH', `/api/v1/records/${rec.id}`, { title: 'x' })).status).toBe(409);
    // the editor cannot review; the reviewer reviews
    await act(editor, rec.id, { action: 'approve' }, 403);
    const returned = await act(reviewer, rec.id, { action: 'return', comment: '请补充依据' });
    expect(returned).toMatchObject({ status: 'returned', reviewComment: '请补充依据', reviewedBy: 'reviewer' });
    await act(editor, rec.id, { action: 'submit' });
    const approved = await act(reviewer, rec.id, { action: 'approve' });
    expect(approved).toMatchObject({ status: 'approved', label: '此件公开发布' });
    expect(outboxFor(rec.id)).toHaveLength(0);
    const published = await act(admin, rec.id, { action: 'publish', publishedOn: '2025-03-10' });
    expect(published).toMatchObject({ status: 'published', publishedOn: '2025-03-10', label: '此件公开发布' });
    expect(published.indexNo).toMatch(/^130102-2025-\d{6}$/);
    const rows = outboxFor(rec.id);
    expect(rows).toHaveLength(1);
    const env = JSON.parse(rows[0]!.envelope);
    expect(env).toMatchObject({ kind: 'info.record', schema: 'info.record/1', entityVersion: String(published.version) });
    expect(env.body.op).toBe('upsert');
    expect(Object.keys(env.body.record)).not.toContain('proposedAttribute');
    expect(Object.keys(env.body.record)).not.toContain('reviewedBy');
    // later changes of a published record all travel
    const expired = await act(admin, rec.id, { action: 'expire', on: '2025-12-31' });
    expect(expired).toMatchObject({ validity: 'expired', expiredOn: '2025-12-31' });
    await act(admin, rec.id, { action: 'repeal', on: '2026-01-05' });
    const corrected = await call(admin, 'PATCH', `/api/v1/records/${rec.id}`, { docNo: '长民〔2025〕4号' });
    expect(corrected.status).toBe(200);
    expect((await call(admin, 'PATCH', `/api/v1/records/${rec.id}`, { attribute: 'onRequest' })).status).toBe(409);
    const withdrawn = await act(admin, rec.id, { action: 'withdraw', reason: '内容已被新文件替代' });
    expect(withdrawn.status).toBe('withdrawn');
    const kinds = outboxFor(rec.id).map((r) => JSON.parse(r.envelope).body.op);
    expect(kinds).toEqual(['upsert', 'upsert', 'upsert', 'upsert', 'withdraw']);
    checkOutbox(t.node);
  });

  it('a reviewer changing the attribute is audited with the reviewer and reason; withheld stays in the county', async () => {
    const rec = await create({ title: '某项目前期论证材料' });
    await act(editor, rec.id, { action: 'submit' });
    const missingReason = await call(reviewer, 'POST', `/api/v1/records/${rec.id}/transitions`, { action: 'approve', attribute: 'withheld' });
    expect(missingReason.status).toBe(400);
    const withheld = await act(reviewer, rec.id, {
      action: 'approve',
      attribute: 'withheld',
      reason: '属于过程性信息',
      withheldGround: '《政府信息公开条例》第十六条第二款',
    });
    expect(withheld).toMatchObject({ status: 'withheld', attribute: 'withheld', proposedAttribute: 'proactive', label: null, indexNo: null });
    await act(admin, rec.id, { action: 'publish' }, 409);
    expect(outboxFor(rec.id)).toHaveLength(0);
    const audit = t.node.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, rec.id), eq(auditLog.action, 'info_record.approve')))
      .get();
    expect(audit?.actor).toBe('reviewer');
    expect(audit?.details).toMatchObject({
      attributeChange: { from: 'proactive', to: 'withheld', reason: '属于过程性信息', reviewer: 'reviewer' },
    });

    const onRequest = await create({ title: '某村集体土地征收补偿明细' });
    await act(editor, onRequest.id, { action: 'submit' });
    await act(reviewer, onRequest.id, { action: 'approve', attribute: 'onRequest', reason: '涉及特定权利人' });
    const pub = await act(admin, onRequest.id, { action: 'publish' });
    expect(pub).toMatchObject({ label: '此件依申请公开', attribute: 'onRequest' });
  });

  it('a reviewer cannot review a record they drafted', async () => {
    const own = await call(admin, 'POST', '/api/v1/records', draft());
    await act(admin, own.json.id as string, { action: 'submit' });
    // the admin drafted it; the reviewer may review it
    await act(reviewer, own.json.id as string, { action: 'approve' });
  });

  it('20 concurrent publications take sequence numbers without collision or gap', async () => {
    const year = '2031';
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const rec = await create({ title: `并发发布测试 ${i}` });
      await act(editor, rec.id, { action: 'submit' });
      await act(reviewer, rec.id, { action: 'approve' });
      ids.push(rec.id);
    }
    const results = await Promise.all(
      ids.map((id) => call(admin, 'POST', `/api/v1/records/${id}/transitions`, { action: 'publish', publishedOn: `${year}-01-02` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const seqs = results.map((r) => Number(String(r.json.indexNo).split('-')[2])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.json.indexNo)).size).toBe(20);
  });

  it('the index number pattern is configurable and must stay unique province-wide', async () => {
    expect((await call(admin, 'PUT', '/api/v1/records/settings/index-pattern', { pattern: '{year}-{seq:6}' })).status).toBe(400);
    expect((await call(editor, 'PUT', '/api/v1/records/settings/index-pattern', { pattern: '{region}-{domain}-{year}-{seq:5}' })).status).toBe(403);
    const set = await call(admin, 'PUT', '/api/v1/records/settings/index-pattern', { pattern: '{region}-{domain}-{year}-{seq:5}' });
    expect(set.json).toEqual({ pattern: '{region}-{domain}-{year}-{seq:5}' });
    const rec = await create();
    await act(editor, rec.id, { action: 'submit' });
    await act(reviewer, rec.id, { action: 'approve' });
    const pub = await act(admin, rec.id, { action: 'publish', publishedOn: '2032-05-01' });
    expect(pub.indexNo).toBe('130102-20-2032-00001');
    await call(admin, 'PUT', '/api/v1/records/settings/index-pattern', { pattern: '{region}-{year}-{seq:6}' });
  });

  it('searches its own records: FTS5 trigram for 3+ characters, LIKE for 2', async () => {
    await publish({ title: '征地补偿安置方案公告', body: '<p>集体土地征收补偿标准</p>', domain: 'land-expropriation-compensation' });
    await publish({ title: '城乡低保标准调整', body: '<p>最低生活保障标准提高</p>' });
    const q = async (query: string) =>
      ((await call(editor, 'GET', `/api/v1/records?q=${encodeURIComponent(query)}&limit=200`)).json.items as { title: string }[]).map(
        (i) => i.title,
      );
    expect(await q('补偿')).toContain('征地补偿安置方案公告');
    expect(await q('补偿')).not.toContain('城乡低保标准调整');
    expect(await q('最低生活保障')).toEqual(['城乡低保标准调整']);
    expect(await q('征收 补偿标准')).toEqual(['征地补偿安置方案公告']);
    expect(await q('不存在的词语')).toEqual([]);
    const filtered = await call(editor, 'GET', '/api/v1/records?status=published&domain=land-expropriation-compensation');
    expect(filtered.json.total).toBe(1);
  });

  it('is in the OpenAPI document and on tRPC', async () => {
    const doc = (await (await t.req('GET', '/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/records', '/api/v1/records/{id}', '/api/v1/records/{id}/transitions']),
    );
    const res = await t.node.app.request('/trpc/records.list', { headers: { authorization: `Bearer ${editor}` } });
    expect(res.status).toBe(200);
  });
});
