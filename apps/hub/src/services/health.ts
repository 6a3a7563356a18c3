import type { HubDb } from '@zwgk/db/pg';
import { sql } from 'drizzle-orm';
import type { NatsPort } from '../deps.js';

export interface Health {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
  nats: 'up' | 'down';
}

/** `ok` while the database answers: reads are served without NATS, and ingest resumes when it returns. */
export async function health(db: HubDb, nats: NatsPort): Promise<Health> {
  const dbUp = await Promise.race([
    db.execute(sql`select 1`).then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((res) => setTimeout(() => res(false), 2000).unref()),
  ]);
  return { status: dbUp ? 'ok' : 'degraded', db: dbUp ? 'up' : 'down', nats: nats.connected() ? 'up' : 'down' };
}
