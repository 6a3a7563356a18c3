import { generateNodeKeys, verifyEnvelope } from '@zwgk/core';
import { closeCountyDb, openCountyDb } from '@zwgk/db/sqlite';
import { tempDir } from '@zwgk/testing';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendOutbox, createOutboxStore, heartbeatEnvelope, outboxStats } from './outbox.js';

const dir = tempDir('zwgk-outbox-');
const db = openCountyDb(join(dir.path, 'county.sqlite'));
afterAll(() => {
  closeCountyDb(db);
  dir.remove();
});

const keys = generateNodeKeys();
const origin = { countyCode: '130102', signingPrivateKey: keys.signing.privateKey };

describe('the outbox store the relay reads', () => {
  it('hands out unsent rows in seq order, marks them sent and keeps them for replay', () => {
    const store = createOutboxStore(db);
    expect(store.lastSeq()).toBe('0');
    for (let i = 1; i <= 5; i++) {
      db.transaction((tx) =>
        appendOutbox(tx, origin, {
          kind: 'catalog.item',
          entityId: `e${i}`,
          entityVersion: 1,
          body: { op: 'test', i },
          occurredAt: new Date().toISOString(),
        }),
      );
    }
    expect(store.unsent(3).map((r) => r.seq)).toEqual(['1', '2', '3']);
    for (const r of store.unsent(2)) store.markSent(r.seq, new Date());
    expect(store.unsent(10).map((r) => r.seq)).toEqual(['3', '4', '5']);
    expect(store.from('2', 2).map((r) => r.seq)).toEqual(['2', '3']);
    expect(store.lastSeq()).toBe('5');
    expect(outboxStats(db)).toEqual({ lastSeq: '5', unsent: 3 });
    for (const r of store.from('1', 10)) {
      const env = JSON.parse(r.envelope);
      expect(env.seq).toBe(r.seq);
      expect(verifyEnvelope(env, keys.signing.publicKey)).toBe(true);
    }
    expect(() => store.from('1; drop table outbox', 1)).toThrow(RangeError);
  });

  it('signs heartbeats with the last seq', () => {
    const env = heartbeatEnvelope(origin, '5', new Date('2025-01-01T00:00:00Z'));
    expect(env).toMatchObject({ kind: 'heartbeat', schema: 'heartbeat/1', body: { lastSeq: '5', sentAt: '2025-01-01T00:00:00.000Z' } });
    expect(verifyEnvelope(env, keys.signing.publicKey)).toBe(true);
  });
});
