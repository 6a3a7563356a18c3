import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as accounts from './accounts.js';
import * as audit from './audit.js';
import * as catalog from './catalog.js';
import * as countiesSchema from './counties.js';
import * as federation from './federation.js';
import * as requests from './requests.js';
import * as records from './records.js';
import * as annualReports from './annual-reports.js';
import * as recordsLifecycle from './records-lifecycle.js';

export * from './accounts.js';
export * from './audit.js';
export * from './catalog.js';
export * from './counties.js';
export * from './federation.js';
export * from './requests.js';
export * from './records.js';
export * from './annual-reports.js';
export * from './records-lifecycle.js';

export const hubSchema = { ...accounts, ...audit, ...catalog, ...countiesSchema, ...federation, ...requests, ...records, ...annualReports, ...recordsLifecycle };
export type HubSchema = typeof hubSchema;
export type HubDb = PostgresJsDatabase<HubSchema>;
/** A transaction handle, as passed to `db.transaction(async (tx) => …)`. */
export type HubTx = Parameters<Parameters<HubDb['transaction']>[0]>[0];
/** Either the database or a transaction: what functions that may run inside one accept. */
export type HubDbOrTx = HubDb | HubTx;

export const pgMigrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/pg');

export interface HubDatabase {
  db: HubDb;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** pool size; default 10 */
  max?: number;
  /** application_name shown in pg_stat_activity */
  applicationName?: string;
}

export function connectHubDb(url: string, opts: ConnectOptions = {}): HubDatabase {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { application_name: opts.applicationName ?? 'zwgk-hub' },
  });
  const db = drizzle(sql, { schema: hubSchema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/** Arbitrary but fixed: serialises concurrent migrations of one database (two hubs starting at once). */
const MIGRATION_LOCK = 7_102_024_001;

export async function migrateHubDb(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder: pgMigrationsFolder });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
