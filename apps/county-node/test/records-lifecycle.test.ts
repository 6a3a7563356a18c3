import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { auditLog, outbox, recordAttachments } from '@zwgk/db/sqlite';
import { Document, Packer, Paragraph } from 'docx';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type TestNode, createTestNode, recordDraft, smallPdf } from './fixtures.js';

let t: TestNode;
let editor: string;
let reviewer: string;
let admin: string;

type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await t.req(method, path, { token, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, json: (await res.json()) as Json };
}

async function create(over: Record<string, unknown> = {}) {
  const r = await call(editor, 'POST', '/api/v1/records', recordDraft(over));
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as Json & { id: string; version: number };
}

async function act(token: string, id: string, body: Record<string, unknown>, status = 200) {
  const r = await call(token, 'POST', `/api/v1/records/${id}/transitions`, body);
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  return r.json;
}

async function publish(over: Record<string, unknown> = {}, publishedOn = '2025-03-10') {
  const d = await create(over);
  await act(editor, d.id, { action: 'submit' });
  await act(reviewer, d.id, { action: 'approve' });
  return (await act(admin, d.id, { action: 'publish', publishedOn })) as Json & { id: string; indexNo: string; version: number };
}

async function login(username: string): Promise<string> {
  const res = await t.req('POST', '/api/v1/auth/token', { body: { username, password: PASSWORD } });
  return ((await res.json()) as { token: string }).token;
}

/** Sets the county node's clock (China noon of `day`, or the real clock) and logs in again: tokens expire by that clock. */
async function today(day: string | undefined) {
  t.node.services.now = day ? () => new Date(`${day}T04:00:00Z`) : undefined;
  editor = await login('editor');
  reviewer = await login('reviewer');
  admin = await login('admin');
}

