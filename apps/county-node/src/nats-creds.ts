import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * `nats.creds` in the data dir: the county's NATS user JWT (issued by the hub at enrollment) and
 * the user nkey seed this node generated itself. The standard `.creds` format, so the `nats` CLI
 * can use it too. It holds a secret, so it is written 0600.
 */
export const NATS_CREDS_FILE = 'nats.creds';

export const natsCredsPath = (dataDir: string): string => join(dataDir, NATS_CREDS_FILE);

export function writeNatsCreds(dataDir: string, creds: Uint8Array): void {
  const file = natsCredsPath(dataDir);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, creds, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function removeNatsCreds(dataDir: string): void {
  rmSync(natsCredsPath(dataDir), { force: true });
}

/** The stored credentials, or undefined when the node was enrolled with a hub on open NATS. */
export function readNatsCreds(dataDir: string): { creds: Uint8Array; looseMode?: string } | undefined {
  const file = natsCredsPath(dataDir);
  if (!existsSync(file)) return undefined;
  const mode = statSync(file).mode & 0o777;
  return { creds: new Uint8Array(readFileSync(file)), ...(mode & 0o077 ? { looseMode: mode.toString(8) } : {}) };
}
