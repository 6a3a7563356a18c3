/**
 * The later life of records in the county console, in a real browser against a real county node
 * and hub: an admin keeps the negative list, uploads a PDF (and sees an executable named .pdf
 * refused), drafts a record that the list flags and an interpretation of a published policy
 * document; a reviewer sees the flag before approving and releases a withheld record at its yearly
 * assessment, which publishes it. Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots at 1280 and 360 px.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@zwgk/testing';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthUser } from '../../county-node/src/services/accounts.js';
import { createRecord, transitionRecord } from '../../county-node/src/services/records.js';
import { type Backends, CHROMIUM, CHROMIUM_ARGS, PASSWORD, type RunningWeb, WEB_DIR, buildWeb, startBackends } from './stack';

const COUNTY = '130102'; // 长安区, 石家庄市
const SHOTS = process.env.ZWGK_WEB_SCREENSHOTS;
const FLAGGED_TITLE = '关于军事设施周边建设项目管理的通知';
const DOC_TITLE = '长安区临时救助实施办法';
const WITHHELD_TITLE = '涉及第三方商业秘密的供货合同';

let backends: Backends | undefined;
let web: RunningWeb | undefined;
let browser: Browser | undefined;
let ctx: BrowserContext | undefined;
let docId: string;
let withheldId: string;

/** Beside build/ so that node_modules resolve the same way. */
const PRIVATE_BUILD = join(WEB_DIR, `.build-records-lifecycle-e2e-${process.pid}`);

const actor = (username: string, role: AuthUser['role']): AuthUser => ({ id: username, username, role, displayName: username });
const EDITOR = actor('editor', 'county_editor');
const REVIEWER = actor('reviewer', 'county_reviewer');
const ADMIN = actor('admin', 'county_admin');

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Records the browser steps start from, written through the node's own services. */
function seed(b: Backends) {
  const services = b.counties[0]!.node.services;
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

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`node scripts/services.mjs chromium\``);
  }
  buildWeb();
  // run a private copy of the build: another test run may rebuild build/ while this one runs
  cpSync(join(WEB_DIR, 'build'), PRIVATE_BUILD, { recursive: true });
  backends = await startBackends({ counties: [COUNTY], enroll: [COUNTY] });
  seed(backends);
  web = await startPrivateWeb({ HUB_URL: backends.hubUrl, COUNTY_NODES: backends.counties.map((c) => `${c.code}=${c.url}`).join(',') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  ctx.setDefaultTimeout(90_000);
  ctx.setDefaultNavigationTimeout(90_000);
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await ctx?.close();
  await browser?.close();
  await web?.stop();
  await backends?.stop();
  rmSync(PRIVATE_BUILD, { recursive: true, force: true });
}, 60_000);

async function startPrivateWeb(env: Record<string, string>): Promise<RunningWeb> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(PRIVATE_BUILD, 'index.js')], {
    cwd: WEB_DIR,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: base, BODY_SIZE_LIMIT: '21M', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`web exited (${child.exitCode}):\n${output}`);
    const up = await fetch(`${base}/robots.txt`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`web did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: base,
    stop: () =>
      child.exitCode !== null
        ? Promise.resolve()
        : new Promise<void>((res) => {
            child.once('exit', () => res());
            child.kill('SIGTERM');
          }),
  };
}

const url = (path: string) => `${web!.url}${path}`;
const base = `/county/${COUNTY}/records`;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: join(SHOTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Opens a console page; on the login redirect, logs in and comes back to it. */
async function consoleGoto(page: Page, path: string, username: string) {
  await page.goto(url(path));
  if (page.url().includes('/login')) {
    await page.waitForLoadState('networkidle');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(url(path));
  }
}

/** A small but real PDF: one empty page, a valid xref table. */
function smallPdf(): Buffer {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

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
    const page = await ctx!.newPage();
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
    await file.setInputFiles({ name: '实施方案.pdf', mimeType: 'application/pdf', buffer: smallPdf() });
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
