/**
 * The console's tRPC face of the later life of records, against a real SQLite node: the negative
 * list and its review flags, attachments, interpretations, the yearly assessment of withheld
 * records and validity clean-up. Rules and errors come from the same services as REST.
 */
import { auditLog, infoRecords, outbox } from '@zwgk/db/sqlite';
import { TRPCClientError } from '@trpc/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type TestNode, createTestNode, recordDraft, smallPdf, trpcClient } from './fixtures.js';

let t: TestNode;
beforeAll(async () => {
  t = await createTestNode();
});
afterAll(() => t.close());

const client = (token: string) => trpcClient(t, token);

type Client = ReturnType<typeof client>;
let editor: Client;
let reviewer: Client;
let admin: Client;
let editorToken: string;

/** Sets the node's clock to China noon of `day` and logs in again: tokens expire by that clock. */
async function today(day: string) {
  t.node.services.now = () => new Date(`${day}T04:00:00Z`);
  const login = async (username: string) => {
    const res = await t.req('POST', '/api/v1/auth/token', { body: { username, password: PASSWORD } });
    return ((await res.json()) as { token: string }).token;
  };
  editorToken = await login('editor');
  editor = client(editorToken);
  reviewer = client(await login('reviewer'));
  admin = client(await login('admin'));
}

async function failure(p: Promise<unknown>): Promise<{ httpStatus: number; code: string; message: string; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCClientError) {
      const data = e.data as { httpStatus: number; domain: { code: string; message: string; details?: { fields?: { field: string }[] } } };
      return { httpStatus: data.httpStatus, code: data.domain.code, message: data.domain.message, fields: (data.domain.details?.fields ?? []).map((f) => f.field) };
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

async function published(over: Record<string, unknown> = {}, publishedOn?: string) {
  const d = await editor.records.create.mutate(recordDraft(over));
  await editor.records.transition.mutate({ id: d.id, action: 'submit' });
  await reviewer.records.transition.mutate({ id: d.id, action: 'approve' });
  return admin.records.transition.mutate({ id: d.id, action: 'publish', ...(publishedOn ? { publishedOn } : {}) });
}

async function upload(recordId: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const res = await t.node.app.request(`/api/v1/records/${recordId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${editorToken}` },
    body: form,
  });
  return { status: res.status, json: (await res.json()) as { id: string; error?: { message: string } } };
}

