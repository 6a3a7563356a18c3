/**
 * Fails when a schema and its committed migrations disagree: the snapshot drizzle-kit would
 * produce from the schema files now must equal the latest committed snapshot, i.e. running
 * `npm run generate -w @zwgk/db` would produce no new migration.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function latestSnapshot(dialect: 'pg' | 'sqlite') {
  const dir = join(root, 'migrations', dialect, 'meta');
  const journal = JSON.parse(readFileSync(join(dir, '_journal.json'), 'utf8')) as { entries: { idx: number }[] };
  const last = journal.entries.at(-1);
  if (!last) throw new Error(`no ${dialect} migrations committed`);
  return JSON.parse(readFileSync(join(dir, `${String(last.idx).padStart(4, '0')}_snapshot.json`), 'utf8'));
}

describe('committed migrations match the schemas', () => {
  it('hub (Postgres)', async () => {
    const { generateDrizzleJson, generateMigration } = await import('drizzle-kit/api');
    const schema = await import('./pg/index.js');
    const current = generateDrizzleJson(schema.hubSchema);
    const statements = await generateMigration(latestSnapshot('pg'), current);
    expect(statements, 'run `npm run generate -w @zwgk/db` and commit the migration').toEqual([]);
    // The comparison does see differences: against a snapshot without tables it wants to create them.
    const empty = { ...latestSnapshot('pg'), tables: {}, enums: {}, sequences: {} };
    expect((await generateMigration(empty, current)).some((s) => /create table/i.test(s))).toBe(true);
  });

  it('county (SQLite)', async () => {
    const { generateSQLiteDrizzleJson, generateSQLiteMigration } = await import('drizzle-kit/api');
    const schema = await import('./sqlite/schema.js');
    const current = await generateSQLiteDrizzleJson({ ...schema });
    const statements = await generateSQLiteMigration(latestSnapshot('sqlite'), current);
    expect(statements, 'run `npm run generate -w @zwgk/db` and commit the migration').toEqual([]);
    const empty = { ...latestSnapshot('sqlite'), tables: {} };
    expect((await generateSQLiteMigration(empty, current)).some((s) => /create table/i.test(s))).toBe(true);
  });
});
