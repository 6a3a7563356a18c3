/**
 * Information records end to end in a real browser: an editor drafts a record whose title and
 * body carry script payloads, a reviewer approves and publishes it in the county console, the
 * record federates to the hub and is indexed, and the public finds it from the home page with a
 * two-character query and opens it. No script from the payloads may run, and the title must show
 * literally. Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots of the pages at 1280 and 360 px.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot as screenshot, useBrowserStack } from './browser';

const COUNTY = '130102'; // 长安区, 石家庄市
const PAYLOAD_TITLE = '长安区临时救助实施办法<script>alert(1)</script>';
const PAYLOAD_BODY = '第一条 为规范临时救助工作，制定本办法。<img src=x onerror=alert(2)>\n第二条 救助标准按当地最低生活保障标准确定。';

const stack = useBrowserStack({ counties: [COUNTY], enroll: [COUNTY], privateBuild: 'records-e2e' });
const { url, consoleGoto } = stack;

/** A page that records (and dismisses) every dialog: a payload's alert() must never open one. */
async function newPage(width = 1280): Promise<{ ctx: BrowserContext; page: Page; dialogs: string[] }> {
  const page = await stack.newPage({ width });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { ctx: page.context(), page, dialogs };
}

const shot = (page: Page, name: string) => screenshot(page, name, { phone: true });

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
          const r = await fetch(`${stack.backends.hubUrl}/api/v1/search?q=${encodeURIComponent('救助')}`);
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