const audits = (action: string) => t.node.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe('records lifecycle over tRPC', () => {
  it('keeps the negative list (admin only) and flags a matching record to the reviewer', async () => {
    await today('2025-03-03');
    const refused = await failure(editor.negativeList.create.mutate({ category: '国家秘密', content: '涉密 军事设施', legalBasis: '《保守国家秘密法》', reviewOn: '2026-03-01' }));
    expect(refused).toMatchObject({ httpStatus: 403, code: 'forbidden' });
    expect((await failure(admin.negativeList.create.mutate({ category: '国家秘密', content: '', legalBasis: 'x', reviewOn: '2026-03-01' }))).fields).toContain('content');

    const entry = await admin.negativeList.create.mutate({ category: '国家秘密', content: '涉密 军事设施', legalBasis: '《保守国家秘密法》', reviewOn: '2026-03-01' });
    expect(entry).toMatchObject({ category: '国家秘密', version: 1, createdBy: 'admin' });
    const other = await admin.negativeList.create.mutate({ category: '个人隐私', content: '身份证号码', legalBasis: '《个人信息保护法》', reviewOn: '2025-04-01' });
    const edited = await admin.negativeList.update.mutate({ id: other.id, patch: { reviewOn: '2025-06-01' } });
    expect(edited).toMatchObject({ reviewOn: '2025-06-01', version: 2 });
    expect((await failure(reviewer.negativeList.delete.mutate({ id: other.id }))).code).toBe('forbidden');
    expect(await admin.negativeList.delete.mutate({ id: other.id })).toEqual({ deleted: true });

    const list = await editor.negativeList.list.query();
    expect(list.entries.map((e) => e.id)).toEqual([entry.id]);
    expect(list.version).toBe(4);
    // every change publishes the whole list
    expect(t.node.db.select().from(outbox).where(eq(outbox.kind, 'negative.list')).all()).toHaveLength(4);
    expect(audits('negative_list.delete')).toHaveLength(1);

    const d = await editor.records.create.mutate(recordDraft({ title: '关于军事设施周边建设项目的通知' }));
    await editor.records.transition.mutate({ id: d.id, action: 'submit' });
    const review = await reviewer.records.review.query({ id: d.id });
    expect(review.record.id).toBe(d.id);
    expect(review.flags).toHaveLength(1);
    expect(review.flags[0]).toMatchObject({ entryId: entry.id });
    expect(review.flags[0]!.reason).toContain('军事设施');
    const clean = await editor.records.create.mutate(recordDraft());
    expect((await reviewer.records.review.query({ id: clean.id })).flags).toEqual([]);
    expect((await failure(reviewer.records.review.query({ id: 'nope' }))).httpStatus).toBe(404);
  });

  it('lists and deletes attachments of a draft, and refuses deletion once published', async () => {
    await today('2025-03-03');
    const d = await editor.records.create.mutate(recordDraft({ title: '附件测试' }));
    const a = await upload(d.id, smallPdf(), '实施方案.pdf');
    expect(a.status).toBe(201);
    const b = await upload(d.id, smallPdf(), '附表.pdf');
    const exe = await upload(d.id, new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff, 0, 0, ...new Array(200).fill(0)]), '通知.pdf');
    expect(exe.status).toBe(400);
    const list = await editor.records.attachments.query({ id: d.id });
    // the node's clock stands still here, so both carry the same time: compare as a set
    expect(list.map((x) => x.name).sort()).toEqual(['实施方案.pdf', '附表.pdf'].sort());
    expect(list[0]).toMatchObject({ mediaType: 'application/pdf', federated: false });

    expect((await failure(reviewer.records.deleteAttachment.mutate({ id: d.id, attachmentId: a.json.id }))).code).toBe('forbidden');
    expect(await editor.records.deleteAttachment.mutate({ id: d.id, attachmentId: a.json.id })).toEqual({ deleted: true });
    expect((await editor.records.attachments.query({ id: d.id })).map((x) => x.id)).toEqual([b.json.id]);

    await editor.records.transition.mutate({ id: d.id, action: 'submit' });
    await reviewer.records.transition.mutate({ id: d.id, action: 'approve' });
    await admin.records.transition.mutate({ id: d.id, action: 'publish' });
    expect((await failure(editor.records.deleteAttachment.mutate({ id: d.id, attachmentId: b.json.id }))).code).toBe('invalid_state');
    expect((await editor.records.attachments.query({ id: d.id }))[0]).toMatchObject({ federated: true });
  });

  it('lists documents waiting for interpretation with their due date, overdue ones marked, and links drafts to them', async () => {
    await today('2025-03-03');
    // published Monday 2025-03-10: due on the 3rd working day after, Thursday 2025-03-13
    const doc = await published({ title: '长安区临时救助实施办法', needsInterpretation: true }, '2025-03-10');
    const late = await published({ title: '长安区低保审核办法', needsInterpretation: true }, '2025-02-10');
    await published({ title: '不需解读的通知' }, '2025-03-10');

    await today('2025-03-12');
    const w = await editor.records.interpretationWorklist.query();
    expect(w.today).toBe('2025-03-12');
    expect(w.items.map((i) => [i.record.id, i.dueOn, i.overdue])).toEqual([
      [late.id, '2025-02-13', true],
      [doc.id, '2025-03-13', false],
    ]);
    expect((await editor.records.overdueInterpretations.query()).items.map((i) => i.record.id)).toEqual([late.id]);

    const interp = await editor.records.create.mutate(
      recordDraft({ title: '《长安区临时救助实施办法》政策解读', kind: 'interpretation', interpretsRecordId: doc.id, interpretationForm: 'qa' }),
    );
    const links = await editor.records.interpretations.query({ id: doc.id });
    expect(links).toEqual([{ id: interp.id, title: interp.title, status: 'draft', form: 'qa', publishedOn: null, createdBy: 'editor' }]);
    expect((await editor.records.interpretationWorklist.query()).items.find((i) => i.record.id === doc.id)?.interpretations).toHaveLength(1);

    await editor.records.transition.mutate({ id: interp.id, action: 'submit' });
    await reviewer.records.transition.mutate({ id: interp.id, action: 'approve' });
    await admin.records.transition.mutate({ id: interp.id, action: 'publish' });
    expect((await editor.records.interpretationWorklist.query()).items.map((i) => i.record.id)).toEqual([late.id]);
    expect((await failure(editor.records.interpretations.query({ id: 'missing' }))).code).toBe('not_found');
  });

  it('assesses withheld records due for their yearly review: keep records it, release publishes with the reason', async () => {
    await today('2024-03-04');
    const ids: string[] = [];
    for (const title of ['内部人事调整方案', '涉及第三方商业秘密的合同']) {
      const d = await editor.records.create.mutate(recordDraft({ title, attribute: 'withheld', withheldGround: '《政府信息公开条例》第十六条' }));
      await editor.records.transition.mutate({ id: d.id, action: 'submit' });
      expect(await reviewer.records.transition.mutate({ id: d.id, action: 'approve' })).toMatchObject({ status: 'withheld' });
      ids.push(d.id);
    }
    await today('2025-03-03');
    expect((await editor.records.withheldDue.query()).items).toEqual([]);

    await today('2025-03-05');
    const due = await reviewer.records.withheldDue.query();
    expect(due.items.map((i) => i.record.id).sort()).toEqual([...ids].sort());
    expect(due.items[0]).toMatchObject({ lastAssessedOn: '2024-03-04', record: { withheldGround: '《政府信息公开条例》第十六条' } });

    expect(await failure(editor.records.assess.mutate({ id: ids[0]!, decision: 'keep', reason: '仍属内部事务' }))).toMatchObject({ httpStatus: 403, code: 'forbidden' });
    expect((await failure(reviewer.records.assess.mutate({ id: ids[0]!, decision: 'keep', reason: '' }))).fields).toContain('reason');

    const kept = await reviewer.records.assess.mutate({ id: ids[0]!, decision: 'keep', reason: '仍属内部人事管理信息' });
    expect(kept).toMatchObject({ decision: 'keep', record: { status: 'withheld' } });
    const released = await reviewer.records.assess.mutate({ id: ids[1]!, decision: 'release', reason: '第三方已同意公开' });
    expect(released).toMatchObject({ decision: 'release', record: { status: 'published', attribute: 'proactive', label: '此件公开发布', publishedOn: '2025-03-05' } });
    expect(released.record.indexNo).toMatch(/^130102-2025-\d{6}$/);
    expect((await failure(reviewer.records.assess.mutate({ id: ids[1]!, decision: 'keep', reason: '再评估一次' }))).code).toBe('invalid_state');

    expect((await reviewer.records.withheldDue.query()).items).toEqual([]);
    const audit = audits('info_record.release').find((a) => a.entityId === ids[1]);
    expect(audit!.details).toMatchObject({ reason: '第三方已同意公开', attributeChange: { from: 'withheld', to: 'proactive', reviewer: 'reviewer' } });
    // the released record went to the outbox, the kept one did not
    const sent = t.node.db.select().from(outbox).where(eq(outbox.kind, 'info.record')).all().map((r) => JSON.parse(r.envelope).entityId);
    expect(sent).toContain(ids[1]);
    expect(sent).not.toContain(ids[0]);
  });

  it('lists records due for clean-up and drafts the clean-up result, which then goes through review', async () => {
    await today('2025-03-03');
    const dated = await published({ title: '2024年度临时救助标准', validUntil: '2025-01-31' }, '2024-01-05');
    const repealed = await published({ title: '旧版救助办法' }, '2024-06-01');
    await admin.records.transition.mutate({ id: repealed.id, action: 'repeal', on: '2025-02-20', reason: '已被新办法替代' });

    await today('2025-03-10');
    const work = await reviewer.records.cleanup.query({ years: 5 });
    const mine = work.items.find((i) => i.record.id === dated.id);
    expect(mine?.reason).toContain('2025-01-31');
    expect(work.items.some((i) => i.record.id === repealed.id)).toBe(false);
    expect((await failure(reviewer.records.cleanup.query({ years: 0 }))).code).toBe('validation_failed');

    expect((await failure(reviewer.records.draftCleanupResult.mutate({ from: '2025-01-01', to: '2025-03-10', issuingBody: '长安区人民政府办公室', domain: 'social-assistance' })))).toMatchObject({ code: 'forbidden' });
    expect((await failure(editor.records.draftCleanupResult.mutate({ from: '2025-03-10', to: '2025-01-01', issuingBody: '长安区人民政府办公室', domain: 'social-assistance' }))).fields).toContain('to');
    const result = await editor.records.draftCleanupResult.mutate({ from: '2025-01-01', to: '2025-03-10', issuingBody: '长安区人民政府办公室', domain: 'social-assistance' });
    expect(result.record).toMatchObject({ status: 'draft', attribute: 'proactive' });
    expect(result.record.title).toContain('清理结果');
    expect(result.listed.map((r) => r.id)).toEqual([repealed.id]);
    expect(result.record.body).toContain('旧版救助办法');
    const row = t.node.db.select().from(infoRecords).where(and(eq(infoRecords.id, result.record.id), eq(infoRecords.status, 'draft'))).get();
    expect(row).toBeDefined();
  });
});
