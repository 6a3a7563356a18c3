import { ed25519, x25519 } from '@noble/curves/ed25519';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { type Result, domainError, err, ok } from './result.js';

/**
 * The federation envelope (DESIGN.md, protocol v1). `seq` and `entityVersion` are decimal
 * strings because they may exceed 2^53; `origin` is a county's 6-digit code or `hub`.
 * The signature covers the RFC 8785 (JCS) canonical form of the envelope without `sig`.
 */
export const PROTOCOL_VERSION = 1 as const;
export const HUB_ORIGIN = 'hub' as const;

/** Postgres `bigint` is signed 64-bit: a larger value would fail the hub's ingest transaction. */
export const MAX_DECIMAL = 2n ** 63n - 1n;

const decimal = z
  .string()
  .regex(/^(0|[1-9]\d{0,18})$/, { error: 'must be a non-negative decimal string', abort: true })
  .refine((v) => BigInt(v) <= MAX_DECIMAL, { error: 'must not exceed 2^63 - 1' });

export const unsignedEnvelopeSchema = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    origin: z.string().regex(/^(\d{6}|hub)$/),
    seq: decimal,
    kind: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/),
    schema: z.string().regex(/^[a-z][a-z0-9.-]*\/[1-9]\d*$/),
    occurredAt: z.iso.datetime({ offset: true }),
    entityId: z.string().min(1).max(200),
    entityVersion: decimal,
    body: z.unknown().refine((v) => v !== undefined, { error: 'body is required' }),
  })
  .strict();

export const envelopeSchema = unsignedEnvelopeSchema.extend({ sig: z.string().regex(/^[0-9a-f]{128}$/) }).strict();

export type UnsignedEnvelope = z.infer<typeof unsignedEnvelopeSchema>;
export type Envelope = z.infer<typeof envelopeSchema>;

const utf8 = new TextEncoder();

/** RFC 8785 (JCS) canonical JSON text; throws a TypeError for NaN, Infinity or a non-JSON top level. */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (e) {
    throw new TypeError(`not canonicalisable: ${(e as Error).message}`);
  }
  if (text === undefined) throw new TypeError('not JSON-serialisable');
  return text;
}

/** RFC 8785 canonical bytes of the envelope without its signature. */
export function canonicalBytes(envelope: UnsignedEnvelope | Envelope): Uint8Array {
  const { sig: _sig, ...unsigned } = envelope as Envelope;
  return utf8.encode(canonicalJson(unsigned));
}

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export function fromHex(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new TypeError('not a hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export interface KeyPair {
  /** hex */
  privateKey: string;
  /** hex */
  publicKey: string;
}

/** A node's keys: Ed25519 to sign what it publishes, X25519 to receive encrypted personal data. */
export interface NodeKeys {
  signing: KeyPair;
  encryption: KeyPair;
}

export function generateNodeKeys(): NodeKeys {
  const sk = ed25519.utils.randomPrivateKey();
  const xk = x25519.utils.randomPrivateKey();
  return {
    signing: { privateKey: toHex(sk), publicKey: toHex(ed25519.getPublicKey(sk)) },
    encryption: { privateKey: toHex(xk), publicKey: toHex(x25519.getPublicKey(xk)) },
  };
}

export function signEnvelope(unsigned: UnsignedEnvelope, signingPrivateKeyHex: string): Envelope {
  const sig = ed25519.sign(canonicalBytes(unsigned), fromHex(signingPrivateKeyHex));
  return { ...unsigned, sig: toHex(sig) };
}

/** Strict RFC 8032 verification: no ZIP-215 leniency, so a message has one valid signature encoding per key. */
export function verifyEnvelope(envelope: Envelope, signingPublicKeyHex: string): boolean {
  try {
    return ed25519.verify(fromHex(envelope.sig), canonicalBytes(envelope), fromHex(signingPublicKeyHex), {
      zip215: false,
    });
  } catch {
    return false;
  }
}

/**
 * Schemas each side understands, as `kind -> current major`. The receiver accepts the current and
 * the previous major and quarantines anything else.
 */
export const CURRENT_SCHEMAS: Record<string, number> = {
  'catalog.item': 1,
  'catalog.exemption': 1,
  'catalog.review': 1,
  heartbeat: 1,
  'replay.request': 1,
  'standard.guideline': 1,
  'info.request': 1,
  'request.filed': 1,
  'calendar.year': 1,
  'info.record': 1,
  'annual.report': 1,
  'info.attachment': 1,
  'negative.list': 1,
};

// own properties only: a kind such as `constructor` must not find Object.prototype's members
const currentMajor = (kind: string, schemas: Record<string, number>): number | undefined =>
  Object.hasOwn(schemas, kind) ? schemas[kind] : undefined;

export const schemaFor = (kind: string): string => `${kind}/${currentMajor(kind, CURRENT_SCHEMAS) ?? 1}`;

export function isAcceptedSchema(kind: string, schema: string, schemas: Record<string, number> = CURRENT_SCHEMAS): boolean {
  const current = currentMajor(kind, schemas);
  if (current === undefined) return false;
  const m = /^(.+)\/([1-9]\d*)$/.exec(schema);
  if (!m || m[1] !== kind) return false;
  const major = Number(m[2]);
  return major === current || major === current - 1;
}

/** Parses and type-checks raw bytes off the wire; never throws. */
export function decodeEnvelope(data: Uint8Array | string): Result<Envelope> {
  let json: unknown;
  try {
    // fatal: invalid UTF-8 is rejected rather than silently replaced by U+FFFD
    json = JSON.parse(typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return err(domainError('bad_request', 'envelope is not JSON'));
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return err(domainError('bad_request', 'envelope does not match protocol v1', parsed.error.issues));
  return ok(parsed.data);
}

export const encodeEnvelope = (envelope: Envelope): Uint8Array => utf8.encode(JSON.stringify(envelope));

/** `Nats-Msg-Id` and the hub's dedupe key. */
export const messageId = (e: Pick<Envelope, 'origin' | 'seq'>): string => `${e.origin}:${e.seq}`;

/** Bodies of the kinds protocol v1 carries. */
export const heartbeatBodySchema = z.object({ lastSeq: decimal, sentAt: z.iso.datetime({ offset: true }) }).strict();
export type HeartbeatBody = z.infer<typeof heartbeatBodySchema>;
export const replayRequestBodySchema = z.object({ fromSeq: decimal, reason: z.string().max(200) }).strict();
export type ReplayRequestBody = z.infer<typeof replayRequestBodySchema>;
