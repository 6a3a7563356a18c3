import { describe, expect, it } from 'vitest';
import { natsPermissionsForCounty } from './auth.js';
import {
  type AccountIssuer,
  countyUserClaims,
  createProvinceNats,
  decodeJwt,
  formatCreds,
  generateNatsUserKey,
  isNatsUserPublicKey,
  issueCountyUserJwt,
  natsOperatorConfig,
  withRevocations,
} from './credentials.js';

const names = { subjectRoot: 'zwgk', streamPrefix: 'ZWGK' };
const A = '130102';
const B = '130181';

interface UserNats {
  issuer_account: string;
  pub: { allow: string[] };
  sub: { allow: string[] };
  allowed_connection_types: string[];
  type: string;
}

describe('county user claims', () => {
  it('carry exactly the permissions natsPermissionsForCounty gives, for each county', () => {
    for (const code of [A, B]) {
      const claims = countyUserClaims(names, code, 'AACCOUNT');
      const perms = natsPermissionsForCounty(names, code);
      expect(claims.pub).toEqual({ allow: perms.publish.allow });
      expect(claims.sub).toEqual({ allow: perms.subscribe.allow });
      expect(claims.pub?.deny).toBeUndefined();
      expect(claims.issuer_account).toBe('AACCOUNT');
    }
    expect(countyUserClaims(names, A, 'X').pub?.allow).not.toContain(`zwgk.v1.county.${B}.>`);
  });
});

describe('province NATS material', async () => {
  const p = await createProvinceNats('zwgk-test');
  const issuer: AccountIssuer = { accountPublicKey: p.account.publicKey, signingSeed: p.accountSigning.seed };

  it('an operator naming the system account, and an account signed by it with JetStream and a separate signing key', () => {
    const op = decodeJwt<{ system_account: string }>(p.operator.jwt);
    expect(op.sub).toBe(p.operator.publicKey);
    expect(op.nats.system_account).toBe(p.system.publicKey);
    const acc = decodeJwt<{ signing_keys: string[]; limits: Record<string, unknown> }>(p.account.jwt);
    expect(acc.iss).toBe(p.operator.publicKey);
    expect(acc.sub).toBe(p.account.publicKey);
    expect(acc.nats.signing_keys).toEqual([p.accountSigning.publicKey]);
    expect(acc.nats.limits).toMatchObject({ disk_storage: -1, mem_storage: -1, conn: -1, subs: -1 });
    const sys = decodeJwt<{ limits: Record<string, unknown> }>(p.system.jwt);
    expect(sys.iss).toBe(p.operator.publicKey);
    expect(sys.nats.limits?.disk_storage).toBeUndefined();
  });

  it('a county JWT is for the county’s own key, signed by the account signing key, with its permissions', async () => {
    const user = generateNatsUserKey();
    const jwt = await issueCountyUserJwt(issuer, names, A, user.publicKey);
    const claims = decodeJwt<UserNats>(jwt);
    expect(claims.sub).toBe(user.publicKey);
    expect(claims.iss).toBe(p.accountSigning.publicKey);
    expect(claims.name).toBe(`county-${A}`);
    expect(claims.nats.type).toBe('user');
    expect(claims.nats.issuer_account).toBe(p.account.publicKey);
    const perms = natsPermissionsForCounty(names, A);
    expect(claims.nats.pub).toEqual({ allow: perms.publish.allow });
    expect(claims.nats.sub).toEqual({ allow: perms.subscribe.allow });
    expect(claims.nats.allowed_connection_types).toEqual(['STANDARD']);
    expect(claims.exp).toBeUndefined();

    const creds = new TextDecoder().decode(formatCreds(jwt, user.seed));
    expect(creds).toContain(jwt);
    expect(creds).toContain(user.seed);
  });

  it('refuses to sign for anything but a user public key', async () => {
    expect(isNatsUserPublicKey(generateNatsUserKey().publicKey)).toBe(true);
    expect(isNatsUserPublicKey(p.account.publicKey)).toBe(false);
    expect(isNatsUserPublicKey(generateNatsUserKey().seed)).toBe(false);
    // a single changed character breaks the checksum
    const k = generateNatsUserKey().publicKey;
    expect(isNatsUserPublicKey(`${k.slice(0, 10)}${k[10] === 'A' ? 'B' : 'A'}${k.slice(11)}`)).toBe(false);
    await expect(issueCountyUserJwt(issuer, names, A, p.account.publicKey)).rejects.toThrow(/not a NATS user public key/);
  });

  it('revocations re-sign the account JWT and keep the latest time per key', async () => {
    const u1 = generateNatsUserKey().publicKey;
    const u2 = generateNatsUserKey().publicKey;
    const first = await withRevocations(p, [u1], new Date('2026-01-01T00:00:00Z'));
    const second = await withRevocations(first, [u1, u2], new Date('2026-02-01T00:00:00Z'));
    const t2 = Date.parse('2026-02-01T00:00:00Z') / 1000;
    expect(second.revocations).toEqual({ [u1]: t2, [u2]: t2 });
    const acc = decodeJwt<{ revocations: Record<string, number>; signing_keys: string[] }>(second.account.jwt);
    expect(acc.iss).toBe(p.operator.publicKey);
    expect(acc.nats.revocations).toEqual({ [u1]: t2, [u2]: t2 });
    expect(acc.nats.signing_keys).toEqual([p.accountSigning.publicKey]);
    expect(p.revocations).toEqual({});
  });

  it('the server include names the operator, the system account and preloads both accounts', () => {
    const conf = natsOperatorConfig(p);
    expect(conf).toContain(`operator: ${p.operator.jwt}`);
    expect(conf).toContain(`system_account: ${p.system.publicKey}`);
    expect(conf).toContain('resolver: MEMORY');
    expect(conf).toContain(`${p.account.publicKey}: ${p.account.jwt}`);
    expect(conf).toContain(`${p.system.publicKey}: ${p.system.jwt}`);
    expect(conf).not.toMatch(/\bS[OAU][A-Z2-7]{56}\b/); // no seed
  });
});
