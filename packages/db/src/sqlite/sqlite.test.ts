import { eq, sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeCountyDb, openCountyDb, outbox, users } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'zwgk-db-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('county SQLite schema', () => {
  it('migrates a new file and opens it again without re-running migrations', () => {
    const file = join(dir, 'a.sqlite');
    const db = openCountyDb(file);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.insert(users)
      .values({ id: 'u1', username: 'a', passwordHash: 'x', role: 'county_admin', displayName: 'A', createdAt: 'now' })
      .run();
    closeCountyDb(db);
    const again = openCountyDb(file);
    expect(again.select().from(users).where(eq(users.username, 'a')).all()).toHaveLength(1);
    closeCountyDb(again);
  });

  it('does not consume an outbox seq in a rolled-back transaction', () => {
    const db = openCountyDb(join(dir, 'b.sqlite'));
    const row = (entityId: string) => ({ kind: 'k', entityId, entityVersion: 1, envelope: '{}', createdAt: 'now' });
    db.insert(outbox).values(row('a')).run();
    expect(() =>
      db.transaction((tx) => {
        tx.insert(outbox).values(row('b')).run();
        throw new Error('abort');
      }),
    ).toThrow('abort');
    db.insert(outbox).values(row('c')).run();
    const seqs = db.select({ seq: outbox.seq }).from(outbox).orderBy(outbox.seq).all();
    expect(seqs.map((r) => r.seq)).toEqual([1, 2]);
    expect(db.get<{ n: number }>(sql`select count(*) as n from outbox where sent_at is null`)?.n).toBe(2);
    closeCountyDb(db);
  });
});