async function upload(token: string, recordId: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const res = await t.node.app.request(`/api/v1/records/${recordId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  t = await createTestNode();
  editor = await t.tokenFor('editor');
  reviewer = await t.tokenFor('reviewer');
  admin = await t.tokenFor('admin');
});

afterAll(async () => {
  await t.close();
});

describe('attachments', () => {
  it('refuses an executable named .pdf (ELF and PE), storing nothing', async () => {
    const d = await create();
    const elf = new Uint8Array(readFileSync(process.execPath).subarray(0, 64 * 1024));
    expect(Buffer.from(elf.subarray(0, 4)).toString('latin1')).toBe('\x7fELF');
    const pe = new Uint8Array(4096);
    pe.set([0x4d, 0x5a, 0x90, 0x00]);
    pe.set([0x50, 0x45, 0x00, 0x00], 0x80);
    new DataView(pe.buffer).setUint32(0x3c, 0x80, true);
    for (const [bytes, name] of [
      [elf, '通知.pdf'],
      [pe, 'report.pdf'],
      [new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'page.pdf'],
    ] as const) {
      const r = await upload(editor, d.id, bytes, name);
      expect(r.status, JSON.stringify(r.json)).toBe(400);
      expect(r.json.error?.code).toBe('bad_request');
    }
    expect(t.node.db.select().from(recordAttachments).where(eq(recordAttachments.recordId, d.id)).all()).toHaveLength(0);
    const list = await call(editor, 'GET', `/api/v1/records/${d.id}/attachments`);
    expect(list.json.items).toEqual([]);
  });

  it('accepts a real PDF and a DOCX by content, stores the checksum and serves them with the right headers', async () => {
    const d = await create();
    const pdf = smallPdf();
    const r = await upload(editor, d.id, pdf, 'scan.bin');
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(r.json).toMatchObject({ mediaType: 'application/pdf', size: pdf.length, sha256: sha, name: 'scan.bin.pdf', federated: false });

    const docx = new Uint8Array(
      await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('关于临时救助的说明')] }] })),
    );
    const w = await upload(editor, d.id, docx, '临时救助 "说明".docx');
    expect(w.status, JSON.stringify(w.json)).toBe(201);
    expect(w.json.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');

    const res = await t.node.app.request(`/api/v1/records/${d.id}/attachments/${w.json.id as string}`, {
      headers: { authorization: `Bearer ${editor}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('etag')).toBe(`"${w.json.sha256 as string}"`);
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('临时救助 "说明".docx').replace(/'/g, '%27')}`);
    expect(disposition.startsWith('attachment;')).toBe(true);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(docx);
    const again = await t.node.app.request(`/api/v1/records/${d.id}/attachments/${w.json.id as string}`, {
      headers: { authorization: `Bearer ${editor}`, 'if-none-match': `"${w.json.sha256 as string}"` },
    });
    expect(again.status).toBe(304);

    // deletion: drafts only
    const del = await call(editor, 'DELETE', `/api/v1/records/${d.id}/attachments/${r.json.id as string}`);
    expect(del.status, JSON.stringify(del.json)).toBe(200);
    await act(editor, d.id, { action: 'submit' });
    const refused = await call(editor, 'DELETE', `/api/v1/records/${d.id}/attachments/${w.json.id as string}`);
    expect(refused.status).toBe(409);
    // nothing of a draft or a record under review went to the outbox
    expect(t.node.db.select().from(outbox).where(eq(outbox.kind, 'info.attachment')).all()).toHaveLength(0);
  });

  it('publishing sends the attachments as info.attachment chunks; a withheld record never does', async () => {
    const d = await create();
    const big = smallPdf(300 * 1024);
    expect((await upload(editor, d.id, big, '附件一.pdf')).status).toBe(201);
    const w = await create({ title: '内部论证材料' });
    expect((await upload(editor, w.id, smallPdf(), '论证.pdf')).status).toBe(201);
    await act(editor, w.id, { action: 'submit' });
    await act(reviewer, w.id, { action: 'approve', attribute: 'withheld', reason: '属于过程性信息', withheldGround: '《政府信息公开条例》第十六条' });
    await act(editor, d.id, { action: 'submit' });
    await act(reviewer, d.id, { action: 'approve' });
    await act(admin, d.id, { action: 'publish', publishedOn: '2025-03-12' });
    const chunks = t.node.db.select().from(outbox).where(eq(outbox.kind, 'info.attachment')).all();
    expect(chunks).toHaveLength(2);
    const bodies = chunks.map((c) => (JSON.parse(c.envelope) as { body: { recordId: string; chunk: number; chunks: number; data: string } }).body);
    expect(bodies.every((b) => b.recordId === d.id && b.chunks === 2)).toBe(true);
    expect(Buffer.concat(bodies.map((b) => Buffer.from(b.data, 'base64')))).toEqual(Buffer.from(big));
    for (const c of chunks) expect(c.envelope.length).toBeLessThan(400 * 1024);
    // a published record's new attachment goes at once (correctors only)
    expect((await upload(editor, d.id, PNG_1x1, 'x.png')).status).toBe(403);
    const late = await upload(admin, d.id, PNG_1x1, '图.png');
    expect(late.status).toBe(201);
    expect(late.json.federated).toBe(true);
    expect(t.node.db.select().from(outbox).where(eq(outbox.kind, 'info.attachment')).all()).toHaveLength(3);
    expect(t.node.db.select().from(outbox).where(eq(outbox.entityId, w.id)).all()).toHaveLength(0);
  });
});

