/**
 * Accessibility and 适老化 of the portal and both consoles in a real browser, against a real
 * province (hub on Postgres, an enrolled county node on SQLite, NATS) holding a published catalog
 * item, a published record and a registered application, so the pages show their tables and
 * forms rather than empty states.
 *
 * Every page is checked at 1280 px, on a 360 px phone, and on the phone in 适老化 mode:
 * - axe-core (injected into the page) with the WCAG 2.0/2.1 A and AA rules, colour contrast
 *   included: no violation of impact serious or critical;
 * - the page itself never scrolls sideways at 360 px (wide tables scroll inside their own box);
 * - every form control has an accessible name in Chromium's own accessibility tree, and a label;
 * - at 1280 px, every element reached by Tab shows a focus indicator (outline or box-shadow).
 * Then the keyboard path to the main actions, the portal's base font size, and the 适老化 switch.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { inPersonRequest, submitLogin, until, useBrowserStack } from './browser';

const COUNTY = '130102'; // 长安区, 石家庄市
const ITEM_NAME = '临时救助审批结果';
const RECORD_TITLE = '长安区临时救助实施办法';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Desktop, a phone, and a phone in 适老化 mode (larger type and darker colours: its own contrast). */
const VIEWS = [
  { width: 1280, elder: false, name: '1280 px' },
  { width: 360, elder: false, name: '360 px' },
  { width: 360, elder: true, name: '360 px in 适老化 mode' },
] as const;

/**
 * axe rules excused on a page (path prefix → rule ids), each with its reason in a comment. Empty:
 * every page passes them all; an entry is a debt to pay, never a way to silence a new finding.
 */
const KNOWN: Record<string, string[]> = {};

const ids = { item: '', record: '', request: '' };

const stack = useBrowserStack({ counties: [COUNTY], enroll: [COUNTY], seed, timeoutMs: 360_000 });
const { url } = stack;
const at = (base: 'county' | 'hub') => (base === 'hub' ? 'hub' : COUNTY);
const call = (base: 'county' | 'hub', who: string, method: string, path: string, body?: unknown) => stack.call(who, method, path, body, at(base));
const must = (base: 'county' | 'hub', who: string, method: string, path: string, body?: unknown) => stack.api(who, method, path, body, at(base));

/** A published catalog item (county → hub review → county publishes → hub), a published record, a request. */
async function seed() {
  const item = await must('county', 'admin', 'POST', '/api/v1/catalog/items', {
    domain: 'social-assistance',
    level: 'county',
    name: ITEM_NAME,
    content: '临时救助对象的姓名（部分隐去）、所在村（社区）和救助金额',
    legalBasis: '《社会救助暂行办法》第四十七条至第五十二条',
    timeLimit: '信息形成或者变更之日起20个工作日内',
    responsibleBody: '长安区民政局',
    method: 'proactive',
    channels: ['website', 'bulletin-board'],
    audience: 'public',
    category: '临时救助',
  });
  ids.item = item.id as string;
  await must('county', 'admin', 'POST', '/api/v1/catalog/submit', { all: true });
  // the submitted version reaches the hub over NATS; the province approves it there
  await until(async () => {
    const r = await call('hub', 'province', 'POST', `/api/v1/catalog/items/${item.id as string}/review`, { decision: 'approve' });
    if (r.status === 201) return true;
    if (r.status !== 404 && r.status !== 409) throw new Error(`review: ${r.status} ${JSON.stringify(r.json)}`);
    return false;
  }, 'the submitted item at the hub', 120_000);

  const rec = await must('county', 'editor', 'POST', '/api/v1/records', {
    title: RECORD_TITLE,
    body: '<p>第一条 为规范临时救助工作，制定本办法。</p>',
    issuingBody: '长安区民政局',
    docNo: '长民〔2025〕9号',
    writtenOn: '2025-04-20',
    domain: 'social-assistance',
    attribute: 'proactive',
  });
  ids.record = rec.id as string;
  await must('county', 'editor', 'POST', `/api/v1/records/${ids.record}/transitions`, { action: 'submit' });
  await must('county', 'reviewer', 'POST', `/api/v1/records/${ids.record}/transitions`, { action: 'approve' });
  await must('county', 'admin', 'POST', `/api/v1/records/${ids.record}/transitions`, { action: 'publish', publishedOn: '2025-04-30' });

  const request = await must(
    'county',
    'admin',
    'POST',
    '/api/v1/requests',
    inPersonRequest({ submittedOn: new Date().toISOString().slice(0, 10), applicant: { name: '张三', phone: '13900000000' }, description: '申请公开长安区2024年临时救助资金发放情况' }),
  );
  ids.request = request.id as string;

  await until(async () => {
    const catalog = await fetch(`${stack.backends.hubUrl}/api/v1/counties/${COUNTY}/catalog`).then((r) => (r.ok ? r.text() : ''));
    const record = await fetch(`${stack.backends.hubUrl}/api/v1/records/${ids.record}`).then((r) => r.ok);
    return catalog.includes(ITEM_NAME) && record;
  }, 'the published item and record at the hub', 120_000);
}

