/**
 * Section 二 of the annual report from the county's records: published 规章 and 行政规范性文件 are
 * counted (制发, 废止, 现行有效) with the records behind each number; staff enter only the rows that
 * are not records, and the published report carries the counted numbers to the hub.
 */
import { annualReportEventBodySchema } from '@zwgk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestNode, checkOutbox, createTestNode } from './fixtures.js';

type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };

let t: TestNode;
let editor: string;
let reviewer: string;
let admin: string;

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await t.req(method, path, { token, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, json: (await res.json()) as Json };
}

async function act(token: string, id: string, body: Record<string, unknown>) {
  const r = await call(token, 'POST', `/api/v1/records/${id}/transitions`, body);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json;
}

/** Drafts a record and, unless `draftOnly`, takes it through review to publication on `publishedOn`. */
async function record(over: Record<string, unknown>, publishedOn: string | null) {
  const r = await call(editor, 'POST', '/api/v1/records', {
    title: '关于印发某办法的通知',
    body: '<p>正文</p>',
    issuingBody: '长安区人民政府办公室',
    docNo: '长政办规〔2025〕1号',
    writtenOn: '2025-03-01',
    domain: 'social-assistance',
    attribute: 'proactive',
    ...over,
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  const id = r.json.id as string;
  if (publishedOn) {
    await act(editor, id, { action: 'submit' });
    await act(reviewer, id, { action: 'approve' });
    await act(admin, id, { action: 'publish', publishedOn });
  }
  return id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestNode();
  t.node.services.now = () => new Date('2026-01-20T02:00:00Z');
  editor = await t.tokenFor('editor');
  reviewer = await t.tokenFor('reviewer');
  admin = await t.tokenFor('admin');
  ids.norm2025 = await record({ title: '长安区临时救助实施办法', docCategory: 'normativeDocument' }, '2025-03-10');
  ids.norm2022 = await record({ title: '长安区低保审核确认办法', docCategory: 'normativeDocument', writtenOn: '2022-06-01' }, '2022-06-05');
  ids.normRepealed = await record({ title: '长安区旧救助办法', docCategory: 'normativeDocument', writtenOn: '2021-04-01' }, '2021-04-02');
  await act(reviewer, ids.normRepealed, { action: 'repeal', on: '2025-07-01', reason: '已被新办法取代' });
  ids.rule2025 = await record({ title: '某市城市管理规定', docCategory: 'rule', docNo: '某市政府令第1号' }, '2025-05-20');
  ids.normDraft = await record({ title: '尚在起草的规范性文件', docCategory: 'normativeDocument' }, null);
  ids.other = await record({ title: '2025年工作要点', docCategory: 'other' }, '2025-02-01');
  ids.unmarked = await record({ title: '未标注类别的通知' }, '2025-02-02');
});
afterAll(() => t?.close());

describe('section 二 of the annual report counted from the records', () => {
  it('counts published 规章 and 行政规范性文件 and lists the records behind each number', async () => {
    const r = await call(admin, 'GET', '/api/v1/reports/annual/2025');
    expect(r.status).toBe(200);
    const counted = (r.json.proactive as { counted: Record<string, Record<string, { count: number; records: { id: string; title: string }[] }>> }).counted;
    const n = counted.normativeDocuments!;
    expect([n.issued!.count, n.repealed!.count, n.inForce!.count]).toEqual([1, 1, 2]);
    expect(n.issued!.records.map((x) => x.id)).toEqual([ids.norm2025]);
    expect(n.repealed!.records).toMatchObject([{ id: ids.normRepealed, title: '长安区旧救助办法' }]);
    expect(n.inForce!.records.map((x) => x.id).sort()).toEqual([ids.norm2022!, ids.norm2025!].sort());
    const rules = counted.rules!;
    expect([rules.issued!.count, rules.repealed!.count, rules.inForce!.count]).toEqual([1, 0, 1]);
    // the year before: the repealed one was still in force, nothing of 2025 existed yet
    const y2024 = (await call(admin, 'GET', '/api/v1/reports/annual/2024')).json.proactive as typeof r.json.proactive & {
      counted: typeof counted;
    };
    expect(y2024.counted.normativeDocuments!.inForce!.count).toBe(2);
    expect(y2024.counted.normativeDocuments!.issued!.count).toBe(0);
  });

  it('a record’s 文件类别 is kept and can be changed like any field', async () => {
    const got = await call(admin, 'GET', `/api/v1/records/${ids.rule2025}`);
    expect(got.json).toMatchObject({ docCategory: 'rule' });
    const unmarked = await call(admin, 'GET', `/api/v1/records/${ids.unmarked}`);
    expect(unmarked.json).toMatchObject({ docCategory: null });
    // an admin corrects a published record's category: the count follows at once
    const fixed = await call(admin, 'PATCH', `/api/v1/records/${ids.unmarked}`, { docCategory: 'normativeDocument' });
    expect(fixed.status, JSON.stringify(fixed.json)).toBe(200);
    const after = (await call(admin, 'GET', '/api/v1/reports/annual/2025')).json.proactive as { counted: { normativeDocuments: { issued: { count: number } } } };
    expect(after.counted.normativeDocuments.issued.count).toBe(2);
    await call(admin, 'PATCH', `/api/v1/records/${ids.unmarked}`, { docCategory: null });
    const back = (await call(admin, 'GET', '/api/v1/reports/annual/2025')).json.proactive as typeof after;
    expect(back.counted.normativeDocuments.issued.count).toBe(1);
  });

  it('refuses entered values for the counted rows, merges the entered rows, and publishes the counted numbers', async () => {
    const refused = await call(admin, 'PUT', '/api/v1/reports/annual/2025/texts', {
      proactive: { rules: { issued: 9, repealed: 0, inForce: 9 }, licensingDecisions: 1, penaltyDecisions: 0, enforcementDecisions: 0, feesTenThousandYuan: 0 },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain('由已发布的政府信息统计');

    const draft = await call(admin, 'GET', '/api/v1/reports/annual/2025/texts');
    expect(draft.json.proactive).toBeNull();
    expect(draft.json.proactiveCounted).toEqual({ rules: { issued: 1, repealed: 0, inForce: 1 }, normativeDocuments: { issued: 1, repealed: 1, inForce: 2 } });
    expect((draft.json.failedChecks as { section: string }[]).some((f) => f.section === '二、主动公开政府信息情况')).toBe(true);

    const saved = await call(admin, 'PUT', '/api/v1/reports/annual/2025/texts', {
      overview: '总体情况。',
      problems: '问题。',
      otherMatters: '无。',
      proactive: { licensingDecisions: 320, penaltyDecisions: 12, enforcementDecisions: 1, feesTenThousandYuan: 8.75 },
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json.proactive).toEqual({
      rules: { issued: 1, repealed: 0, inForce: 1 },
      normativeDocuments: { issued: 1, repealed: 1, inForce: 2 },
      licensingDecisions: 320,
      penaltyDecisions: 12,
      enforcementDecisions: 1,
      feesTenThousandYuan: 8.75,
    });

    const zero = { upheld: 0, corrected: 0, other: 0, pending: 0 };
    expect((await call(admin, 'PUT', '/api/v1/reports/annual/2025/review-litigation', { review: zero, litigationDirect: zero, litigationAfterReview: zero })).status).toBe(200);

    // a record published after the report was drafted changes the count: the report follows the records
    await record({ title: '长安区医疗救助办法', docCategory: 'normativeDocument', writtenOn: '2025-11-11' }, '2025-11-20');
    const pub = await call(admin, 'POST', '/api/v1/reports/annual/2025/publish');
    expect(pub.status, JSON.stringify(pub.json)).toBe(201);
    const env = checkOutbox(t.node).map((row) => row.envelope).filter((e) => e.kind === 'annual.report');
    const body = annualReportEventBodySchema.parse(env.at(-1)!.body);
    expect(body.proactive).toMatchObject({ normativeDocuments: { issued: 2, repealed: 1, inForce: 3 }, rules: { issued: 1 }, licensingDecisions: 320 });
  });
});
