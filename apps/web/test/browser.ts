/**
 * What the web's browser tests share around `stack.ts`: one province, the built web and Chromium
 * started before a file's tests and stopped after them; pages with the timeouts a loaded machine
 * needs; the console's login; the county node's REST API as one of its users; screenshots, the
 * 360 px check, axe-core and a few readers of what the web hands out.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { CountyNode } from '../../county-node/src/node.js';
import { smallPdf } from '../../county-node/test/fixtures.js';
import { type Backends, CHROMIUM, CHROMIUM_ARGS, PASSWORD, type RunningWeb, buildWeb, copyBuild, startBackends, startWeb } from './stack';

// the county node's tests read the same archives and write the same PDFs
export { unzip } from '../../county-node/test/fixtures.js';

/** Where screenshots go when ZWGK_WEB_SCREENSHOTS=<dir> is set; nowhere otherwise. */
export const SHOTS = process.env.ZWGK_WEB_SCREENSHOTS;

export interface PageOptions {
  width?: number;
  height?: number;
  javaScriptEnabled?: boolean;
  acceptDownloads?: boolean;
}

export interface Answer {
  status: number;
  json: Record<string, unknown>;
}

export interface BrowserStack {
  readonly backends: Backends;
  readonly web: RunningWeb;
  readonly browser: Browser;
  /** The web's address of a path. */
  url(path: string): string;
  /** A county's node (the first county's without a code). */
  node(code?: string): CountyNode;
  newContext(opts?: PageOptions): Promise<BrowserContext>;
  /** A page in a context of its own; close it with `page.context().close()`. */
  newPage(opts?: PageOptions): Promise<Page>;
  /** Opens a console page, is sent to its login (`redirect`), logs in and is sent back to the page. */
  login(page: Page, username: string, path: string, redirect?: RegExp): Promise<void>;
  /** Opens a console page; on the login redirect, logs in and comes back to it. */
  consoleGoto(page: Page, path: string, username: string): Promise<void>;
  /** A bearer token of a county node's user (or the hub's, `at: 'hub'`), fetched once. */
  token(username: string, at?: string): Promise<string>;
  /** A county node's REST API (or the hub's, `at: 'hub'`) as one of its users, whatever the answer. */
  call(username: string, method: string, path: string, body?: unknown, at?: string): Promise<Answer>;
  /** The same, for setup and for what another clerk does meanwhile: anything but a 2xx throws. */
  api(username: string, method: string, path: string, body?: unknown, at?: string): Promise<Record<string, unknown>>;
}

/**
 * Starts the province (`startBackends`), then `seed` (data the browser steps start from), the web
 * (`privateBuild` runs its own copy of the build, for a file that must not see build/ replaced
 * under it) and Chromium, before the file's tests; stops them all after.
 */
