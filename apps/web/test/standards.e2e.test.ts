/**
 * 标准指引管理 in a real browser: the province admin edits a domain's working copy, sees exactly
 * what a new version will change, confirms and publishes it, and the county receives it; a city
 * reviewer sees the same pages read-only. Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { standardGuidelines } from '@zwgk/db/sqlite';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser as createHubUser } from '../../hub/src/services/accounts.js';
import { type Backends, CHROMIUM, CHROMIUM_ARGS, PASSWORD, type RunningWeb, buildWeb, startBackends, startWeb } from './stack';

const COUNTY = '130102';
const SHOTS = process.env.ZWGK_WEB_SCREENSHOTS;
const DOMAIN = 'social-assistance';

let backends: Backends | undefined;
let web: RunningWeb | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}`);
  buildWeb();
  backends = await startBackends({ counties: [COUNTY], enroll: [COUNTY] });
  const r = await createHubUser(
    backends.hub.db.db,
    { username: 'sjz', password: PASSWORD, role: 'city_reviewer', cityCode: '130100', displayName: '石家庄市审核员' },
    { actor: 'test' },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  web = await startWeb({ hubUrl: backends.hubUrl, countyNodes: backends.counties.map((c) => `${c.code}=${c.url}`).join(',') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await backends?.stop();
}, 60_000);

const url = (path: string) => `${web!.url}${path}`;

async function login(username: string, path: string, opts: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const ctx = await browser!.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: opts.javaScriptEnabled ?? true });
  ctx.setDefaultTimeout(90_000);
  ctx.setDefaultNavigationTimeout(90_000);
  const page = await ctx.newPage();
  await page.goto(url(path));
  await page.waitForURL(/\/province\/login\?next=/);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(url(path));
  return page;
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const countyVersions = () =>
  backends!.counties[0]!.node.db.select().from(standardGuidelines).all().filter((g) => g.domain === DOMAIN).map((g) => g.version);

describe('province 标准指引管理', () => {
  it('edits the working copy without JavaScript, shows what will change, and publishes after confirmation', async () => {
    const page = await login('province', '/province/standards', { javaScriptEnabled: false });
    await expect.poll(() => page.getByRole('row').count()).toBe(27);
    await expect.poll(() => page.getByRole('link', { name: '标准指引' }).first().getAttribute('aria-current')).toBe('page');
    await shot(page, 'province-standards');

    await page.getByRole('link', { name: '社会救助', exact: true }).click();
    await page.waitForURL(url(`/province/standards/${DOMAIN}`));
    await expect.poll(() => page.getByText('没有需要发布的变更').count()).toBe(1);

    // edit: a changed time limit
    const firstEdit = page.getByRole('link', { name: /^编辑/ }).first();
    await firstEdit.click();
    await page.getByRole('textbox', { name: '公开时限', exact: true }).fill('实时公开');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.waitForURL(/done=updated/);

    // add: with a validation error first (no level), then complete
    await page.getByRole('link', { name: '＋ 添加标准事项' }).click();
    await page.getByRole('textbox', { name: '一级事项', exact: true }).fill('临时救助');
    await page.getByRole('textbox', { name: '二级事项', exact: true }).fill('临时救助资金发放情况');
    await page.getByRole('textbox', { name: '公开内容（要素）', exact: true }).fill('救助对象、救助金额、发放时间');
    await page.getByRole('textbox', { name: '公开依据', exact: true }).fill('《社会救助暂行办法》');
    await page.getByRole('textbox', { name: '公开主体', exact: true }).fill('县级民政部门');
    await page.getByRole('checkbox', { name: '县级' }).uncheck();
    await page.getByRole('button', { name: '添加到工作副本' }).click();
    await expect.poll(() => page.getByText('至少标明一个公开层级').count()).toBeGreaterThan(0);
    await page.getByRole('checkbox', { name: '乡级' }).check();
    await page.getByRole('button', { name: '添加到工作副本' }).click();
    await page.waitForURL(/done=added/);

    // retire the second item
    await page.getByRole('button', { name: /^停用/ }).nth(1).click();
    await page.waitForURL(/done=retired/);

    const publish = page.locator('#publish');
    await expect.poll(() => publish.textContent()).toMatch(/新增\s*1\s*项，删除\s*1\s*项，修改\s*1\s*项/);
    await expect.poll(() => publish.getByText('临时救助资金发放情况').count()).toBe(1);
    await expect.poll(() => publish.getByRole('cell', { name: '实时公开' }).count()).toBe(1);
    await shot(page, 'province-standards-domain');

    const before = countyVersions();
    await page.getByRole('checkbox', { name: /我已核对以上变更/ }).check();
    await page.getByRole('button', { name: '发布第 2 版' }).click();
    await page.waitForURL(/done=published/);
    await expect.poll(() => page.getByText('已发布第 2 版').count()).toBe(1);
    await expect.poll(() => page.getByText('没有需要发布的变更').count()).toBe(1);
    await expect.poll(() => countyVersions().length, { timeout: 90_000 }).toBeGreaterThan(before.length);
    expect(Math.max(...countyVersions())).toBe(2);
    await page.context().close();
  });

  it('refuses to publish changes the admin has not seen', async () => {
    const page = await login('province', `/province/standards/${DOMAIN}?edit=${DOMAIN}.01`);
    await page.getByRole('textbox', { name: '公开主体', exact: true }).fill('县民政局（社会救助股）');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.waitForURL(/done=updated/);
    // a second edit after the page with the confirmation was loaded
    const fingerprint = await page.locator('input[name=fingerprint]').inputValue();
    const res = await page.request.post(url(`/province/standards/${DOMAIN}?/save`), {
      form: {
        id: `${DOMAIN}.01`,
        category: '最低生活保障',
        name: '又改了名字',
        content: 'x',
        legalBasis: 'y',
        timeLimit: '实时公开',
        responsibleBody: 'z',
        method: 'proactive',
        channels: 'website',
        audience: 'public',
        levels: 'county',
      },
      headers: { origin: web!.url },
      maxRedirects: 0,
    });
    expect([303, 200]).toContain(res.status());
    await page.getByRole('checkbox', { name: /我已核对以上变更/ }).check();
    await page.evaluate((fp) => {
      (document.querySelector('input[name=fingerprint]') as HTMLInputElement).value = fp;
    }, fingerprint);
    await page.getByRole('button', { name: /^发布第/ }).click();
    await expect.poll(() => page.getByText('工作副本又有修改').count()).toBe(1);
    await page.context().close();
  });

  it('shows a city reviewer the same pages read-only, and fits a 360 px screen', async () => {
    const page = await login('sjz', `/province/standards/${DOMAIN}`, { width: 360 });
    await expect.poll(() => page.getByText('不能修改或发布').count()).toBe(1);
    expect(await page.getByRole('button', { name: /^停用|^发布第/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /^编辑/ }).count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, 'province-standards-domain-360');
    await page.goto(url('/province/standards'));
    await shot(page, 'province-standards-360');
    await page.context().close();
  });
});
