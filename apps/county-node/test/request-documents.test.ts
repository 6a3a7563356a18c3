import { REPLY_DOCUMENT_KINDS, annualReportEventBodySchema } from '@zwgk/core';
import { auditLog } from '@zwgk/db/sqlite';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutbox, createTestNode, type TestNode, trpcClient, unzip } from './fixtures.js';

const at = (date: string) => () => new Date(`${date}T02:00:00Z`);
type Json = Record<string, unknown>;

const HOSTILE = '<script>alert("x")</script> & 其他';

describe('standard reply texts at the county', () => {
  let t: TestNode;
  let editor: string;
  let id: string;
  const call = async (method: string, path: string, body?: unknown, token = editor) => {
    const res = await t.req(method, path, { token, ...(body !== undefined ? { body } : {}) });
    return { status: res.status, json: (await res.json()) as Json };
  };

  beforeAll(async () => {
    t = await createTestNode();
    t.node.services.now = at('2025-04-10');
    editor = await t.tokenFor('editor');
    const r = await call('POST', '/api/v1/requests', {
      channel: 'inPerson',
      submittedOn: '2025-03-24',
      applicant: { name: '王小明', phone: '13912345678' },
      applicantType: 'naturalPerson',
      description: `申请公开2024年度城乡低保资金发放汇总表 ${HOSTILE}`,
      deliveryForm: 'paper',
    });
    expect(r.status).toBe(201);
    id = r.json.id as string;
  });
  afterAll(() => t.close());

  it('fills every kind from the request, with the articles and, for replies, the remedies', async () => {
    for (const kind of REPLY_DOCUMENT_KINDS) {
      const r = await call('GET', `/api/v1/requests/${id}/documents/${kind}`);
      expect(r.status, kind).toBe(200);
      const text = (r.json.paragraphs as string[]).join('\n');
      expect(text, kind).toContain('130102-2025-000001');
      expect(text, kind).toContain('2025年3月24日');
      expect(text, kind).toContain('城乡低保资金发放汇总表');
      expect(r.json).toMatchObject({ kind, edited: false, version: 0, issuer: '长安区人民政府' });
      expect((r.json.articles as string[]).length, kind).toBeGreaterThan(0);
      if (kind.length > 0 && !['acknowledgement', 'correctionNotice', 'extensionNotice', 'thirdPartyConsultation'].includes(kind)) {
        expect(r.json.addressee).toBe('王小明：');
        expect(text, kind).toMatch(/60日内向石家庄市人民政府申请行政复议，或者在6个月内/);
      }
    }
    const ack = await call('GET', `/api/v1/requests/${id}/documents/acknowledgement`);
    expect(ack.json).toMatchObject({ date: '2025-03-24', title: '政府信息公开申请受理回执' });
    expect((ack.json.paragraphs as string[]).join('')).toContain('2025年4月22日前');
    const ext = await call('GET', `/api/v1/requests/${id}/documents/extensionNotice`);
    expect((ext.json.paragraphs as string[]).join('')).toMatch(/延长20个工作日，本机关将于2025年5月\d+日前作出答复/);
    expect((await call('GET', `/api/v1/requests/${id}/documents/nonsense`)).status).toBe(404);
    expect((await call('GET', `/api/v1/requests/no-such-id/documents/granted`)).status).toBe(404);
  });

  it('keeps an edited draft, audits it and guards concurrent edits', async () => {
    const base = await call('GET', `/api/v1/requests/${id}/documents/withheldProcessInfo`);
    const edited = {
      title: base.json.title,
      docNo: '长安政信公开〔2025〕7号',
      addressee: base.json.addressee,
      paragraphs: [...(base.json.paragraphs as string[]).slice(0, 2), '补充说明：所涉材料为会议讨论记录。', ...(base.json.paragraphs as string[]).slice(2)],
      date: '2025-04-10',
      issuer: '长安区人民政府',
      version: 0,
    };
    const saved = await call('PUT', `/api/v1/requests/${id}/documents/withheldProcessInfo`, edited);
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ edited: true, version: 1, updatedBy: 'editor', docNo: '长安政信公开〔2025〕7号' });
    const again = await call('GET', `/api/v1/requests/${id}/documents/withheldProcessInfo`);
    expect(again.json.paragraphs).toContain('补充说明：所涉材料为会议讨论记录。');
    expect(again.json).toMatchObject({ edited: true, version: 1 });
    // other kinds keep the template
    expect((await call('GET', `/api/v1/requests/${id}/documents/granted`)).json).toMatchObject({ edited: false });

    const audits = t.node.db.select().from(auditLog).where(eq(auditLog.action, 'info_request.document.save')).all();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: 'editor', entityId: id, details: { kind: 'withheldProcessInfo', version: 1 } });

    expect((await call('PUT', `/api/v1/requests/${id}/documents/withheldProcessInfo`, edited)).status).toBe(409);
    expect((await call('PUT', `/api/v1/requests/${id}/documents/withheldProcessInfo`, { ...edited, paragraphs: [] })).status).toBe(400);
    const reviewer = await t.tokenFor('reviewer');
    expect((await call('PUT', `/api/v1/requests/${id}/documents/granted`, { ...edited, version: 0 }, reviewer)).status).toBe(403);
  });

  it('renders a .docx with the title and the applicant, and an escaped printable page', async () => {
    const res = await t.req('GET', `/api/v1/requests/${id}/documents/acknowledgement.docx`, { token: editor });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const files = unzip(Buffer.from(await res.arrayBuffer()));
    const xml = files.get('word/document.xml')?.toString('utf8') ?? '';
    expect(xml).toContain('政府信息公开申请受理回执');
    expect(xml).toContain('王小明');
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).toContain('w:w="11906"'); // A4
    expect(xml).not.toContain('<script>');

    const html = await t.req('GET', `/api/v1/requests/${id}/documents/withheldProcessInfo.html`, { token: editor });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await html.text();
    expect(page).toContain('@media print');
    expect(page).toContain('补充说明：所涉材料为会议讨论记录。');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 其他');
    expect(page).not.toContain('<script>');

    expect((await t.req('GET', `/api/v1/requests/${id}/documents/acknowledgement.docx`)).status).toBe(401);
    expect((await t.req('GET', `/api/v1/requests/${id}/documents/nonsense.html`, { token: editor })).status).toBe(404);
  });

  it('answers tRPC requests.document.get/save and lists the routes in OpenAPI', async () => {
    const client = trpcClient(t, editor);
    const doc = await client.requests.document.get.query({ id, kind: 'notProcessedRepeated' });
    expect(doc.paragraphs.join('')).toContain('第三十六条第（六）项');
    const saved = await client.requests.document.save.mutate({
      id,
      kind: 'notProcessedRepeated',
      draft: { title: doc.title, docNo: doc.docNo, addressee: doc.addressee, paragraphs: doc.paragraphs, date: doc.date, issuer: doc.issuer },
    });
    expect(saved).toMatchObject({ edited: true, version: 1 });

    const spec = (await (await t.req('GET', '/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/api/v1/requests/{id}/documents/{kind}',
      '/api/v1/requests/{id}/documents/{kind}.docx',
      '/api/v1/requests/{id}/documents/{kind}.html',
      '/api/v1/reports/annual/{year}.docx',
      '/api/v1/reports/annual/{year}.html',
      '/api/v1/reports/annual/{year}/texts',
      '/api/v1/reports/annual/{year}/publish',
    ]) {
      expect(spec.paths[p], p).toBeDefined();
    }
  });
});

