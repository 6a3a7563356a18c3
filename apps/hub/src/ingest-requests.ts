import { type Envelope, type InfoRequestEventBody, infoRequestEventBodySchema } from '@zwgk/core';

/** The body checks of `info.request/1`: the schema, and that the envelope speaks for the body. */
export function checkInfoRequestEvent(env: Envelope): { ok: true; body: InfoRequestEventBody } | { ok: false; detail: string } {
  const parsed = infoRequestEventBodySchema.safeParse(env.body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, detail: `info.request body: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}` };
  }
  const b = parsed.data;
  if (b.countyCode !== env.origin) return { ok: false, detail: `request of county ${b.countyCode} sent by ${env.origin}` };
  if (!b.trackingNo.startsWith(`${env.origin}-`)) return { ok: false, detail: `tracking number ${b.trackingNo} is not ${env.origin}'s` };
  if (b.trackingNo !== env.entityId || String(b.version) !== env.entityVersion) {
    return { ok: false, detail: 'entityId/entityVersion differ from the body' };
  }
  if (JSON.stringify(env.body).includes('\\u0000')) return { ok: false, detail: 'body contains U+0000' };
  return { ok: true, body: b };
}
