import { tempDir } from '@zwgk/testing';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeConfigError, createNodeConfig, nodeFilePath, readNodeConfig, writeNodeConfig } from './node-config.js';

const dir = tempDir('zwgk-node-config-');
afterAll(() => dir.remove());

describe('node.json', () => {
  it('is created 0600 with fresh keys and read back', () => {
    const d = join(dir.path, 'a');
    const created = createNodeConfig(d, '130102');
    expect(statSync(nodeFilePath(d)).mode & 0o777).toBe(0o600);
    expect(readNodeConfig(d)).toEqual(created);
    expect(created.keys.signing.privateKey).not.toBe(created.keys.encryption.privateKey);
  });

  it('is never overwritten by a second init', () => {
    const d = join(dir.path, 'b');
    const first = createNodeConfig(d, '130102');
    expect(() => createNodeConfig(d, '130181')).toThrow(NodeConfigError);
    expect(readNodeConfig(d)).toEqual(first);
  });

  it('is replaced atomically on update and stays 0600', () => {
    const d = join(dir.path, 'c');
    const c = createNodeConfig(d, '130102');
    writeNodeConfig(d, { ...c, subjectRoot: 'zwgk', streamPrefix: 'ZWGK', hubSigningPublicKey: 'ab'.repeat(32) });
    expect(readNodeConfig(d).hubSigningPublicKey).toBe('ab'.repeat(32));
    expect(statSync(nodeFilePath(d)).mode & 0o777).toBe(0o600);
  });

  it('explains a missing, broken or foreign file', () => {
    expect(() => readNodeConfig(join(dir.path, 'missing'))).toThrow(/not an initialised county data dir/);
    const d = join(dir.path, 'd');
    const c = createNodeConfig(d, '130102');
    writeFileSync(nodeFilePath(d), '{');
    expect(() => readNodeConfig(d)).toThrow(/not valid JSON/);
    writeFileSync(nodeFilePath(d), JSON.stringify({ ...c, keys: { signing: c.keys.signing } }));
    expect(() => readNodeConfig(d)).toThrow(/keys\.encryption/);
    writeFileSync(nodeFilePath(d), JSON.stringify({ ...c, countyCode: '999999' }));
    expect(() => readNodeConfig(d)).toThrow(/not a county/);
    expect(readFileSync(nodeFilePath(d), 'utf8')).toContain('999999');
  });
});
