import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TestDatabase, createTestDatabase } from '@zwgk/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pgConfig from '../../drizzle.pg.config.js';
import { connectHubDb, counties, inbox, migrateHubDb, pgMigrationsFolder } from './index.js';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe('hub Postgres schema', () => {
  it('migrates a new database, also when two processes start at once, and again as a no-op', async () => {
    await Promise.all([migrateHubDb(database.url), migrateHubDb(database.url)]);
    await migrateHubDb(database.url);
    const hub = connectHubDb(database.url, { max: 1 });
    try {
      await hub.db.insert(counties).values({ code: '130102', name: '长安区', cityCode: '130100' });
      const [row] = await hub.db.select().from(counties);
      expect(row).toMatchObject({ highWaterSeq: 0n, maxSeqSeen: 0n, quarantinedCount: 0, enrolledAt: null });
      const big = 2n ** 63n - 1n;
      await hub.db.insert(inbox).values({
        origin: '130102',
        seq: big,
        kind: 'catalog.item',
        schema: 'catalog.item/1',
        entityId: 'x',
        entityVersion: 1n,
        envelope: { a: 1 },
      });
      const [stored] = await hub.db.select().from(inbox);
      expect(stored?.seq).toBe(big);
      // stored as a JSON object, not as a JSON string
      const [kind] = await hub.db.execute<{ t: string }>(sql`select jsonb_typeof(envelope) as t from inbox`);
      expect(kind?.t).toBe('object');
    } finally {
      await hub.close();
    }
  });

  it('has migrations that match the schema (run `npm run generate` after changing it)', () => {
    const out = mkdtempSync(join(tmpdir(), 'zwgk-pg-drift-'));
    try {
      cpSync(pgMigrationsFolder, out, { recursive: true });
      const before = readdirSync(out).filter((f) => f.endsWith('.sql'));
      // the schema files drizzle-kit generates from, so a new file cannot be missed here
      const schema = (pgConfig.schema as string[]).map((f) => join(pkg, f));
      const config = join(out, 'drift.config.mjs');
      // drizzle-kit reads `out` relative to the working directory, even when it is absolute
      writeFileSync(config, `export default ${JSON.stringify({ dialect: 'postgresql', schema, out: relative(pkg, out) })};\n`);
      // the package exports only its API; the CLI sits next to its entry point
      const bin = join(dirname(createRequire(import.meta.url).resolve('drizzle-kit')), 'bin.cjs');
      const r = spawnSync(process.execPath, [bin, 'generate', '--config', config], { cwd: pkg, encoding: 'utf8' });
      const output = `${r.stdout}\n${r.stderr}`;
      const after = readdirSync(out).filter((f) => f.endsWith('.sql'));
      expect(after, `schema changed without a migration:\n${output}`).toEqual(before);
      // drizzle-kit exits 0 on some failures, so also require its explicit verdict
      expect(output).toContain('No schema changes');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
