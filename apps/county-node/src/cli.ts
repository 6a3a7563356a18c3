#!/usr/bin/env -S npx tsx
import { type Result, domainError, err, ok } from '@zwgk/core';
import { COUNTY_ROLES } from '@zwgk/db/sqlite';
import { parseArgs } from 'node:util';
import { EnvError, loadEnv } from './env.js';
import { createAdmin, enrollNode, initNode } from './commands.js';
import { natsCredsPath } from './nats-creds.js';
import { existsSync } from 'node:fs';
import type { CountyRole } from './services/accounts.js';

const USAGE = `usage: zwgk-county-node <command> [options]

  init --county <code6> [--data-dir <dir>]
      create the data dir: node.json with this node's keys, and county.sqlite
  enroll --hub <url> --token <token> [--data-dir <dir>]
      register this node's public keys with the hub using a one-time enrollment token
  create-admin --username <name> [--role county_admin|county_editor|county_reviewer]
               [--display-name <name>] (--password-stdin | --demo) [--data-dir <dir>]
      create a user; the password is read from stdin, or with --demo is ZWGK_DEMO_PASSWORD
      (only when ZWGK_DEMO=1). An existing username is left as it is.

--data-dir defaults to ZWGK_DATA_DIR (./.data/county).`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const need = (v: string | undefined, flag: string): string => {
  if (!v) throw new UsageError(`missing --${flag}`);
  return v;
};

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const env = loadEnv();
  const { values } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      county: { type: 'string' },
      hub: { type: 'string' },
      token: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string' },
      'display-name': { type: 'string' },
      demo: { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
    },
  });
  const dataDir = values['data-dir'] ?? env.ZWGK_DATA_DIR;

  switch (command) {
    case 'init': {
      const r = initNode({ county: need(values.county, 'county'), dataDir });
      if (!r.ok) return fail(r);
      console.log(`initialised ${r.value.countyName} (${r.value.countyCode}) in ${r.value.dataDir}`);
      console.log(`signing public key: ${r.value.signingPublicKey}`);
      return 0;
    }
    case 'enroll': {
      const r = await enrollNode({ dataDir, hubUrl: need(values.hub, 'hub'), token: need(values.token, 'token') });
      if (!r.ok) return fail(r);
      console.log(
        `enrolled ${r.value.countyCode} with ${r.value.hubUrl} (subjects ${r.value.subjectRoot}.v1.*, streams ${r.value.streamPrefix}_*)`,
      );
      if (existsSync(natsCredsPath(dataDir))) console.log(`NATS credential issued by the hub stored in ${natsCredsPath(dataDir)} (0600)`);
      console.log('restart the county node to start exchanging messages with the hub');
      return 0;
    }
    case 'create-admin': {
      const username = need(values.username, 'username');
      const role = (values.role ?? 'county_admin') as CountyRole;
      if (!COUNTY_ROLES.includes(role)) throw new UsageError(`--role must be one of ${COUNTY_ROLES.join(', ')}`);
      if (values.demo && values['password-stdin']) throw new UsageError('give either --demo or --password-stdin, not both');
      const password = async (): Promise<Result<{ password: string; demo: boolean }>> => {
        if (values['password-stdin']) return ok({ password: await readStdin(), demo: false });
        if (values.demo) {
          if (!env.ZWGK_DEMO) {
            return err(domainError('forbidden', '--demo is allowed only in demo mode (ZWGK_DEMO=1); give a password with --password-stdin'));
          }
          return ok({ password: env.ZWGK_DEMO_PASSWORD, demo: true });
        }
        return err(domainError('bad_request', 'no password: pipe one in with --password-stdin (or --demo with ZWGK_DEMO=1)'));
      };
      const r = await createAdmin({ dataDir, username, role, displayName: values['display-name'], password });
      if (!r.ok) return fail(r);
      console.log(
        r.value.created ? `created ${r.value.role} ${r.value.username}` : `user ${r.value.username} already exists; left unchanged`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

function fail(r: { ok: false; error: { message: string } }): number {
  console.error(`error: ${r.error.message}`);
  return 1;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`error: ${(e as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (e instanceof EnvError) {
      console.error(`error: ${e.message}`);
      process.exit(1);
    }
    console.error(e);
    process.exit(1);
  },
);
