/**
 * Standard reply texts (标准文本) and the correction-notice due list in a real browser against a
 * real county node: a clerk registers a request, drafts the 补正告知书 (meeting another clerk's
 * save on the way), prints it on A4 without the console around it, downloads it as Word, and finds
 * the request in 「补正告知待发」 beside an older one whose seven working days have passed.
 * Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fitsWidth, inPersonRequest, shot, unzip, useBrowserStack } from './browser';

const COUNTY = '130102'; // 长安区, 石家庄市
const EDIT = '1. 请写明所需补助资金文件的名称、文号或者发布年份。';

const stack = useBrowserStack({ counties: [COUNTY] });
const { url, api, newPage } = stack;
const login = (page: Page, path: string) => stack.login(page, 'editor', path);

/** Saves a version of a request's correction notice through the API, as another clerk would meanwhile. */
async function saveNotice(username: string, requestId: string, change: Record<string, unknown> = {}) {
  const doc = await api(username, 'GET', `/api/v1/requests/${requestId}/documents/correctionNotice`);
  await api(username, 'PUT', `/api/v1/requests/${requestId}/documents/correctionNotice`, {
    title: doc.title,
    docNo: doc.docNo,
    addressee: doc.addressee,
    paragraphs: doc.paragraphs,
    date: doc.date,
    issuer: doc.issuer,
    version: 0,
    ...change,
  });
}

/** A date `days` calendar days before today in China. */
const chinaDaysAgo = (days: number) => new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);

let requestId = '';

