import { serve } from '@hono/node-server';
import { generateNodeKeys } from '@zwgk/core';
import { closeCountyDb, openCountyDb, users } from '@zwgk/db/sqlite';
import { verifyPassword } from '@zwgk/server';
import { tempDir } from '@zwgk/testing';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, enrollNode, initNode } from '../src/commands.js';
import { readNodeConfig } from '../src/node-config.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = resolve(appDir, '../../node_modules/.bin/tsx');

/** Runs a script of this app as an operator would, with a clean ZWGK_* environment. */
function run(
  script: 'cli' | 'main',
  args: string[],
  o: { env?: Record<string, string>; stdin?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('ZWGK_') && !k.startsWith('NATS_') && k !== 'PORT') env[k] = v;
  }
  Object.assign(env, o.env);
  return new Promise((res, rej) => {
    const p = spawn(tsx, [join(appDir, `src/${script}.ts`), ...args], { cwd: appDir, env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), o.timeoutMs ?? 30_000);
    p.on('error', rej);
    p.on('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
    p.stdin.end(o.stdin ?? '');
  });
}

const dir = tempDir('zwgk-cli-');
afterAll(() => dir.remove());

describe('init', () => {
  it('creates node.json (0600) with keys and a migrated county.sqlite', async () => {
    const dataDir = join(dir.path, 'a');
    const r = await run('cli', ['init', '--county', '130181', '--data-dir', dataDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('辛集市');
    expect(statSync(join(dataDir, 'node.json')).mode & 0o777).toBe(0o600);
    const config = readNodeConfig(dataDir);
    expect(config.countyCode).toBe('130181');
    expect(config.keys.signing.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(config.hubSigningPublicKey).toBeUndefined();
    const db = openCountyDb(join(dataDir, 'county.sqlite'));
    expect(db.select().from(users).all()).toEqual([]);
    closeCountyDb(db);

    const again = await run('cli', ['init', '--county', '130181', '--data-dir', dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(readNodeConfig(dataDir).keys).toEqual(config.keys);
  });

  it('refuses codes that are not GB/T 2260 counties, and bad usage', async () => {
    for (const code of ['130100', '999999', '13010', '130171']) {
      const r = initNode({ county: code, dataDir: join(dir.path, `bad-${code}`) });
      expect(r.ok, code).toBe(false);
      expect(existsSync(join(dir.path, `bad-${code}`))).toBe(false);
    }
    const r = await run('cli', ['init', '--county', '999999', '--data-dir', join(dir.path, 'bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GB\/T 2260/);
    const usage = await run('cli', ['init', '--county', '130102', '--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: zwgk-county-node/);
  });
});

describe('create-admin', () => {
  const dataDir = join(dir.path, 'admins');
  beforeAll(() => {
    expect(initNode({ county: '130102', dataDir }).ok).toBe(true);
  });

  it('takes the password from stdin, enforces the policy, and is idempotent', async () => {
    const weak = await createAdmin({
      dataDir,
      username: 'root',
      role: 'county_admin',
      password: async () => ({ ok: true, value: { password: 'short', demo: false } }),
    });
    expect(!weak.ok && weak.error.message).toMatch(/密码至少10个字符/);

    const r = await run('cli', ['create-admin', '--data-dir', dataDir, '--username', 'root', '--password-stdin'], {
      stdin: 'a long enough secret\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created county_admin root/);
    const again = await run(
      'cli',
      ['create-admin', '--data-dir', dataDir, '--username', 'root', '--role', 'county_editor', '--password-stdin'],
      { stdin: 'a different secret!!\n' },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already exists/);

    const db = openCountyDb(join(dataDir, 'county.sqlite'));
    const row = db.select().from(users).all().find((u) => u.username === 'root')!;
    closeCountyDb(db);
    expect(row.role).toBe('county_admin');
    expect(await verifyPassword(row.passwordHash, 'a long enough secret')).toBe(true);
  });

  it('allows the demo password only in demo mode', async () => {
    const args = ['create-admin', '--data-dir', dataDir, '--username', 'demo', '--demo'];
    const refused = await run('cli', args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ZWGK_DEMO=1/);
    const none = await run('cli', ['create-admin', '--data-dir', dataDir, '--username', 'nopw']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/--password-stdin/);

    const ok = await run('cli', [...args, '--role', 'county_reviewer'], { env: { ZWGK_DEMO: '1' } });
    expect(ok.code).toBe(0);
    const db = openCountyDb(join(dataDir, 'county.sqlite'));
    const row = db.select().from(users).all().find((u) => u.username === 'demo')!;
    closeCountyDb(db);
    expect(row.role).toBe('county_reviewer');
    expect(await verifyPassword(row.passwordHash, 'zwgk-demo')).toBe(true);
  });

  it('refuses a data dir that was not initialised', async () => {
    const r = await createAdmin({
      dataDir: join(dir.path, 'nothing'),
      username: 'x',
      role: 'county_admin',
      password: async () => ({ ok: true, value: { password: 'zwgk-demo', demo: true } }),
    });
    expect(!r.ok && r.error.message).toMatch(/not an initialised county data dir/);
    expect(existsSync(join(dir.path, 'nothing'))).toBe(false);
  });
});

describe('enroll', () => {
  const hubKey = generateNodeKeys().signing.publicKey;
  const received: unknown[] = [];
  let hubUrl = '';
  let server: ReturnType<typeof serve>;

  beforeAll(async () => {
    // a stand-in for the hub's enrollment endpoint, speaking its wire format
    const hub = new Hono();
    hub.post('/api/v1/enroll', async (c) => {
      const body = (await c.req.json()) as { token: string };
      received.push(body);
      if (body.token !== 'good-token') return c.json({ error: { code: 'conflict', message: '注册令牌已使用过，请重新申请' } }, 409);
      return c.json({ hubSigningPublicKey: hubKey, subjectRoot: 'zwgk_t', streamPrefix: 'ZWGK_T' });
    });
    await new Promise<void>((res) => {
      server = serve({ fetch: hub.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        hubUrl = `http://127.0.0.1:${info.port}`;
        res();
      });
    });
  });
  afterAll(() => new Promise<void>((res) => server.close(() => res())));

  it('registers the public keys and stores the hub answer', async () => {
    const dataDir = join(dir.path, 'enroll');
    expect(initNode({ county: '130682', dataDir }).ok).toBe(true);
    const keys = readNodeConfig(dataDir).keys;

    const refused = await run('cli', ['enroll', '--data-dir', dataDir, '--hub', hubUrl, '--token', 'used-token']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('HTTP 409');
    expect(refused.stderr).toContain('注册令牌已使用过');
    expect(readNodeConfig(dataDir).hubSigningPublicKey).toBeUndefined();

    const r = await run('cli', ['enroll', '--data-dir', dataDir, '--hub', hubUrl, '--token', 'good-token']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(received.at(-1)).toEqual({
      token: 'good-token',
      countyCode: '130682',
      signingPublicKey: keys.signing.publicKey,
      encryptionPublicKey: keys.encryption.publicKey,
      // the node's own NATS user key: only the public half travels
      natsUserPublicKey: expect.stringMatching(/^U[A-Z2-7]{55}$/),
    });
    // a hub on open NATS issues no credential, so none is stored
    expect(existsSync(join(dataDir, 'nats.creds'))).toBe(false);
    const config = readNodeConfig(dataDir);
    expect(config).toMatchObject({ hubUrl, hubSigningPublicKey: hubKey, subjectRoot: 'zwgk_t', streamPrefix: 'ZWGK_T' });
    expect(config.keys).toEqual(keys);
    expect(statSync(join(dataDir, 'node.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dataDir, 'node.json'), 'utf8')).enrolledAt).toBeTruthy();
  });

  it('says so when the hub cannot be reached', async () => {
    const dataDir = join(dir.path, 'enroll2');
    expect(initNode({ county: '130102', dataDir }).ok).toBe(true);
    const r = await enrollNode({ dataDir, hubUrl: 'http://127.0.0.1:1', token: 't' });
    expect(!r.ok && r.error.message).toMatch(/could not reach the hub/);
  });
});

describe('main', () => {
  it('refuses to start on a data dir that was not initialised', async () => {
    const dataDir = join(dir.path, 'empty');
    const r = await run('main', [], { env: { ZWGK_DATA_DIR: dataDir } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not an initialised county data dir/);
    expect(r.stderr).toMatch(/init --county/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a bad environment with the variable named', async () => {
    const r = await run('main', [], { env: { PORT: 'eighty' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PORT/);
  });
});
