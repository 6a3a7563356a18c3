import { gcm } from '@noble/ciphers/aes';
import { x25519 } from '@noble/curves/ed25519';
import { hkdf } from '@noble/hashes/hkdf';
import { sha256 } from '@noble/hashes/sha2';
import { randomBytes } from '@noble/hashes/utils';
import { z } from 'zod';
import { fromHex, toHex } from '../envelope.js';
import { domainError, err, ok, type DomainError, type Result } from '../result.js';

/**
 * Personal data sealed to one county (DESIGN.md, "Personal data"): what an applicant enters at the
 * province portal is encrypted to the county's X25519 public key before it is stored or published,
 * so the hub's database and streams carry only ciphertext that the county node alone can open.
 *
 * Construction (an ECIES-style sealed box): a fresh ephemeral X25519 key pair per message; the
 * shared secret X25519(ephemeral, county) goes through HKDF-SHA256 (salt = ephemeral public key ‖
 * county public key, info = SEALED_INFO) to a 256-bit key; AES-256-GCM with a random 96-bit nonce
 * encrypts the UTF-8 JSON. The optional associated data (e.g. the tracking number) is
 * authenticated but not encrypted, so a sealed blob cannot be moved to another request unnoticed.
 */
export const SEALED_ALG = 'X25519-HKDF-SHA256-AES256GCM' as const;
const SEALED_INFO = new TextEncoder().encode('zwgk sealed applicant v1');

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

export const sealedSchema = z
  .object({
    alg: z.literal(SEALED_ALG),
    /** hex, 32 bytes */
    ephemeralPublicKey: hex(32),
    /** hex, 12 bytes */
    nonce: hex(12),
    /** base64: AES-GCM ciphertext with its 16-byte tag */
    ciphertext: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200_000),
  })
  .strict();
export type Sealed = z.infer<typeof sealedSchema>;

const utf8 = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function deriveKey(shared: Uint8Array, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array): Uint8Array {
  const salt = new Uint8Array(64);
  salt.set(ephemeralPublic, 0);
  salt.set(recipientPublic, 32);
  return hkdf(sha256, shared, salt, SEALED_INFO, 32);
}

const isKeyHex = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/i.test(v);

export interface SealOptions {
  /** authenticated, not encrypted: the opener must pass the same text */
  associatedData?: string;
  /** for tests only: a fixed ephemeral private key (hex) and nonce (hex) */
  ephemeralPrivateKey?: string;
  nonce?: string;
}

/** Encrypts a JSON value to a county's X25519 public key (hex). Throws on a malformed key or non-JSON value. */
export function sealForCounty(plaintext: unknown, countyEncryptionPublicKeyHex: string, opts: SealOptions = {}): Sealed {
  if (!isKeyHex(countyEncryptionPublicKeyHex)) throw new TypeError('county encryption public key must be 32 bytes of hex');
  const json = JSON.stringify(plaintext);
  if (json === undefined) throw new TypeError('sealed plaintext must be JSON-serialisable');
  const recipient = fromHex(countyEncryptionPublicKeyHex.toLowerCase());
  const ephemeralPrivate = opts.ephemeralPrivateKey ? fromHex(opts.ephemeralPrivateKey) : x25519.utils.randomPrivateKey();
  const ephemeralPublic = x25519.getPublicKey(ephemeralPrivate);
  const shared = x25519.getSharedSecret(ephemeralPrivate, recipient);
  const key = deriveKey(shared, ephemeralPublic, recipient);
  const nonce = opts.nonce ? fromHex(opts.nonce) : randomBytes(12);
  const aad = opts.associatedData === undefined ? undefined : utf8.encode(opts.associatedData);
  const ciphertext = gcm(key, nonce, aad).encrypt(utf8.encode(json));
  return { alg: SEALED_ALG, ephemeralPublicKey: toHex(ephemeralPublic), nonce: toHex(nonce), ciphertext: toBase64(ciphertext) };
}

/**
 * Opens what `sealForCounty` sealed, with the county's X25519 private key (hex). Any tampering
 * (ciphertext, nonce, ephemeral key, associated data) or the wrong key gives `validation_failed`;
 * the value is returned as parsed JSON for the caller to validate.
 */
export function openSealed(
  sealed: unknown,
  countyEncryptionPrivateKeyHex: string,
  opts: { associatedData?: string } = {},
): Result<unknown, DomainError> {
  const parsed = sealedSchema.safeParse(sealed);
  if (!parsed.success) return err(domainError('bad_request', '密文格式不正确'));
  if (!isKeyHex(countyEncryptionPrivateKeyHex)) return err(domainError('bad_request', '解密私钥格式不正确'));
  const s = parsed.data;
  try {
    const priv = fromHex(countyEncryptionPrivateKeyHex.toLowerCase());
    const recipient = x25519.getPublicKey(priv);
    const ephemeralPublic = fromHex(s.ephemeralPublicKey);
    const shared = x25519.getSharedSecret(priv, ephemeralPublic);
    const key = deriveKey(shared, ephemeralPublic, recipient);
    const aad = opts.associatedData === undefined ? undefined : utf8.encode(opts.associatedData);
    const plain = gcm(key, fromHex(s.nonce), aad).decrypt(fromBase64(s.ciphertext));
    return ok(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) as unknown);
  } catch {
    return err(domainError('validation_failed', '无法解密：密文被篡改，或不是发给本县的'));
  }
}
