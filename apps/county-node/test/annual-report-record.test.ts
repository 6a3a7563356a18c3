/**
 * The published annual report as an information record: one published record with the report's
 * full text as its (sanitised) body and the .docx attached (checked by content, checksummed,
 * sent in chunks); a re-publication is a new version of the same record with the same index
 * number; everything commits with the report's publication or not at all, and all of it reaches
 * the outbox in an order the hub can apply.
 */
import { createHash } from 'node:crypto';
import { annualReportEventBodySchema, infoRecordEventBodySchema } from '@zwgk/core';
import { auditLog, infoRecords, outbox, recordAttachments } from '@zwgk/db/sqlite';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestNode, checkOutbox, createTestNode } from './fixtures.js';

type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };

const TITLE = '长安区2025年政府信息公开工作年度报告';
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

let t: TestNode;
let admin: string;
let editor: string;

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await t.req(method, path, { token, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, json: (await res.json()) as Json };
}

/** Records carrying the 2025 report, by status. */
const reportRecords = () =>
  t.node.db
    .select()
    .from(infoRecords)
    .where(like(infoRecords.title, `%2025年政府信息公开工作年度报告%`))
    .all();

const envelopes = () => checkOutbox(t.node);

beforeAll(async () => {
  t = await createTestNode();
  t.node.services.now = () => new Date('2026-01-20T02:00:00Z');
  admin = await t.tokenFor('admin');
  editor = await t.tokenFor('editor');
  const zero = { upheld: 0, corrected: 0, other: 0, pending: 0 };
  expect((await call(admin, 'PUT', '/api/v1/reports/annual/2025/review-litigation', { review: { ...zero, upheld: 2 }, litigationDirect: zero, litigationAfterReview: zero })).status).toBe(200);
  const texts = await call(admin, 'PUT', '/api/v1/reports/annual/2025/texts', {
    overview: `本年度政务公开工作稳步推进。${HOSTILE}`,
    problems: '基层公开标准化仍需加强。',
    otherMatters: '无。',
    proactive: { licensingDecisions: 320, penaltyDecisions: 12, enforcementDecisions: 1, feesTenThousandYuan: 8.75 },
  });
  expect(texts.status, JSON.stringify(texts.json)).toBe(200);
});
afterAll(() => t?.close());

let recordId = '';
let indexNo = '';
let firstDocx = '';

