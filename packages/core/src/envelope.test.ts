import { describe, expect, it } from 'vitest';
import {
  CURRENT_SCHEMAS,
  type Envelope,
  type UnsignedEnvelope,
  canonicalBytes,
  canonicalJson,
  decodeEnvelope,
  encodeEnvelope,
  generateNodeKeys,
  isAcceptedSchema,
  messageId,
  schemaFor,
  signEnvelope,
  verifyEnvelope,
} from './envelope.js';

const keys = generateNodeKeys();
const other = generateNodeKeys();

const unsigned: UnsignedEnvelope = {
  v: 1,
  origin: '130102',
  seq: '42',
  kind: 'catalog.item',
  schema: 'catalog.item/1',
  occurredAt: '2024-05-06T07:08:09.123+08:00',
  entityId: '0190f3a2-7c1e-7d3b-9a51-2f8e4c6b1a00',
  entityVersion: '3',
  body: { op: 'upsert', item: { name: '安全生产行政许可', channels: ['website', 'gazette'], version: 3, note: null } },
};
const signed = signEnvelope(unsigned, keys.signing.privateKey);

const fromBits = (hex: string): number => new DataView(Uint8Array.from(Buffer.from(hex, 'hex')).buffer).getFloat64(0);

describe('canonical form (RFC 8785)', () => {
  it('matches the example of RFC 8785 §3.2.2', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        ' "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical serialisation
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serialises the number %s as %s', (bits, expected) => {
    expect(canonicalJson(fromBits(bits))).toBe(expected);
    expect(canonicalJson({ n: fromBits(bits) })).toBe(`{"n":${expected}}`);
  });

  it('rejects NaN and Infinity (RFC 8785 Appendix B)', () => {
    expect(() => canonicalJson(fromBits('7fffffffffffffff'))).toThrow(TypeError);
    expect(() => canonicalJson({ n: fromBits('7ff0000000000000') })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('leaves no whitespace, escapes only what JSON requires and does not normalise Unicode', () => {
    expect(canonicalJson({ b: [1, { d: 'x y', c: '\u2028\u007f' }], a: 'A\u030a\t' })).toBe(
      '{"a":"A\u030a\\t","b":[1,{"c":"\u2028\u007f","d":"x y"}]}',
    );
  });

  it('covers the envelope without its signature', () => {
    const text = new TextDecoder().decode(canonicalBytes(signed));
    expect(text).toBe(new TextDecoder().decode(canonicalBytes(unsigned)));
    expect(text).not.toContain('"sig"');
    expect(text.startsWith('{"body":{"item":{"channels":["website","gazette"],"name":"安全生产行政许可"')).toBe(true);
  });
});

describe('signing', () => {
  it('round-trips sign → encode → decode → verify', () => {
    expect(signed.sig).toMatch(/^[0-9a-f]{128}$/);
    expect(verifyEnvelope(signed, keys.signing.publicKey)).toBe(true);
    const decoded = decodeEnvelope(encodeEnvelope(signed));
    expect(decoded).toEqual({ ok: true, value: signed });
    expect(decoded.ok && verifyEnvelope(decoded.value, keys.signing.publicKey)).toBe(true);
  });

  it('does not depend on key order or whitespace on the wire', () => {
    const shuffled = `{ "sig": "${signed.sig}", ${JSON.stringify(unsigned, null, 2).slice(1)}`;
    const decoded = decodeEnvelope(shuffled);
    expect(decoded.ok && verifyEnvelope(decoded.value, keys.signing.publicKey)).toBe(true);
  });

  it('fails with a different key or a malformed key', () => {
    expect(verifyEnvelope(signed, other.signing.publicKey)).toBe(false);
    expect(verifyEnvelope(signed, keys.encryption.publicKey)).toBe(false);
    expect(verifyEnvelope(signed, 'zz')).toBe(false);
    expect(verifyEnvelope(signed, '')).toBe(false);
  });

  /** Every leaf of the envelope, as a path. */
  function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (value !== null && typeof value === 'object') {
      return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
    }
    return [path];
  }
  function withLeaf(e: Envelope, path: (string | number)[], change: (v: unknown) => unknown): Envelope {
    const copy = structuredClone(e) as unknown as Record<string | number, unknown>;
    let node = copy;
    for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    node[last] = change(node[last]);
    return copy as unknown as Envelope;
  }
  const tamper = (v: unknown): unknown =>
    typeof v === 'string' ? (v.endsWith('0') ? `${v.slice(0, -1)}1` : `${v.slice(0, -1)}0`)
    : typeof v === 'number' ? v + 1
    : v === null ? 0
    : !v;

  it('fails when any field is changed', () => {
    const paths = leaves(signed).filter((p) => p[0] !== 'sig');
    expect(paths.length).toBeGreaterThanOrEqual(13);
    for (const path of paths) {
      const changed = withLeaf(signed, path, tamper);
      expect(canonicalBytes(changed), path.join('.')).not.toEqual(canonicalBytes(signed));
      expect(verifyEnvelope(changed, keys.signing.publicKey), path.join('.')).toBe(false);
    }
  });

  it('fails when a field is added or removed', () => {
    expect(verifyEnvelope({ ...signed, body: { ...(signed.body as object), extra: 1 } }, keys.signing.publicKey)).toBe(
      false,
    );
    const { body: _body, ...rest } = signed;
    expect(verifyEnvelope({ ...rest, body: null }, keys.signing.publicKey)).toBe(false);
  });

  it('fails when any single byte of the signed message is changed', () => {
    const wire = encodeEnvelope(signed);
    let wellFormed = 0;
    for (let i = 0; i < wire.length; i++) {
      const bytes = wire.slice();
      bytes[i] = wire[i]! ^ 0x01;
      const decoded = decodeEnvelope(bytes);
      if (!decoded.ok) continue;
      wellFormed++;
      expect(verifyEnvelope(decoded.value, keys.signing.publicKey), `byte ${i}`).toBe(false);
    }
    // most changes still decode (digits, letters in values), so the signature is what catches them
    expect(wellFormed).toBeGreaterThan(wire.length / 2);
  });

  it('fails when the signature is changed', () => {
    for (let i = 0; i < 128; i += 7) {
      const digit = signed.sig[i] === '0' ? '1' : '0';
      const sig = `${signed.sig.slice(0, i)}${digit}${signed.sig.slice(i + 1)}`;
      expect(verifyEnvelope({ ...signed, sig }, keys.signing.publicKey)).toBe(false);
    }
  });

  it('keeps seq and entityVersion above 2^53 exact, as strings', () => {
    const big = signEnvelope(
      { ...unsigned, seq: '9007199254740993', entityVersion: '9223372036854775807' },
      keys.signing.privateKey,
    );
    const decoded = decodeEnvelope(new TextDecoder().decode(encodeEnvelope(big)));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.seq).toBe('9007199254740993');
    expect(decoded.value.entityVersion).toBe('9223372036854775807');
    expect(verifyEnvelope(decoded.value, keys.signing.publicKey)).toBe(true);
    expect(verifyEnvelope({ ...decoded.value, seq: '9007199254740992' }, keys.signing.publicKey)).toBe(false);
    expect(messageId(decoded.value)).toBe('130102:9007199254740993');
  });
});