async function newContext(width: number, elder = false): Promise<BrowserContext> {
  const ctx = await stack.newContext({ width, height: 800 });
  // the switch's own cookie, as the 适老化 form sets it (the switch itself is tested below)
  if (elder) await ctx.addCookies([{ name: 'zwgk_elder', value: '1', url: stack.web.url }]);
  return ctx;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.1 A/AA rules; only serious and critical findings count. */
async function axeProblems(page: Page, path: string): Promise<string[]> {
  // Evaluated through the DevTools protocol rather than added as a <script>: the portal's CSP
  // (nonces only) rightly refuses an injected inline script, and the check must not weaken it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, WCAG_AA);
  if (process.env.ZWGK_A11Y_ALL) for (const v of violations) console.info(`[axe ${path}] ${v.id} (${v.impact}) ${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
  const skip = Object.entries(KNOWN).flatMap(([prefix, rules]) => (path.startsWith(prefix) ? rules : []));
  return violations
    .filter((v) => (v.impact === 'serious' || v.impact === 'critical') && !skip.includes(v.id))
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : ''}`).join('; ')}`);
}

/** The page itself must not scroll sideways; a wide table scrolls inside its own container. */
async function overflowProblems(page: Page): Promise<string[]> {
  const { scroll, inner, culprits } = await page.evaluate(() => {
    const inner = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= inner + 1) continue;
      // inside a box that scrolls or clips horizontally: not the page's problem
      let p = el.parentElement;
      let contained = false;
      while (p && p !== document.body) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') {
          contained = true;
          break;
        }
        p = p.parentElement;
      }
      if (!contained) culprits.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (right ${Math.round(r.right)})`);
    }
    return { scroll: document.scrollingElement!.scrollWidth, inner, culprits: culprits.slice(0, 5) };
  });
  return scroll <= inner + 1 ? [] : [`page scrolls sideways: scrollWidth ${scroll} > ${inner}: ${culprits.join(', ')}`];
}

const CONTROL_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'spinbutton', 'slider', 'switch', 'button', 'PopUpButton', 'Date', 'DateTime', 'InputTime']);

/** Every form control has a name in Chromium's accessibility tree (what a screen reader gets). */
async function nameProblems(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }[];
    };
    const unnamed = nodes.filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? '') && !(n.name?.value ?? '').trim());
    const out: string[] = [];
    for (const n of unnamed) {
      const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: n.backendDOMNodeId })) as { object: { description?: string } };
      out.push(`${n.role!.value} without an accessible name: ${object.description ?? '?'}`);
    }
    // A placeholder or a file button's default 「选择文件」 also count as names there, but vanish or
    // say nothing once typed into or chosen: every field must have a real label as well.
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input:not([type=hidden]), select, textarea'))
        .filter((el) => el.getClientRects().length > 0 && !el.labels?.length && !el.getAttribute('aria-label')?.trim() && !el.getAttribute('aria-labelledby'))
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}[name=${el.getAttribute('name') ?? ''}]`),
    );
    return [...out, ...unlabelled.map((w) => `form field without a label: ${w}`)];
  } finally {
    await cdp.detach();
  }
}

/** Tabs through the page from the top; every focused element must show a focus indicator. */
async function focusProblems(page: Page, tabs = 30): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const out = new Set<string>();
  for (let i = 0; i < tabs; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
      return { ok: outline || shadow, what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 20)}"` };
    });
    if (f && !f.ok) out.add(`no visible focus indicator: ${f.what}`);
  }
  return [...out];
}

