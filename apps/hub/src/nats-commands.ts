/**
 * The province's operator-mode NATS material, kept in one directory next to the hub's keys:
 *
 *   province-nats.json   0600  operator, system account and account seeds, revocations (CLI only)
 *   account-issuer.json  0600  the account's public key and signing seed (ZWGK_NATS_ACCOUNT_FILE)
 *   nats-auth.conf       0644  the nats-server include: operator, system account, preloaded JWTs
 *   admin.creds          0600  a user with every permission in the account, for admin tools
 *
 * Only `account-issuer.json` is needed by the running hub; `province-nats.json` holds the keys
 * that sign accounts and may be kept offline between revocations.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { auditLog, type HubDb } from '@zwgk/db/pg';
import {
  type AccountIssuer,
  type ProvinceNats,
  connectOnce,
  createProvinceNats,
  issueAccountUserCreds,
  issueSystemUserCreds,
  natsOperatorConfig,
  pushAccountJwt,
  withRevocations,
} from '@zwgk/federation';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from './services/audit.js';

export const NATS_FILES = {
  province: 'province-nats.json',
  issuer: 'account-issuer.json',
  config: 'nats-auth.conf',
  adminCreds: 'admin.creds',
} as const;

export const DEFAULT_NATS_DIR = './.data/hub/nats';

const nkey = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[A-Z2-7]{55}$`));
const seed = (kind: string) => z.string().regex(new RegExp(`^S${kind}[A-Z2-7]{56}$`));

const issuerSchema = z.object({ accountPublicKey: nkey('A'), signingSeed: seed('A') }).strict();

const provinceSchema = z
  .object({
    name: z.string().min(1),
    operator: z.object({ seed: seed('O'), publicKey: nkey('O'), jwt: z.string().min(1) }),
    system: z.object({ seed: seed('A'), publicKey: nkey('A'), jwt: z.string().min(1) }),
    account: z.object({ seed: seed('A'), publicKey: nkey('A'), jwt: z.string().min(1) }),
    accountSigning: z.object({ seed: seed('A'), publicKey: nkey('A') }),
    revocations: z.record(z.string(), z.number().int()),
  })
  .strict();

/** Writes a file atomically (temp file, then rename) with the given mode. */
function writeAtomic(path: string, data: string | Uint8Array, mode: number): void {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, data, { mode, flag: 'wx' });
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function readJson<T>(path: string, schema: z.ZodType<T>, what: string): T {
  if (!existsSync(path)) throw new Error(`${path} does not exist: run \`zwgk-hub nats-init\` first`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path} is not a valid ${what}`);
  return parsed.data;
}

/** The account issuer the hub signs county credentials with (`ZWGK_NATS_ACCOUNT_FILE`). */
export function loadAccountIssuer(path: string): AccountIssuer {
  return readJson(path, issuerSchema, 'NATS account issuer file');
}

export function loadProvinceNats(dir: string): ProvinceNats {
  return readJson(join(dir, NATS_FILES.province), provinceSchema, 'province NATS file');
}

/** The hub's own credentials in the account: minted at each start, never stored. */
export async function hubNatsCredentials(issuer: AccountIssuer): Promise<{ issuer: AccountIssuer; creds: Uint8Array }> {
  return { issuer, creds: await issueAccountUserCreds(issuer, 'zwgk-hub') };
}

function writeConfig(dir: string, p: ProvinceNats): void {
  writeAtomic(join(dir, NATS_FILES.config), natsOperatorConfig(p), 0o644);
}

export interface NatsInitResult {
  created: boolean;
  dir: string;
  configFile: string;
  issuerFile: string;
  adminCredsFile: string;
  operatorPublicKey: string;
  accountPublicKey: string;
}

/**
 * Creates the province's operator, accounts and files, once. Run again, it changes no key (the
 * accounts' JetStream data and every county credential depend on them) and only rewrites the
 * config include and any missing file derived from the kept keys.
 */
export async function natsInit(opts: { dir: string; name?: string }): Promise<NatsInitResult> {
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const provinceFile = join(dir, NATS_FILES.province);
  const created = !existsSync(provinceFile);
  let p: ProvinceNats;
  if (created) {
    p = await createProvinceNats(opts.name ?? 'zwgk');
    // `wx`: a second init racing this one fails instead of replacing the keys.
    writeFileSync(provinceFile, `${JSON.stringify(p, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(provinceFile, 0o600);
  } else {
    p = loadProvinceNats(dir);
  }
  const issuer: AccountIssuer = { accountPublicKey: p.account.publicKey, signingSeed: p.accountSigning.seed };
  const issuerFile = join(dir, NATS_FILES.issuer);
  if (created || !existsSync(issuerFile)) writeAtomic(issuerFile, `${JSON.stringify(issuer, null, 2)}\n`, 0o600);
  const adminCredsFile = join(dir, NATS_FILES.adminCreds);
  if (created || !existsSync(adminCredsFile)) writeAtomic(adminCredsFile, await issueAccountUserCreds(issuer, 'zwgk-admin'), 0o600);
  writeConfig(dir, p);
  return {
    created,
    dir,
    configFile: join(dir, NATS_FILES.config),
    issuerFile,
    adminCredsFile,
    operatorPublicKey: p.operator.publicKey,
    accountPublicKey: p.account.publicKey,
  };
}

/** Every NATS user key the hub ever issued a credential for to this county (from the enrollment audit rows). */
export async function issuedNatsUserKeys(db: HubDb, countyCode: string): Promise<string[]> {
  const rows = await db
    .select({ key: sql<string | null>`${auditLog.details} ->> 'natsUserPublicKey'` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, 'county'),
        eq(auditLog.entityId, countyCode),
        inArray(auditLog.action, ['county.enroll', 'county.reenroll']),
      ),
    );
  return [...new Set(rows.map((r) => r.key).filter((k): k is string => !!k))];
}