describe('decodeEnvelope', () => {
  const rejects = (data: Uint8Array | string) => {
    const r = decodeEnvelope(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('bad_request');
  };

  it('rejects what is not JSON, without throwing', () => {
    for (const data of ['', 'not json', '{"v":1', '\u0000', new Uint8Array([0xff, 0xfe, 0x7b])]) rejects(data);
    // invalid UTF-8 inside a string is not silently replaced
    const wire = encodeEnvelope(signed);
    const at = new TextDecoder().decode(wire).indexOf('entityId') + 12;
    const bad = wire.slice();
    bad[at] = 0xc3;
    rejects(bad);
  });

  it('rejects wrong shapes, without throwing', () => {
    const shapes: unknown[] = [
      null,
      42,
      'envelope',
      [],
      {},
      { ...signed, v: 2 },
      { ...signed, v: '1' },
      { ...signed, origin: '13010' },
      { ...signed, origin: 'county' },
      { ...signed, seq: 42 },
      { ...signed, seq: '-1' },
      { ...signed, seq: '042' },
      { ...signed, seq: '9223372036854775808' },
      { ...signed, entityVersion: 3 },
      { ...signed, entityVersion: '1e3' },
      { ...signed, kind: 'Catalog.Item' },
      { ...signed, schema: 'catalog.item' },
      { ...signed, schema: 'catalog.item/01' },
      { ...signed, occurredAt: 'yesterday' },
      { ...signed, entityId: '' },
      { ...signed, sig: signed.sig.toUpperCase() },
      { ...signed, sig: signed.sig.slice(2) },
      { ...signed, extra: true },
      (({ sig: _s, ...u }) => u)(signed),
      (({ body: _b, ...u }) => u)(signed),
    ];
    for (const shape of shapes) rejects(JSON.stringify(shape));
  });
});

describe('schema versions', () => {
  it('names the current major of each kind', () => {
    expect(schemaFor('catalog.item')).toBe(`catalog.item/${CURRENT_SCHEMAS['catalog.item']}`);
    expect(schemaFor('heartbeat')).toBe('heartbeat/1');
  });

  it('accepts the current and the previous major only', () => {
    const schemas = { 'catalog.item': 3, heartbeat: 1 };
    expect(isAcceptedSchema('catalog.item', 'catalog.item/3', schemas)).toBe(true);
    expect(isAcceptedSchema('catalog.item', 'catalog.item/2', schemas)).toBe(true);
    expect(isAcceptedSchema('catalog.item', 'catalog.item/1', schemas)).toBe(false);
    expect(isAcceptedSchema('catalog.item', 'catalog.item/4', schemas)).toBe(false);
    expect(isAcceptedSchema('catalog.item', 'catalog.item/03', schemas)).toBe(false);
    expect(isAcceptedSchema('heartbeat', 'heartbeat/1', schemas)).toBe(true);
    expect(isAcceptedSchema('heartbeat', 'heartbeat/0', schemas)).toBe(false);
  });

  it('rejects a schema of another kind, an unknown kind and prototype names', () => {
    expect(isAcceptedSchema('catalog.item', 'catalog.item/1')).toBe(true);
    expect(isAcceptedSchema('catalog.item', 'heartbeat/1')).toBe(false);
    expect(isAcceptedSchema('catalog.item', 'catalog.item')).toBe(false);
    expect(isAcceptedSchema('unknown.kind', 'unknown.kind/1')).toBe(false);
    expect(isAcceptedSchema('constructor', 'constructor/1')).toBe(false);
    expect(isAcceptedSchema('toString', 'toString/0')).toBe(false);
    expect(schemaFor('constructor')).toBe('constructor/1');
  });
});