describe('interpretations', () => {
  it('a policy document without a published interpretation is overdue after 3 working days (holidays skipped)', async () => {
    // 2025-04-30 (Wed); 1–5 May is the Labour Day holiday: due on 8 May, not 5 May
    const doc = await publish({ title: '长安区临时救助实施办法', needsInterpretation: true }, '2025-04-30');
    const other = await publish({ title: '无需解读的通知' }, '2025-04-30');
    await today('2025-05-08');
    let r = await call(editor, 'GET', '/api/v1/records/interpretations/overdue');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.items).toEqual([]);
    await today('2025-05-09');
    r = await call(editor, 'GET', '/api/v1/records/interpretations/overdue');
    const items = r.json.items as { record: { id: string }; dueOn: string }[];
    expect(items.map((i) => i.record.id)).toEqual([doc.id]);
    expect(items[0]!.dueOn).toBe('2025-05-08');
    expect(items.map((i) => i.record.id)).not.toContain(other.id);

    // an interpretation must point at a document of this county
    const bad = await call(editor, 'POST', '/api/v1/records', recordDraft({ kind: 'interpretation', interpretsRecordId: 'nope', interpretationForm: 'text' }));
    expect(bad.status).toBe(400);
    // a chart interpretation needs an image before review
    const chart = await create({ title: '图解：临时救助实施办法', kind: 'interpretation', interpretsRecordId: doc.id, interpretationForm: 'chart' });
    await act(editor, chart.id, { action: 'submit' }, 400);
    expect((await upload(editor, chart.id, PNG_1x1, '图解.png')).status).toBe(201);
    await act(editor, chart.id, { action: 'submit' });
    await act(reviewer, chart.id, { action: 'approve' });
    // still overdue until the interpretation is published
    r = await call(editor, 'GET', '/api/v1/records/interpretations/overdue');
    expect((r.json.items as { interpretations: unknown[] }[])[0]!.interpretations).toHaveLength(1);
    const pub = await act(admin, chart.id, { action: 'publish', publishedOn: '2025-05-09' });
    expect(pub).toMatchObject({ kind: 'interpretation', interpretsRecordId: doc.id, interpretationForm: 'chart' });
    r = await call(editor, 'GET', '/api/v1/records/interpretations/overdue');
    expect(r.json.items).toEqual([]);
    // the interpretation travels with its link
    const env = t.node.db.select().from(outbox).where(and(eq(outbox.kind, 'info.record'), eq(outbox.entityId, chart.id))).get()!;
    expect(JSON.parse(env.envelope).body.record).toMatchObject({ kind: 'interpretation', interpretsRecordId: doc.id });
    await today(undefined);
  });
});

describe('negative list', () => {
  it('admin keeps the list; it is published and federated whole; review flags matching records', async () => {
    const e = await call(admin, 'POST', '/api/v1/negative-list/entries', {
      category: '个人信息',
      content: '未成年人身份信息、家庭住址',
      legalBasis: '《未成年人保护法》第七十二条',
      reviewOn: '2026-01-01',
    });
    expect(e.status, JSON.stringify(e.json)).toBe(201);
    expect((await call(editor, 'POST', '/api/v1/negative-list/entries', { category: 'x', content: 'yy', legalBasis: 'z', reviewOn: '2026-01-01' })).status).toBe(403);
    const e2 = await call(admin, 'POST', '/api/v1/negative-list/entries', { category: '国家秘密', content: '涉密 军事设施', legalBasis: '《保守国家秘密法》', reviewOn: '2026-01-01' });
    expect((await call(admin, 'PATCH', `/api/v1/negative-list/entries/${e2.json.id as string}`, { content: '军事设施位置' })).status).toBe(200);
    const pub = await t.node.app.request('/api/v1/negative-list');
    const list = (await pub.json()) as { version: number; entries: { id: string; content: string }[] };
    expect(list.version).toBe(3);
    expect(list.entries.map((x) => x.content).sort()).toEqual(['军事设施位置', '未成年人身份信息、家庭住址']);
    const events = t.node.db.select().from(outbox).where(eq(outbox.kind, 'negative.list')).all();
    expect(events.map((x) => x.entityVersion)).toEqual([1, 2, 3]);
    expect(JSON.parse(events[2]!.envelope).body.entries).toHaveLength(2);

    const d = await create({ title: '救助对象名单', body: '<p>附件列出救助儿童的姓名及家庭住址</p>' });
    const clean = await create({ title: '救助标准调整', body: '<p>提高标准</p>' });
    const review = await call(reviewer, 'GET', `/api/v1/records/${d.id}/review`);
    expect(review.status).toBe(200);
    const flags = review.json.flags as { entryId: string; reason: string }[];
    expect(flags).toHaveLength(1);
    expect(flags[0]!.entryId).toBe(e.json.id);
    expect(flags[0]!.reason).toContain('家庭住址');
    expect((await call(reviewer, 'GET', `/api/v1/records/${clean.id}/review`)).json.flags).toEqual([]);
  });
});