describe('标准文本与补正告知待发', () => {
  it('registers a request, drafts, prints and downloads its correction notice', async () => {
    const page = await newPage();
    try {
      await login(page, `/county/${COUNTY}/requests/new`);
      await page.getByRole('radio', { name: '当面提交' }).check();
      await page.getByRole('radio', { name: '自然人' }).check();
      await page.getByRole('textbox', { name: /^姓名/ }).fill('李华');
      await page.getByRole('textbox', { name: /联系电话/ }).fill('13800000000');
      await page.getByRole('textbox', { name: /所需政府信息的描述/ }).fill('长安区2024年度某项补助资金的发放文件');
      await page.getByRole('button', { name: '登记', exact: true }).click();
      await page.waitForURL(/\/requests\/[^/?]+\?done=registered$/);
      requestId = new URL(page.url()).pathname.split('/').at(-1)!;

      // from the request page to its documents
      await page.getByRole('link', { name: '文书（标准文本）' }).click();
      await page.waitForURL(url(`/county/${COUNTY}/requests/${requestId}/documents`));
      const ackRow = page.locator('tr[data-kind="acknowledgement"]');
      expect(await ackRow.textContent()).toContain('已办理');
      const cnRow = page.locator('tr[data-kind="correctionNotice"]');
      expect(await cnRow.textContent()).toContain('可出具');
      expect(await cnRow.textContent()).toMatch(/应于\d{4}年\d+月\d+日前一次性告知/);
      await shot(page, 'documents');
      await cnRow.getByRole('link', { name: '政府信息公开申请补正告知书' }).click();
      await page.waitForURL(url(`/county/${COUNTY}/requests/${requestId}/documents/correctionNotice`));
      expect(await page.getByTestId('doc-state').textContent()).toBe('模板原文');
      const body = page.getByRole('textbox', { name: /正文/ });
      const template = await body.inputValue();
      expect(await page.getByRole('textbox', { name: /称谓/ }).inputValue()).toBe('李华：');
      expect(template).toContain('＿＿＿＿＿＿');

      // meanwhile another clerk saves a version of the same notice
      await saveNotice('admin', requestId, { docNo: '长安政信补〔2025〕9号' });

      const edited = template
        .split('\n')
        .map((l) => (l.includes('＿＿＿＿＿＿') ? EDIT : l))
        .join('\n');
      await body.fill(edited);
      await page.getByRole('button', { name: '保存修改稿' }).click();
      const conflict = page.getByRole('alert').filter({ hasText: '未保存' });
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('admin');
      expect(await conflict.textContent()).toContain('第 1 版');
      // nothing typed is lost
      expect(await page.getByRole('textbox', { name: /正文/ }).inputValue()).toContain(EDIT);
      await shot(page, 'document-conflict');
      await page.getByRole('button', { name: '以我的修改保存' }).click();
      await page.waitForURL(/\/documents\/correctionNotice\?done=saved$/);
      expect(await page.getByRole('status').textContent()).toContain('已保存修改稿（第 2 版）');
      expect(await page.getByTestId('doc-state').textContent()).toBe('修改稿 · 第 2 版');
      const saved = await page.getByTestId('doc-saved').textContent();
      expect(saved).toContain('editor');
      expect(saved).toContain('与模板不同：正文');

      await page.goto(url(`/county/${COUNTY}/requests/${requestId}/documents/correctionNotice`));
      expect(await page.getByRole('textbox', { name: /正文/ }).inputValue()).toContain(EDIT);
      expect(await page.locator('.paras li.changed').first().textContent()).toContain(EDIT);
      await shot(page, 'document-edit');
      await page.setViewportSize({ width: 360, height: 800 });
      await fitsWidth(page);
      await shot(page, 'document-edit-360');
      await page.setViewportSize({ width: 1280, height: 900 });

      // the Word file, fetched through the web with the session's token
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 Word（.docx）' }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.docx$/);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      const xml = unzip(bytes).get('word/document.xml')?.toString('utf8') ?? '';
      expect(xml).toContain(EDIT);
      expect(xml).toContain('政府信息公开申请补正告知书');

      // the print view: the document alone, on A4
      await page.getByRole('link', { name: '打印预览' }).click();
      await page.waitForURL(url(`/county/${COUNTY}/requests/${requestId}/documents/correctionNotice/print`));
      const sheet = page.locator('article.print-doc');
      expect(await sheet.textContent()).toContain(EDIT);
      expect(await sheet.locator('h1').textContent()).toBe('政府信息公开申请补正告知书');
      expect(await page.locator('.console-nav').isVisible()).toBe(false);
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await sheet.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/仿宋/);
      await shot(page, 'document-print');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.print-toolbar').isVisible()).toBe(false);
      const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
      const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf);
      // A4 is 595 × 842 points
      expect(Math.round(Number(box?.[1]))).toBe(595);
      expect(Math.round(Number(box?.[2]))).toBe(842);
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 360, height: 800 });
      await fitsWidth(page);
      await shot(page, 'document-print-360');
    } finally {
      await page.context().close();
    }
  }, 240_000);

  it('lists the request in 补正告知待发, an older drafted one highlighted as overdue', async () => {
    expect(requestId).not.toBe('');
    // received a month ago and drafted, but never sent: its seven working days are long past
    const old = await api(
      'editor',
      'POST',
      '/api/v1/requests',
      inPersonRequest({ submittedOn: chinaDaysAgo(30), applicant: { name: '赵敏', phone: '13900000000' }, description: '某镇2024年度农村危房改造补助名单' }),
    );
    await saveNotice('editor', old.id as string);
    const fresh = (await api('editor', 'GET', `/api/v1/requests/${requestId}`)) as { trackingNo: string; correctionNotice: { dueOn: string } };

    const page = await newPage();
    try {
      await login(page, `/county/${COUNTY}/requests`);
      const stat = page.locator('a.stat', { hasText: '补正告知待发' });
      expect(await stat.textContent()).toContain('2');
      expect(await stat.textContent()).toContain('逾期 1');
      await stat.click();
      await page.waitForURL(url(`/county/${COUNTY}/requests?queue=correctionNotice`));
      expect(await page.locator('#cn-caption').textContent()).toContain('补正告知待发：共 2 件');
      const rows = page.locator('tbody tr');
      expect(await rows.count()).toBe(2);
      // overdue first, highlighted
      const first = rows.nth(0);
      expect(await first.textContent()).toContain(old.trackingNo as string);
      expect(await first.getAttribute('class')).toContain('row-alert');
      expect(await first.textContent()).toMatch(/已逾期 \d+ 个工作日/);
      const second = rows.nth(1);
      expect(await second.textContent()).toContain(fresh.trackingNo);
      expect(await second.textContent()).toContain(fresh.correctionNotice.dueOn);
      expect(await second.textContent()).toContain('已拟稿，待发出');
      expect((await second.getAttribute('class')) ?? '').not.toContain('row-alert');
      await shot(page, 'correction-notice-queue');
      await page.setViewportSize({ width: 360, height: 800 });
      await fitsWidth(page);
      await shot(page, 'correction-notice-queue-360');
      await page.setViewportSize({ width: 1280, height: 900 });

      // the drafted, overdue notice counts in the overdue list as well
      await page.goto(url(`/county/${COUNTY}/requests?dueStatus=overdue`));
      const overdueRow = page.getByRole('row').filter({ hasText: old.trackingNo as string });
      expect(await overdueRow.textContent()).toContain('补正告知待发');

      // sending the notice takes it off the list
      await page.goto(url(`/county/${COUNTY}/requests/${requestId}`));
      await page.locator('details.action summary', { hasText: /^告知补正$/ }).click();
      await page.locator('details.action[open] form').getByRole('button', { name: '告知补正' }).click();
      await page.waitForURL(/\?done=requestCorrection$/);
      expect(await page.locator('.timeline').getByRole('link', { name: '补正告知书' }).count()).toBe(1);
      await page.goto(url(`/county/${COUNTY}/requests?queue=correctionNotice`));
      expect(await page.locator('tbody tr').count()).toBe(1);
      expect(await page.locator('tbody tr').textContent()).toContain(old.trackingNo as string);
    } finally {
      await page.context().close();
    }
  }, 240_000);
});
