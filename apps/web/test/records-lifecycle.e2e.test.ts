/**
 * The later life of records in the county console, in a real browser against a real county node
 * and hub: an admin keeps the negative list, uploads a PDF (and sees an executable named .pdf
 * refused), drafts a record that the list flags and an interpretation of a published policy
 * document; a reviewer sees the flag before approving and releases a withheld record at its yearly
 * assessment, which publishes it. Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots at 1280 and 360 px.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../../county-node/src/services/accounts.js';
import { createRecord, transitionRecord } from '../../county-node/src/services/records.js';
import { type BrowserStack, onePagePdf, shot as screenshot, useBrowserStack } from './browser';

const COUNTY = '130102'; // 长安区, 石家庄市
const FLAGGED_TITLE = '关于军事设施周边建设项目管理的通知';
const DOC_TITLE = '长安区临时救助实施办法';
const WITHHELD_TITLE = '涉及第三方商业秘密的供货合同';

let docId: string;
let withheldId: string;

const actor = (username: string, role: AuthUser['role']): AuthUser => ({ id: username, username, role, displayName: username });
const EDITOR = actor('editor', 'county_editor');
const REVIEWER = actor('reviewer', 'county_reviewer');
const ADMIN = actor('admin', 'county_admin');

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Records the browser steps start from, written through the node's own services. */
function seed(province: BrowserStack) {
  const services = province.node().services;
  const base = { body: '<p>为规范临时救助工作，制定本办法。</p>', issuingBody: '长安区民政局', writtenOn: '2025-03-01', domain: 'social-assistance' };
  // withheld at review more than a year ago: due for its yearly assessment today
  const yearAgo = new Date(Date.now() - 400 * 86_400_000);
  services.now = () => yearAgo;
  try {
    const w = must(createRecord(services, EDITOR, { ...base, title: WITHHELD_TITLE, attribute: 'withheld', withheldGround: '《中华人民共和国政府信息公开条例》第十五条' }));
    must(transitionRecord(services, EDITOR, w.id, { action: 'submit' }));
    must(transitionRecord(services, REVIEWER, w.id, { action: 'approve' }));
    withheldId = w.id;
  } finally {
    services.now = undefined;
  }
  const d = must(createRecord(services, EDITOR, { ...base, title: DOC_TITLE, docNo: '长政办〔2025〕3号', attribute: 'proactive', needsInterpretation: true }));
  must(transitionRecord(services, EDITOR, d.id, { action: 'submit' }));
  must(transitionRecord(services, REVIEWER, d.id, { action: 'approve' }));
  must(transitionRecord(services, ADMIN, d.id, { action: 'publish' }));
  docId = d.id;
}

// attachments up to 20 MB pass through the web's form actions
const stack = useBrowserStack({ counties: [COUNTY], enroll: [COUNTY], seed, privateBuild: 'records-lifecycle-e2e', webEnv: { BODY_SIZE_LIMIT: '21M' } });
const { url, consoleGoto } = stack;
const base = `/county/${COUNTY}/records`;

const shot = (page: Page, name: string) => screenshot(page, name, { phone: true });

