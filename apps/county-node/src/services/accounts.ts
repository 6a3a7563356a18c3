import { type Result, domainError, err, ok, zodIssuesToFields } from '@zwgk/core';
import { COUNTY_ROLES, type CountyRole, apiTokens, users } from '@zwgk/db/sqlite';
import { TOKEN_TTL_MS, hashPassword, hashToken, newToken, verifyPassword } from '@zwgk/server';
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { uuidv7 } from '../ids.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, nowOf } from './context.js';

export { COUNTY_ROLES, type CountyRole };

export interface AuthUser {
  id: string;
  username: string;
  role: CountyRole;
  displayName: string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { username: string; role: CountyRole; displayName: string };
}

const BAD_CREDENTIALS = '用户名或密码错误';

/**
 * A hash to verify against when the username does not exist, so a wrong username costs the same
 * Argon2 time as a wrong password and response times do not reveal which accounts exist.
 */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(randomBytes(24).toString('base64')));

export async function login(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  input: { username: string; password: string },
): Promise<Result<LoginResult>> {
  const user = deps.db.select().from(users).where(eq(users.username, input.username)).get();
  const valid = await verifyPassword(user?.passwordHash ?? (await decoy()), input.password);
  if (!user || !valid || user.disabledAt) return err(domainError('unauthorized', BAD_CREDENTIALS));

  const now = nowOf(deps);
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS).toISOString();
  deps.db.transaction(
    (tx) => {
      tx.delete(apiTokens)
        .where(and(eq(apiTokens.userId, user.id), lte(apiTokens.expiresAt, now.toISOString())))
        .run();
      tx.insert(apiTokens).values({ tokenHash, userId: user.id, createdAt: now.toISOString(), expiresAt }).run();
      writeAudit(tx, {
        at: now.toISOString(),
        actor: user.username,
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
      });
    },
    { behavior: 'immediate' },
  );
  return ok({ token, expiresAt, user: { username: user.username, role: user.role, displayName: user.displayName } });
}

/** Resolves a bearer token to its user; a missing, unknown, expired or disabled one is `unauthorized`. */
export function authenticate(deps: Pick<ServiceDeps, 'db' | 'now'>, token: string | null): Result<AuthUser> {
  if (!token) return err(domainError('unauthorized', '请先登录'));
  const row = deps.db
    .select({ id: users.id, username: users.username, role: users.role, displayName: users.displayName })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        gt(apiTokens.expiresAt, nowOf(deps).toISOString()),
        isNull(users.disabledAt),
      ),
    )
    .get();
  return row ? ok(row) : err(domainError('unauthorized', '登录已失效，请重新登录'));
}

export function requireRole(user: AuthUser, roles: readonly CountyRole[]): Result<AuthUser> {
  return roles.includes(user.role) ? ok(user) : err(domainError('forbidden', '当前角色无权进行此操作'));
}

export const usernameSchema = z
  .string()
  .trim()
  .min(1, { error: '请输入用户名' })
  .max(64, { error: '用户名不能超过64个字符' })
  .regex(/^[A-Za-z0-9_.@-]+$/, { error: '用户名只能包含字母、数字和 _ . @ -' });

export const newUserSchema = z
  .object({
    username: usernameSchema,
    password: z.string().min(1).max(256),
    role: z.enum(COUNTY_ROLES, { error: '角色必须是 county_admin、county_editor 或 county_reviewer' }),
    displayName: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export type NewUser = z.input<typeof newUserSchema>;

export const findUser = (deps: Pick<ServiceDeps, 'db'>, username: string) =>
  deps.db.select().from(users).where(eq(users.username, username)).get();

/**
 * Creates a user. The password policy is the caller's concern (the CLI enforces it outside demo
 * mode); this stores only the Argon2id hash. A taken username is a `conflict`.
 */
export async function createUser(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  input: NewUser,
  actor: string,
): Promise<Result<AuthUser>> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    return err(
      domainError('validation_failed', '用户信息有误', {
        fields: zodIssuesToFields(parsed.error.issues),
      }),
    );
  }
  const u = parsed.data;
  const passwordHash = await hashPassword(u.password);
  const now = nowOf(deps).toISOString();
  const user: AuthUser = { id: uuidv7(), username: u.username, role: u.role, displayName: u.displayName ?? u.username };
  return deps.db.transaction(
    (tx): Result<AuthUser> => {
      if (tx.select({ id: users.id }).from(users).where(eq(users.username, u.username)).get()) {
        return err(domainError('conflict', `用户 ${u.username} 已存在`));
      }
      tx.insert(users).values({ ...user, passwordHash, createdAt: now }).run();
      writeAudit(tx, {
        at: now,
        actor,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        details: { username: user.username, role: user.role },
      });
      return ok(user);
    },
    { behavior: 'immediate' },
  );
}
