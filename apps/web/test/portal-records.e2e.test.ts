/**
 * The public record page and the feeds in a real browser: a county publishes a policy document
 * with a PDF attachment and its 政策解读 (and a record that later expires) through its REST API;
 * they federate to the hub. The public opens the document: index number, label, validity, the
 * attachment (downloaded through the portal, byte for byte) and the link to its interpretation,
 * which links back. The county's 专栏 offers its feeds, which the portal serves same-origin.
 * Set ZWGK_WEB_SCREENSHOTS=<dir> to keep screenshots of the pages.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type BrowserStack, onePagePdf, shot, useBrowserStack } from './browser';

const COUNTY = '130102'; // 长安区
const DOC_TITLE = '长安区临时救助实施办法';
const INTERP_TITLE = '《长安区临时救助实施办法》政策解读';
const OLD_TITLE = '长安区征收补偿安置方案（2023年）';

const ids: Record<string, string> = {};
/** A real one-page PDF (valid xref), so the county accepts it by its bytes. */
const pdfBytes = onePagePdf(3000);

const stack = useBrowserStack({ counties: [COUNTY], enroll: [COUNTY], seed, timeoutMs: 300_000 });
const { api } = stack;
const county = (who: string, method: string, path: string, body?: unknown) => api(who, method, path, body);

/** draft (editor) → submit → approve (reviewer) → publish (admin) */
async function publishRecord(draft: Record<string, unknown>, before?: (id: string) => Promise<void>): Promise<string> {
  const r = await county('editor', 'POST', '/api/v1/records', {
    issuingBody: '长安区民政局',
    writtenOn: '2025-04-20',
    domain: 'social-assistance',
    attribute: 'proactive',
    ...draft,
  });
  const id = r.id as string;
  if (before) await before(id);
  await county('editor', 'POST', `/api/v1/records/${id}/transitions`, { action: 'submit' });
  await county('reviewer', 'POST', `/api/v1/records/${id}/transitions`, { action: 'approve' });
  await county('admin', 'POST', `/api/v1/records/${id}/transitions`, { action: 'publish', publishedOn: '2025-04-30' });
  return id;
}

