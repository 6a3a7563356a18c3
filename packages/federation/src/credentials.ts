/**
 * Per-county NATS credentials with nats-server's decentralized JWT auth (operator mode).
 *
 * The province creates, once, an operator, a system account and one application account whose
 * streams carry the federation; the account has a separate signing key so that the hub, which
 * mints user JWTs at enrollment, never needs the account's identity key or the operator's. The
 * server trusts the operator and learns the two accounts from a config include
 * (`resolver: MEMORY` + `resolver_preload`), so enrolling a county never touches nats-server:
 * a user JWT signed by the account signing key is valid as soon as it exists.
 *
 * A county generates its own user nkey and sends only the public key; the JWT the hub signs for
 * it carries exactly `natsPermissionsForCounty`. Revoking is a new account JWT with the county's
 * user keys in `revocations`, pushed to the running server through the system account.
 */
import {
  type ClaimsData,
  type OperatorLimits,
  type User,
  createAccount,
  createOperator,
  createUser,
  decode,
  encodeAccount,
  encodeOperator,
  encodeUser,
  fmtCreds,
  fromPublic,
  fromSeed,
} from '@nats-io/jwt';
import { type NatsConnection, connect, credsAuthenticator } from '@nats-io/transport-node';
import { natsPermissionsForCounty } from './auth.js';
import type { FederationNames } from './names.js';

const te = new TextEncoder();
const td = new TextDecoder();

/** An nkey as stored: the seed is the secret, the public key names it. */
export interface NkeyPair {
  seed: string;
  publicKey: string;
}

/** Everything the province keeps to run nats-server in operator mode; only `accountSigning` is needed by the hub. */
export interface ProvinceNats {
  name: string;
  operator: NkeyPair & { jwt: string };
  system: NkeyPair & { jwt: string };
  account: NkeyPair & { jwt: string };
  accountSigning: NkeyPair;
  /** user public key → unix seconds: JWTs of that user issued at or before it are refused */
  revocations: Record<string, number>;
}

/** What the hub needs to mint user JWTs: the account it issues for and the account's signing key. */
export interface AccountIssuer {
  accountPublicKey: string;
  signingSeed: string;
}

const pair = (kp: { getSeed(): Uint8Array; getPublicKey(): string }): NkeyPair => ({
  seed: td.decode(kp.getSeed()),
  publicKey: kp.getPublicKey(),
});

const seedKey = (seed: string) => fromSeed(te.encode(seed));

// Account JWTs default every limit to 0 (nothing allowed); these lift them. JetStream is on
// only in the application account: the system account needs none.
const OPEN_LIMITS: OperatorLimits = { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 };
const JETSTREAM_LIMITS: OperatorLimits = { mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 };

const USER_PUBLIC_KEY = /^U[A-Z2-7]{55}$/;

/** True for a well-formed nkey user public key (`U…`, checksum verified). */
export function isNatsUserPublicKey(key: string): boolean {
  if (!USER_PUBLIC_KEY.test(key)) return false;
  try {
    return fromPublic(key).getPublicKey() === key;
  } catch {
    return false;
  }
}

/** A fresh user nkey; the county keeps the seed and sends only the public key. */
export function generateNatsUserKey(): NkeyPair {
  return pair(createUser());
}

async function signAccount(p: Pick<ProvinceNats, 'name' | 'operator' | 'account' | 'accountSigning' | 'revocations'>): Promise<string> {
  const revocations = Object.keys(p.revocations).length ? { revocations: p.revocations } : {};
  return encodeAccount(
    p.name,
    p.account.publicKey,
    { signing_keys: [p.accountSigning.publicKey], limits: { ...OPEN_LIMITS, ...JETSTREAM_LIMITS }, ...revocations },
    { signer: seedKey(p.operator.seed) },
  );
}

/** Creates the operator, the system account and the application account (with its signing key). */
export async function createProvinceNats(name = 'zwgk'): Promise<ProvinceNats> {
  const operator = pair(createOperator());
  const system = pair(createAccount());
  const account = pair(createAccount());
  const accountSigning = pair(createAccount());
  const operatorJwt = await encodeOperator(name, seedKey(operator.seed), { system_account: system.publicKey });
  const systemJwt = await encodeAccount('SYS', system.publicKey, { limits: OPEN_LIMITS }, { signer: seedKey(operator.seed) });
  const base = { name, operator: { ...operator, jwt: operatorJwt }, account, accountSigning, revocations: {} };
  return {
    ...base,
    system: { ...system, jwt: systemJwt },
    account: { ...account, jwt: await signAccount({ ...base, account: { ...account, jwt: '' } }) },
  };
}

