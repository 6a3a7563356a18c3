/**
 * The web in a real browser against a real province: a hub (Postgres, NATS), an enrolled county
 * node (SQLite) and the production build of the web. Needs Chromium (`node scripts/services.mjs
 * chromium`). Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots of the main pages.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type PageOptions, SHOTS, shot, submitLogin, useBrowserStack } from './browser';

const COUNTY = '130102'; // 长安区, 石家庄市

const stack = useBrowserStack({ counties: [COUNTY], enroll: [COUNTY] });
const { url } = stack;

async function newPage(opts: PageOptions = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const page = await stack.newPage(opts);
  return { ctx: page.context(), page };
}

async function countyLogin(page: Page, username = 'admin') {
  await page.goto(url(`/county/${COUNTY}`));
  await expect.poll(() => page.url()).toContain(`/county/${COUNTY}/login`);
  await submitLogin(page, username);
  await page.waitForURL(url(`/county/${COUNTY}`));
}

const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });

describe('county console', () => {
  it('logs in, rejects an item without 公开依据 next to the field, creates it and lists it', async () => {
    const { ctx, page } = await newPage();
    try {
      await countyLogin(page);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('长安区政务公开事项目录');
      // the login cookie is httpOnly, SameSite=Lax and scoped to this county's console
      const cookie = (await ctx.cookies()).find((c) => c.name === `zwgk_county_${COUNTY}`);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: `/county/${COUNTY}` });

      await page.getByRole('link', { name: '新增事项' }).first().click();
      await page.waitForURL(url(`/county/${COUNTY}/items/new`));
      await page.getByRole('combobox', { name: '所属领域', exact: true }).selectOption('social-assistance');
      await field(page, '事项名称').fill('临时救助对象名单');
      await field(page, '公开内容').fill('临时救助对象的姓名（部分隐去）、所在村（社区）和救助金额');
      await field(page, '公开时限').fill('信息形成或者变更之日起20个工作日内');
      await field(page, '公开主体').fill('长安区民政局');
      await page.getByRole('checkbox', { name: '政府网站' }).check();
      await page.getByRole('checkbox', { name: '社区/企事业单位/村公示栏' }).check();
      await page.getByRole('button', { name: '保存事项' }).click();

      // the county node's own validation message, shown next to the field and in the summary
      const legalBasis = field(page, '公开依据');
      const error = page.locator('#f-legalBasis-error');
      await error.waitFor();
      expect(await error.textContent()).toBe('公开依据不能为空');
      expect(await legalBasis.getAttribute('aria-invalid')).toBe('true');
      expect(await legalBasis.getAttribute('aria-describedby')).toContain('f-legalBasis-error');
      expect(await page.getByRole('alert').textContent()).toContain('提交的内容有误');
      expect(await page.locator('.field-error').count()).toBe(1);
      // nothing typed is lost
      expect(await field(page, '事项名称').inputValue()).toBe('临时救助对象名单');
      expect(await page.getByRole('checkbox', { name: '社区/企事业单位/村公示栏' }).isChecked()).toBe(true);
      await shot(page, 'county-form-error');

      await legalBasis.fill('《社会救助暂行办法》第四十七条至第五十二条');
      await page.getByRole('button', { name: '保存事项' }).click();
      await page.waitForURL(/\/county\/130102\?done=created/);
      expect(await page.getByRole('status').filter({ hasText: '已新增事项' }).textContent()).toContain('临时救助对象名单');
      const row = page.getByRole('row').filter({ hasText: '临时救助对象名单' });
      expect(await row.count()).toBe(1);
      const cells = await row.textContent();
      expect(cells).toContain('社会救助');
      expect(cells).toContain('草稿');
      expect(cells).toContain('长安区民政局');
      // the node's outbox: the change is either sent already or waiting for the relay
      expect(await page.locator('.sync').textContent()).toMatch(/已同步|\d+ 条待同步/);
      await shot(page, 'county-list');
      if (SHOTS) {
        await page.setViewportSize({ width: 360, height: 800 });
        await shot(page, 'county-list-360');
        await page.goto(url(`/county/${COUNTY}/items/new`));
        await shot(page, 'county-form-360');
      }
    } finally {
      await ctx.close();
    }
  });

  it('keeps sorting and filters in the URL', async () => {
    const { ctx, page } = await newPage();
    try {
      await countyLogin(page);
      await page.getByRole('link', { name: /事项名称/ }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('name');
      await expect.poll(() => page.locator('th[aria-sort="ascending"]').textContent()).toContain('事项名称');
      await page.goto(url(`/county/${COUNTY}?status=published`));
      expect(await page.getByRole('row').filter({ hasText: '临时救助对象名单' }).count()).toBe(0);
      expect(await page.locator('#f-status').inputValue()).toBe('published');
      await page.goto(url(`/county/${COUNTY}?domain=social-assistance&status=draft`));
      expect(await page.getByRole('row').filter({ hasText: '临时救助对象名单' }).count()).toBe(1);
    } finally {
      await ctx.close();
    }
  });
});

describe('portal', () => {
  it('shows the enrolled county as 已接入 in its city, the others as 未接入', async () => {
    const { ctx, page } = await newPage();
    try {
      await page.goto(url('/?city=130100'));
      const card = page.locator('li.county').filter({ hasText: '长安区' });
      expect(await card.textContent()).toContain('已接入');
      expect(await page.locator('li.county').filter({ hasText: '桥西区' }).textContent()).toContain('未接入');
      // the region switcher: 石家庄市 is the current city, and only its counties are listed
      expect(await page.locator('.region-nav a[aria-current="page"]').textContent()).toContain('石家庄市');
      expect(await page.locator('section.city').count()).toBe(1);
      await shot(page, 'home');
    } finally {
      await ctx.close();
    }
  });

  it("shows the hub's item count once the county's item has federated", async () => {
    const { ctx, page } = await newPage();
    try {
      await page.goto(url('/?city=130100'));
      const card = page.locator('li.county').filter({ hasText: '长安区' });
      // the item created above travels county → NATS → hub; the portal shows the hub's count
      await expect
        .poll(
          async () => {
            await page.reload();
            return card.textContent();
          },
          { timeout: 90_000, interval: 500 },
        )
        .toContain('事项 1 项');
    } finally {
      await ctx.close();
    }
  });

  it('reads and searches without JavaScript', async () => {
    const { ctx, page } = await newPage({ javaScriptEnabled: false, width: 360 });
    try {
      await page.goto(url('/'));
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await page.getByRole('searchbox', { name: '找区县' }).fill('长安');
      await page.getByRole('button', { name: '查找区县' }).click();
      await page.waitForURL(/q=/);
      expect(await page.locator('li.county').count()).toBe(1);
      expect(await page.locator('li.county').textContent()).toContain('已接入');
      // nothing spills sideways on a 360 px phone
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await shot(page, 'home-360');
    } finally {
      await ctx.close();
    }
  });

  it('starts with a skip link, shows focus, and remembers the 适老化 switch server-side', async () => {
    const { ctx, page } = await newPage();
    try {
      await page.goto(url('/'));
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({
        text: document.activeElement?.textContent,
        outline: getComputedStyle(document.activeElement as Element).outlineStyle,
      }));
      expect(focused).toEqual({ text: '跳到主要内容', outline: 'solid' });
      await page.getByRole('button', { name: '适老化模式' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('html').getAttribute('class')).toContain('elder');
      // the server applies it: even the raw HTML carries the class
      const html = await page.evaluate(async () => (await fetch('/')).text());
      expect(html).toMatch(/<html lang="zh-CN" class="elder">/);
      await page.getByRole('button', { name: '退出适老化模式' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('html').getAttribute('class')).not.toContain('elder');
    } finally {
      await ctx.close();
    }
  });
});

describe('province console', () => {
  it('logs in and shows every county, sortable by any column through the URL', async () => {
    const { ctx, page } = await newPage();
    try {
      await provinceLogin(page, '/province?sort=lagEvents&dir=desc');
      expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('滞后事件');
      expect(await page.locator('table.data tbody tr').count()).toBe(167);

      await page.goto(url('/province?status=enrolled&city=130100'));
      const rows = page.locator('table.data tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('长安区');
      expect(await rows.first().locator('.badge').textContent()).not.toBe('未接入');
      await shot(page, 'province');

      await page.getByRole('link', { name: '签发接入令牌' }).click();
      await page.locator('#countyCode').selectOption('130181');
      await page.getByRole('button', { name: '签发令牌' }).click();
      const token = page.locator('output.token');
      await token.waitFor();
      expect(await token.textContent()).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(await page.getByText('令牌只显示这一次').isVisible()).toBe(true);
    } finally {
      await ctx.close();
    }
  });
});

const provinceLogin = (page: Page, path: string) => stack.login(page, 'province', path, /\/province\/login\?next=/);

/** Reloads until `probe` is true (federation hops are asynchronous). */
async function reloadUntil(page: Page, probe: () => Promise<boolean>, timeout = 90_000) {
  await expect
    .poll(
      async () => {
        if (await probe()) return true;
        await page.reload();
        return probe();
      },
      { timeout, interval: 400 },
    )
    .toBe(true);
}