describe('the annual report published as an information record', () => {
  it('leaves no record behind when publication is refused', async () => {
    const before = t.node.db.select().from(outbox).all().length;
    expect((await call(editor, 'POST', '/api/v1/reports/annual/2025/publish')).status).toBe(403);
    // 2024 has no texts: the checks fail, nothing is written
    expect((await call(admin, 'POST', '/api/v1/reports/annual/2024/publish')).status).toBe(409);
    expect(reportRecords()).toHaveLength(0);
    expect(t.node.db.select().from(outbox).all()).toHaveLength(before);
  });

  it('creates exactly one published record with the full text and the .docx', async () => {
    const pub = await call(admin, 'POST', '/api/v1/reports/annual/2025/publish');
    expect(pub.status, JSON.stringify(pub.json)).toBe(201);
    const ref = pub.json.record as { id: string; indexNo: string; version: number; docxAttachmentId: string };
    recordId = ref.id;
    indexNo = ref.indexNo;
    firstDocx = ref.docxAttachmentId;
    expect(reportRecords()).toHaveLength(1);

    const rec = (await call(admin, 'GET', `/api/v1/records/${recordId}`)).json;
    expect(rec).toMatchObject({
      title: TITLE,
      issuingBody: '长安区人民政府',
      status: 'published',
      attribute: 'proactive',
      label: '此件公开发布',
      publishedOn: '2026-01-20',
      writtenOn: '2026-01-20',
      docCategory: 'other',
      catalogItemId: null,
      indexNo: '130102-2026-000001',
    });
    const body = rec.body as string;
    expect(body).toContain('<h2>三、收到和处理政府信息公开申请情况</h2>');
    expect(body).toContain('<table>');
    expect(body).toContain('基层公开标准化仍需加强。');
    // sanitised like any body: the staff text shows as text, nothing executable or page-level survives
    expect(body).toContain('&lt;script&gt;');
    expect(body).not.toMatch(/<script|<img|<style|<html|<title|<main/i);
    expect((await call(admin, 'GET', '/api/v1/reports/annual/2025/texts')).json.publishedRecordId).toBe(recordId);

    const atts = (await call(admin, 'GET', `/api/v1/records/${recordId}/attachments`)).json.items as { id: string; name: string; mediaType: string; sha256: string; federated: boolean }[];
    expect(atts).toHaveLength(1);
    expect(atts[0]).toMatchObject({
      id: firstDocx,
      name: `${TITLE}.docx`,
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      federated: true,
    });
    const dl = await t.req('GET', `/api/v1/records/${recordId}/attachments/${firstDocx}`, { token: admin });
    expect(dl.status).toBe(200);
    const bytes = Buffer.from(await dl.arrayBuffer());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(atts[0]!.sha256);

    const audit = t.node.db.select().from(auditLog).where(eq(auditLog.entityId, recordId)).all();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['info_record.create', 'admin'],
      ['info_record.publish', 'admin'],
      ['info_record.attachment_add', 'admin'],
    ]);
    const published = t.node.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'annual_report.publish'), eq(auditLog.entityId, '2025')))
      .all();
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ actor: 'admin' });
    expect(JSON.parse(JSON.stringify(published[0]!.details))).toMatchObject({ version: 1, recordId, indexNo });
  });

  it('federates the record, then its .docx in chunks, then the report naming both', async () => {
    const env = envelopes();
    const rec = env.filter((r) => r.envelope.kind === 'info.record' && r.envelope.entityId === recordId);
    expect(rec).toHaveLength(1);
    const body = infoRecordEventBodySchema.parse(rec[0]!.envelope.body);
    expect(body.op === 'upsert' && body.record).toMatchObject({ id: recordId, indexNo, label: '此件公开发布', docCategory: 'other', attribute: 'proactive' });
    const chunks = env.filter((r) => r.envelope.kind === 'info.attachment' && r.envelope.entityId === firstDocx);
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    const report = env.filter((r) => r.envelope.kind === 'annual.report');
    expect(report).toHaveLength(1);
    expect(annualReportEventBodySchema.parse(report[0]!.envelope.body)).toMatchObject({ version: 1, recordId, docxAttachmentId: firstDocx });
    expect(rec[0]!.seq).toBeLessThan(chunks[0]!.seq);
    expect(chunks.at(-1)!.seq).toBeLessThan(report[0]!.seq);
  });

  it('updates the same record on re-publication: a new version, the same index number, a new .docx', async () => {
    const before = (await call(admin, 'GET', `/api/v1/records/${recordId}`)).json;
    // a clerk files the record under another domain: a re-publication keeps the correction
    expect((await call(admin, 'PATCH', `/api/v1/records/${recordId}`, { domain: 'public-legal-services' })).status).toBe(200);
    expect((await call(admin, 'PUT', '/api/v1/reports/annual/2025/texts', { problems: '公开平台集约化建设有待加强。' })).status).toBe(200);
    const pub = await call(admin, 'POST', '/api/v1/reports/annual/2025/publish');
    expect(pub.status, JSON.stringify(pub.json)).toBe(201);
    expect(pub.json).toMatchObject({ version: 2, record: { id: recordId, indexNo } });
    expect(reportRecords()).toHaveLength(1);

    const after = (await call(admin, 'GET', `/api/v1/records/${recordId}`)).json;
    expect(after.version).toBe((before.version as number) + 2);
    expect(after).toMatchObject({ indexNo, status: 'published', domain: 'public-legal-services', title: TITLE });
    expect(after.body as string).toContain('公开平台集约化建设有待加强。');
    expect(after.body as string).not.toContain('基层公开标准化仍需加强。');

    const atts = (await call(admin, 'GET', `/api/v1/records/${recordId}/attachments`)).json.items as { id: string; name: string; federated: boolean }[];
    expect(atts.map((a) => a.name)).toEqual([`${TITLE}.docx`, `${TITLE}（第2版）.docx`]);
    expect(atts.every((a) => a.federated)).toBe(true);
    const docx2 = (pub.json.record as { docxAttachmentId: string }).docxAttachmentId;
    expect(docx2).toBe(atts[1]!.id);

    const env = envelopes();
    const versions = env.filter((r) => r.envelope.kind === 'info.record' && r.envelope.entityId === recordId).map((r) => r.envelope.entityVersion);
    expect(versions).toEqual([String(before.version), String(after.version as number - 1), String(after.version)]);
    const reports = env.filter((r) => r.envelope.kind === 'annual.report').map((r) => annualReportEventBodySchema.parse(r.envelope.body));
    expect(reports.map((b) => [b.version, b.recordId, b.docxAttachmentId])).toEqual([
      [1, recordId, firstDocx],
      [2, recordId, docx2],
    ]);
    expect(t.node.db.select().from(recordAttachments).where(eq(recordAttachments.recordId, recordId)).all()).toHaveLength(2);
  });

  it('files a new record when the previous one was withdrawn, never two published ones', async () => {
    expect((await call(admin, 'POST', `/api/v1/records/${recordId}/transitions`, { action: 'withdraw', reason: '发布渠道调整，重新发布' })).status).toBe(200);
    const pub = await call(admin, 'POST', '/api/v1/reports/annual/2025/publish');
    expect(pub.status, JSON.stringify(pub.json)).toBe(201);
    const ref = pub.json.record as { id: string; indexNo: string };
    expect(ref.id).not.toBe(recordId);
    expect(ref.indexNo).toBe('130102-2026-000002');
    const rows = reportRecords();
    expect(rows.map((r) => r.status).sort()).toEqual(['published', 'withdrawn']);
    expect(rows.find((r) => r.status === 'published')!.id).toBe(ref.id);
  });
});