/** The same province with `userPublicKeys` revoked as of `at` (the account JWT re-signed). */
export async function withRevocations(p: ProvinceNats, userPublicKeys: readonly string[], at = new Date()): Promise<ProvinceNats> {
  const ts = Math.floor(at.getTime() / 1000);
  const revocations = { ...p.revocations };
  for (const key of userPublicKeys) revocations[key] = Math.max(ts, revocations[key] ?? 0);
  const next = { ...p, revocations };
  return { ...next, account: { ...p.account, jwt: await signAccount(next) } };
}

/**
 * The nats-server config include for operator mode (2.9 syntax): the trusted operator, the system
 * account and both account JWTs preloaded. JWTs are signed, not secret, so the file can be 0644.
 */
export function natsOperatorConfig(p: Pick<ProvinceNats, 'operator' | 'system' | 'account'>): string {
  return [
    '# zwgk province NATS auth (operator mode); written by `zwgk-hub nats-init` / `nats-revoke`',
    `operator: ${p.operator.jwt}`,
    `system_account: ${p.system.publicKey}`,
    'resolver: MEMORY',
    'resolver_preload: {',
    `  ${p.system.publicKey}: ${p.system.jwt}`,
    `  ${p.account.publicKey}: ${p.account.jwt}`,
    '}',
    '',
  ].join('\n');
}

/** The claims a county's user JWT carries: exactly `natsPermissionsForCounty`, on standard connections only. */
export function countyUserClaims(n: FederationNames, countyCode: string, accountPublicKey: string): Partial<User> {
  const perms = natsPermissionsForCounty(n, countyCode);
  return {
    issuer_account: accountPublicKey,
    pub: { allow: [...perms.publish.allow] },
    sub: { allow: [...perms.subscribe.allow] },
    allowed_connection_types: ['STANDARD'],
    tags: [`county:${countyCode}`],
  };
}

/** Signs a county's user JWT for its own user public key with the account signing key. */
export async function issueCountyUserJwt(
  issuer: AccountIssuer,
  n: FederationNames,
  countyCode: string,
  userPublicKey: string,
): Promise<string> {
  if (!isNatsUserPublicKey(userPublicKey)) throw new Error(`${userPublicKey} is not a NATS user public key`);
  return encodeUser(`county-${countyCode}`, userPublicKey, seedKey(issuer.signingSeed), countyUserClaims(n, countyCode, issuer.accountPublicKey));
}

/** Credentials (a `.creds` file's text) for a user with every permission in the account: the hub itself, admin tools. */
export async function issueAccountUserCreds(issuer: AccountIssuer, name: string): Promise<Uint8Array> {
  const user = createUser();
  const jwt = await encodeUser(name, user, seedKey(issuer.signingSeed), { issuer_account: issuer.accountPublicKey });
  return fmtCreds(jwt, user);
}

/** Credentials for a user of the system account, which may push account JWT updates. */
export async function issueSystemUserCreds(p: Pick<ProvinceNats, 'system'>, name = 'zwgk-admin'): Promise<Uint8Array> {
  const user = createUser();
  const jwt = await encodeUser(name, user, seedKey(p.system.seed), {});
  return fmtCreds(jwt, user);
}

/** A `.creds` file's bytes from a user JWT and the user's seed. */
export function formatCreds(jwt: string, seed: string): Uint8Array {
  return fmtCreds(jwt, seedKey(seed));
}

export function decodeJwt<T = unknown>(jwt: string): ClaimsData<T> {
  return decode<T>(jwt);
}

/**
 * Pushes an account JWT to the running nats-server (`$SYS.REQ.ACCOUNT.<id>.CLAIMS.UPDATE`, over a
 * system-account connection). The MEMORY resolver applies it at once (and disconnects users it
 * revokes) but forgets it at restart: write the config include too.
 */
export async function pushAccountJwt(sys: NatsConnection, accountJwt: string): Promise<void> {
  const account = decode(accountJwt).sub;
  const reply = await sys.request(`$SYS.REQ.ACCOUNT.${account}.CLAIMS.UPDATE`, accountJwt, { timeout: 5000 });
  const answer = reply.json<{ data?: { code?: number; message?: string }; error?: { code?: number; description?: string } }>();
  if (answer.data?.code !== 200) {
    throw new Error(`nats-server refused the account update: ${answer.error?.description ?? answer.data?.message ?? reply.string()}`);
  }
}

/** One connection attempt with credentials and no reconnects: for command-line tools, which must fail fast. */
export function connectOnce(opts: { url: string; creds: Uint8Array; name: string; timeoutMs?: number }): Promise<NatsConnection> {
  return connect({
    servers: opts.url,
    name: opts.name,
    authenticator: credsAuthenticator(opts.creds),
    reconnect: false,
    timeout: opts.timeoutMs ?? 5000,
  });
}
