/**
 * Attachments, interpretations and negative lists across a real county node and a real hub over
 * NATS: a published record's attachments are reassembled at the hub and served while the county
 * is offline; a withheld record's never leave the county; the hub's record view links the
 * interpretation; the county's negative list is public at the hub.
 */
import { generateNodeKeys } from '@zwgk/core';
import { type CountyNode, createCountyNode } from '@zwgk/county-node/node';
import { type CountyRole, outbox } from '@zwgk/db/sqlite';
import { natsAuthorizationBlock, natsPermissionsForCounty } from '@zwgk/federation';
import {
  type PrivateNatsServer,
  type TestDatabase,
  createTestDatabase,
  startPrivateNatsServer,
  uniqueNatsNames,
} from '@zwgk/testing';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, createHub } from '../src/hub.js';
import { countyToken, prepareCounty } from './counties.js';
import { waitFor } from './helpers.js';

const A = '130102'; // 长安区, 石家庄市
const B = '130602'; // 竞秀区, 保定市
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const names = uniqueNatsNames();
const hubKeys = generateNodeKeys();
const secrets: Record<string, string> = { hub: 'hub-secret', [A]: 'county-a-secret', [B]: 'county-b-secret' };
const ROLES = { admin: 'county_admin', editor: 'county_editor', reviewer: 'county_reviewer' } as const;
type Who = keyof typeof ROLES;

let nats: PrivateNatsServer;
let database: TestDatabase;
let hub: Hub;
const dirs: { remove(): void }[] = [];
const nodes: Record<string, CountyNode> = {};
const tokens: Record<string, string> = {};

type Json = Record<string, unknown> & { error?: { code: string; message: string } };

async function startCounty(code: string): Promise<void> {
  const dir = await prepareCounty(hub, code, 'zwgk-attach-', Object.entries(ROLES) as [string, CountyRole][]);
  dirs.push(dir);
  const node = createCountyNode({
    dataDir: dir.path,
    natsUrl: nats.url,
    natsUser: `county-${code}`,
    natsPassword: secrets[code],
    heartbeatMs: 200,
    logger,
  });
  nodes[code] = node;
  await node.start();
  for (const username of Object.keys(ROLES)) tokens[`${code}:${username}`] = await countyToken(node, username);
}

async function county(code: string, who: Who, method: string, path: string, body?: unknown) {
  const res = await nodes[code]!.app.request(path, {
    method,
    headers: { authorization: `Bearer ${tokens[`${code}:${who}`]}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

async function atHub(path: string) {
  const res = await hub.app.request(path);
  return { status: res.status, json: (await res.json()) as Json };
}

async function step(code: string, who: Who, id: string, body: Record<string, unknown>) {
  const r = await county(code, who, 'POST', `/api/v1/records/${id}/transitions`, body);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json;
}

async function draft(code: string, over: Record<string, unknown>) {
  const r = await county(code, 'editor', 'POST', '/api/v1/records', {
    body: '<p>正文</p>',
    issuingBody: code === A ? '长安区人民政府' : '竞秀区人民政府',
    writtenOn: '2025-03-01',
    domain: 'social-assistance',
    attribute: 'proactive',
    ...over,
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as Json & { id: string };
}

/** The hub has the record at `version` (or later) in its projection and its search index. */
async function indexed(id: string, version: number) {
  await waitFor(`${id} v${version} indexed at the hub`, async () => {
    const [row] = await hub.db.db.execute<{ v: number }>(
      sql`select indexed_version::int as v from info_records where id = ${id} and version >= ${version}`,
    );
    return row !== undefined && row.v >= version;
  });
}

const hubCount = async (table: string, column: string, id: string) =>
  (await hub.db.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where ${sql.raw(column)} = ${id}`))[0]!.n;

beforeAll(async () => {
  nats = await startPrivateNatsServer(
    natsAuthorizationBlock([
      { user: 'hub', password: secrets.hub! },
      { user: `county-${A}`, password: secrets[A]!, permissions: natsPermissionsForCounty(names, A) },
      { user: `county-${B}`, password: secrets[B]!, permissions: natsPermissionsForCounty(names, B) },
    ]),
  );
  database = await createTestDatabase();
  hub = createHub({ databaseUrl: database.url, natsUrl: nats.url, natsUser: 'hub', natsPassword: secrets.hub, names, hubKeys, logger });
  await hub.start();
  await startCounty(A);
  await startCounty(B);
}, 120_000);

afterAll(async () => {
  for (const n of Object.values(nodes)) await n.stop();
  await hub?.stop();
  await nats?.stop();
  await database?.drop();
  for (const d of dirs) d.remove();
});


async function upload(code: string, who: Who, recordId: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await nodes[code]!.app.request(`/api/v1/records/${recordId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[`${code}:${who}`]}` },
    body: form,
  });
  const json = (await res.json()) as Json & { id: string; sha256: string };
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json;
}

