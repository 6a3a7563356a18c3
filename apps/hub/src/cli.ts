#!/usr/bin/env -S npx tsx
import { parseArgs } from 'node:util';
import { connectHubDb, migrateHubDb } from '@zwgk/db/pg';
import { unwrap } from '@zwgk/server';
import { loadEnv } from './env.js';
import { createUser } from './services/accounts.js';
import { createEnrollmentToken } from './services/enrollment.js';

const USAGE = `zwgk-hub <command> [options]

  create-admin --username <u> --role province_admin|city_reviewer [--city <code6>]
               [--display-name <name>] (--password-stdin | --demo)
      Creates a hub account; does nothing if the username exists.
      --password-stdin  read the password from stdin (first line)
      --demo            use ZWGK_DEMO_PASSWORD (default zwgk-demo); only with ZWGK_DEMO=1

  issue-enrollment-token --county <code6>
      Issues a one-time, 24-hour enrollment token for a county; prints it as the last line.

Environment: DATABASE_URL (required), ZWGK_DEMO, ZWGK_DEMO_PASSWORD.`;

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

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'create-admin') await createAdmin(rest);
  else if (command === 'issue-enrollment-token') await issueEnrollmentToken(rest);
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