async function checkPage(page: Page, path: string, width: number): Promise<string[]> {
  const res = await page.goto(url(path));
  if (!res || res.status() >= 400) return [`${path}: HTTP ${res?.status()}`];
  await page.waitForLoadState('networkidle');
  const problems = [
    ...(await axeProblems(page, path)),
    ...(width <= 360 ? await overflowProblems(page) : []),
    ...(await nameProblems(page)),
    ...(width > 360 ? await focusProblems(page) : []),
  ];
  const elder = await page.evaluate(() => document.documentElement.classList.contains('elder'));
  return problems.map((p) => `[${width}px${elder ? ' 适老化' : ''} ${path}] ${p}`);
}

async function login(page: Page, loginPath: string, home: string, username: string) {
  await page.goto(url(loginPath));
  await submitLogin(page, username);
  await page.waitForURL((u) => u.pathname === home);
}

const PORTAL = () => [
  '/',
  '/catalog',
  `/catalog/${COUNTY}`,
  '/coverage',
  `/coverage/${COUNTY}`,
  `/search?q=${encodeURIComponent('救助')}`,
  '/apply',
  '/track',
  `/gk/${COUNTY}`,
  `/records/${ids.record}`,
  '/county',
];
const COUNTY_CONSOLE = () => [
  `/county/${COUNTY}`,
  `/county/${COUNTY}/items/${ids.item}`,
  `/county/${COUNTY}/items/new`,
  `/county/${COUNTY}/standards`,
  `/county/${COUNTY}/due`,
  `/county/${COUNTY}/import`,
  `/county/${COUNTY}/records`,
  `/county/${COUNTY}/records/new`,
  `/county/${COUNTY}/requests`,
  `/county/${COUNTY}/requests/new`,
  `/county/${COUNTY}/requests/${ids.request}`,
];
const PROVINCE_CONSOLE = [
  '/province',
  '/province/reviews',
  '/province/coverage',
  `/province/coverage/${COUNTY}`,
  '/province/requests',
  '/province/standards',
  '/province/standards/social-assistance',
  '/province/quarantine',
  '/province/enrollment',
];

