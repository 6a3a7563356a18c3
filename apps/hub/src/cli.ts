#!/usr/bin/env -S npx tsx
import { parseArgs } from 'node:util';
import { connectHubDb, migrateHubDb } from '@zwgk/db/pg';
import { unwrap } from '@zwgk/server';
import { loadEnv } from './env.js';
import { createUser } from './services/accounts.js';
import { createEnrollmentToken } from './services/enrollment.js';
import { NATS_FILES, natsDir, natsInit, natsRevoke } from './nats-commands.js';

const USAGE = `zwgk-hub <command> [options]

  create-admin --username <u> --role province_admin|city_reviewer [--city <code6>]
               [--display-name <name>] (--password-stdin | --demo)
      Creates a hub account; does nothing if the username exists.
      --password-stdin  read the password from stdin (first line)
      --demo            use ZWGK_DEMO_PASSWORD (default zwgk-demo); only with ZWGK_DEMO=1

  issue-enrollment-token --county <code6>
      Issues a one-time, 24-hour enrollment token for a county; prints it as the last line.

  nats-init [--dir <dir>] [--name <operator name>]
      Creates the province's NATS operator, system account and application account (once) and
      writes ${NATS_FILES.config} for nats-server (include it), ${NATS_FILES.issuer} for the hub
      (ZWGK_NATS_ACCOUNT_FILE) and ${NATS_FILES.adminCreds}. Needs no database. Run again, it keeps the keys.

  nats-revoke --county <code6> [--dir <dir>]
      Revokes every NATS credential issued to the county: rewrites ${NATS_FILES.config} and pushes
      the account to the server at NATS_URL, which disconnects the county. Re-enroll to reissue.

--dir defaults to the directory of ZWGK_NATS_ACCOUNT_FILE, else ./.data/hub/nats.
Environment: DATABASE_URL (required except for nats-init), NATS_URL, ZWGK_NATS_ACCOUNT_FILE,
ZWGK_DEMO, ZWGK_DEMO_PASSWORD.`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function createAdmin(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      city: { type: 'string' },
      'display-name': { type: 'string' },
      demo: { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.username || !values.role) throw new UsageError('--username and --role are required');
  if (values.demo === values['password-stdin']) throw new UsageError('give exactly one of --password-stdin and --demo');
  const env = loadEnv();
  let password: string;
  if (values.demo) {
    if (!env.ZWGK_DEMO) throw new UsageError('--demo is allowed only with ZWGK_DEMO=1: a production hub has no default passwords');
    password = env.ZWGK_DEMO_PASSWORD;
  } else {
    password = await readStdin();
    if (!password) throw new UsageError('no password on stdin');
  }
  await migrateHubDb(env.DATABASE_URL);
  const { db, close } = connectHubDb(env.DATABASE_URL, { max: 1, applicationName: 'zwgk-hub-cli' });
  try {
    const { user, created } = unwrap(
      await createUser(
        db,
        {
          username: values.username,
          password,
          role: values.role as 'province_admin',
          cityCode: values.city ?? null,
          ...(values['display-name'] ? { displayName: values['display-name'] } : {}),
        },
        { actor: 'cli', ifExists: 'keep', skipPasswordPolicy: values.demo },
      ),
    );
    console.log(created ? `created ${user.role} ${user.username}` : `${user.username} already exists (${user.role}); unchanged`);
  } finally {
    await close();
  }
}

async function issueEnrollmentToken(args: string[]) {
  const { values } = parseArgs({ args, options: { county: { type: 'string' } }, strict: true });
  if (!values.county) throw new UsageError('--county is required');
  const env = loadEnv();
  await migrateHubDb(env.DATABASE_URL);
  const { db, close } = connectHubDb(env.DATABASE_URL, { max: 1, applicationName: 'zwgk-hub-cli' });
  try {
    const issued = await createEnrollmentToken(db, values.county, 'cli');
    console.log(`enrollment token for ${issued.countyCode}, valid until ${issued.expiresAt}:`);
    console.log(issued.token);
  } finally {
    await close();
  }
}

async function natsInitCommand(args: string[]) {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' }, name: { type: 'string' } }, strict: true });
  // no loadEnv(): a province sets up NATS before it has a database
  const dir = natsDir(values.dir, process.env.ZWGK_NATS_ACCOUNT_FILE || undefined);
  const r = await natsInit({ dir, ...(values.name ? { name: values.name } : {}) });
  console.log(r.created ? `created the province NATS operator and accounts in ${r.dir}` : `kept the existing NATS keys in ${r.dir}`);
  console.log(`  operator ${r.operatorPublicKey}, account ${r.accountPublicKey}`);
  console.log(`  nats-server: include ${r.configFile} (with jetstream enabled)`);
  console.log(`  hub:         ZWGK_NATS_ACCOUNT_FILE=${r.issuerFile}`);
  console.log(`  admin tools: ${r.adminCredsFile}`);
}

async function natsRevokeCommand(args: string[]) {
  const { values } = parseArgs({ args, options: { county: { type: 'string' }, dir: { type: 'string' } }, strict: true });
  if (!values.county) throw new UsageError('--county is required');
  const env = loadEnv();
  await migrateHubDb(env.DATABASE_URL);
  const { db, close } = connectHubDb(env.DATABASE_URL, { max: 1, applicationName: 'zwgk-hub-cli' });
  try {
    const r = await natsRevoke({ dir: natsDir(values.dir, env.ZWGK_NATS_ACCOUNT_FILE), db, countyCode: values.county, natsUrl: env.NATS_URL });
    if (r.revoked.length === 0) {
      console.log(`no NATS credential was ever issued to ${r.countyCode}; nothing to revoke`);
      return;
    }
    console.log(`revoked ${r.revoked.length} NATS credential(s) of ${r.countyCode}; ${r.configFile} rewritten`);
    if (r.pushed) console.log('the running nats-server applied it and disconnected the county');
    else {
      console.error(`could not update the running nats-server (${r.pushError ?? 'no NATS_URL'}); reload it: nats-server --signal reload`);
      process.exitCode = 1;
    }
  } finally {
    await close();
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'create-admin') await createAdmin(rest);
  else if (command === 'issue-enrollment-token') await issueEnrollmentToken(rest);
  else if (command === 'nats-init') await natsInitCommand(rest);
  else if (command === 'nats-revoke') await natsRevokeCommand(rest);
  else if (command === undefined || command === 'help' || command === '--help') console.log(USAGE);
  else throw new UsageError(`unknown command ${command}`);
} catch (e) {
  const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  const details = (e as { domain?: { details?: unknown } }).domain?.details;
  if (details) console.error(JSON.stringify(details, null, 2));
  if (usage) console.error(`\n${USAGE}`);
  process.exit(usage ? 2 : 1);
}
