import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type NodeKeys, generateNodeKeys } from '@zwgk/core';
import type { Logger } from 'pino';
import { z } from 'zod';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const keyPair = z.object({ privateKey: hex(32), publicKey: hex(32) });
const keyFileSchema = z.object({ signing: keyPair, encryption: keyPair });

/**
 * The hub's own keys: Ed25519 to sign what it sends to counties (which they verify against the
 * public key they received at enrollment), X25519 for what may later be encrypted to it. Created
 * once; losing the file means re-enrolling every county, so it is never overwritten.
 */
export function loadOrCreateHubKeys(path: string, logger?: Logger): NodeKeys {
  if (existsSync(path)) {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) logger?.warn({ path, mode: mode.toString(8) }, 'hub key file is readable by others; chmod 600 it');
    const parsed = keyFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) throw new Error(`${path} is not a valid hub key file`);
    return parsed.data;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const keys = generateNodeKeys();
  // `wx`: if two processes race on first start, the loser fails instead of replacing the winner's keys.
  writeFileSync(path, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  logger?.info({ path, publicKey: keys.signing.publicKey }, 'created hub signing keys');
  return keys;
}
