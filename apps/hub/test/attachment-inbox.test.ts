/**
 * Attachment chunks at the hub's inbox: the inbox keeps each chunk's digest, length and offset
 * but not its bytes (those live once, in the attachment store), and the attachment still
 * downloads byte for byte. A chunk whose signature fails is quarantined before anything is
 * stripped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ATTACHMENT_CHUNK_BYTES, type NodeKeys, attachmentChunks, encodeEnvelope } from '@zwgk/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxCopy } from '../src/ingest-records-lifecycle.js';
import { type TestHub, enrollCounty, envelope, publicRecord, publish, startTestHub, waitDrained } from './helpers.js';

const A = '130102';
let t: TestHub;
let keys: NodeKeys;
let seq = 0;

const record = publicRecord({ id: 'rec-att', countyCode: A });

beforeAll(async () => {
  t = await startTestHub();
  keys = await enrollCounty(t, A);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('attachment chunks in the inbox', () => {
  it('keeps digest, length and offset of each chunk but not its bytes; the file still downloads intact', async () => {
    // %PDF header, then enough bytes for three chunks, the last one short
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2 * ATTACHMENT_CHUNK_BYTES + 1234)]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const chunks = attachmentChunks(
      { recordId: record.id, attachmentId: 'att-1', countyCode: A, name: '实施办法全文.pdf', mediaType: 'application/pdf', size: bytes.length, sha256 },
      bytes,
    );
    expect(chunks).toHaveLength(3);
    await publish(t, envelope(A, ++seq, 'info.record', record.id, 1, { op: 'upsert', record }, keys.signing.privateKey));
    for (const c of chunks) await publish(t, envelope(A, ++seq, 'info.attachment', 'att-1', 1, c, keys.signing.privateKey));
    await waitDrained(t);

    const rows = await t.hub.db.db.execute<{ seq: string; body: Record<string, unknown>; sig: string; size: number }>(sql`
      select seq::text as seq, envelope->'body' as body, envelope->>'sig' as sig, pg_column_size(envelope) as size
      from inbox where kind = 'info.attachment' and origin = ${A} order by seq`);
    expect(rows).toHaveLength(3);
    rows.forEach((r, i) => {
      const part = bytes.subarray(i * ATTACHMENT_CHUNK_BYTES, (i + 1) * ATTACHMENT_CHUNK_BYTES);
      expect(r.body).not.toHaveProperty('data');
      expect(r.body).toMatchObject({
        attachmentId: 'att-1',
        chunk: i,
        chunks: 3,
        sha256,
        size: bytes.length,
        dataStripped: { sha256: createHash('sha256').update(part).digest('hex'), bytes: part.length, offset: i * ATTACHMENT_CHUNK_BYTES },
      });
      expect(r.sig).toMatch(/^[0-9a-f]{128}$/);
      expect(r.size).toBeLessThan(2048);
    });

    const res = await t.hub.app.request(`/api/v1/records/${record.id}/attachments/att-1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${sha256}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const view = (await (await t.hub.app.request(`/api/v1/records/${record.id}`)).json()) as { attachments: { id: string; size: number; sha256: string }[] };
    expect(view.attachments).toEqual([expect.objectContaining({ id: 'att-1', size: bytes.length, sha256, name: '实施办法全文.pdf', mediaType: 'application/pdf' })]);
  });

  it('verifies the signature over the full chunk: a tampered chunk is quarantined whole and never reaches the inbox', async () => {
    const bytes = Buffer.from('%PDF-1.4\nsmall file\n');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [chunk] = attachmentChunks(
      { recordId: record.id, attachmentId: 'att-2', countyCode: A, name: 'b.pdf', mediaType: 'application/pdf', size: bytes.length, sha256 },
      bytes,
    );
    const signed = envelope(A, ++seq, 'info.attachment', 'att-2', 1, chunk, keys.signing.privateKey);
    const tampered = { ...signed, body: { ...chunk!, data: Buffer.from('%PDF-1.4\nother file\n').toString('base64') } };
    const before = (await t.hub.db.db.execute<{ n: number }>(sql`select count(*)::int as n from quarantine where reason = 'bad_signature'`))[0]!.n;
    await publish(t, tampered, { data: encodeEnvelope(tampered) });
    await waitDrained(t);
    const q = await t.hub.db.db.execute<{ n: number; raw: string }>(sql`select count(*)::int as n from quarantine where reason = 'bad_signature'`);
    expect(q[0]!.n).toBe(before + 1);
    const inInbox = await t.hub.db.db.execute(sql`select 1 from inbox where origin = ${A} and seq = ${seq}`);
    expect(inInbox).toHaveLength(0);
  });

  it('leaves every other kind as it arrived', () => {
    const env = envelope(A, 1, 'info.record', record.id, 1, { op: 'upsert', record }, keys.signing.privateKey);
    expect(inboxCopy(env)).toBe(env);
  });
});
