/**
 * Information records end to end in a real browser: an editor drafts a record whose title and
 * body carry script payloads, a reviewer approves and publishes it in the county console, the
 * record federates to the hub and is indexed, and the public finds it from the home page with a
 * two-character query and opens it. No script from the payloads may run, and the title must show
 * literally. Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots of the pages at 1280 and 360 px.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@zwgk/testing';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backends, CHROMIUM, CHROMIUM_ARGS, PASSWORD, type RunningWeb, WEB_DIR, buildWeb, startBackends } from './stack';

const COUNTY = '130102'; // 长安区, 石家庄市
const SHOTS = process.env.ZWGK_WEB_SCREENSHOTS;
const PAYLOAD_TITLE = '长安区临时救助实施办法<script>alert(1)</script>';
const PAYLOAD_BODY = '第一条 为规范临时救助工作，制定本办法。<img src=x onerror=alert(2)>\n第二条 救助标准按当地最低生活保障标准确定。';

let backends: Backends | undefined;
let web: RunningWeb | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`node scripts/services.mjs chromium\``);
  }
  buildWeb();
  // run a private copy of the build: another test run may rebuild build/ while this one runs
  cpSync(join(WEB_DIR, 'build'), PRIVATE_BUILD, { recursive: true });
  backends = await startBackends({ counties: [COUNTY], enroll: [COUNTY] });
  web = await startPrivateWeb({ HUB_URL: backends.hubUrl, COUNTY_NODES: backends.counties.map((c) => `${c.code}=${c.url}`).join(',') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await backends?.stop();
  rmSync(PRIVATE_BUILD, { recursive: true, force: true });
}, 60_000);

/** Beside build/ so that node_modules resolve the same way. */
const PRIVATE_BUILD = join(WEB_DIR, `.build-records-e2e-${process.pid}`);

async function startPrivateWeb(env: Record<string, string>): Promise<RunningWeb> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(PRIVATE_BUILD, 'index.js')], {
    cwd: WEB_DIR,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: base, ...env },
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

async function newPage(width = 1280): Promise<{ ctx: BrowserContext; page: Page; dialogs: string[] }> {
  const ctx = await browser!.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  ctx.setDefaultTimeout(90_000);
  ctx.setDefaultNavigationTimeout(90_000);
  const page = await ctx.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { ctx, page, dialogs };
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const width = page.viewportSize()?.width ?? 1280;
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: join(SHOTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width, height: 900 });
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

describe('information records', () => {
  it('drafts, reviews and publishes a record with script payloads, finds it by search, and runs no script', async () => {
    const base = `/county/${COUNTY}/records`;

    // 1. the editor drafts and submits
    const editor = await newPage();
    let recordPath: string;
    try {
      const { page, dialogs } = editor;
      await consoleGoto(page, `${base}/new`, 'editor');
      await page.locator('#r-title').fill(PAYLOAD_TITLE);
      await page.locator('#r-issuingBody').fill('长安区民政局');
      await page.locator('#r-docNo').fill('长民〔2025〕8号');
      await page.locator('#r-writtenOn').fill('2025-03-01');
      await page.locator('#r-domain').selectOption('social-assistance');
      await page.locator('#r-body').fill(PAYLOAD_BODY);
      await page.locator('#r-targetGroups').fill('低保对象、特困人员');
      await shot(page, 'records-new');
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.waitForURL(/\/records\/[\w-]+\?done=created$/);
      recordPath = new URL(page.url()).pathname;
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(PAYLOAD_TITLE);
      await page.getByRole('button', { name: '提交审核' }).click();
      await page.waitForURL(/\?done=submit$/);
      expect(await page.locator('.rec-status').textContent()).toBe('待审核');
      expect(dialogs).toEqual([]);
    } finally {
      await editor.ctx.close();
    }

    // 2. the reviewer approves (保密审查) and publishes
    const reviewer = await newPage();
    let indexNo: string;
    try {
      const { page, dialogs } = reviewer;
      await consoleGoto(page, `${base}?status=submitted`, 'reviewer');
      await shot(page, 'records-list');
      await page.getByRole('link', { name: PAYLOAD_TITLE }).click();
      await page.waitForURL(url(recordPath));
      await shot(page, 'records-review');
      await page.getByRole('button', { name: '审核通过' }).click();
      await page.waitForURL(/\?done=approve$/);
      await page.getByRole('button', { name: '发布', exact: true }).click();
      await page.waitForURL(/\?done=publish$/);
      indexNo = (await page.locator('.meta .mono').first().textContent())!.trim();
      expect(indexNo).toMatch(new RegExp(`^${COUNTY}-\\d{4}-000001$`));
      expect(await page.locator('.label-tag').textContent()).toBe('此件公开发布');
      await shot(page, 'records-published');
      expect(dialogs).toEqual([]);
    } finally {
      await reviewer.ctx.close();
    }

    // 3. federation and indexing: wait until the hub's search finds it
    await expect
      .poll(
        async () => {
          const r = await fetch(`${backends!.hubUrl}/api/v1/search?q=${encodeURIComponent('救助')}`);
          return r.ok ? ((await r.json()) as { total: number }).total : -1;
        },
        { timeout: 90_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(1);

    // 4. the public searches from the home page with a two-character query and opens the record
    const reader = await newPage();
    try {
      const { page, dialogs } = reader;
      await page.goto(url('/'));
      await page.getByRole('searchbox', { name: '政府信息检索' }).fill('救助');
      await page.getByRole('button', { name: '搜索', exact: true }).click();
      await page.waitForURL(/\/search\?q=/);
      const hit = page.locator('.hit-title a').first();
      expect(await hit.textContent()).toBe(PAYLOAD_TITLE);
      expect(await page.locator('.hit-title mark').first().textContent()).toBe('救助');
      expect(await page.locator('.hit').first().textContent()).toContain(indexNo);
      await shot(page, 'search');
      await hit.click();
      await page.waitForURL(url(recordPath.replace(`/county/${COUNTY}`, '')));
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(PAYLOAD_TITLE);
      expect(await page.locator('.meta-table').textContent()).toContain(indexNo);
      expect(await page.locator('.label-tag').textContent()).toBe('此件公开发布');
      const body = page.locator('.record-body');
      expect(await body.textContent()).toContain('<img src=x onerror=alert(2)>');
      expect(await body.locator('img').count()).toBe(0);
      // no element made from the payloads, and no script that mentions alert
      const scripts = await page.evaluate(() =>
        [...document.querySelectorAll('script')].filter((s) => /alert\(/.test(s.textContent ?? '')).length,
      );
      expect(scripts).toBe(0);
      await shot(page, 'record');
      // the county's disclosure column lists it too
      await page.goto(url(`/gk/${COUNTY}`));
      expect(await page.getByRole('link', { name: PAYLOAD_TITLE }).count()).toBe(1);
      await shot(page, 'gk');
      expect(dialogs).toEqual([]);
    } finally {
      await reader.ctx.close();
    }
  });
});
