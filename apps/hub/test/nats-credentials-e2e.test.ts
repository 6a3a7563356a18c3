/**
 * Enrollment hands each county its own NATS credential: a private nats-server in operator mode
 * configured only with what `nats-init` wrote (operator, system account, application account),
 * a real hub on Postgres with the account issuer, and real county nodes on SQLite that enroll,
 * store their credential and federate with it. No per-county server configuration anywhere.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import { generateNodeKeys } from '@zwgk/core';
import { type CountyNode, createCountyNode } from '@zwgk/county-node/node';
import { decodeJwt, generateNatsUserKey, natsPermissionsForCounty, subjects } from '@zwgk/federation';
import {
  type PrivateNatsServer,
  type TestDatabase,
  createTestDatabase,
  startPrivateNatsServer,
  tempDir,
  uniqueNatsNames,
} from '@zwgk/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, createHub } from '../src/hub.js';
import { NATS_FILES, hubNatsCredentials, loadAccountIssuer, natsInit, natsRevoke } from '../src/nats-commands.js';
import { createUser } from '../src/services/accounts.js';
import { createEnrollmentToken } from '../src/services/enrollment.js';
import { catalogItemInput, countyToken, enrollDir, prepareCounty } from './counties.js';
import { waitFor } from './helpers.js';

const A = '130102'; // 长安区
const B = '130181'; // 辛集市
const PASSWORD = 'correct horse battery staple';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const names = uniqueNatsNames();
const cli = join(dirname(fileURLToPath(import.meta.url)), '../src/cli.ts');

let natsDir: { path: string; remove(): void };
let nats: PrivateNatsServer;
let database: TestDatabase;
let hub: Hub;
let provinceToken: string;
const dirs: Record<string, string> = {};
const cleanup: { remove(): void }[] = [];
const nodes: Record<string, CountyNode> = {};
const countyTokens: Record<string, string> = {};
let revokedCreds: Uint8Array;

async function startNode(code: string): Promise<CountyNode> {
  // no NATS user or password: the node connects with what enrollment stored
  const node = createCountyNode({ dataDir: dirs[code]!, natsUrl: nats.url, heartbeatMs: 200, logger });
  await node.start();
  countyTokens[code] = await countyToken(node, 'admin');
  return node;
}

async function setUpCounty(code: string): Promise<CountyNode> {
  const dir = await prepareCounty(hub, code, 'zwgk-creds-');
  cleanup.push(dir);
  dirs[code] = dir.path;
  return startNode(code);
}

async function createItemAt(code: string, n: number): Promise<string> {
  const res = await nodes[code]!.app.request('/api/v1/catalog/items', {
    method: 'POST',
    headers: { authorization: `Bearer ${countyTokens[code]}`, 'content-type': 'application/json' },
    body: JSON.stringify(catalogItemInput(n)),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const atHub = (id: string) =>
  waitFor(`item ${id} at the hub`, async () => {
    const res = await hub.app.request(`/api/v1/catalog/items/${id}`, { headers: { authorization: `Bearer ${provinceToken}` } });
    return res.status === 200 ? ((await res.json()) as { countyCode: string }) : null;
  });

const guidelinesApplied = (code: string): number =>
  Number((nodes[code]!.db.$client.prepare('select count(*) as n from standard_guidelines').get() as { n: number }).n);

const fileMode = (path: string) => (statSync(path).mode & 0o777).toString(8);

beforeAll(async () => {
  natsDir = tempDir('zwgk-province-nats-');
  const init = await natsInit({ dir: natsDir.path, name: 'zwgk-e2e' });
  // the server includes the file as a province deploys it (2.9 resolves includes relative to the including file)
  nats = await startPrivateNatsServer((confDir) => `include "${relative(confDir, init.configFile)}"`);
  database = await createTestDatabase();
  hub = createHub({
    databaseUrl: database.url,
    natsUrl: nats.url,
    natsCredentials: await hubNatsCredentials(loadAccountIssuer(init.issuerFile)),
    names,
    hubKeys: generateNodeKeys(),
    logger,
  });
  await hub.start();
  const created = await createUser(hub.db.db, { username: 'province', password: PASSWORD, role: 'province_admin', cityCode: null }, { actor: 'test' });
  if (!created.ok) throw new Error(created.error.message);
  const res = await hub.app.request('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'province', password: PASSWORD }),
  });
  provinceToken = ((await res.json()) as { token: string }).token;
  nodes[A] = await setUpCounty(A);
  nodes[B] = await setUpCounty(B);
});

afterAll(async () => {
  for (const n of Object.values(nodes)) await n.stop();
  await hub?.stop();
  await nats?.stop();
  await database?.drop();
  for (const d of cleanup) d.remove();
  natsDir?.remove();
});

describe('nats-init', () => {
  it('writes the seeds 0600 and the server include without any seed; a second run keeps the keys', async () => {
    const dir = natsDir.path;
    expect(fileMode(join(dir, NATS_FILES.province))).toBe('600');
    expect(fileMode(join(dir, NATS_FILES.issuer))).toBe('600');
    expect(fileMode(join(dir, NATS_FILES.adminCreds))).toBe('600');
    expect(readFileSync(join(dir, NATS_FILES.config), 'utf8')).not.toMatch(/\bS[OAU][A-Z2-7]{56}\b/);
    const before = readFileSync(join(dir, NATS_FILES.province), 'utf8');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'nats-init', '--dir', dir], { env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toContain('kept the existing NATS keys');
    expect(readFileSync(join(dir, NATS_FILES.province), 'utf8')).toBe(before);
  });
});

describe('enrollment hands each county its own NATS credential', () => {
  it('stores a 0600 nats.creds for a key the county made, with exactly its permissions; node.json holds no seed', () => {
    for (const code of [A, B]) {
      const file = join(dirs[code]!, 'nats.creds');
      expect(fileMode(file)).toBe('600');
      const text = readFileSync(file, 'utf8');
      const jwt = /-----BEGIN NATS USER JWT-----\s+(\S+)\s+/.exec(text)?.[1];
      expect(jwt).toBeTruthy();
      const claims = decodeJwt<{ pub: { allow: string[] }; sub: { allow: string[] }; issuer_account: string }>(jwt!);
      expect(claims.name).toBe(`county-${code}`);
      const perms = natsPermissionsForCounty(names, code);
      expect(claims.nats.pub?.allow).toEqual(perms.publish.allow);
      expect(claims.nats.sub?.allow).toEqual(perms.subscribe.allow);
      expect(claims.nats.issuer_account).toBe(loadAccountIssuer(join(natsDir.path, NATS_FILES.issuer)).accountPublicKey);
      expect(readFileSync(join(dirs[code]!, 'node.json'), 'utf8')).not.toMatch(/\bSU[A-Z2-7]{56}\b/);
    }
  });

  it('a county node relays its outbox with it and the hub ingests; the hub’s messages reach the county', async () => {
    const id = await createItemAt(A, 1);
    expect(await atHub(id)).toMatchObject({ countyCode: A });
    const idB = await createItemAt(B, 1);
    expect(await atHub(idB)).toMatchObject({ countyCode: B });
    // the current guidelines queued at enrollment came down the county's own consumer
    await waitFor('guidelines at county A', () => guidelinesApplied(A) > 0);
    expect(nodes[A]!.link.connected()).toBe(true);
  });

  it("county A's credential cannot publish on county B's subjects", async () => {
    const js = nodes[A]!.link.js();
    expect(js).not.toBeNull();
    await expect(
      js!.publish(subjects(names).countyEvent(B, 'catalog.item'), new TextEncoder().encode('{}'), { timeout: 2000 }),
    ).rejects.toThrow(/Permissions Violation/);
  });

  it('an enrollment without a NATS user key is refused with 400 and the token stays usable', async () => {
    const keys = generateNodeKeys();
    const { token } = await createEnrollmentToken(hub.db.db, '130104', 'test');
    const body = { token, countyCode: '130104', signingPublicKey: keys.signing.publicKey, encryptionPublicKey: keys.encryption.publicKey };
    const res = await hub.app.request('/api/v1/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; details: { fields: { field: string }[] } } };
    expect(json.error.code).toBe('validation_failed');
    expect(json.error.details.fields[0]?.field).toBe('natsUserPublicKey');
    const bad = await hub.app.request('/api/v1/enroll', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, natsUserPublicKey: 'UNOTAKEY' }),
    });
    expect(bad.status).toBe(400);
    const good = await hub.app.request('/api/v1/enroll', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, natsUserPublicKey: generateNatsUserKey().publicKey }),
    });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { natsUserJwt?: string }).natsUserJwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('a connection without credentials is refused by the server', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/Authorization Violation/);
  });

  it('nats-revoke disconnects the county at once, keeps others, and re-enrolling issues a working credential', async () => {
    revokedCreds = new Uint8Array(readFileSync(join(dirs[B]!, 'nats.creds')));
    const r = await natsRevoke({ dir: natsDir.path, db: hub.db.db, countyCode: B, natsUrl: nats.url });
    expect(r.pushed).toBe(true);
    expect(r.revoked).toHaveLength(1);
    await waitFor('county B disconnected', () => !nodes[B]!.link.connected(), 10_000);
    await expect(connect({ servers: nats.url, authenticator: credsAuthenticator(revokedCreds), reconnect: false })).rejects.toThrow(
      /Authorization Violation/,
    );
    const [row] = await hub.db.sql<{ details: { natsUserPublicKeys: string[] } }[]>`
      select details from audit_log where action = 'county.nats_revoke' and entity_id = ${B}`;
    expect(row?.details.natsUserPublicKeys).toEqual(r.revoked);

    // A is unaffected
    const id = await createItemAt(A, 2);
    expect(await atHub(id)).toMatchObject({ countyCode: A });

    // B re-enrolls (a new key) and federates again
    await nodes[B]!.stop();
    await enrollDir(hub, B, dirs[B]!);
    nodes[B] = await startNode(B);
    const idB = await createItemAt(B, 2);
    expect(await atHub(idB)).toMatchObject({ countyCode: B });
  });

  it('the revocation holds after nats-server restarts from its config', async () => {
    const issuer = loadAccountIssuer(join(natsDir.path, NATS_FILES.issuer));
    const conf = readFileSync(join(natsDir.path, NATS_FILES.config), 'utf8');
    const accountJwt = new RegExp(`${issuer.accountPublicKey}: (\\S+)`).exec(conf)?.[1];
    const revocations = decodeJwt<{ revocations: Record<string, number> }>(accountJwt!).nats.revocations ?? {};
    expect(Object.keys(revocations)).toHaveLength(1);
    await nats.restart();
    await expect(connect({ servers: nats.url, authenticator: credsAuthenticator(revokedCreds), reconnect: false })).rejects.toThrow(
      /Authorization Violation/,
    );
    // the others reconnect by themselves and go on federating
    await waitFor('county A reconnected', () => nodes[A]!.link.connected(), 30_000);
    await waitFor('county B reconnected', () => nodes[B]!.link.connected(), 30_000);
    const id = await createItemAt(A, 3);
    expect(await atHub(id)).toMatchObject({ countyCode: A });
  });

  it('a node whose credential is gone cannot connect', async () => {
    await nodes[B]!.stop();
    rmSync(join(dirs[B]!, 'nats.creds'));
    expect(existsSync(join(dirs[B]!, 'nats.creds'))).toBe(false);
    nodes[B] = createCountyNode({ dataDir: dirs[B]!, natsUrl: nats.url, heartbeatMs: 200, logger });
    await nodes[B]!.start();
    await waitFor('the server to refuse county B', () => nodes[B]!.link.lastRefusal() !== null, 30_000);
    expect(nodes[B]!.link.lastRefusal()).toMatch(/authori[sz]ation/i);
    expect(nodes[B]!.link.connected()).toBe(false);
    expect(nodes[B]!.link.js()).toBeNull();
  });
});