describe('catalog round trip', () => {
  let adoptedName = '';

  it('adopts a standard item from the guideline and submits it for review', async () => {
    const { ctx, page } = await newPage();
    try {
      await countyLogin(page);
      await page.goto(url(`/county/${COUNTY}/standards?domain=social-assistance`));
      // the guidelines reach the county over NATS after enrollment
      const adoptable = page.locator('tr[data-name]').filter({ has: page.getByRole('button', { name: /^采用/ }) });
      await reloadUntil(page, async () => (await adoptable.count()) > 0);
      const row = adoptable.first();
      adoptedName = (await row.getAttribute('data-name'))!;
      const rowId = (await row.getAttribute('id'))!;
      expect(await row.locator('.state .badge').first().textContent()).toBe('未覆盖');
      await shot(page, 'county-standards');
      if (SHOTS) {
        await page.setViewportSize({ width: 360, height: 800 });
        await shot(page, 'county-standards-360');
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      await row.getByRole('button', { name: /^采用/ }).click();
      await page.waitForURL(/done=adopted/);
      const after = page.locator(`tr[id="${rowId}"]`);
      expect(await after.locator('.state').textContent()).toContain('已采用');
      expect(await after.locator('.state').textContent()).toContain('草稿');

      await page.goto(url(`/county/${COUNTY}?domain=social-assistance`));
      const item = page.getByRole('row').filter({ has: page.getByRole('link', { name: adoptedName, exact: true }) });
      expect(await item.textContent()).toContain('草稿');
      await item.getByRole('button', { name: /^提交审核/ }).click();
      await page.waitForURL(/done=submitted/);
      expect(await page.getByRole('row').filter({ has: page.getByRole('link', { name: adoptedName, exact: true }) }).textContent()).toContain('待审核');
    } finally {
      await ctx.close();
    }
  });

  it('is approved by the province in the review queue and shows on the public catalog', async () => {
    expect(adoptedName).not.toBe('');
    const { ctx, page } = await newPage();
    try {
      await provinceLogin(page, '/province/reviews');
      const entry = page.locator('li.entry').filter({ has: page.getByRole('heading', { name: adoptedName, exact: true }) });
      await reloadUntil(page, async () => (await entry.count()) === 1);
      expect(await entry.textContent()).toContain('长安区');
      expect(await entry.textContent()).toContain('首次提交');
      await shot(page, 'province-reviews');
      if (SHOTS) {
        await page.setViewportSize({ width: 360, height: 800 });
        await shot(page, 'province-reviews-360');
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      // returning needs a comment: refused without one, next to the field
      await entry.getByRole('button', { name: /^退回修改/ }).click();
      await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('必须填写审核意见');
      await page.locator('li.entry').filter({ has: page.getByRole('heading', { name: adoptedName, exact: true }) }).getByRole('button', { name: /^审核通过/ }).click();
      await page.waitForURL(/done=approved/);
      expect(await page.getByRole('status').textContent()).toContain('审核通过');

      // decision → county (publishes) → hub: the public page shows the published version
      const pub = await newPage({ width: 360 });
      try {
        await pub.page.goto(url(`/catalog/${COUNTY}?domain=social-assistance`));
        const row = pub.page.getByRole('row').filter({ hasText: adoptedName });
        await reloadUntil(pub.page, async () => (await row.count()) === 1);
        expect(await pub.page.getByRole('heading', { level: 1 }).textContent()).toBe('长安区基层政务公开标准目录');
        // stacked cards on a phone: nothing spills sideways
        expect(await pub.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        await shot(pub.page, 'catalog-360');
        const download = await pub.page.request.get(url(`/catalog/${COUNTY}/catalog.xlsx`));
        expect(download.status()).toBe(200);
        expect(download.headers()['content-type']).toContain('spreadsheetml');
      } finally {
        await pub.ctx.close();
      }

      // the coverage matrix counts it
      await page.goto(url('/province/coverage?city=130100'));
      const county = page.getByRole('row').filter({ has: page.getByRole('link', { name: '长安区' }) });
      // the hub may still be busy with the decision's events; reload until the matrix counts it
      await reloadUntil(page, async () => (await county.count()) === 1 && !/^0%/.test((await county.locator('.pct-cell').textContent()) ?? ''));
      await shot(page, 'province-coverage');
      if (SHOTS) await page.locator('table.matrix thead').screenshot({ path: join(SHOTS, 'matrix-head.png') });
      if (SHOTS) {
        await page.setViewportSize({ width: 360, height: 800 });
        await shot(page, 'province-coverage-360');
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    } finally {
      await ctx.close();
    }
  }, 240_000);

  it('rejects an import with a bad row and reports it row by row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('社会救助');
    ws.addRow(['长安区社会救助领域基层政务公开标准目录']);
    ws.addRow(['序号', '一级事项', '二级事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '公开方式', '公开层级']);
    ws.addRow([1, '最低生活保障', '低保审批结果', '保障对象姓名、保障金额', '《社会救助暂行办法》', '信息形成或者变更之日起20个工作日内', '长安区民政局', '政府网站、公示栏', '全社会', '主动', '县级']);
    ws.addRow([2, '最低生活保障', '低保办理流程', '办理流程', '', '信息形成或者变更之日起20个工作日内', '长安区民政局', '政府网站', '全社会', '主动', '县级']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());

    const { ctx, page } = await newPage();
    try {
      await countyLogin(page);
      await page.goto(url(`/county/${COUNTY}/import`));
      await page.getByLabel('Excel 文件').setInputFiles({ name: '社会救助.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
      await page.getByRole('button', { name: '上传并导入' }).click();
      const report = page.locator('table.errors');
      await report.waitFor();
      const rows = report.locator('tbody tr');
      expect(await rows.count()).toBe(1);
      const cells = await rows.first().locator('td').allTextContents();
      expect(cells[0]).toBe('社会救助');
      expect(cells[1]).toBe('4');
      expect(cells[2]).toContain('公开依据');
      expect(await page.getByRole('alert').textContent()).toContain('未导入任何事项');
      await shot(page, 'county-import-errors');
      if (SHOTS) {
        await page.setViewportSize({ width: 360, height: 800 });
        await shot(page, 'county-import-errors-360');
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      // nothing was written
      await page.goto(url(`/county/${COUNTY}?q=${encodeURIComponent('低保审批结果')}`));
      expect(await page.getByRole('row').filter({ hasText: '低保审批结果' }).count()).toBe(0);
    } finally {
      await ctx.close();
    }
  });
});