/** The start of a Windows executable (MZ header, PE signature), as a file named .pdf. */
function fakeExe(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

describe('records lifecycle in the county console', () => {
  it('keeps the negative list, checks attachments by content, drafts an interpretation, flags at review and releases a withheld record', async () => {
    const page = await stack.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    // 1. the admin adds a negative-list entry
    await consoleGoto(page, `${base}/negative-list`, 'admin');
    expect(await page.locator('.empty').textContent()).toContain('还没有条目');
    await page.getByLabel('类别').fill('国家秘密');
    await page.getByLabel('内容').fill('军事设施 涉密事项');
    await page.getByLabel('依据').fill('《中华人民共和国保守国家秘密法》');
    await page.getByLabel('复核日期').fill('2026-12-31');
    await page.getByRole('button', { name: '新增条目' }).click();
    await page.waitForURL(/negative-list\?done=created$/);
    const row = page.locator('tbody tr').first();
    expect(await row.locator('th').textContent()).toBe('国家秘密');
    expect(await row.textContent()).toContain('军事设施 涉密事项');
    await shot(page, 'negative-list');

    // 2. the admin drafts a record that matches it, uploads a PDF, and is refused an executable named .pdf
    await page.goto(url(`${base}/new`));
    await page.locator('#r-title').fill(FLAGGED_TITLE);
    await page.locator('#r-issuingBody').fill('长安区住房和城乡建设局');
    await page.locator('#r-writtenOn').fill('2025-03-01');
    await page.locator('#r-domain').selectOption('major-projects');
    await page.locator('#r-body').fill('各有关单位：现就周边建设项目管理通知如下。');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/records\/[\w-]+\?done=created$/);
    const flaggedPath = new URL(page.url()).pathname;

    const file = page.getByLabel('上传附件');
    expect(await file.getAttribute('accept')).toContain('.pdf');
    expect(await page.locator('#att-hint').textContent()).toContain('20 MB');
    await file.setInputFiles({ name: '实施方案.pdf', mimeType: 'application/pdf', buffer: onePagePdf() });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await page.waitForURL(/\?done=uploaded/);
    const listed = page.locator('.att-list li');
    expect(await listed.count()).toBe(1);
    expect(await listed.first().locator('a').textContent()).toBe('实施方案.pdf');
    expect(await listed.first().textContent()).toContain('PDF');
    // the download goes through the console with the right type
    const href = await listed.first().locator('a').getAttribute('href');
    const dl = await page.request.get(url(href!));
    expect(dl.status()).toBe(200);
    expect(dl.headers()['content-type']).toBe('application/pdf');
    expect((await dl.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await page.getByLabel('上传附件').setInputFiles({ name: 'setup.pdf', mimeType: 'application/pdf', buffer: fakeExe() });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    const refusal = page.locator('#upload-error');
    await refusal.waitFor();
    const refusalText = await refusal.textContent();
    expect(refusalText).toContain('「setup.pdf」未能上传');
    expect(refusalText).toContain('只接受 PDF、DOCX、XLSX、PNG、JPEG');
    expect(await page.locator('.att-list li').count()).toBe(1);
    await shot(page, 'record-attachments');

    await page.goto(url(flaggedPath));
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.waitForURL(/\?done=submit$/);

    // 3. the admin drafts the interpretation of a published policy document from the worklist
    await page.goto(url(`${base}/interpretations`));
    const docRow = page.locator('tbody tr', { hasText: DOC_TITLE });
    expect(await docRow.textContent()).toContain('尚未起草');
    await shot(page, 'interpretations');
    await docRow.getByRole('link', { name: '起草解读' }).click();
    await page.waitForURL(new RegExp(`/records/new\\?interprets=${docId}$`));
    expect(await page.locator('#r-title').inputValue()).toBe(`《${DOC_TITLE}》政策解读`);
    expect(await page.locator('#r-issuingBody').inputValue()).toBe('长安区民政局');
    await page.locator('#r-writtenOn').fill('2025-03-02');
    await page.getByLabel('解读形式').selectOption('qa');
    await page.locator('#r-body').fill('问：哪些人可以申请临时救助？\n答：因意外事件等导致基本生活暂时陷入困境的家庭或个人。');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/records\/[\w-]+\?done=created$/);
    expect(await page.locator('#interp-title').textContent()).toBe('解读对象');
    await page.getByRole('link', { name: DOC_TITLE, exact: true }).click();
    await page.waitForURL(url(`${base}/${docId}`));
    expect(await page.locator('.plain-list li').first().textContent()).toContain(`《${DOC_TITLE}》政策解读`);
    await page.goto(url(`${base}/interpretations`));
    expect(await page.locator('tbody tr', { hasText: DOC_TITLE }).textContent()).toContain('草稿');

    // 4. the reviewer sees the negative-list flag before approving
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login/);
    await consoleGoto(page, flaggedPath, 'reviewer');
    const flags = page.locator('section.flags');
    expect(await flags.locator('h2').textContent()).toBe('负面清单提示（1）');
    expect(await flags.textContent()).toContain('军事设施');
    expect(await page.locator('.flag-note').textContent()).toContain('有 1 条负面清单提示');
    expect(await page.getByRole('button', { name: '审核通过' }).isVisible()).toBe(true);
    await shot(page, 'review-flags');

    // 5. the reviewer releases the withheld record at its yearly assessment: it is published
    await page.goto(url(`${base}/withheld`));
    const card = page.locator('li.card', { hasText: WITHHELD_TITLE });
    expect(await card.textContent()).toContain('第十五条');
    await shot(page, 'withheld');
    await card.getByLabel('转为公开并发布').check();
    await card.getByLabel('评估理由').fill('第三方已书面同意公开');
    await card.getByRole('button', { name: '提交评估' }).click();
    await page.waitForURL(/withheld\?done=release/);
    expect(await page.locator('.empty').textContent()).toContain('没有到期需要评估');
    await page.getByRole('link', { name: '查看已发布的信息' }).click();
    await page.waitForURL(url(`${base}/${withheldId}`));
    expect(await page.locator('.rec-status').textContent()).toBe('已发布');
    expect(await page.locator('.label-tag').textContent()).toBe('此件公开发布');
    expect(await page.locator('.meta').textContent()).toContain('第三方已书面同意公开');

    expect(dialogs).toEqual([]);
    await page.close();
  });
});
