/**
 * 标准指引管理 in a real browser: the province admin edits a domain's working copy, sees exactly
 * what a new version will change, confirms and publishes it, and the county receives it; a city
 * reviewer sees the same pages read-only. Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots.
 */
import { standardGuidelines } from '@zwgk/db/sqlite';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser as createHubUser } from '../../hub/src/services/accounts.js';
import { shot, useBrowserStack } from './browser';
import { PASSWORD } from './stack';

const COUNTY = '130102';
const DOMAIN = 'social-assistance';

const stack = useBrowserStack({
  counties: [COUNTY],
  enroll: [COUNTY],
  async seed({ backends }) {
    const r = await createHubUser(
      backends.hub.db.db,
      { username: 'sjz', password: PASSWORD, role: 'city_reviewer', cityCode: '130100', displayName: '石家庄市审核员' },
      { actor: 'test' },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  },
});
const { url } = stack;

async function login(username: string, path: string, opts: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const page = await stack.newPage(opts);
  await stack.login(page, username, path, /\/province\/login\?next=/);
  return page;
}

const countyVersions = () =>
  stack.node().db.select().from(standardGuidelines).all().filter((g) => g.domain === DOMAIN).map((g) => g.version);

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
      headers: { origin: stack.web.url },
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
