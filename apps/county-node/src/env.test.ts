import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.js';

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    expect(loadEnv({})).toEqual({
      ZWGK_DATA_DIR: './.data/county',
      PORT: 7101,
      HOST: '127.0.0.1',
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_USER: undefined,
      NATS_PASSWORD: undefined,
      ZWGK_SUBJECT_ROOT: undefined,
      ZWGK_STREAM_PREFIX: undefined,
      ZWGK_DEMO: false,
      ZWGK_DEMO_PASSWORD: 'zwgk-demo',
      LOG_LEVEL: 'info',
      ZWGK_HEARTBEAT_MS: 10_000,
    });
  });

  it('reads overrides and treats empty values as unset', () => {
    const env = loadEnv({
      PORT: '7102',
      ZWGK_DEMO: '1',
      ZWGK_SUBJECT_ROOT: 'zwgk_test',
      ZWGK_STREAM_PREFIX: '',
      NATS_USER: '',
      NATS_PASSWORD: ' spaced secret ',
      ZWGK_HEARTBEAT_MS: '500',
    });
    expect(env).toMatchObject({
      PORT: 7102,
      ZWGK_DEMO: true,
      ZWGK_SUBJECT_ROOT: 'zwgk_test',
      ZWGK_STREAM_PREFIX: undefined,
      NATS_USER: undefined,
      NATS_PASSWORD: ' spaced secret ',
      ZWGK_HEARTBEAT_MS: 500,
    });
  });

  it('names every bad variable', () => {
    try {
      loadEnv({ PORT: 'x', ZWGK_SUBJECT_ROOT: 'a.b', LOG_LEVEL: 'loud', ZWGK_DEMO: 'yes' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      for (const name of ['PORT', 'ZWGK_SUBJECT_ROOT', 'LOG_LEVEL', 'ZWGK_DEMO']) expect((e as Error).message).toContain(name);
    }
  });
});