describe('annual review of withheld records', () => {
  it('lists withheld records a year after their last assessment; release publishes with the reason, audited', async () => {
    await today('2025-02-01');
    const w = await create({ title: '某项目论证报告' });
    await act(editor, w.id, { action: 'submit' });
    await act(reviewer, w.id, { action: 'approve', attribute: 'withheld', reason: '属于过程性信息', withheldGround: '《政府信息公开条例》第十六条第二款' });
    await today('2025-12-01');
    expect((await call(reviewer, 'GET', '/api/v1/records/withheld/due')).json.items).toEqual([]);
    await today('2026-02-02');
    let due = await call(reviewer, 'GET', '/api/v1/records/withheld/due');
    expect((due.json.items as { record: { id: string }; lastAssessedOn: string }[]).map((i) => [i.record.id, i.lastAssessedOn])).toEqual([[w.id, '2025-02-01']]);
    // keep: assessed again, off the list for a year
    const keep = await call(reviewer, 'POST', `/api/v1/records/${w.id}/assess`, { decision: 'keep', reason: '项目尚在论证' });
    expect(keep.status, JSON.stringify(keep.json)).toBe(200);
    expect((await call(reviewer, 'GET', '/api/v1/records/withheld/due')).json.items).toEqual([]);
    await today('2027-02-03');
    due = await call(reviewer, 'GET', '/api/v1/records/withheld/due');
    expect((due.json.items as unknown[]).length).toBe(1);
    expect((await call(editor, 'POST', `/api/v1/records/${w.id}/assess`, { decision: 'release', reason: 'x' })).status).toBe(403);
    const rel = await call(reviewer, 'POST', `/api/v1/records/${w.id}/assess`, { decision: 'release', reason: '项目已完成，不再属于过程性信息' });
    expect(rel.status, JSON.stringify(rel.json)).toBe(200);
    const rec = rel.json.record as Record<string, unknown>;
    expect(rec).toMatchObject({ status: 'published', attribute: 'proactive', label: '此件公开发布', withheldGround: null, publishedOn: '2027-02-03' });
    expect(rec.indexNo).toMatch(/^130102-2027-\d{6}$/);
    const audit = t.node.db.select().from(auditLog).where(and(eq(auditLog.entityId, w.id), eq(auditLog.action, 'info_record.release'))).get()!;
    expect(audit.actor).toBe('reviewer');
    expect(JSON.stringify(audit.details)).toContain('项目已完成');
    expect(t.node.db.select().from(outbox).where(and(eq(outbox.kind, 'info.record'), eq(outbox.entityId, w.id))).all()).toHaveLength(1);
    expect((await call(reviewer, 'GET', '/api/v1/records/withheld/due')).json.items).toEqual([]);
    await today(undefined);
  });
});

describe('validity clean-up', () => {
  it('lists records past their validity or older than N years; the clean-up result is a published record', async () => {
    const old = await publish({ title: '2018年临时救助办法', writtenOn: '2018-01-10' }, '2018-02-01');
    const dated = await publish({ title: '2025年度救助资金安排', validUntil: '2025-06-30' }, '2025-03-10');
    const fresh = await publish({ title: '新办法' }, '2025-03-10');
    await today('2025-09-01');
    const list = await call(admin, 'GET', '/api/v1/records/cleanup?years=5');
    expect(list.status, JSON.stringify(list.json)).toBe(200);
    const ids = (list.json.items as { record: { id: string } }[]).map((i) => i.record.id);
    expect(ids).toEqual(expect.arrayContaining([old.id, dated.id]));
    expect(ids).not.toContain(fresh.id);
    await act(admin, old.id, { action: 'repeal', on: '2025-09-01', reason: '已被新办法替代' });
    await act(admin, dated.id, { action: 'expire', on: '2025-09-01' });
    const after = (await call(admin, 'GET', '/api/v1/records/cleanup?years=5')).json.items as { record: { id: string } }[];
    expect(after.map((i) => i.record.id)).not.toContain(old.id);

    const res = await call(admin, 'POST', '/api/v1/records/cleanup/result', {
      from: '2025-09-01',
      to: '2025-09-30',
      issuingBody: '长安区人民政府办公室',
      domain: 'social-assistance',
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect((res.json.listed as { id: string }[]).map((r) => r.id).sort()).toEqual([old.id, dated.id].sort());
    const result = res.json.record as { id: string; body: string; title: string; status: string };
    expect(result.status).toBe('draft');
    expect(result.body).toContain('2018年临时救助办法');
    expect(result.body).toContain('废止');
    expect(result.body).toContain('失效');
    await act(admin, result.id, { action: 'submit' });
    await act(reviewer, result.id, { action: 'approve' });
    const pub = await act(admin, result.id, { action: 'publish' });
    expect(pub).toMatchObject({ status: 'published', label: '此件公开发布' });
    await today(undefined);
  });
});
