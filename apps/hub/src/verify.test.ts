import { generateNodeKeys, signEnvelope, verifyEnvelope } from '@zwgk/core';
import { describe, expect, it } from 'vitest';
import { verifyEnvelopeNative } from './verify.js';

describe('verifyEnvelopeNative', () => {
  const a = generateNodeKeys();
  const b = generateNodeKeys();
  const env = signEnvelope(
    {
      v: 1,
      origin: '130102',
      seq: '18446744073709551615',
      kind: 'catalog.item',
      schema: 'catalog.item/1',
      occurredAt: '2025-01-02T03:04:05.000Z',
      entityId: 'item-1',
      entityVersion: '2',
      body: { op: 'upsert', name: '最低生活保障', list: [1, 2, 3] },
    },
    a.signing.privateKey,
  );

  it('agrees with core on a valid envelope and on the wrong key', () => {
    expect(verifyEnvelopeNative(env, a.signing.publicKey)).toBe(true);
    expect(verifyEnvelope(env, a.signing.publicKey)).toBe(true);
    expect(verifyEnvelopeNative(env, b.signing.publicKey)).toBe(false);
  });

  it('rejects any change to a signed field, and malformed keys or signatures', () => {
    expect(verifyEnvelopeNative({ ...env, seq: '2' }, a.signing.publicKey)).toBe(false);
    expect(verifyEnvelopeNative({ ...env, body: { op: 'upsert', name: '最低生活保障 ', list: [1, 2, 3] } }, a.signing.publicKey)).toBe(false);
    const flipped = env.sig.slice(0, 10) + (env.sig[10] === '0' ? '1' : '0') + env.sig.slice(11);
    expect(verifyEnvelopeNative({ ...env, sig: flipped }, a.signing.publicKey)).toBe(false);
    expect(verifyEnvelopeNative({ ...env, sig: 'zz' }, a.signing.publicKey)).toBe(false);
    expect(verifyEnvelopeNative(env, 'not-hex')).toBe(false);
  });

  it('does not depend on key order (the signature covers the canonical form)', () => {
    const reordered = Object.fromEntries(Object.entries(env).reverse()) as typeof env;
    expect(verifyEnvelopeNative(reordered, a.signing.publicKey)).toBe(true);
  });
});
