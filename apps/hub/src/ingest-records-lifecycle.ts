import {
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
