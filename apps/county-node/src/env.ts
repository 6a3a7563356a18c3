import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const natsToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'letters, digits, _ and - only (one subject token, part of a stream name)' })
  .optional();

/**
 * The county node's environment (docs/architecture.md, Configuration). Subject root, stream prefix
 * and NATS credentials have no default here: when unset, what enrollment stored in node.json applies.
 */
export const envSchema = z.object({
  ZWGK_DATA_DIR: z.string().trim().min(1).default('./.data/county'),
  PORT: z.coerce.number().int().min(0).max(65535).default(7101),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  NATS_URL: z.string().trim().min(1).default('nats://127.0.0.1:4222'),
  NATS_USER: optionalText,
  NATS_PASSWORD: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  ZWGK_SUBJECT_ROOT: optionalText.pipe(natsToken),
  ZWGK_STREAM_PREFIX: optionalText.pipe(natsToken),
  ZWGK_DEMO: flag,
  ZWGK_DEMO_PASSWORD: z.string().min(1).default('zwgk-demo'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ZWGK_HEARTBEAT_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
});

export type Env = z.output<typeof envSchema>;

export class EnvError extends Error {}

/** Parses the environment once; throws EnvError naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new EnvError(`invalid environment:\n${lines.join('\n')}`);
}