describe('annual report export and publication at the county', () => {
  let t: TestNode;
  let admin: string;
  const call = async (method: string, path: string, body?: unknown, token = admin) => {
    const res = await t.req(method, path, { token, ...(body !== undefined ? { body } : {}) });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const good = { upheld: 1, corrected: 0, other: 0, pending: 1 };
  // the 规章 and 规范性文件 rows are counted from the published records, not entered
  const proactive = {
    licensingDecisions: 1520,
    penaltyDecisions: 87,
    enforcementDecisions: 4,
    feesTenThousandYuan: 12.5,
  };

  beforeAll(async () => {
    t = await createTestNode();
    t.node.services.now = at('2025-12-30');
    admin = await t.tokenFor('admin');
    for (const [day, type] of [
      ['2025-03-03', 'naturalPerson'],
      ['2025-06-02', 'commercialEnterprise'],
      ['2025-12-29', 'naturalPerson'],
    ] as const) {
      const r = await call('POST', '/api/v1/requests', {
        channel: 'inPerson',
        submittedOn: day,
        applicant: { name: '李四', phone: '13900000000', ...(type === 'naturalPerson' ? {} : { organisationName: '某某公司' }) },
        applicantType: type,
        description: '申请公开某文件',
        deliveryForm: 'paper',
      });
      expect(r.status).toBe(201);
      if (day !== '2025-12-29') {
        const reply = await call('POST', `/api/v1/requests/${r.json.id as string}/transitions`, {
          action: 'reply',
          on: day,
          outcome: day === '2025-03-03' ? 'granted' : 'withheldThirdPartyRights',
          replyText: '答复',
        });
        expect(reply.status).toBe(200);
      }
    }
  });
  afterAll(() => t.close());

  it('refuses export and publication with the failed checks, then exports once they pass', async () => {
    const refused = await call('GET', '/api/v1/reports/annual/2025.docx');
    expect(refused.status).toBe(409);
    const failed = (refused.json.error as { details: { failedChecks: { section: string; message: string }[] } }).details.failedChecks;
    expect(failed.map((f) => f.section)).toEqual(['一、总体情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项', '二、主动公开政府信息情况', '四、政府信息公开行政复议、行政诉讼情况']);
    expect((await call('POST', '/api/v1/reports/annual/2025/publish')).status).toBe(409);

    // a section 四 whose 总计 is wrong is a failed cross-check too
    await call('PUT', '/api/v1/reports/annual/2025/review-litigation', { review: { ...good, total: 5 }, litigationDirect: good, litigationAfterReview: good });
    const texts = await call('PUT', '/api/v1/reports/annual/2025/texts', { overview: `全年推进政务公开标准化规范化。\n${HOSTILE}`, problems: '基层力量不足。', otherMatters: '无。', proactive });
    expect(texts.status).toBe(200);
    const stillRefused = await call('GET', '/api/v1/reports/annual/2025.html');
    expect(stillRefused.status).toBe(409);
    expect(JSON.stringify(stillRefused.json)).toContain('review.total');

    await call('PUT', '/api/v1/reports/annual/2025/review-litigation', { review: good, litigationDirect: good, litigationAfterReview: good });
    expect((await call('GET', '/api/v1/reports/annual/2025/texts')).json).toMatchObject({ failedChecks: [], overview: expect.stringContaining('标准化') });

    const docx = await t.req('GET', '/api/v1/reports/annual/2025.docx', { token: admin });
    expect(docx.status).toBe(200);
    const xml = unzip(Buffer.from(await docx.arrayBuffer())).get('word/document.xml')?.toString('utf8') ?? '';
    for (const s of ['长安区人民政府2025年政府信息公开工作年度报告', '一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项', '行政规范性文件', '1520', '保护第三方合法权益', '结转下年度继续办理']) {
      expect(xml, s).toContain(s);
    }
    const html = await t.req('GET', '/api/v1/reports/annual/2025.html', { token: admin });
    const page = await html.text();
    expect(page).toContain('&lt;script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('<h2>三、收到和处理政府信息公开申请情况</h2>');
    // the JSON report is still served at {year}
    expect((await call('GET', '/api/v1/reports/annual/2025')).json).toMatchObject({ year: 2025 });
  });

  it('publishes: records publishedAt and federates annual.report with the three tables', async () => {
    const editor = await t.tokenFor('editor');
    expect((await call('POST', '/api/v1/reports/annual/2025/publish', undefined, editor)).status).toBe(403);
    const pub = await call('POST', '/api/v1/reports/annual/2025/publish');
    expect(pub.status).toBe(201);
    expect(pub.json).toMatchObject({ year: 2025, version: 1 });
    const env = checkOutbox(t.node).map((r) => r.envelope).filter((e) => e.kind === 'annual.report');
    expect(env).toHaveLength(1);
    expect(env[0]).toMatchObject({ schema: 'annual.report/1', entityId: '130102-2025', entityVersion: '1' });
    const body = annualReportEventBodySchema.parse(env[0]!.body);
    expect(body.requestTable.newThisYear).toMatchObject({ naturalPerson: 2, commercialEnterprise: 1, total: 3 });
    expect(body.requestTable.carriedForward).toMatchObject({ naturalPerson: 1, total: 1 });
    expect(body.requestTable.outcomes.withheldThirdPartyRights).toMatchObject({ commercialEnterprise: 1, total: 1 });
    expect(body.proactive.licensingDecisions).toBe(1520);
    expect((await call('GET', '/api/v1/reports/annual/2025/texts')).json).toMatchObject({ publishedVersion: 1, publishedAt: expect.any(String) });
    expect((await call('POST', '/api/v1/reports/annual/2025/publish')).json).toMatchObject({ version: 2 });
  });
});
