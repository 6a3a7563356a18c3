import { type NodeKeys, generateNodeKeys } from '@zwgk/core';
import { countyByCode6 } from '@zwgk/core/regions';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const NODE_FILE = 'node.json';
export const DB_FILE = 'county.sqlite';

const hex = (len: number) => z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`));
const keyPair = z.object({ privateKey: hex(64), publicKey: hex(64) }).strict();

/**
 * `node.json` in the data dir: who this node is (county, keys) and, once enrolled, where the hub is
 * and how to reach it. It holds private keys and the NATS password, so it is written 0600.
 */
export const nodeConfigSchema = z
  .object({
    countyCode: z.string().regex(/^\d{6}$/),
    createdAt: z.string(),
    keys: z.object({ signing: keyPair, encryption: keyPair }).strict(),
    hubUrl: z.url().optional(),
    hubSigningPublicKey: hex(64).optional(),
    subjectRoot: z.string().min(1).optional(),
    streamPrefix: z.string().min(1).optional(),
    enrolledAt: z.string().optional(),
    nats: z.object({ user: z.string().min(1), password: z.string().min(1) }).strict().optional(),
  })
  .strict();

export type NodeConfig = z.infer<typeof nodeConfigSchema>;

export const nodeFilePath = (dataDir: string): string => join(dataDir, NODE_FILE);
export const dbFilePath = (dataDir: string): string => join(dataDir, DB_FILE);

export const isEnrolled = (c: NodeConfig): c is NodeConfig & { hubSigningPublicKey: string } =>
  c.hubSigningPublicKey !== undefined;

export class NodeConfigError extends Error {}

export function readNodeConfig(dataDir: string): NodeConfig {
  const file = nodeFilePath(dataDir);
  if (!existsSync(file)) {
    throw new NodeConfigError(
      `${dataDir} is not an initialised county data dir (no ${NODE_FILE}); run: zwgk-county-node init --county <code6> --data-dir ${dataDir}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new NodeConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = nodeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new NodeConfigError(`${file} is malformed: ${fields}`);
  }
  if (!countyByCode6(parsed.data.countyCode)) {
    throw new NodeConfigError(`${file} names ${parsed.data.countyCode}, which is not a county in the region registry`);
  }
  return parsed.data;
}

/** Replaces node.json atomically (write a 0600 temp file, then rename), so a crash never leaves half a file. */
export function writeNodeConfig(dataDir: string, config: NodeConfig): void {
  const file = nodeFilePath(dataDir);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(nodeConfigSchema.parse(config), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Creates node.json with fresh keys. Refuses to overwrite one: its keys are the county's identity
 * at the hub, and a new key would make every later event fail verification.
 */
export function createNodeConfig(dataDir: string, countyCode: string, keys: NodeKeys = generateNodeKeys()): NodeConfig {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const config: NodeConfig = { countyCode, createdAt: new Date().toISOString(), keys };
  const file = nodeFilePath(dataDir);
  try {
    writeFileSync(file, `${JSON.stringify(nodeConfigSchema.parse(config), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new NodeConfigError(`${file} already exists; refusing to replace this node's keys`);
    }
    throw e;
  }
  chmodSync(file, 0o600);
  return config;
}
