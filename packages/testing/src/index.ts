/**
 * Real services for integration tests, with isolated names so suites can run twice in a row and
 * in parallel: a fresh Postgres database per suite, a unique subject root and stream prefix per
 * suite, and (when a test needs its own auth config) a private nats-server on a free port.
 *
 * Where the services are: `DATABASE_URL` / `NATS_URL` if set, else what `scripts/services.mjs
 * ensure` wrote to `.data/services.json`, else the local defaults.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface ServicesFile {
  databaseUrl?: string;
  natsUrl?: string;
}

function servicesFile(): ServicesFile {
  const p = join(repoRoot, '.data', 'services.json');
  if (!existsSync(p)) return {};
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as ServicesFile;
  } catch {
    return {};
  }
}

export function testServices(): { databaseUrl: string; natsUrl: string } {
  const file = servicesFile();
  return {
    databaseUrl: process.env.DATABASE_URL ?? file.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: process.env.NATS_URL ?? file.natsUrl ?? 'nats://127.0.0.1:4222',
  };
}

export const uniqueId = (prefix = 't'): string => `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

/** Unique NATS names for one suite: subjects under their own root, streams under their own prefix. */
export function uniqueNatsNames(): { subjectRoot: string; streamPrefix: string } {
  const id = uniqueId();
  return { subjectRoot: `zwgk_${id}`, streamPrefix: `ZWGK_${id.toUpperCase()}` };
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database with the collation Chinese search needs (LC_CTYPE C.UTF-8 from template0;
 * otherwise pg_trgm ignores CJK). Drop it in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { databaseUrl } = testServices();
  const name = uniqueId('zwgk_test_');
  const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(
      `create database "${name}" template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`,
    );
  } finally {
    await admin.end();
  }
  const u = new URL(databaseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async drop() {
      const a = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export function tempDir(prefix = 'zwgk-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface PrivateNatsServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops the process but keeps its JetStream store, so `start()` brings the same data back. */
  restart(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
}

const NATS_BIN = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) =>
  existsSync(p),
);

async function waitForPort(port: number, timeoutMs = 15000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const okay = await new Promise<boolean>((res) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => res(false));
    });
    if (okay) return;
    if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A nats-server of the test's own, with JetStream in a temp dir and an optional config body
 * (e.g. an `authorization { users = [...] }` block). Needed where a test stops the server or
 * needs auth; other tests share the environment's server with unique names.
 *
 * The body may be a function of the config file's directory: nats-server resolves `include`
 * paths relative to it (even absolute-looking ones), so an include must be written relative.
 */
export async function startPrivateNatsServer(configBody: string | ((configDir: string) => string) = ''): Promise<PrivateNatsServer> {
  if (!NATS_BIN) throw new Error('nats-server is not installed (apt-get install nats-server)');
  const dir = tempDir('zwgk-nats-');
  const port = await freePort();
  const conf = join(dir.path, 'nats.conf');
  writeFileSync(
    conf,
    `listen: 127.0.0.1:${port}\njetstream { store_dir: "${join(dir.path, 'js')}" }\n${typeof configBody === 'function' ? configBody(dir.path) : configBody}\n`,
  );
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn(NATS_BIN, ['-c', conf], { stdio: 'ignore' });
    await waitForPort(port);
  };
  const kill = async () => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((res) => {
      p.once('exit', () => res());
      p.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    async stop() {
      await kill();
      dir.remove();
    },
    async restart() {
      await kill();
      await start();
    },
    async pause() {
      await kill();
    },
    async resume() {
      await start();
    },
  };
}
