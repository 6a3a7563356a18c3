import { type Result, cityOf, counties as gbtCounties, countyByCode6, domainError, err, ok } from '@zwgk/core';
import { type HubDb, counties, enrollmentTokens } from '@zwgk/db/pg';
import { isNatsUserPublicKey } from '@zwgk/federation';
import { hashToken, newToken } from '@zwgk/server';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { HubDeps, Viewer } from '../deps.js';
import { requireRole } from './access.js';
import { flushAll } from '../outbox.js';
import { audit } from './audit.js';
import { enqueueCurrentGuidelines } from './standards.js';
import { enqueueCalendarYears } from './requests.js';

export const ENROLLMENT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

const gbtCountyCodes = new Set(gbtCounties().map((c) => c.code6));

const countyCode = z
  .string({ error: '县级代码必须是文本' })
  .regex(/^\d{6}$/, { error: '县级代码必须是6位数字' })
  .refine((c) => gbtCountyCodes.has(c), { error: '不是河北省的县级行政区划（GB/T 2260）' });

const publicKey = (label: string) =>
  z.string({ error: `${label}必须是文本` }).regex(/^[0-9a-f]{64}$/, { error: `${label}必须是64位小写十六进制（32字节）` });

export const enrollmentTokenInputSchema = z.object({ countyCode }).strict();
export type EnrollmentTokenInput = z.output<typeof enrollmentTokenInputSchema>;

export const enrollInputSchema = z
  .object({
    token: z.string({ error: '注册令牌必须是文本' }).min(1, { error: '请提供注册令牌' }).max(200),
    countyCode,
    signingPublicKey: publicKey('签名公钥'),
    encryptionPublicKey: publicKey('加密公钥'),
    /** the county's own NATS user nkey (`U…`); its seed never leaves the county */
    natsUserPublicKey: z
      .string({ error: 'NATS 用户公钥必须是文本' })
      .refine(isNatsUserPublicKey, { error: 'NATS 用户公钥格式不正确（应为以 U 开头的 nkey 公钥）' })
      .optional(),
  })
  .strict();
export type EnrollInput = z.output<typeof enrollInputSchema>;

export interface IssuedToken {
  token: string;
  countyCode: string;
  expiresAt: string;
}

export interface EnrollResult {
  hubSigningPublicKey: string;
  subjectRoot: string;
  streamPrefix: string;
  /** the county's NATS user JWT (operator-mode NATS only); with its own seed it makes the county's `.creds` */
  natsUserJwt?: string;
}

export async function issueEnrollmentToken(
  deps: Pick<HubDeps, 'db'>,
  viewer: Viewer | null,
  input: EnrollmentTokenInput,
): Promise<Result<IssuedToken>> {
  const admin = requireRole(viewer, 'province_admin');
  if (!admin.ok) return admin;
  return ok(await createEnrollmentToken(deps.db, input.countyCode, admin.value.username));
}

/** Without a role check: for the CLI, which runs with the database credentials themselves. */
export async function createEnrollmentToken(db: HubDb, code: string, createdBy: string): Promise<IssuedToken> {
  if (!gbtCountyCodes.has(code)) throw new Error(`${code} is not a GB/T 2260 county of Hebei`);
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(Date.now() + ENROLLMENT_TOKEN_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.insert(enrollmentTokens).values({ tokenHash, countyCode: code, createdBy, expiresAt });
    await audit(tx, {
      actor: createdBy,
      action: 'enrollment_token.issue',
      entityType: 'county',
      entityId: code,
      // a prefix of the hash identifies the token in the log without making it usable
      details: { tokenHashPrefix: tokenHash.slice(0, 12), expiresAt: expiresAt.toISOString() },
    });
  });
  return { token, countyCode: code, expiresAt: expiresAt.toISOString() };
}

/**
 * A county registers its public keys with a one-time token. The county's consumer is created
 * before the transaction commits: when NATS is unreachable the whole enrollment fails with 503
 * and the token stays usable, instead of leaving an enrolled county with nowhere to receive.
 */