/** A real PDF (one empty page, a valid xref), padded to make it span several chunks. */
function pdf(padding = 0): Uint8Array {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  if (padding) out += `% ${'y'.repeat(padding)}\n`;
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

const attachmentAtHub = async (id: string) =>
  (await hub.db.db.execute<{ complete: boolean; quarantined: boolean }>(sql`select complete, quarantined from record_attachments where id = ${id}`))[0];

describe('attachments, interpretations and negative lists at the hub', () => {
  it('serves a published record\'s attachments while the county node is stopped; a withheld record\'s never arrive', async () => {
    const doc = await draft(A, { title: '长安区临时救助实施办法', needsInterpretation: true });
    const big = pdf(700 * 1024); // four chunks
    const a1 = await upload(A, 'editor', doc.id, big, '实施办法全文.pdf');
    const w = await draft(A, { title: '内部论证报告' });
    const secret = await upload(A, 'editor', w.id, pdf(), '论证.pdf');
    await step(A, 'editor', w.id, { action: 'submit' });
    await step(A, 'reviewer', w.id, { action: 'approve', attribute: 'withheld', reason: '属于过程性信息', withheldGround: '《政府信息公开条例》第十六条第二款' });

    await step(A, 'editor', doc.id, { action: 'submit' });
    await step(A, 'reviewer', doc.id, { action: 'approve' });
    const pub = await step(A, 'admin', doc.id, { action: 'publish', publishedOn: '2025-04-30' });
    await indexed(doc.id, pub.version as number);
    // added after publication (by a corrector): goes at once
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const a2 = await upload(A, 'admin', doc.id, png, '流程图.png');
    // the interpretation, published with the document
    const interp = await draft(A, { title: '《长安区临时救助实施办法》解读', kind: 'interpretation', interpretsRecordId: doc.id, interpretationForm: 'text' });
    await step(A, 'editor', interp.id, { action: 'submit' });
    await step(A, 'reviewer', interp.id, { action: 'approve' });
    const ip = await step(A, 'admin', interp.id, { action: 'publish', publishedOn: '2025-04-30' });
    await indexed(interp.id, ip.version as number);
    await waitFor('attachments complete at the hub', async () => (await attachmentAtHub(a1.id))?.complete === true && (await attachmentAtHub(a2.id))?.complete === true);

    const sent = nodes[A]!.db.select({ kind: outbox.kind, entityId: outbox.entityId }).from(outbox).all();
    await nodes[A]!.stop();

    const res = await hub.app.request(`/api/v1/records/${doc.id}/attachments/${a1.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('etag')).toBe(`"${a1.sha256}"`);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('实施办法全文.pdf')}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(big));
    const img = await hub.app.request(`/api/v1/records/${doc.id}/attachments/${a2.id}`);
    expect(img.headers.get('content-type')).toBe('image/png');

    const view = await atHub(`/api/v1/records/${doc.id}`);
    expect(view.status).toBe(200);
    expect((view.json.attachments as { id: string }[]).map((a) => a.id).sort()).toEqual([a1.id, a2.id].sort());
    expect(view.json.interpretations).toEqual([expect.objectContaining({ id: interp.id, form: 'text' })]);
    const iv = await atHub(`/api/v1/records/${interp.id}`);
    expect(iv.json).toMatchObject({ kind: 'interpretation', interpretsRecordId: doc.id, interprets: { id: doc.id } });

    // the withheld record's attachment: not in the county's outbox, not at the hub
    expect(sent.filter((r) => r.entityId === secret.id || r.entityId === w.id)).toEqual([]);
    expect(await hubCount('record_attachments', 'id', secret.id)).toBe(0);
    expect(await hubCount('record_attachments', 'record_id', w.id)).toBe(0);
    expect(await hubCount('attachment_chunks', 'attachment_id', secret.id)).toBe(0);
    expect((await hub.app.request(`/api/v1/records/${w.id}/attachments/${secret.id}`)).status).toBe(404);
    // reassembled chunks are not kept
    expect(await hubCount('attachment_chunks', 'attachment_id', a1.id)).toBe(0);
  });

  it('publishes the county\'s negative list at the hub', async () => {
    const r = await county(B, 'admin', 'POST', '/api/v1/negative-list/entries', {
      category: '个人信息',
      content: '身份证号码、家庭住址',
      legalBasis: '《个人信息保护法》',
      reviewOn: '2026-06-30',
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    await waitFor('negative list at the hub', async () => {
      const res = await atHub(`/api/v1/negative-list?county=${B}`);
      return (res.json.items as unknown[]).length === 1;
    });
    const res = await atHub(`/api/v1/negative-list?county=${B}`);
    expect(res.json.items).toEqual([
      expect.objectContaining({ countyCode: B, version: 1, entries: [expect.objectContaining({ content: '身份证号码、家庭住址', legalBasis: '《个人信息保护法》' })] }),
    ]);
  });
});
