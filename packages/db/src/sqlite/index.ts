import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export * from './schema.js';
export { schema };

/** The committed migrations, located from this file so any working directory works. */
export const SQLITE_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations/sqlite', import.meta.url));

export type CountyDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenCountyDbOptions {
  /** how long a writer waits for another connection's lock before SQLITE_BUSY */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a county's SQLite file and brings it to the latest schema. WAL lets
 * readers proceed while the single writer commits; foreign keys are off by default in SQLite.
 * `synchronous` stays FULL: an outbox seq that reached the hub must never be lost to a power cut
 * and then reused for a different event.
 */
export function openCountyDb(file: string, opts: OpenCountyDbOptions = {}): CountyDb {
  const client = new Database(file);
  try {
    client.pragma('journal_mode = WAL');
    client.pragma('foreign_keys = ON');
    client.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
    const db = drizzle({ client, schema });
    migrate(db, { migrationsFolder: SQLITE_MIGRATIONS_FOLDER });
    return db;
  } catch (e) {
    client.close();
    throw e;
  }
}

export function closeCountyDb(db: CountyDb): void {
  if (db.$client.open) db.$client.close();
}
