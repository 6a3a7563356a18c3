import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectHubDb, enrollmentTokens, users } from '@zwgk/db/pg';
import { hashToken } from '@zwgk/server';
import { type TestDatabase, createTestDatabase } from '@zwgk/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../src/services/accounts.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../src/cli.ts');

let database: TestDatabase;
let hubDb: ReturnType<typeof connectHubDb>;

function run(args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  hubDb = connectHubDb(database.url, { max: 2 });
});

afterAll(async () => {
  await hubDb?.close();
  await database?.drop();
});

describe('cli', () => {
  it('refuses the demo password outside demo mode', async () => {
    const r = await run(['create-admin', '--username', 'province', '--role', 'province_admin', '--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ZWGK_DEMO=1');
  });

  it('creates the demo admin in demo mode, idempotently', async () => {
    const env = { ZWGK_DEMO: '1' };
    const first = await run(['create-admin', '--username', 'province', '--role', 'province_admin', '--demo'], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created province_admin province');
    const second = await run(['create-admin', '--username', 'province', '--role', 'province_admin', '--demo'], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already exists');
    expect(await hubDb.db.select().from(users).where(eq(users.username, 'province'))).toHaveLength(1);
    const loggedIn = await login(hubDb.db, { username: 'province', password: 'zwgk-demo' });
    expect(loggedIn.ok).toBe(true);
  });

  it('takes a password from stdin and applies the password policy', async () => {
    const short = await run(['create-admin', '--username', 'reviewer', '--role', 'city_reviewer', '--city', '130100', '--password-stdin'], {
      stdin: 'short\n',
    });
    expect(short.code).toBe(1);
    expect(await hubDb.db.select().from(users).where(eq(users.username, 'reviewer'))).toHaveLength(0);

    const noCity = await run(['create-admin', '--username', 'reviewer', '--role', 'city_reviewer', '--password-stdin'], {
      stdin: 'a long enough password\n',
    });
    expect(noCity.code).toBe(1);
    expect(noCity.stderr).toContain('cityCode');

    const ok = await run(['create-admin', '--username', 'reviewer', '--role', 'city_reviewer', '--city', '130100', '--password-stdin'], {
      stdin: 'a long enough password\n',
    });
    expect(ok.code).toBe(0);
    const [row] = await hubDb.db.select().from(users).where(eq(users.username, 'reviewer'));
    expect(row).toMatchObject({ role: 'city_reviewer', cityCode: '130100' });
  });

  it('issues an enrollment token and prints it as the last line', async () => {
    const r = await run(['issue-enrollment-token', '--county', '130181']);
    expect(r.code).toBe(0);
    const token = r.stdout.trim().split('\n').at(-1)!;
    const [row] = await hubDb.db.select().from(enrollmentTokens).where(eq(enrollmentTokens.tokenHash, hashToken(token)));
    expect(row).toMatchObject({ countyCode: '130181', createdBy: 'cli', usedAt: null });

    const bad = await run(['issue-enrollment-token', '--county', '130100']);
    expect(bad.code).toBe(1);
  });

  it('prints usage for an unknown command', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('create-admin');
  });
});
