/**
 * Writing, exporting and publishing the annual report in the county console, in a real browser
 * against a real county node: the county admin meets the reasons publication is blocked, writes
 * sections 一, 五 and 六 (and meets another clerk's save on the way), previews the whole report on
 * A4 without the console around it, downloads it as .docx and HTML, is refused by the county node
 * when a check fails behind the confirmation page, publishes, follows the link to the information
 * record, and updates the published report without JavaScript; an editor and a reviewer see no
 * publish button.
 * Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeProblems, fitsWidth, registerRequests, shot, unzip, useBrowserStack } from './browser';

const A = '130102'; // 长安区, 石家庄市
const REPORT = `/county/${A}/reports/2025`;
const OVERVIEW = '2025年，长安区坚持以公开为常态、不公开为例外，全面推进基层政务公开标准化规范化。';
const SECOND = '全年主动公开政府信息1200余条，依申请公开办理全部按期答复。';
const PROBLEMS = '基层公开力量仍显薄弱，下一步将加强业务培训。';
const OTHER = '本年度未收取信息处理费。';

const zero = { upheld: 0, corrected: 0, other: 0, pending: 0 };

const stack = useBrowserStack({
  counties: [A],
  enroll: [A],
  // a year of requests and section 四; section 二's entered rows and the texts are left to the console
  async seed({ api }) {
    await registerRequests(
      api,
      A,
      [
        { on: '2025-03-10', type: 'naturalPerson', outcome: 'granted' },
        { on: '2025-06-16', type: 'commercialEnterprise', outcome: 'partial' },
      ],
      '某公司',
    );
    await api('admin', 'PUT', '/api/v1/reports/annual/2025/review-litigation', { review: { ...zero, upheld: 1 }, litigationDirect: zero, litigationAfterReview: zero });
  },
});
const { url, api, newPage, login } = stack;

const publishPanel = (page: Page) => page.locator('section', { has: page.getByRole('heading', { name: '报告全文与发布' }) });

describe('the annual report in the county console', () => {
  it('blocks publication with the reasons while texts are missing and checks fail', async () => {
    const page = await newPage();
    try {
      await login(page, 'admin', REPORT);
      const panel = publishPanel(page);
      const button = panel.getByRole('button', { name: '发布年度报告' });
      expect(await button.isDisabled()).toBe(true);
      const reasons = await panel.locator('#publish-blockers').innerText();
      expect(reasons).toContain('一、总体情况尚未填写');
      expect(reasons).toContain('六、其他需要报告的事项尚未填写');
      expect(reasons).toContain('主动公开政府信息情况表');
      expect(await button.getAttribute('aria-describedby')).toBe('publish-blockers');
      // the county node renders no files while a check fails
      expect(await panel.getByRole('link', { name: '下载 .docx' }).count()).toBe(0);
      expect(await panel.getByText('未填写', { exact: true }).count()).toBe(3);
      await shot(page, 'annual-console-blocked');
    } finally {
      await page.context().close();
    }
  });

  it('writes sections 一, 五 and 六, keeps them across a reload, and notices another clerk’s save', async () => {
    const page = await newPage();
    try {
      await login(page, 'admin', REPORT);
      await publishPanel(page).getByRole('link', { name: '撰写文字部分' }).click();
      await page.waitForURL(url(`${REPORT}/texts`));
      const overview = page.getByRole('textbox', { name: '一、总体情况' });
      // each section says what the 30号 format expects in it
      expect(await overview.getAttribute('aria-describedby')).toBe('h-overview');
      expect(await page.locator('#h-overview').innerText()).toContain('依申请公开');
      await overview.fill(`\u3000\u3000${OVERVIEW}\n\n${SECOND}`);
      await page.getByRole('textbox', { name: '五、存在的主要问题及改进情况' }).fill(PROBLEMS);
      await page.getByRole('textbox', { name: '六、其他需要报告的事项' }).fill(OTHER);
      await page.getByRole('button', { name: '保存文字部分' }).click();
      await page.waitForURL(url(`${REPORT}/texts?saved=1`));
      await page.getByRole('status').filter({ hasText: '已保存年度报告的文字部分' }).waitFor();
      await page.reload();
      expect(await overview.inputValue()).toBe(`${OVERVIEW}\n\n${SECOND}`);
      expect(await page.getByRole('textbox', { name: '五、存在的主要问题及改进情况' }).inputValue()).toBe(PROBLEMS);
      expect(await page.getByTestId('texts-saved').innerText()).toContain('admin');
      expect(await axeProblems(page)).toEqual([]);

      // another admin saves section 五 while this one is typing: nothing is lost, and the choice is theirs
      await page.getByRole('textbox', { name: '五、存在的主要问题及改进情况' }).fill(`${PROBLEMS}（修改）`);
      await api('admin', 'PUT', '/api/v1/reports/annual/2025/texts', { problems: '另一位管理员写的问题。' });
      await page.getByRole('button', { name: '保存文字部分' }).click();
      const alert = page.getByRole('alert');
      await alert.filter({ hasText: '其他人在您编辑期间保存了本报告的文字部分' }).waitFor();
      expect(await alert.innerText()).toContain('五、存在的主要问题及改进情况');
      await alert.getByText('查看对方保存的“五、存在的主要问题及改进情况”').click();
      expect(await alert.innerText()).toContain('另一位管理员写的问题。');
      expect(await page.getByRole('textbox', { name: '五、存在的主要问题及改进情况' }).inputValue()).toBe(`${PROBLEMS}（修改）`);
      await page.getByRole('textbox', { name: '五、存在的主要问题及改进情况' }).fill(PROBLEMS);
      await page.getByRole('button', { name: '以我的文字保存' }).click();
      await page.waitForURL(url(`${REPORT}/texts?saved=1`));
      expect((await api('admin', 'GET', '/api/v1/reports/annual/2025/texts')).problems).toBe(PROBLEMS);

      // at 360 px the form fits the phone
      await page.setViewportSize({ width: 360, height: 800 });
      await fitsWidth(page);
      await shot(page, 'annual-texts-360');
    } finally {
      await page.context().close();
    }
  });

  it('enables publication once section 二 is entered, previews the whole report and downloads it', async () => {
    const page = await newPage();
    try {
      await login(page, 'admin', REPORT);
      expect(await publishPanel(page).locator('#publish-blockers').innerText()).not.toContain('总体情况');
      for (const [name, v] of [
        ['行政许可', '120'],
        ['行政处罚', '8'],
        ['行政强制', '0'],
        ['行政事业性收费', '3.5'],
      ] as const) {
        await page.getByRole('textbox', { name: new RegExp(`^${name}`) }).fill(v);
      }
      await page.getByRole('button', { name: '保存主动公开情况' }).click();
      await page.getByText('已保存主动公开情况').waitFor();
      const panel = publishPanel(page);
      expect(await panel.getByRole('link', { name: '发布年度报告' }).getAttribute('href')).toBe(`${REPORT}/publish`);
      expect(await panel.locator('#publish-blockers').count()).toBe(0);
      expect(await page.getByText('全部通过，可以发布').count()).toBe(1);

      // the preview: the document alone, on A4, as it will be issued
      await panel.getByRole('link', { name: '预览全文' }).click();
      await page.waitForURL(url(`${REPORT}/preview`));
      const sheet = page.locator('article.report-doc');
      expect(await sheet.getByRole('heading', { level: 1 }).innerText()).toBe('长安区人民政府2025年政府信息公开工作年度报告');
      expect(await sheet.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual([
        '一、总体情况',
        '二、主动公开政府信息情况',
        '三、收到和处理政府信息公开申请情况',
        '四、政府信息公开行政复议、行政诉讼情况',
        '五、存在的主要问题及改进情况',
        '六、其他需要报告的事项',
      ]);
      const text = await sheet.innerText();
      for (const s of [OVERVIEW, SECOND, PROBLEMS, OTHER, '长安区人民政府']) expect(text).toContain(s);
      // 法人或其他组织 spans its five applicant types, as in the 30号 table
      expect(await sheet.locator('th', { hasText: '法人或其他组织' }).getAttribute('colspan')).toBe('5');
      expect(await page.locator('.console-nav').isVisible()).toBe(false);
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await sheet.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/仿宋/);
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, 'annual-preview');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.report-toolbar').isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });

      // the .docx through the web, with the console's login and never the node's token
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 .docx' }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.docx$/);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      const xml = unzip(bytes).get('word/document.xml')?.toString('utf8') ?? '';
      expect(xml).toContain(OVERVIEW);
      expect(xml).toContain('六、其他需要报告的事项');

      const html = await page.request.get(url(`${REPORT}.html`));
      expect(html.status()).toBe(200);
      expect(html.headers()['content-type']).toContain('text/html');
      expect(html.headers()['content-disposition']).toMatch(/^attachment;.*\.html/);
      expect(html.headers()['content-security-policy']).toContain("default-src 'none'");
      const page2 = await html.text();
      expect(page2).toContain(OVERVIEW);
      expect(page2).toContain('<h2>五、存在的主要问题及改进情况</h2>');
      // without the console's login there is no file
      const anonymous = await fetch(url(`${REPORT}.docx`), { redirect: 'manual' });
      expect(anonymous.status).toBe(303);

      await page.setViewportSize({ width: 360, height: 800 });
      await fitsWidth(page);
      await shot(page, 'annual-preview-360');
    } finally {
      await page.context().close();
    }
  });

  it('asks for confirmation, shows the county node’s refusal when a check fails meanwhile, then publishes', async () => {
    const page = await newPage();
    try {
      await login(page, 'admin', REPORT);
      await publishPanel(page).getByRole('link', { name: '发布年度报告' }).click();
      await page.waitForURL(url(`${REPORT}/publish`));
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('发布年度报告');
      expect(await axeProblems(page)).toEqual([]);
      await page.getByRole('button', { name: '确认发布' }).click();
      await page.getByRole('alert').filter({ hasText: '请先勾选确认' }).waitFor();
      expect(await page.getByRole('checkbox', { name: /确认发布/ }).getAttribute('aria-invalid')).toBe('true');

      // section 四's 总计 goes wrong behind the page: the county node refuses, in Chinese, and nothing is published
      await api('admin', 'PUT', '/api/v1/reports/annual/2025/review-litigation', { review: { ...zero, upheld: 1, total: 5 }, litigationDirect: zero, litigationAfterReview: zero });
      await page.getByRole('checkbox', { name: /确认发布/ }).check();
      await page.getByRole('button', { name: '确认发布' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: '未通过校验，不能发布' });
      await refusal.waitFor();
      expect(await refusal.innerText()).toContain('2025年度报告');
      expect((await api('admin', 'GET', '/api/v1/reports/annual/2025/texts')).publishedVersion).toBe(0);

      await api('admin', 'PUT', '/api/v1/reports/annual/2025/review-litigation', { review: { ...zero, upheld: 1 }, litigationDirect: zero, litigationAfterReview: zero });
      await page.goto(url(`${REPORT}/publish`));
      await page.getByRole('checkbox', { name: /确认发布/ }).check();
      await page.getByRole('button', { name: '确认发布' }).click();
      await page.waitForURL(url(`${REPORT}?published=1`));
      await page.getByRole('status').filter({ hasText: '已发布第 1 版年度报告' }).waitFor();
      const state = await page.getByTestId('published-state').innerText();
      expect(state).toContain('已发布（第 1 版，admin，');
      const panel = publishPanel(page);
      expect(await panel.getByRole('link', { name: '门户网站上的本年度报告' }).getAttribute('href')).toBe(`/gk/${A}/reports/annual/2025`);
      expect(await panel.getByRole('link', { name: '更新已发布的报告' }).count()).toBe(1);
      await shot(page, 'annual-console-published');

      await panel.getByRole('link', { name: '查看已发布的政府信息' }).click();
      await page.waitForURL(new RegExp(`/county/${A}/records/[\\w-]+$`));
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/2025年政府信息公开工作年度报告$/);
      expect(await page.getByText(OVERVIEW).count()).toBeGreaterThan(0);
    } finally {
      await page.context().close();
    }
  });

  it('updates the published report with the same confirmation, without JavaScript, on a phone', async () => {
    const page = await newPage({ javaScriptEnabled: false, width: 360 });
    try {
      await login(page, 'admin', `${REPORT}/texts`);
      await page.getByRole('textbox', { name: '六、其他需要报告的事项' }).fill(`${OTHER}\n另：本年度无其他需要报告的事项。`);
      await page.getByRole('button', { name: '保存文字部分' }).click();
      await page.waitForURL(url(`${REPORT}/texts?saved=1`));
      await page.goto(url(REPORT));
      await fitsWidth(page);
      expect(await publishPanel(page).innerText()).toContain('公众看到的仍是第 1 版');
      await publishPanel(page).getByRole('link', { name: '更新已发布的报告' }).click();
      await page.waitForURL(url(`${REPORT}/publish`));
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('更新已发布的报告');
      expect(await page.getByText('确认后发布第 2 版').count()).toBe(1);
      await fitsWidth(page);
      await shot(page, 'annual-publish-360');
      await page.getByRole('checkbox', { name: /确认更新已发布的报告/ }).check();
      await page.getByRole('button', { name: '确认更新' }).click();
      await page.waitForURL(url(`${REPORT}?published=2`));
      expect(await page.getByTestId('published-state').innerText()).toContain('第 2 版');
      expect(await publishPanel(page).innerText()).not.toContain('公众看到的仍是');
      const draft = await api('admin', 'GET', '/api/v1/reports/annual/2025/texts');
      expect(draft).toMatchObject({ publishedVersion: 2, publishedBy: 'admin' });
    } finally {
      await page.context().close();
    }
  });

  it('shows an editor and a reviewer no publish button and no text editor', async () => {
    for (const username of ['editor', 'reviewer']) {
      const page = await newPage();
      try {
        await login(page, username, REPORT);
        const panel = publishPanel(page);
        expect(await panel.getByText('已发布（第 2 版').count()).toBe(1);
        for (const name of ['发布年度报告', '更新已发布的报告']) {
          expect(await page.getByRole('link', { name }).count()).toBe(0);
          expect(await page.getByRole('button', { name }).count()).toBe(0);
        }
        // they may read, preview and download
        expect(await panel.getByRole('link', { name: '下载 .docx' }).count()).toBe(1);
        await panel.getByRole('link', { name: '查看文字部分' }).click();
        await page.waitForURL(url(`${REPORT}/texts`));
        expect(await page.getByRole('textbox').count()).toBe(0);
        expect(await page.getByText(OVERVIEW).count()).toBe(1);
        await page.goto(url(`${REPORT}/publish`));
        expect(await page.getByText('只有县级管理员可以发布年度报告').count()).toBe(1);
        expect(await page.getByRole('button', { name: /确认/ }).count()).toBe(0);
      } finally {
        await page.context().close();
      }
    }
  });
});