describe('accessibility (WCAG 2.1 AA) and 适老化', () => {
  for (const { width, elder, name } of VIEWS) {
    it(`portal pages at ${name}`, async () => {
      const ctx = await newContext(width, elder);
      try {
        const page = await ctx.newPage();
        const problems: string[] = [];
        for (const path of PORTAL()) problems.push(...(await checkPage(page, path, width)));
        // a form showing its errors: the messages and the marked fields must pass too
        await page.goto(url('/track'));
        await page.getByRole('textbox', { name: '查询号' }).fill('YSQ-0000-0000');
        await page.getByLabel('查询码').fill('WRONG-SECRET');
        await page.getByRole('button', { name: '查询' }).click();
        await page.getByRole('alert').first().waitFor();
        problems.push(...(await axeProblems(page, '/track')).map((p) => `[${width}px /track with errors] ${p}`));
        await page.goto(url('/apply'));
        await page.getByRole('button', { name: '提交申请' }).click();
        await page.locator('.field-error').first().waitFor();
        problems.push(...(await axeProblems(page, '/apply')).map((p) => `[${width}px /apply with errors] ${p}`));
        expect(problems).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it(`county console at ${name}`, async () => {
      const ctx = await newContext(width, elder);
      try {
        const page = await ctx.newPage();
        const problems = await checkPage(page, `/county/${COUNTY}/login`, width);
        await login(page, `/county/${COUNTY}/login`, `/county/${COUNTY}`, 'admin');
        for (const path of COUNTY_CONSOLE()) problems.push(...(await checkPage(page, path, width)));
        await page.goto(url(`/county/${COUNTY}/items/new`));
        await page.getByRole('button', { name: '保存事项' }).click();
        await page.locator('.field-error').first().waitFor();
        problems.push(...(await axeProblems(page, '/county/items/new')).map((p) => `[${width}px items/new with errors] ${p}`));
        expect(problems).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it(`province console at ${name}`, async () => {
      const ctx = await newContext(width, elder);
      try {
        const page = await ctx.newPage();
        const problems = await checkPage(page, '/province/login', width);
        await login(page, '/province/login', '/province', 'province');
        for (const path of PROVINCE_CONSOLE) problems.push(...(await checkPage(page, path, width)));
        expect(problems).toEqual([]);
      } finally {
        await ctx.close();
      }
    });
  }

  it('lets a keyboard user skip to the content and reach the search box and its button', async () => {
    const ctx = await newContext(1280);
    try {
      const page = await ctx.newPage();
      await page.goto(url('/'));
      await page.waitForLoadState('networkidle');
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const s = getComputedStyle(el);
          return { id: el.id, text: (el.textContent ?? '').trim(), tag: el.tagName, visible: el.matches(':focus-visible'), outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), shadow: s.boxShadow };
        });

      // the first Tab lands on the skip link, which moves focus to the main content
      await page.keyboard.press('Tab');
      const skip = await focused();
      expect(skip.text).toBe('跳到主要内容');
      expect(skip.visible).toBe(true);
      expect(await page.locator('.skip-link').boundingBox()).toMatchObject({ y: 0 });
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

      // from the content, Tab reaches the search box first, then its submit button
      await page.keyboard.press('Tab');
      const box = await focused();
      expect(box.id).toBe('site-q');
      expect(box.visible).toBe(true);
      expect(box.outline).not.toBe('none');
      expect(box.outlineWidth).toBeGreaterThanOrEqual(2);
      expect(box.shadow).not.toBe('none');
      await page.keyboard.type('救助');
      await page.keyboard.press('Tab');
      const button = await focused();
      expect(button).toMatchObject({ tag: 'BUTTON', text: '搜索', visible: true });
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === '救助');
      expect(await page.getByText(RECORD_TITLE).count()).toBeGreaterThan(0);

      // the application form can be filled and submitted without a mouse: Tab reaches 提交申请
      await page.goto(url('/apply'));
      await page.waitForLoadState('networkidle');
      let reached = false;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        reached = f.tag === 'BUTTON' && f.text === '提交申请' && f.visible;
      }
      expect(reached).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('reads at 16 px or more on the portal, and the 适老化 switch enlarges it, by keyboard, and is remembered', async () => {
    const ctx = await newContext(360);
    try {
      const page = await ctx.newPage();
      await page.goto(url(`/catalog/${COUNTY}`));
      await page.waitForLoadState('networkidle');
      const sizes = () =>
        page.evaluate(() => ({
          root: parseFloat(getComputedStyle(document.documentElement).fontSize),
          body: parseFloat(getComputedStyle(document.body).fontSize),
          elder: document.documentElement.classList.contains('elder'),
        }));
      /** the smallest text in the page's content, in px */
      const smallest = () =>
        page.evaluate(() => {
          let min = Infinity;
          const walker = document.createTreeWalker(document.getElementById('main')!, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!n.textContent?.trim() || !el || !el.getClientRects().length || el.closest('.visually-hidden')) continue;
            min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
          }
          return min;
        });
      const before = await sizes();
      expect(before.root).toBeGreaterThanOrEqual(16);
      expect(before.body).toBeGreaterThanOrEqual(16);
      expect(before.elder).toBe(false);

      const toggle = page.getByRole('button', { name: /适老化模式/ });
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      await toggle.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.documentElement.classList.contains('elder'));
      // back on the same page, larger, and the switch says it is on
      expect(new URL(page.url()).pathname).toBe(`/catalog/${COUNTY}`);
      const after = await sizes();
      expect(after.root).toBeGreaterThanOrEqual(before.root * 1.2);
      // no fine print left in the content: even table labels and notes read at 16 px or more
      expect(await smallest()).toBeGreaterThanOrEqual(16);
      expect(after.body).toBeGreaterThanOrEqual(before.body * 1.2);
      const on = page.getByRole('button', { name: /退出适老化模式/ });
      expect(await on.getAttribute('aria-pressed')).toBe('true');

      // remembered (a cookie) on the next page, which still passes the checks at the larger size
      const problems: string[] = [];
      for (const path of ['/', `/catalog/${COUNTY}`, '/apply']) problems.push(...(await checkPage(page, path, 360)));
      expect(problems).toEqual([]);
      expect((await sizes()).elder).toBe(true);

      await page.getByRole('button', { name: /退出适老化模式/ }).click();
      await page.waitForFunction(() => !document.documentElement.classList.contains('elder'));
      expect((await sizes()).root).toBe(before.root);
    } finally {
      await ctx.close();
    }
  });
});