/** A policy document with its attachment and interpretation, and an expired one, all at the hub. */
async function seed({ backends, node, token }: BrowserStack) {
  ids.doc = await publishRecord(
    { title: DOC_TITLE, docNo: '长民〔2025〕9号', body: '<p>第一条 为规范临时救助工作，制定本办法。</p>', needsInterpretation: true },
    async (id) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(pdfBytes)]), '实施办法全文.pdf');
      const res = await node().app.request(`/api/v1/records/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${await token('editor')}` }, body: form });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
      ids.attachment = ((await res.json()) as { id: string }).id;
    },
  );
  ids.interp = await publishRecord({
    title: INTERP_TITLE,
    body: '<p>问：哪些人可以申请临时救助？</p><p>答：因意外事件等导致基本生活陷入困境的家庭或个人。</p>',
    kind: 'interpretation',
    interpretsRecordId: ids.doc,
    interpretationForm: 'qa',
  });
  ids.old = await publishRecord({ title: OLD_TITLE, domain: 'housing-expropriation', body: '<p>安置方案。</p>' });
  await county('admin', 'POST', `/api/v1/records/${ids.old}/transitions`, { action: 'expire', on: '2025-05-20' });

  // federation: the hub has the document with its attachment and interpretation, and the expiry
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [d, o] = await Promise.all(
      [ids.doc, ids.old].map((id) => fetch(`${backends.hubUrl}/api/v1/records/${id}`).then((r) => (r.ok ? r.json() : null))),
    );
    if (d?.attachments?.length === 1 && d?.interpretations?.length === 1 && o?.validity === 'expired') break;
    if (Date.now() > deadline) throw new Error(`records did not reach the hub: ${JSON.stringify({ d, o })}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function open(path: string, width = 1280): Promise<Page> {
  const page = await stack.newPage({ width });
  await page.goto(stack.url(path));
  return page;
}

describe('the public record page', () => {
  it('shows index number, label, validity, the attachment (downloaded same-origin) and the interpretation, linked both ways', async () => {
    const page = await open(`/records/${ids.doc}`);
    try {
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(DOC_TITLE);
      const meta = (await page.locator('.meta-table').textContent())!;
      expect(meta).toMatch(new RegExp(`${COUNTY}-\\d{4}-0000\\d\\d`));
      expect(meta).toContain('有效');
      expect(await page.locator('.label-tag').textContent()).toBe('此件公开发布');
      await shot(page, 'portal-record');

      const att = page.locator('.attachments li');
      expect(await att.count()).toBe(1);
      const text = (await att.textContent())!;
      expect(text).toContain('实施办法全文.pdf');
      expect(text).toContain('PDF 文档');
      expect(text).toMatch(/\d+\.\d KB/);
      const link = page.getByRole('link', { name: '实施办法全文.pdf' });
      const href = await link.getAttribute('href');
      expect(href).toBe(`/records/${ids.doc}/attachments/${ids.attachment}`);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('实施办法全文.pdf');
      expect(Buffer.from(readFileSync((await download.path())!)).equals(Buffer.from(pdfBytes))).toBe(true);
      const headers = await page.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options') };
      }, href!);
      expect(headers).toEqual({ status: 200, type: 'application/pdf', nosniff: 'nosniff' });

      const interp = page.locator('.interpretations').getByRole('link', { name: INTERP_TITLE });
      expect(await page.locator('.interpretations').textContent()).toContain('问答解读');
      await interp.click();
      await page.waitForURL(`${stack.web.url}/records/${ids.interp}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(INTERP_TITLE);
      expect(await page.locator('.meta-table').textContent()).toContain('问答解读');
      await shot(page, 'portal-interpretation');
      await page.locator('.interprets').getByRole('link', { name: `《${DOC_TITLE}》` }).click();
      await page.waitForURL(`${stack.web.url}/records/${ids.doc}`);

      // a record no longer in force says so, with its date
      await page.goto(`${stack.web.url}/records/${ids.old}`);
      expect(await page.locator('.meta-table .validity').textContent()).toBe('已失效（2025-05-20起）');
      expect(await page.locator('.interpretations').textContent()).toContain('暂无已发布的政策解读');

      // an unknown attachment is a 404 page, not a hub error passed through
      const missing = await page.goto(`${stack.web.url}/records/${ids.doc}/attachments/no-such-file`);
      expect(missing?.status()).toBe(404);
    } finally {
      await page.context().close();
    }
  });

  it('the county column offers its feeds, and the portal serves them same-origin', async () => {
    const page = await open(`/gk/${COUNTY}?domain=social-assistance`, 360);
    try {
      const alt = await page.locator('head link[rel="alternate"]').evaluateAll((ls) => ls.map((l) => [l.getAttribute('type'), l.getAttribute('href')]));
      expect(alt).toEqual(
        expect.arrayContaining([
          ['application/atom+xml', `/gk/${COUNTY}/feed.atom`],
          ['application/rss+xml', `/gk/${COUNTY}/feed.rss`],
          ['application/atom+xml', `/gk/${COUNTY}/feed.atom?domain=social-assistance`],
        ]),
      );
      await shot(page, 'portal-gk-360');
      expect(await page.locator('#feeds-county').textContent()).toContain('订阅（RSS/Atom）');
      expect(await page.locator('#feeds-domain').textContent()).toContain('订阅本领域（RSS/Atom）');
      const countyAtom = page.getByRole('link', { name: '以 Atom 订阅长安区最新政府信息' });
      expect(await countyAtom.isVisible()).toBe(true);

      // the domain's feed, fetched and parsed by the browser from the portal's own address
      const feed = await page.evaluate(async (u) => {
        const r = await fetch(u);
        const doc = new DOMParser().parseFromString(await r.text(), 'application/xml');
        return {
          type: r.headers.get('content-type'),
          etag: r.headers.get('etag'),
          entries: [...doc.querySelectorAll('entry')].map((e) => ({ title: e.querySelector('title')?.textContent, link: e.querySelector('link')?.getAttribute('href') })),
        };
      }, `/gk/${COUNTY}/feed.atom?domain=social-assistance`);
      expect(feed.type).toBe('application/atom+xml; charset=utf-8');
      expect(feed.etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(feed.entries.map((e) => e.title).sort()).toEqual([DOC_TITLE, INTERP_TITLE].sort());
      expect(feed.entries.find((e) => e.title === DOC_TITLE)?.link).toBe(`http://localhost:7000/records/${ids.doc}`);

      const rss = await page.evaluate(async () => {
        const r = await fetch('/gk/feed.rss');
        const doc = new DOMParser().parseFromString(await r.text(), 'application/xml');
        return { status: r.status, titles: [...doc.querySelectorAll('item > title')].map((t) => t.textContent) };
      });
      expect(rss.status).toBe(200);
      expect(rss.titles).toContain(`【已失效】${OLD_TITLE}`);

      const bad = await page.evaluate(async () => (await fetch('/gk/130102/feed.atom?domain=no-such-domain')).status);
      expect(bad).toBe(404);

      // the search page points readers at the province feed
      await page.goto(`${stack.web.url}/search`);
      expect(await page.locator('head link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe('/gk/feed.atom');
      // nothing spills sideways at 360 px
      await page.goto(`${stack.web.url}/records/${ids.doc}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await shot(page, 'portal-record-360');
    } finally {
      await page.context().close();
    }
  });
});
