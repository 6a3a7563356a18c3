import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Argon2id with the OWASP-recommended minimums (19 MiB, 2 passes). */
const ARGON2 = { algorithm: 2 /* Algorithm.Argon2id: a const enum, not importable under verbatimModuleSyntax */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Only the hash is stored, so a leaked database does not leak usable tokens. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export const TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

export const loginSchema = z
  .object({
    username: z.string().trim().min(1, { error: '请输入用户名' }).max(64),
    password: z.string().min(1, { error: '请输入密码' }).max(256),
  })
  .strict();

export const passwordPolicy = z.string().min(10, { error: '密码至少10个字符' }).max(256);

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1] ?? null;
}
