import { type CatalogItemInput, verifyEnvelope } from '@zwgk/core';
import { type CountyDb, auditLog, catalogItems, outbox } from '@zwgk/db/sqlite';
import { tempDir } from '@zwgk/testing';
import { count } from 'drizzle-orm';
import pino from 'pino';
import { initNode } from '../src/commands.js';
import { type CountyNode, type CountyNodeOptions, createCountyNode } from '../src/node.js';
import { type CountyRole, createUser } from '../src/services/accounts.js';

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
