import { inflateRawSync } from 'node:zlib';
import { createTRPCClient, httpLink } from '@trpc/client';
import { type CatalogItemInput, verifyEnvelope } from '@zwgk/core';
import { type CountyDb, auditLog, catalogItems, outbox } from '@zwgk/db/sqlite';
import { tempDir } from '@zwgk/testing';
import { count } from 'drizzle-orm';
import pino from 'pino';
import { initNode } from '../src/commands.js';
import { type CountyNode, type CountyNodeOptions, createCountyNode } from '../src/node.js';
import { type CountyRole, createUser } from '../src/services/accounts.js';
import type { CountyRouter } from '../src/trpc/router.js';

export const silent = pino({ level: 'silent' });

/** 长安区, 石家庄市; its townships have 12-digit codes starting with 130102. */
export const COUNTY = '130102';

export const PASSWORD = 'correct horse battery';

export interface TestNode {
  dataDir: string;
  node: CountyNode;
  /** a real bearer token, obtained through POST /api/v1/auth/token */
  tokenFor(username: string): Promise<string>;
  req(method: string, path: string, opts?: { token?: string; body?: unknown; raw?: string }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A county node over a fresh data dir, with an admin, an editor and a reviewer. NATS points at a
 * closed port unless a test passes its own, and `start()` is not called: the HTTP app and the
 * outbox work without the network.
 */
export async function createTestNode(
  opts: Partial<Omit<CountyNodeOptions, 'dataDir'>> & { county?: string; prepare?: (dataDir: string) => void } = {},
): Promise<TestNode> {
  const dir = tempDir('zwgk-county-');
  const init = initNode({ county: opts.county ?? COUNTY, dataDir: dir.path });
  if (!init.ok) throw new Error(init.error.message);
  opts.prepare?.(dir.path);
  const node = createCountyNode({ natsUrl: 'nats://127.0.0.1:1', logger: silent, ...opts, dataDir: dir.path });
  const users: [string, CountyRole][] = [
    ['admin', 'county_admin'],
    ['editor', 'county_editor'],
    ['reviewer', 'county_reviewer'],
  ];
  for (const [username, role] of users) {
    const r = await createUser(node.services, { username, password: PASSWORD, role }, 'system');
    if (!r.ok) throw new Error(r.error.message);
  }
  const req: TestNode['req'] = (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    return Promise.resolve(node.app.request(path, { method, headers, body }));
  };
  const tokens = new Map<string, string>();
  return {
    dataDir: dir.path,
    node,
    req,
    async tokenFor(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await req('POST', '/api/v1/auth/token', { body: { username, password: PASSWORD } });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      const { token } = (await res.json()) as { token: string };
      tokens.set(username, token);
      return token;
    },
    async close() {
      await node.stop();
      dir.remove();
    },
  };
}

export const sampleItem = (over: Partial<Record<keyof CatalogItemInput, unknown>> = {}): Record<string, unknown> => ({
  domain: 'social-assistance',
  level: 'county',
  name: '最低生活保障对象认定条件',
  content: '城乡低保对象的认定条件、申请程序、保障标准',
  legalBasis: '《社会救助暂行办法》《河北省最低生活保障审核审批办法》',
  timeLimit: '信息形成或变更之日起20个工作日内',
  responsibleBody: '县民政局',
  method: 'proactive',
  channels: ['website', 'bulletin-board'],
  audience: 'public',
  ...over,
});

export function rowCounts(db: CountyDb): { items: number; outbox: number; audit: number } {
  const n = (t: typeof catalogItems | typeof outbox | typeof auditLog) => db.select({ n: count() }).from(t).get()?.n ?? 0;
  return { items: n(catalogItems), outbox: n(outbox), audit: n(auditLog) };
}

/** Every outbox envelope verifies with the node's public key and the seqs are 1..n without gaps. */
export function checkOutbox(node: CountyNode): { seq: number; envelope: Record<string, unknown> }[] {
  const rows = node.db.select().from(outbox).orderBy(outbox.seq).all();
  rows.forEach((r, i) => {
    if (r.seq !== i + 1) throw new Error(`outbox seq ${r.seq} at position ${i + 1}: not gap-free`);
    const env = JSON.parse(r.envelope);
    if (!verifyEnvelope(env, node.config.keys.signing.publicKey)) throw new Error(`outbox seq ${r.seq} does not verify`);
    if (env.seq !== String(r.seq)) throw new Error(`outbox seq ${r.seq} carries envelope seq ${env.seq}`);
  });
  return rows.map((r) => ({ seq: r.seq, envelope: JSON.parse(r.envelope) }));
}

/** The client the web uses, with requests handed straight to the node's Hono app. */
export const trpcClient = (t: TestNode, token?: string) =>
  createTRPCClient<CountyRouter>({
    links: [
      httpLink({
        url: 'http://county.test/trpc',
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
        fetch: async (url, init) => t.node.app.request(String(url), init as RequestInit),
      }),
    ],
  });

/** A record draft as an editor writes it: a proactive notice of the civil affairs bureau. */
export const recordDraft = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: '关于做好临时救助工作的通知',
  body: '<p>各乡镇：为做好临时救助工作……</p>',
  issuingBody: '长安区民政局',
  writtenOn: '2025-03-01',
  domain: 'social-assistance',
  attribute: 'proactive',
  ...over,
});

/** A small but real PDF: one empty page, a valid xref table; `padding` bytes of comment make it larger. */
export function smallPdf(padding = 0): Uint8Array<ArrayBuffer> {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  if (padding) out += `% ${'x'.repeat(padding)}\n`;
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** The entries of a zip archive (central directory; stored or deflated). */
export function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < entries; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
