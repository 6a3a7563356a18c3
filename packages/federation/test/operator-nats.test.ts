/**
 * Per-county credentials against a real nats-server 2.9 in operator mode: the server knows only
 * the operator and the two accounts, and accepts user JWTs minted afterwards without any change.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import { type PrivateNatsServer, startPrivateNatsServer, uniqueNatsNames } from '@zwgk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccountIssuer,
  HUB_INGEST_CONSUMER,
  type ProvinceNats,
  connectOnce,
  countyConsumerName,
  countyInboxPrefix,
  createProvinceNats,
  ensureCountyConsumer,
  ensureHubIngestConsumer,
  ensureStreams,
  formatCreds,
  generateNatsUserKey,
  issueAccountUserCreds,
  issueCountyUserJwt,
  issueSystemUserCreds,
  natsOperatorConfig,
  pushAccountJwt,
  streamNames,
  subjects,
  withRevocations,
} from '../src/index.js';

const A = '130102';
const B = '130181';
const names = uniqueNatsNames();
const te = new TextEncoder();

let server: PrivateNatsServer;
let province: ProvinceNats;
let issuer: AccountIssuer;

async function countyCreds(code: string, p: AccountIssuer = issuer) {
  const key = generateNatsUserKey();
  return { key, creds: formatCreds(await issueCountyUserJwt(p, names, code, key.publicKey), key.seed) };
}

/** As a county node connects: its credential and its own inbox prefix, one attempt. */
const connectCounty = (code: string, creds: Uint8Array) =>
  connect({ servers: server.url, authenticator: credsAuthenticator(creds), inboxPrefix: countyInboxPrefix(code), reconnect: false });

beforeAll(async () => {
  province = await createProvinceNats('zwgk-test');
  issuer = { accountPublicKey: province.account.publicKey, signingSeed: province.accountSigning.seed };
  server = await startPrivateNatsServer(natsOperatorConfig(province));
  const hub = await connectOnce({ url: server.url, creds: await issueAccountUserCreds(issuer, 'hub'), name: 'hub' });
  await ensureStreams(hub, names);
  await ensureHubIngestConsumer(hub, names);
  await ensureCountyConsumer(hub, names, A);
  await ensureCountyConsumer(hub, names, B);
  await hub.close();
});

afterAll(async () => {
  await server?.stop();
});

describe('operator-mode NATS', () => {
  it('the hub’s own user manages streams and reads every county’s events', async () => {
    const hub = await connectOnce({ url: server.url, creds: await issueAccountUserCreds(issuer, 'hub'), name: 'hub' });
    const jsm = await jetstreamManager(hub);
    const info = await jsm.streams.info(streamNames(names).county);
    expect(info.config.subjects).toEqual([subjects(names).countyAll]);
    expect((await jsm.consumers.info(streamNames(names).hub, countyConsumerName(A))).config.filter_subject).toBe(
      subjects(names).hubToCountyAll(A),
    );
    await hub.close();
  });

  it('a county publishes under its own prefix and pulls its own consumer, and nothing of another county', async () => {
    const { creds } = await countyCreds(A);
    const nc = await connectCounty(A, creds);
    const js = jetstream(nc, { timeout: 2000 });
    const ack = await js.publish(subjects(names).countyEvent(A, 'catalog.item'), te.encode('{}'), { msgID: `${A}:1` });
    expect(ack.stream).toBe(streamNames(names).county);

    await expect(js.publish(subjects(names).countyEvent(B, 'catalog.item'), te.encode('{}'))).rejects.toThrow(/Permissions Violation/);
    // its own consumer on the hub stream: info and pull are allowed
    const own = await js.consumers.get(streamNames(names).hub, countyConsumerName(A));
    expect((await own.info()).name).toBe(countyConsumerName(A));
    // another county's consumer and the hub's ingest consumer are not
    await expect(js.consumers.get(streamNames(names).hub, countyConsumerName(B))).rejects.toThrow(/Permissions Violation/);
    await expect(js.consumers.get(streamNames(names).county, HUB_INGEST_CONSUMER)).rejects.toThrow(/Permissions Violation/);
    await nc.close();

    const hub = await connectOnce({ url: server.url, creds: await issueAccountUserCreds(issuer, 'hub'), name: 'hub' });
    const jsm = await jetstreamManager(hub);
    const last = await jsm.streams.getMessage(streamNames(names).county, { last_by_subj: subjects(names).countyEvent(B, 'catalog.item') }).catch(() => null);
    expect(last).toBeNull();
    await hub.close();
  });

  it("a county cannot subscribe to another county's subjects, nor create or widen consumers", async () => {
    const { creds } = await countyCreds(A);
    const nc = await connectCounty(A, creds);
    const sub = nc.subscribe(subjects(names).hubToCountyAll(B));
    // the server refuses the subscription; the client ends it with the server's error
    const ended = await Promise.race([sub.closed, new Promise((r) => setTimeout(() => r('still open'), 3000))]);
    expect(String(ended)).toMatch(/Permissions Violation for Subscription/);
    const jsm = jetstreamManager(nc, { timeout: 2000, checkAPI: false });
    await expect(
      jsm.then((m) => m.consumers.add(streamNames(names).hub, { durable_name: 'sneaky', filter_subject: subjects(names).hubAll })),
    ).rejects.toThrow(/Permissions Violation/);
    await nc.close().catch(() => {});
  });

  it('refuses a connection without credentials, and one whose JWT another account signed', async () => {
    await expect(connect({ servers: server.url, reconnect: false })).rejects.toThrow(/Authorization Violation/i);
    const foreign = await createProvinceNats('elsewhere');
    const { creds } = await countyCreds(A, { accountPublicKey: foreign.account.publicKey, signingSeed: foreign.accountSigning.seed });
    await expect(connectCounty(A, creds)).rejects.toThrow(/Authorization Violation/i);
  });

  it('a pushed revocation disconnects the county at once and refuses it afterwards; other counties stay', async () => {
    const a = await countyCreds(A);
    const b = await countyCreds(B);
    const ncA = await connectCounty(A, a.creds);
    const ncB = await connectCounty(B, b.creds);
    const closedA = ncA.closed();

    province = await withRevocations(province, [a.key.publicKey]);
    const sys = await connectOnce({ url: server.url, creds: await issueSystemUserCreds(province), name: 'admin' });
    await pushAccountJwt(sys, province.account.jwt);
    await sys.close();

    await expect(Promise.race([closedA.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open'), 5000))])).resolves.toBe('closed');
    await expect(connectCounty(A, a.creds)).rejects.toThrow(/Authorization Violation/i);
    const ack = await jetstream(ncB).publish(subjects(names).countyEvent(B, 'heartbeat'), te.encode('{}'));
    expect(ack.seq).toBeGreaterThan(0);
    await ncB.close();
    // a new key issued after the revocation works
    const again = await countyCreds(A);
    const nc = await connectCounty(A, again.creds);
    await nc.close();
  });
});
