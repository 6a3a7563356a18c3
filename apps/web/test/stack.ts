/**
 * A real province for the web's browser tests: a hub over a fresh Postgres database, county nodes
 * over fresh SQLite data dirs, enrolled with the hub through its HTTP API, all on the shared NATS
 * under a unique subject root and stream prefix, each on a free port. Then the production build
 * of the web (`node build/index.js`) pointed at them.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { generateNodeKeys } from '@zwgk/core';
import { createTestDatabase, freePort, tempDir, testServices, uniqueNatsNames } from '@zwgk/testing';
import pino from 'pino';
import { initNode, enrollNode } from '../../county-node/src/commands.js';
import { type CountyNode, createCountyNode } from '../../county-node/src/node.js';
import { createUser as createCountyUser } from '../../county-node/src/services/accounts.js';
import { type Hub, createHub } from '../../hub/src/hub.js';
import { createUser as createHubUser } from '../../hub/src/services/accounts.js';
import { createEnrollmentToken } from '../../hub/src/services/enrollment.js';

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PASSWORD = 'correct horse battery staple';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

function listen(app: { fetch: (req: Request) => Response | Promise<Response> }, port: number): Promise<ServerType> {
  return new Promise((res) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => res(server));
  });
}

const closeServer = (s: ServerType) => new Promise<void>((res) => s.close(() => res()));

export interface RunningCounty {
  code: string;
  url: string;
  node: CountyNode;
}

export interface Backends {
  hubUrl: string;
  hub: Hub;
  counties: RunningCounty[];
  stop(): Promise<void>;
}

/**
 * Hub with a province admin `province`, and one county node per code with an admin `admin`
 * (and an editor `editor`, a reviewer `reviewer`); `enroll` lists the codes to enroll.
 */
export async function startBackends(opts: { counties: string[]; enroll?: string[] }): Promise<Backends> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        console.error('cleanup failed:', e);
      }
    }
  };
  try {
    const { natsUrl } = testServices();
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const names = uniqueNatsNames();
    const hub = createHub({ databaseUrl: database.url, natsUrl, names, hubKeys: generateNodeKeys(), logger });
    await hub.start();
    cleanups.push(() => hub.stop());
    const hubPort = await freePort();
    const hubServer = await listen(hub.app, hubPort);
    cleanups.push(() => closeServer(hubServer));
    const hubUrl = `http://127.0.0.1:${hubPort}`;

    const admin = await createHubUser(
      hub.db.db,
      { username: 'province', password: PASSWORD, role: 'province_admin', cityCode: null, displayName: '省政务公开办' },
      { actor: 'test' },
    );
    if (!admin.ok) throw new Error(JSON.stringify(admin.error));

    const counties: RunningCounty[] = [];
    for (const code of opts.counties) {
      const dir = tempDir(`zwgk-web-county-${code}-`);
      cleanups.push(() => dir.remove());
      const init = initNode({ county: code, dataDir: dir.path });
      if (!init.ok) throw new Error(init.error.message);
      if (opts.enroll?.includes(code)) {
        const { token } = await createEnrollmentToken(hub.db.db, code, 'test');
        const enrolled = await enrollNode({ dataDir: dir.path, hubUrl, token });
        if (!enrolled.ok) throw new Error(enrolled.error.message);
      }
      const node = createCountyNode({ dataDir: dir.path, natsUrl, names, logger, heartbeatMs: 1000 });
      for (const [username, role, displayName] of [
        ['admin', 'county_admin', '县政务公开办'],
        ['editor', 'county_editor', '县民政局编辑'],
        ['reviewer', 'county_reviewer', '县审核员'],
      ] as const) {
        const r = await createCountyUser(node.services, { username, password: PASSWORD, role, displayName }, 'test');
        if (!r.ok) throw new Error(r.error.message);
      }
      await node.start();
      cleanups.push(() => node.stop());
      const port = await freePort();
      const server = await listen(node.app, port);
      cleanups.push(() => closeServer(server));
      counties.push({ code, url: `http://127.0.0.1:${port}`, node });
    }
    return { hubUrl, hub, counties, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** `npm run build` (vite build) of the web, unless ZWGK_WEB_SKIP_BUILD=1 and a build exists. */
export function buildWeb(): void {
  if (process.env.ZWGK_WEB_SKIP_BUILD === '1' && existsSync(join(WEB_DIR, 'build', 'index.js'))) return;
  const r = spawnSync('npm', ['run', 'build'], {
    cwd: WEB_DIR,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/**
 * A private copy of build/, beside it so that node_modules resolve the same way: another test run
 * may rebuild build/ while this one runs. `remove` deletes it.
 */
export function copyBuild(tag: string): { dir: string; remove(): void } {
  const dir = join(WEB_DIR, `.build-${tag}-${process.pid}`);
  cpSync(join(WEB_DIR, 'build'), dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningWeb {
  url: string;
  stop(): Promise<void>;
}

/**
 * The production server (`node build/index.js`) on a free port; `buildDir` runs a private copy of
 * the build instead (see `copyBuild`).
 */
export async function startWeb(env: { hubUrl: string; countyNodes: string; extra?: Record<string, string>; buildDir?: string }): Promise<RunningWeb> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(env.buildDir ?? join(WEB_DIR, 'build'), 'index.js')], {
    cwd: WEB_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: url,
      HUB_URL: env.hubUrl,
      COUNTY_NODES: env.countyNodes,
      ...env.extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  // generous: on the shared 2-core machine a cold start beside other suites takes a while
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`web exited (${child.exitCode}):\n${output}`);
    try {
      const r = await fetch(`${url}/robots.txt`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`web did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((res) => {
        child.once('exit', () => res());
        child.kill('SIGTERM');
      });
    },
  };
}

/** Chromium as installed by `node scripts/services.mjs chromium` (Debian's package). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
