/**
 * 依申请公开 in a real browser against a real province: a citizen files at /apply on a 360 px
 * phone, the request federates to the county node, a clerk replies to it in the county console,
 * and the citizen sees the outcome at /track. Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots.
 */
import { describe, expect, it } from 'vitest';
import { fitsWidth, shot, submitLogin, until, useBrowserStack } from './browser';

const COUNTY = '130102'; // 长安区, 石家庄市

const stack = useBrowserStack({ counties: [COUNTY], enroll: [COUNTY] });
const { url, login } = stack;
const newPage = (width = 1280) => stack.newPage({ width, height: 800 });

let trackingNo = '';
let secret = '';

describe('依申请公开', () => {
  it('files an application at /apply on a phone and shows the tracking number and secret once', async () => {
    const page = await newPage(360);
    try {
      await page.goto(url('/'));
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '依申请公开' }).click();
      await page.waitForURL(url('/apply'));
      await fitsWidth(page);
      await shot(page, 'apply-360');

      const county = page.getByRole('combobox', { name: /县（市、区）/ });
      // only enrolled counties are offered
      expect(await county.locator('option').count()).toBe(2);
      await county.selectOption(COUNTY);
      await page.getByRole('textbox', { name: /^姓名/ }).fill('张三');
      await page.getByRole('textbox', { name: /证件号码/ }).fill('130102199001011234');
      await page.getByRole('textbox', { name: /所需政府信息的描述/ }).fill('长安区2024年度城乡低保资金发放情况');
      await page.getByRole('radio', { name: '电子邮件' }).check();
      await page.getByRole('textbox', { name: /电子邮箱/ }).fill('not-an-email');
      // phone left empty: the server's field error shows next to the field, nothing typed is lost
      await page.getByRole('button', { name: '提交申请' }).click();
      const phoneError = page.locator('#f-phone-error');
      await phoneError.waitFor();
      expect(await phoneError.textContent()).toBe('请填写联系电话');
      expect(await page.getByRole('textbox', { name: /联系电话/ }).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('textbox', { name: /^姓名/ }).inputValue()).toBe('张三');
      await shot(page, 'apply-error-360');

      await page.getByRole('textbox', { name: /联系电话/ }).fill('13800000000');
      await page.getByRole('button', { name: '提交申请' }).click();
      // the hub's own validation of the e-mail address, mapped to the field
      await page.locator('#f-email-error').waitFor();
      expect(await page.locator('#f-email-error').textContent()).toContain('电子邮箱格式不正确');
      await page.getByRole('textbox', { name: /电子邮箱/ }).fill('zhangsan@example.com');
      await page.getByRole('button', { name: '提交申请' }).click();

      await page.getByRole('heading', { name: '申请已提交' }).waitFor();
      trackingNo = (await page.getByTestId('tracking-no').textContent())?.trim() ?? '';
      secret = (await page.getByTestId('secret').textContent())?.trim() ?? '';
      expect(trackingNo).toMatch(/^130102-\d{4}-[0-9A-Z]{8}$/);
      expect(secret).toMatch(/^[0-9A-Z]{24}$/);
      // nothing personal (nor the secret) in the URL
      expect(page.url()).toBe(url('/apply'));
      await fitsWidth(page);
      await shot(page, 'apply-done-360');
    } finally {
      await page.context().close();
    }
  }, 240_000);

  it('reaches the county worklist and is replied to in the console', async () => {
    expect(trackingNo).not.toBe('');
    const page = await newPage();
    try {
      await login(page, 'admin', `/county/${COUNTY}/requests`);
      // wait for federation: the hub delivers the sealed filing to the county node
      const link = page.getByRole('link', { name: trackingNo });
      await until(async () => {
        if ((await link.count()) > 0) return true;
        await page.reload();
        return false;
      }, 'the filing to reach the county');
      const row = page.getByRole('row').filter({ has: link });
      expect(await row.textContent()).toContain('张三');
      expect(await row.textContent()).toContain('剩余');
      await shot(page, 'county-requests');

      await link.click();
      await page.waitForURL(new RegExp(`/county/${COUNTY}/requests/[^/?]+$`));
      const detail = page.url();
      // the applicant is shown here (and only at the county), with the date explanations
      expect(await page.locator('main').textContent()).toContain('130102199001011234');
      expect(await page.getByRole('heading', { name: '计算说明' }).count()).toBe(1);
      expect(await page.locator('.explain dt').first().textContent()).toBe('收到申请');

      // a reply without text: the form says so and keeps the chosen outcome
      await page.locator('details.action summary', { hasText: /^答复$/ }).click();
      const replyForm = page.locator('details.action[open] form');
      await replyForm.getByRole('combobox', { name: /办理结果/ }).selectOption('granted');
      await replyForm.getByRole('button', { name: '答复' }).click();
      await page.getByRole('alert').filter({ hasText: '未完成' }).waitFor();
      expect(await page.locator('#e-reply-replyText').textContent()).toBe('请填写答复内容');
      await shot(page, 'county-request-error');

      const again = page.locator('details.action[open] form');
      expect(await again.getByRole('combobox', { name: /办理结果/ }).inputValue()).toBe('granted');
      await again.getByRole('textbox', { name: /答复内容/ }).fill('经查，您申请的信息属于公开范围，现予以公开，详见附件。');
      await again.getByRole('button', { name: '答复' }).click();
      await page.waitForURL(`${detail}?done=reply`);
      expect(await page.getByRole('status').textContent()).toContain('已完成“答复”');
      expect(await page.locator('.page-head').textContent()).toContain('已答复');
      expect(await page.locator('.page-head').textContent()).toContain('予以公开');
      await shot(page, 'county-request');
      await page.setViewportSize({ width: 360, height: 800 });
      await fitsWidth(page);
      await shot(page, 'county-request-360');
    } finally {
      await page.context().close();
    }
  }, 240_000);

  it('shows the outcome and the timeline at /track, and nothing without the secret', async () => {
    const page = await newPage(360);
    try {
      await page.goto(url('/track'));
      await page.getByRole('textbox', { name: '查询号' }).fill(trackingNo);
      await page.getByLabel('查询码').fill('WRONGSECRET');
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByRole('alert').filter({ hasText: '查询号或查询码不正确' }).waitFor();
      expect(page.url()).toBe(url('/track'));

      // the county's reply federates back to the hub
      await until(async () => {
        await page.getByRole('textbox', { name: '查询号' }).fill(trackingNo);
        await page.getByLabel('查询码').fill(secret);
        await page.getByRole('button', { name: '查询' }).click();
        await page.getByTestId('track-result').waitFor();
        return (await page.getByTestId('track-outcome').textContent())?.includes('予以公开');
      }, 'the reply to reach the hub');
      expect(page.url()).toBe(url('/track'));
      expect(await page.getByTestId('track-status').textContent()).toBe('已答复');
      const timeline = await page.locator('.timeline').textContent();
      for (const step of ['网上提交', '收到申请', '答复']) expect(timeline).toContain(step);
      // the hub never had the applicant's name
      expect(await page.locator('main').textContent()).not.toContain('张三');
      await fitsWidth(page);
      await shot(page, 'track-360');
    } finally {
      await page.context().close();
    }
  }, 240_000);

  it('shows the annual report with its checks and the province statistics', async () => {
    const page = await newPage();
    try {
      await page.goto(url(`/county/${COUNTY}/reports`));
      await page.waitForURL(/\/login\?next=/);
      await submitLogin(page, 'admin');
      await page.waitForURL(/\/reports\/\d{4}$/);
      const year = Number(page.url().slice(-4));
      if (year !== new Date().getFullYear()) await page.goto(url(`/county/${COUNTY}/reports/${new Date().getFullYear()}`));
      expect(await page.locator('.request-table tr', { hasText: '（一）予以公开' }).locator('td').last().textContent()).toBe('1');
      // section 四 not entered yet: that check fails
      expect(await page.locator('.checks li.fail').textContent()).toContain('尚未填报');
      await page.getByRole('spinbutton', { name: '行政复议 结果维持' }).fill('1');
      await page.getByRole('button', { name: '保存并校验' }).click();
      await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
      expect(await page.locator('.checks li.fail').count()).toBe(0);
      await shot(page, 'county-report');
      await page.setViewportSize({ width: 360, height: 800 });
      await fitsWidth(page);
      await shot(page, 'county-report-360');

      await page.setViewportSize({ width: 1280, height: 800 });
      await login(page, 'province', '/province/requests', /\/province\/login\?next=/);
      const row = page.getByRole('row').filter({ hasText: '长安区' });
      expect(await row.locator('td').first().textContent()).toBe('1');
      expect(await page.getByRole('img', { name: /按月/ }).count()).toBe(1);

      // a holiday file with a mistake is refused with the field named
      await page.getByLabel('或粘贴 JSON').fill('{"year": 2027, "days": [{"name": "元旦", "date": "2027-13-01", "isOffDay": true}]}');
      await page.getByRole('button', { name: '校验并载入' }).click();
      await page.getByRole('alert').filter({ hasText: '未载入' }).waitFor();
      expect(await page.getByRole('alert').filter({ hasText: '未载入' }).textContent()).toContain('YYYY-MM-DD');
      await page.getByLabel('或粘贴 JSON').fill('{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}');
      await page.getByRole('button', { name: '校验并载入' }).click();
      await page.getByRole('status').filter({ hasText: '已载入 2027 年放假安排' }).waitFor();
      await shot(page, 'province-requests');
      await page.setViewportSize({ width: 360, height: 800 });
      await fitsWidth(page);
      await shot(page, 'province-requests-360');
    } finally {
      await page.context().close();
    }
  }, 240_000);
});