export async function enroll(
  deps: Pick<HubDeps, 'db' | 'nats' | 'names' | 'hubSigningPublicKey' | 'logger' | 'outbox'>,
  input: EnrollInput,
): Promise<Result<EnrollResult>> {
  const tokenHash = hashToken(input.token);
  const issueCredential = deps.nats.issueCountyCredential;
  if (issueCredential && !input.natsUserPublicKey) {
    return err(
      domainError('validation_failed', '本平台的消息服务按县分配凭据：注册请求须包含县级节点的 NATS 用户公钥', {
        fields: [{ field: 'natsUserPublicKey', message: '请提供 NATS 用户公钥' }],
      }),
    );
  }
  const outcome = await deps.db.transaction(async (tx): Promise<Result<{ replaced: boolean; natsUserJwt?: string }>> => {
    const [row] = await tx
      .select()
      .from(enrollmentTokens)
      .where(eq(enrollmentTokens.tokenHash, tokenHash))
      .for('update')
      .limit(1);
    if (!row) return err(domainError('unauthorized', '注册令牌无效'));
    if (row.countyCode !== input.countyCode) return err(domainError('forbidden', '注册令牌不是签发给该县的'));
    if (row.usedAt) return err(domainError('conflict', '注册令牌已使用过，请重新申请'));
    if (row.expiresAt.getTime() <= Date.now()) return err(domainError('unauthorized', '注册令牌已过期，请重新申请'));

    try {
      await deps.nats.ensureCountyConsumer(input.countyCode);
    } catch (e) {
      deps.logger.warn({ err: e, county: input.countyCode }, 'enrollment: could not create the county consumer');
      return err(domainError('unavailable', '消息服务暂不可用，请稍后重试（注册令牌仍然有效）'));
    }

    // Signed before the commit so that a county is never enrolled without its credential; the
    // key is in the audit row, which is where `nats-revoke` finds every key a county was given.
    const natsUserJwt =
      issueCredential && input.natsUserPublicKey ? await issueCredential(input.countyCode, input.natsUserPublicKey) : undefined;

    const region = countyByCode6(input.countyCode);
    const now = new Date();
    const [previous] = await tx
      .select({ signingPublicKey: counties.signingPublicKey })
      .from(counties)
      .where(eq(counties.code, input.countyCode))
      .limit(1);
    await tx
      .insert(counties)
      .values({
        code: input.countyCode,
        name: region?.name ?? input.countyCode,
        cityCode: cityOf(input.countyCode)?.code6 ?? null,
        signingPublicKey: input.signingPublicKey,
        encryptionPublicKey: input.encryptionPublicKey,
        enrolledAt: now,
      })
      .onConflictDoUpdate({
        target: counties.code,
        set: { signingPublicKey: input.signingPublicKey, encryptionPublicKey: input.encryptionPublicKey, enrolledAt: now },
      });
    await tx.update(enrollmentTokens).set({ usedAt: now }).where(eq(enrollmentTokens.tokenHash, tokenHash));
    // the county starts from the current guideline of every domain
    const guidelines = await enqueueCurrentGuidelines(tx, deps.outbox, input.countyCode);
    // and from every holiday file loaded since the bundled data
    await enqueueCalendarYears(tx, deps.outbox, input.countyCode);
    const replaced = !!previous?.signingPublicKey;
    await audit(tx, {
      actor: `county:${input.countyCode}`,
      action: replaced ? 'county.reenroll' : 'county.enroll',
      entityType: 'county',
      entityId: input.countyCode,
      details: {
        signingPublicKey: input.signingPublicKey,
        encryptionPublicKey: input.encryptionPublicKey,
        ...(replaced ? { previousSigningPublicKey: previous?.signingPublicKey } : {}),
        tokenHashPrefix: tokenHash.slice(0, 12),
        tokenIssuedBy: row.createdBy,
        guidelinesQueued: guidelines,
        ...(natsUserJwt ? { natsUserPublicKey: input.natsUserPublicKey } : {}),
      },
    });
    return ok({ replaced, ...(natsUserJwt ? { natsUserJwt } : {}) });
  });
  if (!outcome.ok) return outcome;
  deps.logger.info({ county: input.countyCode, replaced: outcome.value.replaced }, 'county enrolled');
  try {
    await flushAll(deps.outbox);
  } catch (e) {
    deps.logger.warn({ err: e, county: input.countyCode }, 'guidelines queued for the county but not yet published; will retry');
  }
  return ok({
    hubSigningPublicKey: deps.hubSigningPublicKey,
    subjectRoot: deps.names.subjectRoot,
    streamPrefix: deps.names.streamPrefix,
    ...(outcome.value.natsUserJwt ? { natsUserJwt: outcome.value.natsUserJwt } : {}),
  });
}
