/**
 * Annual reports in a real browser against a real province: two county nodes publish their 2025
 * reports (requests, a published 行政规范性文件 counted in section 二, the entered rows), the
 * hub projects them, and the public reads a county's tables and the province's sums at the portal
 * on a 360 px phone, and opens the full text and the .docx through the information record each
 * report was published as; the county console shows which cells are counted and the records
 * behind them.
 * Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fitsWidth, registerRequests, shot, until, useBrowserStack } from './browser';

const A = '130102'; // 长安区, 石家庄市
const B = '130181'; // 辛集市, 省直管

const stack = useBrowserStack({ counties: [A, B], enroll: [A, B] });
const { url, consoleGoto } = stack;
const newPage = (width = 1280) => stack.newPage({ width, height: 800 });
/** A county node's REST API as one of its users. */
const county = (code: string, username: string, method: string, path: string, body?: unknown) => stack.api(username, method, path, body, code);

/** Requests of 2025 (replied unless no outcome), one published 行政规范性文件, the entered rows; then publication. */
async function publishReport(code: string, requests: { on: string; type: string; outcome?: string }[], licensing: number) {
  await registerRequests(stack.api, code, requests, '某单位');
  const rec = await county(code, 'editor', 'POST', '/api/v1/records', {
    title: `${code}最低生活保障审核确认办法`,
    body: '<p>第一条 为规范最低生活保障审核确认工作，制定本办法。</p>',
    issuingBody: '县人民政府办公室',
    docNo: '政办规〔2025〕1号',
    writtenOn: '2025-04-01',
    domain: 'social-assistance',
    attribute: 'proactive',
    docCategory: 'normativeDocument',
  });
  await county(code, 'editor', 'POST', `/api/v1/records/${rec.id as string}/transitions`, { action: 'submit' });
  await county(code, 'reviewer', 'POST', `/api/v1/records/${rec.id as string}/transitions`, { action: 'approve' });
  await county(code, 'admin', 'POST', `/api/v1/records/${rec.id as string}/transitions`, { action: 'publish', publishedOn: '2025-04-03' });
  const zero = { upheld: 0, corrected: 0, other: 0, pending: 0 };
  await county(code, 'admin', 'PUT', '/api/v1/reports/annual/2025/review-litigation', { review: { ...zero, upheld: 1 }, litigationDirect: zero, litigationAfterReview: zero });
  await county(code, 'admin', 'PUT', '/api/v1/reports/annual/2025/texts', {
    overview: '总体情况。',
    problems: '存在问题。',
    otherMatters: '无。',
    proactive: { licensingDecisions: licensing, penaltyDecisions: 3, enforcementDecisions: 0, feesTenThousandYuan: 1.25 },
  });
  await county(code, 'admin', 'POST', '/api/v1/reports/annual/2025/publish');
  return rec.id as string;
}

/** The numbers of a table row whose header is `label`. */
async function rowCells(page: Page, tableCaption: RegExp, label: string): Promise<string[]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: tableCaption }) });
  const row = table.locator('tr', { has: page.locator('th', { hasText: label }) }).first();
  return (await row.locator('td').allInnerTexts()).map((s) => s.trim());
}

let recordA = '';

