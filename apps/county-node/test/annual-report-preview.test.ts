/**
 * The console's preview of the annual report over tRPC, against a real SQLite node: the document
 * as it stands while checks still fail (blank sections as “（未填写）”), the same blocks the export
 * renders once they pass, and who published the last version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type TestNode, createTestNode, trpcClient } from './fixtures.js';

let t: TestNode;
let admin: ReturnType<typeof client>;

const client = (token: string) => trpcClient(t, token);

beforeAll(async () => {
  t = await createTestNode();
  t.node.services.now = () => new Date('2026-01-20T02:00:00Z');
  const res = await t.req('POST', '/api/v1/auth/token', { body: { username: 'admin', password: PASSWORD } });
  admin = client(((await res.json()) as { token: string }).token);
});
afterAll(() => t?.close());

const texts = (blocks: { type: string; text?: string }[]) => blocks.filter((b) => b.type === 'heading' || b.type === 'paragraph').map((b) => b.text);

describe('the annual report preview', () => {
  it('shows the document while checks fail, with the failed checks and blank sections marked', async () => {
    const p = await admin.reports.annualPreview.query({ year: 2025 });
    expect(p.title).toBe('长安区人民政府2025年政府信息公开工作年度报告');
    expect(p.blocks[0]).toEqual({ type: 'title', text: p.title });
    const t1 = texts(p.blocks);
    expect(t1.indexOf('一、总体情况')).toBeGreaterThan(0);
    expect(t1[t1.indexOf('一、总体情况') + 1]).toBe('（未填写）');
    expect(p.failedChecks.map((f) => f.section)).toEqual(['一、总体情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项', '二、主动公开政府信息情况', '四、政府信息公开行政复议、行政诉讼情况']);
    expect(p.blocks.at(-1)).toEqual({ type: 'signature', issuer: '长安区人民政府', date: '2026年1月20日' });
  });

  it('carries the texts as written, and who published', async () => {
    const zero = { upheld: 0, corrected: 0, other: 0, pending: 0 };
    await admin.reports.putReviewLitigation.mutate({ year: 2025, counts: { review: zero, litigationDirect: zero, litigationAfterReview: zero } });
    await admin.reports.putAnnualTexts.mutate({
      year: 2025,
      texts: {
        overview: '本年度政务公开工作稳步推进。\n第二段。',
        problems: '基层力量不足。',
        otherMatters: '无。',
        proactive: { licensingDecisions: 1, penaltyDecisions: 0, enforcementDecisions: 0, feesTenThousandYuan: 0 },
      },
    });
    const p = await admin.reports.annualPreview.query({ year: 2025 });
    expect(p.failedChecks).toEqual([]);
    const t2 = texts(p.blocks);
    expect(t2.slice(t2.indexOf('一、总体情况'), t2.indexOf('一、总体情况') + 3)).toEqual(['一、总体情况', '本年度政务公开工作稳步推进。', '第二段。']);
    expect(p.blocks.filter((b) => b.type === 'table')).toHaveLength(6);

    expect((await admin.reports.annualDraft.query({ year: 2025 })).publishedBy).toBeNull();
    await admin.reports.publishAnnual.mutate({ year: 2025 });
    expect(await admin.reports.annualDraft.query({ year: 2025 })).toMatchObject({ publishedBy: 'admin', publishedVersion: 1 });
  });
});
