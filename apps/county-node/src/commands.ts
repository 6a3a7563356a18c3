import { domainError, type Result, err, ok } from '@zwgk/core';
import { counties } from '@zwgk/core/regions';
import { closeCountyDb, openCountyDb } from '@zwgk/db/sqlite';
import { formatCreds, generateNatsUserKey } from '@zwgk/federation';
import { passwordPolicy } from '@zwgk/server';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import {
  type NodeConfig,
  createNodeConfig,
  dbFilePath,
  nodeFilePath,
  readNodeConfig,
  writeNodeConfig,
} from './node-config.js';
import { type CountyRole, createUser, findUser } from './services/accounts.js';
import { removeNatsCreds, writeNatsCreds } from './nats-creds.js';

/**
 * The CLI's commands as functions, so `start.mjs`-style scripts and tests run exactly what an
 * operator runs. Each returns a Result whose error message is meant for a terminal.
 */

const gbtCounties = new Map(counties().map((c) => [c.code6!, c]));

export interface InitResult {
  countyCode: string;
  countyName: string;
  dataDir: string;
  signingPublicKey: string;
}

export function initNode(opts: { county: string; dataDir: string }): Result<InitResult> {
  const region = gbtCounties.get(opts.county);
  if (!region) {
    return err(domainError('validation_failed', `${opts.county} is not one of Hebei's 167 county-level divisions (GB/T 2260, 6 digits)`));
  }
  if (existsSync(nodeFilePath(opts.dataDir))) {
    return err(domainError('conflict', `${nodeFilePath(opts.dataDir)} already exists; refusing to replace this node's keys`));
  }
  const config = createNodeConfig(opts.dataDir, opts.county);
  closeCountyDb(openCountyDb(dbFilePath(opts.dataDir)));
  return ok({
    countyCode: config.countyCode,
    countyName: region.name,
    dataDir: opts.dataDir,
    signingPublicKey: config.keys.signing.publicKey,
  });
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const enrollResponseSchema = z.object({
  hubSigningPublicKey: hex64,
  subjectRoot: z.string().regex(/^[A-Za-z0-9_-]+$/),
  streamPrefix: z.string().regex(/^[A-Za-z0-9_-]+$/),
  nats: z.object({ user: z.string().min(1), password: z.string().min(1) }).optional(),
  natsUserJwt: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/).optional(),
});

const errorEnvelopeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/**
 * Registers this node's public keys with the hub using a one-time token, and stores the answer.
 * Each enrollment makes a new NATS user key here and sends only its public half; a hub on
 * operator-mode NATS answers with a user JWT for it, which goes with the seed into nats.creds.
 */
export async function enrollNode(opts: {
  dataDir: string;
  hubUrl: string;
  token: string;
  fetch?: typeof fetch;
}): Promise<Result<NodeConfig>> {
  let config: NodeConfig;
  try {
    config = readNodeConfig(opts.dataDir);
  } catch (e) {
    return err(domainError('bad_request', (e as Error).message));
  }
  let url: URL;
  try {
    url = new URL('api/v1/enroll', opts.hubUrl.endsWith('/') ? opts.hubUrl : `${opts.hubUrl}/`);
  } catch {
    return err(domainError('bad_request', `--hub ${opts.hubUrl} is not a URL`));
  }
  const natsUser = generateNatsUserKey();
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: opts.token,
        countyCode: config.countyCode,
        signingPublicKey: config.keys.signing.publicKey,
        encryptionPublicKey: config.keys.encryption.publicKey,
        natsUserPublicKey: natsUser.publicKey,
      }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    return err(domainError('unavailable', `could not reach the hub at ${url.origin}: ${(e as Error).message}`));
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const envelope = errorEnvelopeSchema.safeParse(json);
    const reason = envelope.success
      ? `${envelope.data.error.code}: ${envelope.data.error.message}`
      : text.slice(0, 200) || res.statusText;
    return err(domainError('bad_request', `the hub refused the enrollment (HTTP ${res.status}) — ${reason}`));
  }
  const answer = enrollResponseSchema.safeParse(json);
  if (!answer.success) {
    return err(domainError('bad_request', `the hub's answer is not an enrollment result: ${text.slice(0, 200)}`));
  }
  const next: NodeConfig = {
    ...config,
    hubUrl: opts.hubUrl,
    hubSigningPublicKey: answer.data.hubSigningPublicKey,
    subjectRoot: answer.data.subjectRoot,
    streamPrefix: answer.data.streamPrefix,
    enrolledAt: new Date().toISOString(),
    ...(answer.data.nats ? { nats: answer.data.nats } : {}),
  };
  // The credential first: node.json saying "enrolled" with no credential beside it would leave a
  // node that cannot connect to an operator-mode NATS.
  if (answer.data.natsUserJwt) writeNatsCreds(opts.dataDir, formatCreds(answer.data.natsUserJwt, natsUser.seed));
  else removeNatsCreds(opts.dataDir); // a credential from an earlier enrollment is not this enrollment's
  writeNodeConfig(opts.dataDir, next);
  return ok(next);
}

export type CreateAdminOutcome = { created: true; username: string; role: CountyRole } | { created: false; username: string };

/**
 * Creates a user unless the username exists (then nothing changes: running the command again is
 * safe). The password is asked for only when a user is about to be created.
 */
export async function createAdmin(opts: {
  dataDir: string;
  username: string;
  role: CountyRole;
  displayName?: string;
  password: () => Promise<Result<{ password: string; demo: boolean }>>;
}): Promise<Result<CreateAdminOutcome>> {
  try {
    readNodeConfig(opts.dataDir);
  } catch (e) {
    return err(domainError('bad_request', (e as Error).message));
  }
  const db = openCountyDb(dbFilePath(opts.dataDir));
  try {
    if (findUser({ db }, opts.username)) return ok({ created: false, username: opts.username });
    const pw = await opts.password();
    if (!pw.ok) return pw;
    if (!pw.value.demo) {
      const policy = passwordPolicy.safeParse(pw.value.password);
      if (!policy.success) return err(domainError('validation_failed', policy.error.issues[0]?.message ?? 'weak password'));
    }
    const created = await createUser(
      { db },
      { username: opts.username, password: pw.value.password, role: opts.role, displayName: opts.displayName },
      'system',
    );
    if (!created.ok) {
      if (created.error.code === 'conflict') return ok({ created: false, username: opts.username });
      return created;
    }
    return ok({ created: true, username: created.value.username, role: created.value.role });
  } finally {
    closeCountyDb(db);
  }
}