describe('annual reports at the portal', () => {
  it('publishes two county reports and the hub holds both', async () => {
    recordA = await publishReport(
      A,
      [
        { on: '2025-02-10', type: 'naturalPerson', outcome: 'granted' },
        { on: '2025-05-12', type: 'commercialEnterprise', outcome: 'partial' },
        { on: '2025-12-29', type: 'naturalPerson' },
      ],
      100,
    );
    await publishReport(B, [{ on: '2025-03-03', type: 'naturalPerson', outcome: 'withheldProcessInfo' }], 40);
    await until(async () => {
      const r = await fetch(`${stack.backends.hubUrl}/api/v1/reports/annual/2025`);
      const j = (await r.json()) as { included: unknown[] };
      return j.included.length === 2;
    }, 'both reports at the hub');
    // each report's record, with its .docx once every chunk has arrived
    for (const code of [A, B]) {
      await until(async () => {
        const r = await fetch(`${stack.backends.hubUrl}/api/v1/counties/${code}/reports/annual/2025`);
        const j = (await r.json()) as { record: { docx: unknown } | null };
        return j.record?.docx;
      }, `${code}'s report record and .docx at the hub`);
    }
  });

  it("shows a county's published tables on a phone, with the counted 规范性文件", async () => {
    const page = await newPage(360);
    try {
      await page.goto(url(`/gk/${A}?section=reports`));
      await page.getByRole('link', { name: /历年政府信息公开工作年度报告/ }).click();
      await page.waitForURL(url(`/gk/${A}/reports/annual/2025`));
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('长安区人民政府2025年政府信息公开工作年度报告');
      await fitsWidth(page);
      await shot(page, 'annual-county-360');
      expect(await rowCells(page, /规章和行政规范性文件/, '行政规范性文件')).toEqual(['1', '0', '1']);
      expect(await rowCells(page, /第（五）项/, '行政许可')).toEqual(['100']);
      // 本年新收 by applicant type: 自然人 2, 商业企业 1 … 总计 3
      expect(await rowCells(page, /收到和处理政府信息公开申请情况/, '一、本年新收')).toEqual(['2', '1', '0', '0', '0', '0', '3']);
      expect(await rowCells(page, /收到和处理政府信息公开申请情况/, '四、结转下年度继续办理')).toEqual(['1', '0', '0', '0', '0', '0', '1']);
      // the wide table scrolls inside its own region, which the keyboard can reach
      const region = page.getByRole('region', { name: /按申请人类型/ });
      expect(await region.getAttribute('tabindex')).toBe('0');
      expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      expect(await page.locator('table caption').count()).toBeGreaterThanOrEqual(6);
      expect(await page.locator('th[scope="row"]').count()).toBeGreaterThan(20);
    } finally {
      await page.context().close();
    }
  });

  it('shows the province report as the sum of the published county reports, and who has not published', async () => {
    const page = await newPage(360);
    try {
      await page.goto(url('/reports/annual'));
      await page.waitForURL(url('/reports/annual/2025'));
      await fitsWidth(page);
      await shot(page, 'annual-province-360');
      const lead = await page.getByRole('status').first().innerText();
      expect(lead).toContain('2 个已发布');
      expect(lead).toContain('165 个尚未发布');
      expect(await rowCells(page, /规章和行政规范性文件/, '行政规范性文件')).toEqual(['2', '0', '2']);
      expect(await rowCells(page, /第（五）项/, '行政许可')).toEqual(['140']);
      expect(await rowCells(page, /第（八）项/, '行政事业性收费')).toEqual(['2.5']);
      expect(await rowCells(page, /收到和处理政府信息公开申请情况/, '一、本年新收')).toEqual(['3', '1', '0', '0', '0', '0', '4']);
      expect(await rowCells(page, /收到和处理政府信息公开申请情况/, '（七）总计')).toEqual(['2', '1', '0', '0', '0', '0', '3']);
      expect(await page.getByText('勾稽关系校验通过').count()).toBe(1);
      const included = page.getByRole('table', { name: '纳入全省汇总的县级年度报告' });
      expect(await included.locator('tbody tr').count()).toBe(2);
      await page.getByRole('button', { name: '按设区市查看未发布名单' }).or(page.getByText('按设区市查看未发布名单')).click();
      expect(await page.locator('.missing').innerText()).toContain('石家庄市');
      expect(await included.getByRole('link', { name: '长安区2025年度报告全文' }).getAttribute('href')).toMatch(/^\/records\/[\w-]+$/);
      await included.getByRole('link', { name: '辛集市', exact: true }).click();
      await page.waitForURL(url(`/gk/${B}/reports/annual/2025`));
      expect(await rowCells(page, /收到和处理政府信息公开申请情况/, '6.属于四类过程性信息')).toEqual(['1', '0', '0', '0', '0', '0', '1']);
    } finally {
      await page.context().close();
    }
  });

  it("opens a county report's full text and downloads its .docx through the record it was published as", async () => {
    const page = await newPage(360);
    try {
      await page.goto(url(`/gk/${A}/reports/annual/2025`));
      const files = page.getByRole('list', { name: '报告全文' });
      const docxHref = await files.getByRole('link', { name: '下载 .docx' }).getAttribute('href');
      expect(docxHref).toMatch(/^\/records\/[\w-]+\/attachments\/[\w-]+$/);
      const dl = await page.request.get(url(docxHref!));
      expect(dl.status()).toBe(200);
      expect(dl.headers()['content-type']).toContain('wordprocessingml');
      expect(dl.headers()['content-disposition']).toContain('attachment');
      expect((await dl.body()).subarray(0, 2).toString('latin1')).toBe('PK');
      await fitsWidth(page);

      await files.getByRole('link', { name: '全文' }).click();
      await page.waitForURL(/\/records\/[\w-]+$/);
      expect(docxHref!.startsWith(new URL(page.url()).pathname)).toBe(true);
      await shot(page, 'annual-record-360');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('长安区2025年政府信息公开工作年度报告');
      const meta = page.locator('table.meta-table');
      expect(await meta.locator('tr', { has: page.locator('th', { hasText: '发布机构' }) }).innerText()).toContain('长安区人民政府');
      expect(await meta.locator('tr', { has: page.locator('th', { hasText: '文件类别' }) }).locator('td').innerText()).toBe('其他文件');
      expect(await page.getByText('此件公开发布').count()).toBeGreaterThan(0);
      // the full text: all six sections, not only the tables
      expect(await page.getByText('一、总体情况').count()).toBeGreaterThan(0);
      expect(await page.getByText('存在问题。').count()).toBeGreaterThan(0);
      expect(await page.getByText('三、收到和处理政府信息公开申请情况').count()).toBeGreaterThan(0);
    } finally {
      await page.context().close();
    }
  });

  it('changes year with the selector, and says so when a county has not published', async () => {
    const page = await newPage(1280);
    try {
      await page.goto(url('/reports/annual/2025'));
      // the selector says which years have published reports (GET /api/v1/reports/annual at the hub)
      expect(await page.getByRole('combobox', { name: '年度' }).locator('option[value="2025"]').innerText()).toContain('2个县已发布');
      await page.getByRole('combobox', { name: '年度' }).selectOption('2024');
      await page.getByRole('button', { name: '查看' }).click();
      await page.waitForURL(url('/reports/annual/2024'));
      expect(await page.getByText('2024年度尚无县（市、区）发布年度报告').count()).toBe(1);
      await page.goto(url('/gk/130104/reports/annual/2025'));
      expect(await page.getByText('尚未在本平台发布2025年度政府信息公开工作年度报告').count()).toBe(1);
      expect((await page.goto(url('/reports/annual/20x5')))?.status()).toBe(404);
    } finally {
      await page.context().close();
    }
  });

  it('shows in the county console which cells are counted, with the records behind them', async () => {
    const page = await newPage(1280);
    try {
      const path = `/county/${A}/reports/2025`;
      await consoleGoto(page, path, 'admin');
      await shot(page, 'annual-console');
      const link = page.getByRole('link', { name: /行政规范性文件本年制发件数 1 件/ });
      await link.click();
      const list = page.locator('details', { has: page.locator('#counted-normativeDocuments-issued') });
      expect(await list.getAttribute('open')).not.toBeNull();
      await list.getByRole('link', { name: `${A}最低生活保障审核确认办法` }).click();
      await page.waitForURL(url(`/county/${A}/records/${recordA}`));
      expect(await page.locator('div', { has: page.locator('dt', { hasText: '文件类别' }) }).last().locator('dd').innerText()).toBe('行政规范性文件');

      // the entered rows are a form; a bad cell is marked and nothing is saved
      await page.goto(url(path));
      await page.getByRole('textbox', { name: /行政许可/ }).fill('-3');
      await page.getByRole('button', { name: '保存主动公开情况' }).click();
      await page.getByRole('alert').filter({ hasText: '请检查标出的格子' }).waitFor();
      expect(await page.getByRole('textbox', { name: /行政许可/ }).getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('textbox', { name: /行政许可/ }).fill('101');
      await page.getByRole('button', { name: '保存主动公开情况' }).click();
      await page.getByText('已保存主动公开情况').waitFor();
      expect(await page.getByRole('textbox', { name: /行政许可/ }).inputValue()).toBe('101');
    } finally {
      await page.context().close();
    }
  });
});
