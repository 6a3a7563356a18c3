import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('0')
  .transform((v) => v === '1' || v === 'true');

const nonEmpty = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));

const envSchema = z.object({
  DATABASE_URL: z.url({ error: 'DATABASE_URL is required: a postgres:// URL' }),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  NATS_USER: nonEmpty,
  NATS_PASSWORD: nonEmpty,
  ZWGK_SUBJECT_ROOT: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'ZWGK_SUBJECT_ROOT must be one subject token' })
    .default('zwgk'),
  ZWGK_STREAM_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'ZWGK_STREAM_PREFIX must be a valid stream name prefix' })
    .default('ZWGK'),
  PORT: z.coerce.number().int().min(1).max(65535).default(7100),
  HOST: z.string().default('127.0.0.1'),
  ZWGK_HUB_KEY_FILE: z.string().default('./.data/hub/hub-key.json'),
  /**
   * Operator-mode NATS: the account issuer file `zwgk-hub nats-init` wrote. When set, the hub
   * connects with its own credentials and hands each enrolling county a credential of its own.
   */
  ZWGK_NATS_ACCOUNT_FILE: nonEmpty,
  /** the web portal's public address: feed entries link to its record pages */
  ZWGK_PORTAL_URL: z.url({ protocol: /^https?$/, error: 'ZWGK_PORTAL_URL must be an http(s) URL' }).default('http://localhost:7000'),
  ZWGK_DEMO: flag,
  ZWGK_DEMO_PASSWORD: z.string().default('zwgk-demo'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type HubEnv = z.output<typeof envSchema>;

/** The only place that reads `process.env`. Throws one readable message listing every problem. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): HubEnv {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`invalid environment:\n${lines.join('\n')}`);
}