export function useBrowserStack(opts: {
  counties: string[];
  enroll?: string[];
  seed?: (stack: BrowserStack) => Promise<void> | void;
  privateBuild?: string;
  webEnv?: Record<string, string>;
  timeoutMs?: number;
}): BrowserStack {
  let backends: Backends | undefined;
  let web: RunningWeb | undefined;
  let browser: Browser | undefined;
  let build: { dir: string; remove(): void } | undefined;
  const tokens = new Map<string, string>();

  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not running: the stack starts in beforeAll`);
    return v;
  };

  const base = (at: string) => {
    if (at === 'hub') return { fetch: (path: string, init: RequestInit) => fetch(`${stack.backends.hubUrl}${path}`, init) };
    const node = stack.node(at);
    return { fetch: (path: string, init: RequestInit) => node.app.request(path, init) };
  };

  const stack: BrowserStack = {
    get backends() {
      return started(backends, 'the province');
    },
    get web() {
      return started(web, 'the web');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    url: (path) => `${stack.web.url}${path}`,
    node(code) {
      const counties = stack.backends.counties;
      const county = code === undefined ? counties[0] : counties.find((c) => c.code === code);
      if (!county) throw new Error(`no county node ${code ?? ''}`);
      return county.node;
    },
    async newContext(o = {}) {
      const ctx = await stack.browser.newContext({
        viewport: { width: o.width ?? 1280, height: o.height ?? 900 },
        locale: 'zh-CN',
        javaScriptEnabled: o.javaScriptEnabled ?? true,
        acceptDownloads: o.acceptDownloads ?? true,
      });
      // Playwright's 30 s default is for a quiet machine; CI runs these beside the other suites.
      ctx.setDefaultTimeout(90_000);
      ctx.setDefaultNavigationTimeout(90_000);
      return ctx;
    },
    async newPage(o = {}) {
      return (await stack.newContext(o)).newPage();
    },
    async login(page, username, path, redirect = /\/login\?next=/) {
      await page.goto(stack.url(path));
      await page.waitForURL(redirect);
      await submitLogin(page, username);
      await page.waitForURL(stack.url(path));
    },
    async consoleGoto(page, path, username) {
      await page.goto(stack.url(path));
      if (page.url().includes('/login')) {
        await submitLogin(page, username);
        await page.waitForURL(stack.url(path));
      }
    },
    async token(username, at = stack.backends.counties[0]!.code) {
      const key = `${at} ${username}`;
      if (!tokens.has(key)) {
        const res = await base(at).fetch('/api/v1/auth/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: PASSWORD }),
        });
        tokens.set(key, ((await res.json()) as { token: string }).token);
      }
      return tokens.get(key)!;
    },
    async call(username, method, path, body, at = stack.backends.counties[0]!.code) {
      const token = await stack.token(username, at);
      const res = await base(at).fetch(path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
    async api(username, method, path, body, at) {
      const r = await stack.call(username, method, path, body, at);
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json;
    },
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`node scripts/services.mjs chromium\``);
    buildWeb();
    if (opts.privateBuild) build = copyBuild(opts.privateBuild);
    backends = await startBackends({ counties: opts.counties, ...(opts.enroll ? { enroll: opts.enroll } : {}) });
    await opts.seed?.(stack);
    web = await startWeb({
      hubUrl: backends.hubUrl,
      countyNodes: backends.counties.map((c) => `${c.code}=${c.url}`).join(','),
      ...(opts.webEnv ? { extra: opts.webEnv } : {}),
      ...(build ? { buildDir: build.dir } : {}),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, opts.timeoutMs ?? 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await backends?.stop();
    build?.remove();
  }, 60_000);

  return stack;
}

/** Fills and sends the console's login form the page is at. */
export async function submitLogin(page: Page, username: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

/** A full-page screenshot when ZWGK_WEB_SCREENSHOTS is set; `phone` adds one at 360 px. */
export async function shot(page: Page, name: string, opts: { phone?: boolean } = {}): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  if (!opts.phone) return;
  const width = page.viewportSize()?.width ?? 1280;
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: join(SHOTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width, height: 900 });
}

/** No horizontal scrolling of the page itself (tables scroll inside their own region); names what sticks out. */
export async function fitsWidth(page: Page): Promise<void> {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // what sticks out past the viewport without a scrolling box of its own around it
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > client + 1)
      .filter((el) => !el.parentElement?.closest('[role="region"]') || ['absolute', 'fixed'].includes(getComputedStyle(el).position))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  expect(scroll, wide.join(', ')).toBeLessThanOrEqual(client);
}

/** Polls `fn` until it gives something (federation is asynchronous). */
export async function until<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

/** axe-core's WCAG 2.1 A/AA rules; serious and critical findings. */
export async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: V[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  });
}

/** The body of an application registered at the counter, answered on paper. */
export function inPersonRequest(r: {
  submittedOn: string;
  applicant: { name: string; phone: string; organisationName?: string };
  applicantType?: string;
  description: string;
}): Record<string, unknown> {
  return {
    channel: 'inPerson',
    submittedOn: r.submittedOn,
    applicant: r.applicant,
    applicantType: r.applicantType ?? 'naturalPerson',
    description: r.description,
    deliveryForm: 'paper',
  };
}

/** A year's applications for the annual report, registered and (those with an outcome) replied to on the day. */
export async function registerRequests(
  api: BrowserStack['api'],
  at: string,
  requests: { on: string; type: string; outcome?: string }[],
  organisationName: string,
): Promise<void> {
  for (const r of requests) {
    const applicant = { name: '申请人', phone: '13900000000', ...(r.type === 'naturalPerson' ? {} : { organisationName }) };
    const reg = await api('admin', 'POST', '/api/v1/requests', inPersonRequest({ submittedOn: r.on, applicant, applicantType: r.type, description: '申请公开某项政府信息' }), at);
    if (r.outcome) {
      await api('admin', 'POST', `/api/v1/requests/${reg.id as string}/transitions`, { action: 'reply', on: r.on, outcome: r.outcome, replyText: '答复' }, at);
    }
  }
}

/** A small but real PDF: one empty page, a valid xref table; `padding` bytes of comment make it larger. */
export const onePagePdf = (padding = 0): Buffer => Buffer.from(smallPdf(padding));