export interface NatsRevokeResult {
  countyCode: string;
  revoked: string[];
  /** false when the running server could not be told: reload it (`nats-server --signal reload`) */
  pushed: boolean;
  pushError?: string;
  configFile: string;
}

/**
 * Revokes every credential issued to a county up to now: re-signs the account JWT with the
 * county's user keys in `revocations`, rewrites the config include (so a restart keeps it),
 * and pushes the account to the running server, which disconnects the county at once. The
 * county gets a new credential by enrolling again with a new token (its node makes a new key).
 */
export async function natsRevoke(opts: {
  dir: string;
  db: HubDb;
  countyCode: string;
  natsUrl?: string;
  actor?: string;
  at?: Date;
}): Promise<NatsRevokeResult> {
  const dir = resolve(opts.dir);
  const keys = await issuedNatsUserKeys(opts.db, opts.countyCode);
  const configFile = join(dir, NATS_FILES.config);
  if (keys.length === 0) return { countyCode: opts.countyCode, revoked: [], pushed: false, configFile };
  const before = loadProvinceNats(dir);
  const next = await withRevocations(before, keys, opts.at);
  // The audit row first: a revocation that happened must be on record even if a write below fails.
  await opts.db.transaction(async (tx) => {
    await audit(tx, {
      actor: opts.actor ?? 'cli',
      action: 'county.nats_revoke',
      entityType: 'county',
      entityId: opts.countyCode,
      details: { natsUserPublicKeys: keys, accountPublicKey: next.account.publicKey },
    });
  });
  writeAtomic(join(dir, NATS_FILES.province), `${JSON.stringify(next, null, 2)}\n`, 0o600);
  writeConfig(dir, next);
  let pushed = false;
  let pushError: string | undefined;
  if (opts.natsUrl) {
    try {
      const nc = await connectOnce({ url: opts.natsUrl, creds: await issueSystemUserCreds(next), name: 'zwgk-hub-cli' });
      try {
        await pushAccountJwt(nc, next.account.jwt);
        pushed = true;
      } finally {
        await nc.close();
      }
    } catch (e) {
      pushError = e instanceof Error ? e.message : String(e);
    }
  }
  return { countyCode: opts.countyCode, revoked: keys, pushed, ...(pushError ? { pushError } : {}), configFile };
}

/** Where the CLI finds the material: `--dir`, else beside ZWGK_NATS_ACCOUNT_FILE, else the default. */
export function natsDir(flag: string | undefined, accountFile: string | undefined): string {
  return flag ?? (accountFile ? dirname(accountFile) : DEFAULT_NATS_DIR);
}
