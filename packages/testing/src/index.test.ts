import { connect } from '@nats-io/transport-node';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, startPrivateNatsServer, uniqueNatsNames } from './index.js';

describe('test services', () => {
  it('creates an isolated database whose ctype lets pg_trgm see Chinese', async () => {
    const db = await createTestDatabase();
    const sql = postgres(db.url, { max: 1 });
    try {
      const [row] = await sql<{ ctype: string }[]>`select datctype as ctype from pg_database where datname = current_database()`;
      expect(row?.ctype).toBe('C.UTF-8');
      expect(db.name).toMatch(/^zwgk_test_/);
    } finally {
      await sql.end();
      await db.drop();
    }
    const admin = postgres(db.url.replace(db.name, 'postgres'), { max: 1 });
    const left = await admin`select 1 from pg_database where datname = ${db.name}`;
    await admin.end();
    expect(left).toHaveLength(0);
  });

  it('gives every suite its own NATS names', () => {
    const a = uniqueNatsNames();
    const b = uniqueNatsNames();
    expect(a.subjectRoot).not.toBe(b.subjectRoot);
    expect(a.streamPrefix).not.toBe(b.streamPrefix);
  });

  it('runs a private nats-server that can be paused and resumed', async () => {
    const server = await startPrivateNatsServer();
    try {
      const nc = await connect({ servers: server.url });
      expect(nc.info?.jetstream).toBe(true);
      await nc.close();
      await server.pause();
      await expect(connect({ servers: server.url, reconnect: false, timeout: 500 })).rejects.toThrow();
      await server.resume();
      const again = await connect({ servers: server.url });
      await again.close();
    } finally {
      await server.stop();
    }
  });
});
