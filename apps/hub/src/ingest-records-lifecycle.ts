import { createHash } from 'node:crypto';
import {
  ATTACHMENT_CHUNK_BYTES,
  type Envelope,
  type InfoAttachmentEventBody,
  type NegativeListEventBody,
  infoAttachmentEventBodySchema,
  negativeListEventBodySchema,
} from '@zwgk/core';
import { attachmentEventProblem, negativeListEventProblem } from './services/records-lifecycle.js';

type Checked<T> = { ok: true; body: T } | { ok: false; detail: string };

const firstIssue = (kind: string, issues: readonly { path: PropertyKey[]; message: string }[]) => {
  const first = issues[0];
  return `${kind} body: ${first ? `${first.path.map(String).join('.')}: ${first.message}` : 'invalid'}`;
};

/** The body checks of `info.attachment/1`: the schema, the sender, and the chunk's length. */
export function checkAttachmentEvent(env: Envelope): Checked<InfoAttachmentEventBody> {
  const parsed = infoAttachmentEventBodySchema.safeParse(env.body);
  if (!parsed.success) return { ok: false, detail: firstIssue('info.attachment', parsed.error.issues) };
  const problem = attachmentEventProblem(env.origin, env.entityId, parsed.data);
  return problem ? { ok: false, detail: problem } : { ok: true, body: parsed.data };
}

/** The body checks of `negative.list/1`. */
export function checkNegativeListEvent(env: Envelope): Checked<NegativeListEventBody> {
  const parsed = negativeListEventBodySchema.safeParse(env.body);
  if (!parsed.success) return { ok: false, detail: firstIssue('negative.list', parsed.error.issues) };
  if (JSON.stringify(env.body).includes('\\u0000')) return { ok: false, detail: 'body contains U+0000' };
  const problem = negativeListEventProblem(env.origin, env.entityId, env.entityVersion, parsed.data);
  return problem ? { ok: false, detail: problem } : { ok: true, body: parsed.data };
}

/**
 * The copy of an envelope the inbox keeps. An `info.attachment` chunk's bytes already live in the
 * attachment store once joined; keeping them again in the inbox would double the hub's largest
 * data for no reader. So the chunk's `data` is replaced by its SHA-256, length and offset in the
 * file: enough to prove later which bytes arrived, where they belong, and that the joined file
 * (whose own SHA-256 stays in the body) is made of them. The signature was verified on the full
 * envelope before this copy is made; the stored copy no longer verifies by itself, and says so.
 * Every other kind is kept as it arrived.
 */
export function inboxCopy(env: Envelope): Envelope {
  if (env.kind !== 'info.attachment') return env;
  const body = env.body as Partial<InfoAttachmentEventBody>;
  if (typeof body.data !== 'string') return env;
  const { data, ...rest } = body;
  const bytes = Buffer.from(data, 'base64');
  return {
    ...env,
    body: {
      ...rest,
      dataStripped: { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, offset: (body.chunk ?? 0) * ATTACHMENT_CHUNK_BYTES },
    },
  };
}
