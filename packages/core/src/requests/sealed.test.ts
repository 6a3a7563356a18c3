import { describe, expect, it } from 'vitest';
import { generateNodeKeys } from '../envelope.js';
import { openSealed, sealForCounty, type Sealed } from './sealed.js';

const applicant = { name: '张三', idType: '居民身份证', idNumber: '130102199001011234', phone: '13800000000' };

describe('sealed applicant identity', () => {
  const county = generateNodeKeys().encryption;
  const other = generateNodeKeys().encryption;

  it('round-trips JSON for the county and hides it from everyone else', () => {
    const sealed = sealForCounty({ applicant, description: '申请公开2025年低保资金发放明细' }, county.publicKey, {
      associatedData: '130102-2026-ABCDEFGH',
    });
    const text = JSON.stringify(sealed);
    for (const secret of ['张三', '130102199001011234', '13800000000', '低保']) expect(text).not.toContain(secret);
    const opened = openSealed(sealed, county.privateKey, { associatedData: '130102-2026-ABCDEFGH' });
    expect(opened).toEqual({ ok: true, value: { applicant, description: '申请公开2025年低保资金发放明细' } });
    expect(openSealed(sealed, other.privateKey, { associatedData: '130102-2026-ABCDEFGH' }).ok).toBe(false);
  });

  it('uses a fresh ephemeral key and nonce every time', () => {
    const a = sealForCounty(applicant, county.publicKey);
    const b = sealForCounty(applicant, county.publicKey);
    expect(a.ephemeralPublicKey).not.toBe(b.ephemeralPublicKey);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('rejects any tampering with a typed error', () => {
    const sealed = sealForCounty(applicant, county.publicKey, { associatedData: 'T-1' });
    const flip = (s: string, i: number, hexDigits = true) => {
      const alphabet = hexDigits ? '0123456789abcdef' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const c = s[i] as string;
      const next = alphabet[(alphabet.indexOf(c) + 1) % alphabet.length] as string;
      return s.slice(0, i) + next + s.slice(i + 1);
    };
    const variants: Sealed[] = [
      { ...sealed, ciphertext: flip(sealed.ciphertext, 3, false) },
      { ...sealed, nonce: flip(sealed.nonce, 0) },
      { ...sealed, ephemeralPublicKey: flip(sealed.ephemeralPublicKey, 5) },
    ];
    for (const v of variants) {
      const r = openSealed(v, county.privateKey, { associatedData: 'T-1' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('validation_failed');
    }
    expect(openSealed(sealed, county.privateKey, { associatedData: 'T-2' }).ok).toBe(false);
    expect(openSealed(sealed, county.privateKey).ok).toBe(false);
    const malformed = openSealed({ ...sealed, alg: 'none' }, county.privateKey);
    expect(malformed.ok).toBe(false);
    if (!malformed.ok) expect(malformed.error.code).toBe('bad_request');
    expect(openSealed(sealed, 'zz').ok).toBe(false);
  });

  it('is deterministic given the ephemeral key and nonce (known-answer check)', () => {
    const opts = { ephemeralPrivateKey: '11'.repeat(32), nonce: '22'.repeat(12) };
    const a = sealForCounty({ n: 1 }, county.publicKey, opts);
    const b = sealForCounty({ n: 1 }, county.publicKey, opts);
    expect(a).toEqual(b);
    expect(openSealed(a, county.privateKey)).toEqual({ ok: true, value: { n: 1 } });
    expect(() => sealForCounty({}, 'not-a-key')).toThrow(TypeError);
  });
});
