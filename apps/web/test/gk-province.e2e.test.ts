/**
 * The province's 政府信息公开专栏 and a county's published negative list, in a real browser against
 * a real hub and county node: a county publishes a record through its REST API; the province 专栏
 * counts it under its domain and leads to the county's own 专栏. The county's admin adds a
 * negative-list entry through the node's API; once it reaches the hub the county 专栏 shows it,
 * as a table at desktop width and as stacked rows at 360 px.
 * Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type BrowserStack, axeProblems, fitsWidth, shot, until, useBrowserStack } from './browser';

const COUNTY = '130102'; // 长安区, 石家庄市
const TITLE = '长安区临时救助实施办法';

async function hubJson(hubUrl: string, path: string): Promise<Record<string, unknown> | null> {
  const res = await fetch(`${hubUrl}${path}`);
  return res.ok ? ((await res.json()) as Record<string, unknown>) : null;
}

/** draft (editor) → submit → approve (reviewer) → publish (admin), then wait until the hub's search counts it. */
async function seed({ api, backends }: BrowserStack) {
  const r = await api('editor', 'POST', '/api/v1/records', {
    title: TITLE,
    body: '<p>第一条 为规范临时救助工作，制定本办法。</p>',
    issuingBody: '长安区民政局',
    writtenOn: '2025-04-20',
    domain: 'social-assistance',
    attribute: 'proactive',
  });
  const id = r.id as string;
  await api('editor', 'POST', `/api/v1/records/${id}/transitions`, { action: 'submit' });
  await api('reviewer', 'POST', `/api/v1/records/${id}/transitions`, { action: 'approve' });
  await api('admin', 'POST', `/api/v1/records/${id}/transitions`, { action: 'publish', publishedOn: '2025-04-30' });
  // the hub indexes for search off the ingest path: wait until the facet counts the record
  await until(async () => {
    const s = await hubJson(backends.hubUrl, '/api/v1/search?pageSize=1');
    const facets = s?.facets as { domain: { value: string; count: number }[] } | undefined;
    return facets?.domain.some((f) => f.value === 'social-assistance' && f.count === 1);
  }, 'the record in the hub search', 120_000);
}

const stack = useBrowserStack({ counties: [COUNTY], enroll: [COUNTY], seed, privateBuild: 'gk-province-e2e', timeoutMs: 300_000 });
const { url, api } = stack;

