import { type Result, cities, domainError, err, ok } from '@zwgk/core';
import { HUB_ROLES, type HubDb, apiTokens, users } from '@zwgk/db/pg';
import { TOKEN_TTL_MS, hashPassword, hashToken, newToken, passwordPolicy, verifyPassword } from '@zwgk/server';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Viewer } from '../deps.js';
import { requireViewer } from './access.js';
import { audit } from './audit.js';

export interface UserView {
  username: string;
  role: Viewer['role'];
  cityCode: string | null;
  displayName: string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: UserView;
}

const BAD_CREDENTIALS = '用户名或密码错误';

// Verifying against a throwaway hash when the user does not exist keeps the response time the
// same, so timing does not tell which usernames exist.
let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword('no such user: timing equaliser'));

export const userView = (u: Pick<Viewer, 'username' | 'role' | 'cityCode' | 'displayName'>): UserView => ({
  username: u.username,
  role: u.role,
  cityCode: u.cityCode,
  displayName: u.displayName,
});

export async function login(db: HubDb, input: { username: string; password: string }): Promise<Result<LoginResult>> {
  const [user] = await db.select().from(users).where(eq(users.username, input.username)).limit(1);
  if (!user || user.disabledAt) {
    await verifyPassword(await timingDummy(), input.password);
    return err(domainError('unauthorized', BAD_CREDENTIALS));
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    return err(domainError('unauthorized', BAD_CREDENTIALS));
  }
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(Date.now() + TOKEN_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.delete(apiTokens).where(and(eq(apiTokens.userId, user.id), lt(apiTokens.expiresAt, new Date())));
    await tx.insert(apiTokens).values({ tokenHash, userId: user.id, expiresAt });
    await audit(tx, { actor: user.username, action: 'auth.login', entityType: 'user', entityId: user.id });
  });
  return ok({ token, expiresAt: expiresAt.toISOString(), user: userView(user) });
}

/** The user a bearer token belongs to, or null when it is unknown, expired or the user is disabled. */
export async function authenticate(db: HubDb, token: string): Promise<Viewer | null> {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      cityCode: users.cityCode,
      displayName: users.displayName,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), gt(apiTokens.expiresAt, new Date()), isNull(users.disabledAt)))
    .limit(1);
  return row ?? null;
}

export const me = (viewer: Viewer | null): Result<UserView> => {
  const v = requireViewer(viewer);
  return v.ok ? ok(userView(v.value)) : v;
};

const cityCodes = new Set(cities().map((c) => c.code6));

export const createUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{2,64}$/, { error: '用户名只能包含字母、数字、下划线、点和连字符（2–64个字符）' }),
    password: z.string().min(1).max(256),
    role: z.enum(HUB_ROLES, { error: '角色必须是 province_admin 或 city_reviewer' }),
    cityCode: z
      .string()
      .nullish()
      .transform((v) => v ?? null),
    displayName: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.role === 'city_reviewer' && (!v.cityCode || !cityCodes.has(v.cityCode))) {
      ctx.addIssue({ code: 'custom', path: ['cityCode'], message: '市级审核员必须指定一个设区市（6位代码）' });
    }
    if (v.role === 'province_admin' && v.cityCode) {
      ctx.addIssue({ code: 'custom', path: ['cityCode'], message: '省级管理员不属于某个市' });
    }
  });
export type CreateUserInput = z.input<typeof createUserSchema>;

export interface CreateUserOptions {
  actor: string;
  /** an existing username is not an error but returns that user unchanged (idempotent set-up) */
  ifExists?: 'fail' | 'keep';
  /** demo accounts use the short, documented demo password */
  skipPasswordPolicy?: boolean;
}

export async function createUser(
  db: HubDb,
  input: CreateUserInput,
  opts: CreateUserOptions,
): Promise<Result<{ user: UserView & { id: string }; created: boolean }>> {
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) {
    return err(
      domainError('validation_failed', '账号信息有误', {
        fields: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      }),
    );
  }
  const u = parsed.data;
  if (!opts.skipPasswordPolicy) {
    const pw = passwordPolicy.safeParse(u.password);
    if (!pw.success) {
      return err(domainError('validation_failed', '密码不符合要求', { fields: [{ field: 'password', message: pw.error.issues[0]?.message ?? '密码无效' }] }));
    }
  }
  const existing = await findUser(db, u.username);
  if (existing) {
    if (opts.ifExists === 'keep') return ok({ user: existing, created: false });
    return err(domainError('conflict', `用户名 ${u.username} 已存在`));
  }
  const passwordHash = await hashPassword(u.password);
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ username: u.username, passwordHash, role: u.role, cityCode: u.cityCode, displayName: u.displayName ?? u.username })
      .onConflictDoNothing({ target: users.username })
      .returning();
    if (!row) return null;
    await audit(tx, {
      actor: opts.actor,
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      details: { username: row.username, role: row.role, cityCode: row.cityCode },
    });
    return row;
  });
  if (!created) {
    // lost a race with a concurrent create of the same name
    const now = await findUser(db, u.username);
    if (now && opts.ifExists === 'keep') return ok({ user: now, created: false });
    return err(domainError('conflict', `用户名 ${u.username} 已存在`));
  }
  return ok({ user: { id: created.id, ...userView(created) }, created: true });
}

async function findUser(db: HubDb, username: string) {
  const [row] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return row ? { id: row.id, ...userView(row) } : undefined;
}