async function atPhoneWidth(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 800 });
  await fitsWidth(page);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the province 政府信息公开专栏', () => {
  it('is reached from the home page, counts published records by domain and leads to a county 专栏', async () => {
    const page = await stack.newPage();
    await page.goto(url('/'));
    await page.getByRole('link', { name: '河北省政府信息公开专栏' }).click();
    await page.waitForURL(url('/gk'));
    expect(await page.locator('h1').textContent()).toBe('河北省政府信息公开专栏');
    expect(await page.locator('.col-head h2').textContent()).toBe('法定主动公开内容');
    expect(await page.locator('.lead').textContent()).toContain('共 1 条');

    // every domain is listed, the one with a record shows its count and searches that domain
    const grid = page.getByRole('list', { name: '按领域浏览' });
    expect(await grid.locator('li').count()).toBe(26);
    const assistance = grid.getByRole('link', { name: /社会救助/ });
    expect(await assistance.getAttribute('href')).toBe('/search?domain=social-assistance');
    expect((await assistance.locator('.d-count').textContent())?.trim()).toBe('1条');
    expect((await grid.getByRole('link', { name: /养老服务/ }).locator('.d-count').textContent())?.trim()).toBe('0条');
    // the tree's domain counts agree
    const tree = page.getByRole('navigation', { name: '政府信息公开栏目' });
    expect(await tree.getByRole('link', { name: /社会救助/ }).locator('.count').textContent()).toBe('1条');
    // the province feeds are offered at the portal's own address
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe('/gk/feed.atom');
    expect(await page.locator('#feeds-province a', { hasText: 'RSS' }).getAttribute('href')).toBe('/gk/feed.rss');
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'gk-province', { phone: true });
    await atPhoneWidth(page);

    // the guide points to applying and tracking online; the rules name the province's opinions
    await tree.getByRole('link', { name: '政府信息公开指南' }).click();
    await page.waitForURL(url('/gk?section=guide'));
    const guide = page.locator('.prose');
    expect(await guide.getByRole('link', { name: '在线申请' }).getAttribute('href')).toBe('/apply');
    expect(await guide.getByRole('link', { name: '查询办理进度' }).getAttribute('href')).toBe('/track');
    expect(await page.locator('.prose').textContent()).toContain('行政复议');
    await tree.getByRole('link', { name: '政府信息公开制度' }).click();
    await page.waitForURL(url('/gk?section=rules'));
    expect(await page.locator('.prose').textContent()).toContain('河北省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的实施意见');
    await tree.getByRole('link', { name: '政府信息公开年度报告' }).click();
    await page.waitForURL(url('/gk?section=reports'));
    expect(await page.getByRole('link', { name: '查看全省历年政府信息公开工作年度报告' }).getAttribute('href')).toBe('/reports/annual');

    // the counties by city: the 省直管 cities in a group of their own; 长安区 leads to its 专栏
    await tree.getByRole('link', { name: '各县（市、区）专栏' }).click();
    await page.waitForURL(url('/gk?section=counties'));
    const direct = page.getByRole('region', { name: '省直管县级市' });
    expect(await direct.getByRole('link').allTextContents()).toEqual(['辛集市', '定州市']);
    const shijiazhuang = page.getByRole('region', { name: '石家庄市' });
    expect(await shijiazhuang.getByRole('link', { name: '辛集市' }).count()).toBe(0);
    const changan = shijiazhuang.getByRole('link', { name: /长安区/ });
    expect(await changan.locator('.count').textContent()).toBe('1条');
    await shot(page, 'gk-province-counties', { phone: true });
    await atPhoneWidth(page);
    await changan.click();
    await page.waitForURL(url(`/gk/${COUNTY}`));
    expect(await page.locator('h1').textContent()).toBe('长安区政府信息公开专栏');
    expect(await page.getByRole('link', { name: TITLE }).count()).toBe(1);
    // and its breadcrumb leads back to the province's
    await page.getByRole('navigation', { name: '当前位置' }).getByRole('link', { name: '政府信息公开', exact: true }).click();
    await page.waitForURL(url('/gk'));
    await page.context().close();
  });

  it("publishes a county's negative list in its 专栏, as stacked rows at 360 px", async () => {
    const page = await stack.newPage();
    const path = `/gk/${COUNTY}?section=negative-list`;
    await page.goto(url(`/gk/${COUNTY}`));
    const tree = page.getByRole('navigation', { name: '政府信息公开栏目' });
    // in the column tree right after the rules
    const entries = await tree.locator(':scope > ul > li > a').allTextContents();
    expect(entries.indexOf('负面清单')).toBe(entries.indexOf('政府信息公开制度') + 1);
    await tree.getByRole('link', { name: '负面清单' }).click();
    await page.waitForURL(url(path));
    expect(await page.locator('.col-head h2').textContent()).toBe('政务公开负面清单');
    expect(await page.locator('.empty').textContent()).toContain('长安区尚未公布政务公开负面清单');

    await api('admin', 'POST', '/api/v1/negative-list/entries', {
      category: '国家秘密',
      content: '军事设施 涉密事项',
      legalBasis: '《中华人民共和国保守国家秘密法》',
      reviewOn: '2026-12-31',
    });
    await until(async () => {
      const list = await hubJson(stack.backends.hubUrl, `/api/v1/negative-list?county=${COUNTY}`);
      return (list?.items as { entries: unknown[] }[] | undefined)?.[0]?.entries.length === 1;
    }, 'the negative list at the hub');

    await page.reload();
    const table = page.getByRole('table');
    expect(await table.locator('caption').textContent()).toContain('共 1 条');
    expect(await table.locator('thead th').allTextContents()).toEqual(['类别', '不予公开的内容', '依据', '复核日期']);
    const row = table.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.locator('th[scope="row"]').textContent()).toBe('国家秘密');
    expect(await row.locator('td').allTextContents()).toEqual(['军事设施 涉密事项', '《中华人民共和国保守国家秘密法》', '2026-12-31']);
    expect(await page.getByRole('region', { name: /共 1 条/ }).getAttribute('tabindex')).toBe('0');
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'gk-negative-list', { phone: true });

    // at 360 px each entry is a block of labelled lines, and nothing scrolls sideways
    await page.setViewportSize({ width: 360, height: 800 });
    await fitsWidth(page);
    expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe('block');
    expect((await table.locator('thead').boundingBox())!.width).toBeLessThanOrEqual(1);
    const [cat, content] = await Promise.all([row.locator('th').boundingBox(), row.locator('td').first().boundingBox()]);
    expect(content!.y).toBeGreaterThanOrEqual(cat!.y + cat!.height - 1);
    await page.context().close();
  });
});
