import {
  type CatalogExemptionBody,
  type CatalogItem,
  type CatalogItemEventBody,
  type Envelope,
  type InfoRequestEventBody,
  type InfoRecordEventBody,
  type AnnualReportEventBody,
  type InfoAttachmentEventBody,
  type NegativeListEventBody,
  annualReportEventBodySchema,
  infoRecordEventBodySchema,
  catalogExemptionBodySchema,
  catalogItemEventBodySchema,
  exemptionEntityId,
  cityOf,
  countyByCode6,
  decodeEnvelope,
  heartbeatBodySchema,
  isAcceptedSchema,
} from '@zwgk/core';
import {
  type HubDb,
  type HubTx,
  catalogExemptions,
  catalogItemVersions,
  catalogItems,
  counties,
  inbox,
  quarantine,
} from '@zwgk/db/pg';
import { type FederationNames, type PulledMessage, subjects } from '@zwgk/federation';
import { and, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { HubMetrics } from './metrics.js';
import type { HubOutbox } from './outbox.js';
import { verifyEnvelopeNative } from './verify.js';
import { checkInfoRequestEvent } from './ingest-requests.js';
import { projectInfoRequests } from './services/requests.js';
import { infoRecordEventProblem, projectInfoRecords } from './services/records.js';
import { annualReportEventProblem, projectAnnualReports } from './services/annual-report.js';
import { checkAttachmentEvent, checkNegativeListEvent, inboxCopy } from './ingest-records-lifecycle.js';
import { projectAttachmentChunks, projectNegativeLists } from './services/records-lifecycle.js';

export const QUARANTINE_REASONS = [
  'undecodable', // not JSON, or not a protocol v1 envelope
  'unknown_schema', // a kind or major version this hub does not accept
  'subject_mismatch', // the signed origin or kind differs from the subject it arrived on
  'unexpected_kind', // a kind counties do not send (e.g. replay.request)
  'not_enrolled', // no registered key for the origin
  'bad_signature', // does not verify with the origin's registered key
  'bad_seq', // seq outside 1 … 2^63-1
  'bad_body', // the body does not match its kind, or contradicts the envelope
  'unprocessable', // Postgres refused to store it
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/** The kinds counties send. */
const COUNTY_KINDS = new Set([
  'catalog.item', 'catalog.exemption', 'heartbeat', 'info.request', 'info.record', 'annual.report', 'info.attachment', 'negative.list',
]);
const MAX_BIGINT = 2n ** 63n - 1n;

interface Rejected {
  ok: false;
  msg: PulledMessage;
  reason: QuarantineReason;
  detail: string;
  /** the county of the subject, when the subject names one */
  countyCode: string | null;
  env?: Envelope;
}

interface EventBase {
  ok: true;
  msg: PulledMessage;
  env: Envelope;
  origin: string;
  seq: bigint;
}
interface ItemEventIn extends EventBase {
  kind: 'catalog.item';
  body: CatalogItemEventBody;
}
interface ExemptionEventIn extends EventBase {
  kind: 'catalog.exemption';
  body: CatalogExemptionBody;
}
/** An event that takes a seq of the county's outbox (heartbeats do not). */
interface InfoRequestEventIn extends EventBase {
  kind: 'info.request';
  body: InfoRequestEventBody;
}
interface InfoRecordEventIn extends EventBase {
  kind: 'info.record';
  body: InfoRecordEventBody;
}
interface AnnualReportEventIn extends EventBase {
  kind: 'annual.report';
  body: AnnualReportEventBody;
}
interface AttachmentEventIn extends EventBase {
  kind: 'info.attachment';
  body: InfoAttachmentEventBody;
}
interface NegativeListEventIn extends EventBase {
  kind: 'negative.list';
  body: NegativeListEventBody;
}
type EventIn = ItemEventIn | ExemptionEventIn | InfoRequestEventIn | InfoRecordEventIn | AnnualReportEventIn | AttachmentEventIn | NegativeListEventIn;

interface HeartbeatIn {
  ok: true;
  kind: 'heartbeat';
  msg: PulledMessage;
  env: Envelope;
  origin: string;
  lastSeq: bigint;
}

type Checked = Rejected | EventIn | HeartbeatIn;
/** Passed the checks that need no database: decoded, accepted schema, subject agrees with origin. */
interface Framed {
  ok: true;
  msg: PulledMessage;
  env: Envelope;
}

export interface IngestOptions {
  db: HubDb;
  names: FederationNames;
  logger: Logger;
  metrics: HubMetrics;
  outbox: HubOutbox;
  /** at most one replay request per county per this interval; default 5000 ms */
  replayMinIntervalMs?: number;
}

export interface BatchSummary {
  applied: number;
  duplicates: number;
  quarantined: number;
  heartbeats: number;
  replayRequested: string[];
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** The message as text for the quarantine table; bytes Postgres text cannot hold go in as base64. */
function storableRaw(data: Uint8Array): string {
  try {
    const text = utf8Strict.decode(data);
    if (!text.includes('\u0000')) return text;
  } catch {
    // not UTF-8
  }
  return `base64:${Buffer.from(data).toString('base64')}`;
}

/**
 * A Postgres array literal (`{"a",NULL,"b"}`) for one column of an `unnest` insert, sent as a
 * single text parameter and cast in SQL: the driver cannot infer an element type for arrays that
 * start with null, and this way the encoding is ours.
 */
function arrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

const isoDateTime = z.iso.datetime({ offset: true });
/** As strict as the envelope's own timestamps, so Postgres parses exactly what was checked. */
const isIsoDate = (s: string) => isoDateTime.safeParse(s).success;

/**
 * The hub's ingest: one call per batch pulled from the `hub-ingest` consumer, one Postgres
 * transaction per batch; the consumer acks only after `handle` resolves, so a crash at any point
 * means redelivery, which the inbox's `(origin, seq)` key makes harmless.
 */
export class Ingest {
  readonly #s;
  readonly #replayIntervalMs: number;

  constructor(private readonly opts: IngestOptions) {
    this.#s = subjects(opts.names);
    this.#replayIntervalMs = opts.replayMinIntervalMs ?? 5000;
  }

  /** Applies a batch; throws (so the batch is redelivered) only on failures worth retrying. */
  async handle(batch: PulledMessage[]): Promise<BatchSummary> {
    const end = this.opts.metrics.ingestBatchSeconds.startTimer();
    try {
      return await this.#applyOrSplit(batch);
    } finally {
      end();
    }
  }

  async #applyOrSplit(batch: PulledMessage[]): Promise<BatchSummary> {
    try {
      return await this.#apply(batch);
    } catch (e) {
      // A message Postgres refuses to store (a value out of range, say) would fail its batch on
      // every redelivery. Apply the batch message by message instead and quarantine the one
      // that fails; anything else (connection lost, …) is retried as a whole.
      if (!isDataError(e)) throw e;
      if (batch.length > 1) {
        this.opts.logger.warn({ err: e, size: batch.length }, 'batch refused by Postgres; applying message by message');
        const total: BatchSummary = { applied: 0, duplicates: 0, quarantined: 0, heartbeats: 0, replayRequested: [] };
        for (const m of batch) {
          const s = await this.#applyOrSplit([m]);
          total.applied += s.applied;
          total.duplicates += s.duplicates;
          total.quarantined += s.quarantined;
          total.heartbeats += s.heartbeats;
          total.replayRequested.push(...s.replayRequested);
        }
        return total;
      }
      const msg = batch[0]!;
      const decoded = decodeEnvelope(msg.data);
      const rejected: Rejected = {
        ok: false,
        msg,
        reason: 'unprocessable',
        detail: dbErrorMessage(e).slice(0, 500),
        countyCode: this.#s.parseCountySubject(msg.subject)?.countyCode ?? null,
        ...(decoded.ok ? { env: decoded.value } : {}),
      };
      await this.opts.db.transaction((tx) => this.#quarantine(tx, [rejected]));
      this.#afterQuarantine([rejected]);
      return { applied: 0, duplicates: 0, quarantined: 1, heartbeats: 0, replayRequested: [] };
    }
  }

  async #apply(batch: PulledMessage[]): Promise<BatchSummary> {
    const { db, metrics, logger } = this.opts;
    const framed = batch.map((m) => this.#frame(m));
    const origins = [...new Set(framed.filter((f): f is Framed => f.ok).map((f) => f.env.origin))];
    // Keys are read before the transaction so that signature checks (CPU) do not hold it open.
    const keyRows = origins.length
      ? await db
          .select({ code: counties.code, key: counties.signingPublicKey })
          .from(counties)
          .where(and(inArray(counties.code, origins), isNotNull(counties.enrolledAt)))
      : [];
    const keys = new Map(keyRows.map((r) => [r.code, r.key]));
    const checked: Checked[] = framed.map((f) => (f.ok ? this.#check(f, keys.get(f.env.origin) ?? null) : f));

    const rejected = checked.filter((c): c is Rejected => !c.ok);
    const events = new Map<string, EventIn>();
    let duplicates = 0;
    for (const c of checked) {
      if (!c.ok || c.kind === 'heartbeat') continue;
      const key = `${c.origin}:${c.seq}`;
      if (events.has(key)) duplicates++;
      else events.set(key, c);
    }
    const heartbeats = checked.filter((c): c is HeartbeatIn => c.ok && c.kind === 'heartbeat');

    const result = await db.transaction(async (tx) => {
      if (rejected.length) await this.#quarantine(tx, rejected);
      const inserted = events.size ? await this.#inboxInsert(tx, [...events.values()]) : [];
      await this.#project(tx, inserted);
      const touched = await this.#advance(tx, inserted, heartbeats);
      return { inserted, touched };
    });

    duplicates += events.size - result.inserted.length;
    metrics.eventsApplied.inc(result.inserted.length);
    metrics.eventsDuplicate.inc(duplicates);
    metrics.heartbeats.inc(heartbeats.length);
    this.#afterQuarantine(rejected);

    const gaps: string[] = [];
    for (const t of result.touched) {
      const ahead = (t.maxSeqSeen > t.lastHeartbeatSeq ? t.maxSeqSeen : t.lastHeartbeatSeq) - t.highWaterSeq;
      metrics.countyLag.set({ county: t.code }, Number(ahead > 0n ? ahead : 0n));
      if (ahead > 0n) gaps.push(t.code);
    }
    const replayRequested = await this.#afterCommit(gaps);
    if (result.inserted.length || rejected.length) {
      logger.debug(
        { size: batch.length, applied: result.inserted.length, duplicates, quarantined: rejected.length, heartbeats: heartbeats.length },
        'ingest batch applied',
      );
    }
    return {
      applied: result.inserted.length,
      duplicates,
      quarantined: rejected.length,
      heartbeats: heartbeats.length,
      replayRequested,
    };
  }

  /** Checks that need no database: decoding, schema, and that the subject speaks for the signed origin. */
  #frame(msg: PulledMessage): Framed | Rejected {
    const subjectCounty = this.#s.parseCountySubject(msg.subject);
    const countyCode = subjectCounty?.countyCode ?? null;
    const reject = (reason: QuarantineReason, detail: string, env?: Envelope): Rejected => ({
      ok: false,
      msg,
      reason,
      detail,
      countyCode,
      ...(env ? { env } : {}),
    });
    const decoded = decodeEnvelope(msg.data);
    if (!decoded.ok) return reject('undecodable', decoded.error.message);
    const env = decoded.value;
    if (!isAcceptedSchema(env.kind, env.schema)) return reject('unknown_schema', `schema ${env.schema}`, env);
    if (!subjectCounty || subjectCounty.countyCode !== env.origin || subjectCounty.kind !== env.kind) {
      return reject('subject_mismatch', `origin ${env.origin} kind ${env.kind} on ${msg.subject}`, env);
    }
    if (!COUNTY_KINDS.has(env.kind)) return reject('unexpected_kind', `counties do not send ${env.kind}`, env);
    return { ok: true, msg, env };
  }

  #check({ msg, env }: Framed, key: string | null): Checked {
    const reject = (reason: QuarantineReason, detail: string): Rejected => ({
      ok: false,
      msg,
      reason,
      detail,
      countyCode: env.origin,
      env,
    });
    if (!key) return reject('not_enrolled', `county ${env.origin} is not enrolled`);
    if (!verifyEnvelopeNative(env, key)) return reject('bad_signature', `signature does not verify with ${env.origin}'s key`);

    if (env.kind === 'heartbeat') {
      const body = heartbeatBodySchema.safeParse(env.body);
      if (!body.success) return reject('bad_body', 'heartbeat body does not match heartbeat/1');
      const lastSeq = BigInt(body.data.lastSeq);
      if (lastSeq > MAX_BIGINT) return reject('bad_body', 'heartbeat lastSeq out of range');
      return { ok: true, kind: 'heartbeat', msg, env, origin: env.origin, lastSeq };
    }

    const seq = BigInt(env.seq);
    if (seq < 1n || seq > MAX_BIGINT) return reject('bad_seq', `seq ${env.seq}`);
    if (env.kind === 'info.request') {
      const checked = checkInfoRequestEvent(env);
      if (!checked.ok) return reject('bad_body', checked.detail);
      return { ok: true, kind: 'info.request', msg, env, origin: env.origin, seq, body: checked.body };
    }
    if (env.kind === 'info.record') {
      const parsed = infoRecordEventBodySchema.safeParse(env.body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return reject('bad_body', `info.record body: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
      }
      const problem = infoRecordEventProblem(env.origin, env.entityId, env.entityVersion, parsed.data);
      if (problem) return reject('bad_body', problem);
      return { ok: true, kind: 'info.record', msg, env, origin: env.origin, seq, body: parsed.data };
    }
    if (env.kind === 'info.attachment') {
      const checked = checkAttachmentEvent(env);
      if (!checked.ok) return reject('bad_body', checked.detail);
      return { ok: true, kind: 'info.attachment', msg, env, origin: env.origin, seq, body: checked.body };
    }
    if (env.kind === 'negative.list') {
      const checked = checkNegativeListEvent(env);
      if (!checked.ok) return reject('bad_body', checked.detail);
      return { ok: true, kind: 'negative.list', msg, env, origin: env.origin, seq, body: checked.body };
    }
    if (env.kind === 'annual.report') {
      const parsed = annualReportEventBodySchema.safeParse(env.body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return reject('bad_body', `annual.report body: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
      }
      const problem = annualReportEventProblem(env.origin, env.entityId, env.entityVersion, parsed.data);
      if (problem) return reject('bad_body', problem);
      return { ok: true, kind: 'annual.report', msg, env, origin: env.origin, seq, body: parsed.data };
    }
    if (env.kind === 'catalog.exemption') {
      const parsed = catalogExemptionBodySchema.safeParse(env.body);
      if (!parsed.success) return reject('bad_body', 'catalog.exemption body does not match catalog.exemption/1');
      const b = parsed.data;
      if (b.countyCode !== env.origin) return reject('bad_body', `exemption of county ${b.countyCode} sent by ${env.origin}`);
      if (exemptionEntityId(b.countyCode, b.standardItemId) !== env.entityId || String(b.version) !== env.entityVersion) {
        return reject('bad_body', 'entityId/entityVersion differ from the body');
      }
      if (JSON.stringify(env.body).includes('\\u0000')) return reject('bad_body', 'body contains U+0000');
      return { ok: true, kind: 'catalog.exemption', msg, env, origin: env.origin, seq, body: b };
    }
    const parsed = catalogItemEventBodySchema.safeParse(env.body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return reject('bad_body', `catalog.item body: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
    }
    const body = parsed.data;
    const ref = body.op === 'upsert' ? body.item : body;
    if (ref.countyCode !== env.origin) return reject('bad_body', `item of county ${ref.countyCode} sent by ${env.origin}`);
    if (ref.id !== env.entityId || String(ref.version) !== env.entityVersion) {
      return reject('bad_body', 'entityId/entityVersion differ from the body');
    }
    if (body.op === 'upsert') {
      const it = body.item;
      if (!isIsoDate(it.createdAt) || !isIsoDate(it.updatedAt)) return reject('bad_body', 'createdAt/updatedAt are not dates');
      if (it.townshipCode !== null && !/^\d{12}$/.test(it.townshipCode)) return reject('bad_body', 'townshipCode is not 12 digits');
    } else if (!isIsoDate(body.deletedAt)) {
      return reject('bad_body', 'deletedAt is not a date');
    }
    // jsonb and text cannot hold U+0000
    if (JSON.stringify(env.body).includes('\\u0000')) return reject('bad_body', 'body contains U+0000');
    return { ok: true, kind: 'catalog.item', msg, env, origin: env.origin, seq, body };
  }

  async #quarantine(tx: HubTx, rejected: Rejected[]): Promise<void> {
    await tx.insert(quarantine).values(
      rejected.map((r) => ({
        subject: r.msg.subject,
        countyCode: r.countyCode,
        origin: r.env?.origin ?? null,
        seq: r.env?.seq ?? null,
        reason: r.reason,
        detail: r.detail,
        raw: storableRaw(r.msg.data),
      })),
    );
    const perCounty = new Map<string, number>();
    for (const r of rejected) {
      if (r.countyCode && countyByCode6(r.countyCode)?.inGBT2260) perCounty.set(r.countyCode, (perCounty.get(r.countyCode) ?? 0) + 1);
    }
    if (!perCounty.size) return;
    // A county that is not enrolled gets a row too, so what arrives on its subjects is counted.
    await tx
      .insert(counties)
      .values(
        [...perCounty].map(([code, n]) => ({
          code,
          name: countyByCode6(code)?.name ?? code,
          cityCode: cityOf(code)?.code6 ?? null,
          quarantinedCount: n,
        })),
      )
      .onConflictDoUpdate({
        target: counties.code,
        set: { quarantinedCount: sql`${counties.quarantinedCount} + excluded.quarantined_count` },
      });
  }

  #afterQuarantine(rejected: Rejected[]): void {
    for (const r of rejected) {
      this.opts.metrics.quarantined.inc({ reason: r.reason });
      this.opts.logger.warn(
        {
          reason: r.reason,
          detail: r.detail,
          subject: r.msg.subject,
          county: r.countyCode,
          origin: r.env?.origin,
          seq: r.env?.seq,
          streamSeq: r.msg.streamSeq,
        },
        'federation message quarantined',
      );
    }
  }

  /**
   * Inserts into the inbox; returns only the rows that were new (the rest are duplicates).
   * Rows go in as one array per column (`unnest`): a few parameters instead of thousands, which
   * is several times faster to build, send and plan than a multi-row VALUES list.
   */
  async #inboxInsert(tx: HubTx, events: EventIn[]): Promise<EventIn[]> {
    const col = (f: (e: EventIn) => string) => sql.param(arrayLiteral(events.map(f)));
    const rows = await tx.execute<{ origin: string; seq: string }>(sql`
      insert into ${inbox} (origin, seq, kind, schema, entity_id, entity_version, envelope)
      select * from unnest(
        ${col((e) => e.origin)}::text[], ${col((e) => e.seq.toString())}::bigint[],
        ${col((e) => e.env.kind)}::text[], ${col((e) => e.env.schema)}::text[],
        ${col((e) => e.env.entityId)}::text[], ${col((e) => e.env.entityVersion)}::bigint[],
        ${col((e) => JSON.stringify(inboxCopy(e.env)))}::jsonb[])
      on conflict (origin, seq) do nothing
      returning origin, seq::text as seq`);
    const fresh = new Set(rows.map((r) => `${r.origin}:${r.seq}`));
    return events.filter((e) => fresh.has(`${e.origin}:${e.seq}`));
  }

  /** Upserts the catalog projection, moving each item only to a higher version. */
  async #project(tx: HubTx, all: EventIn[]): Promise<void> {
    const inserted = all.filter((e): e is ItemEventIn => e.kind === 'catalog.item');
    const exemptions = all.filter((e): e is ExemptionEventIn => e.kind === 'catalog.exemption');
    if (exemptions.length) await this.#projectExemptions(tx, exemptions);
    const requests = all.filter((e): e is InfoRequestEventIn => e.kind === 'info.request');
    if (requests.length) await projectInfoRequests(tx, requests);
    const records = all.filter((e): e is InfoRecordEventIn => e.kind === 'info.record');
    const reports = all.filter((e): e is AnnualReportEventIn => e.kind === 'annual.report');
    if (reports.length) {
      await projectAnnualReports(tx, reports.map((e) => ({ origin: e.origin, entityId: e.env.entityId, entityVersion: e.env.entityVersion, body: e.body })));
    }
    if (records.length) {
      await projectInfoRecords(tx, records.map((e) => ({ origin: e.origin, entityId: e.env.entityId, entityVersion: e.env.entityVersion, body: e.body })));
    }
    const chunks = all.filter((e): e is AttachmentEventIn => e.kind === 'info.attachment');
    if (chunks.length) {
      const done = await projectAttachmentChunks(tx, chunks.map((e) => ({ origin: e.origin, entityId: e.env.entityId, body: e.body })));
      if (done.quarantined.length) this.opts.logger.warn({ attachments: done.quarantined }, 'attachment checksum mismatch: quarantined');
    }
    const lists = all.filter((e): e is NegativeListEventIn => e.kind === 'negative.list');
    if (lists.length) await projectNegativeLists(tx, lists.map((e) => ({ origin: e.origin, body: e.body })));
    if (!inserted.length) return;
    await this.#recordVersions(tx, inserted);
    // Postgres cannot update one row twice in a statement: keep the newest version per item.
    const newest = new Map<string, ItemEventIn>();
    for (const e of inserted) {
      const id = e.env.entityId;
      const prev = newest.get(id);
      if (!prev || BigInt(e.env.entityVersion) > BigInt(prev.env.entityVersion)) newest.set(id, e);
    }
    const upserts: CatalogItem[] = [];
    const deletes: Extract<CatalogItemEventBody, { op: 'delete' }>[] = [];
    for (const e of newest.values()) {
      if (e.body.op === 'upsert') upserts.push(e.body.item);
      else deletes.push(e.body);
    }
    const applied = new Set<string>();
    if (upserts.length) {
      const col = (f: (i: CatalogItem) => string | null) => sql.param(arrayLiteral(upserts.map(f)));
      const rows = await tx.execute<{ id: string }>(sql`
        insert into ${catalogItems} (id, county_code, domain, level, township_code, name, content, legal_basis,
          time_limit, responsible_body, method, channels, audience, audience_note, status, version, deleted,
          created_at, updated_at, category, standard_item_id, adoption, next_review_on, time_limit_rule)
        select id, county_code, domain, level, township_code, name, content, legal_basis, time_limit,
          responsible_body, method, channels, audience, audience_note, status, version, false, created_at, updated_at,
          category, standard_item_id, adoption, next_review_on, time_limit_rule
        from unnest(
          ${col((i) => i.id)}::text[], ${col((i) => i.countyCode)}::text[], ${col((i) => i.domain)}::text[],
          ${col((i) => i.level)}::text[], ${col((i) => i.townshipCode)}::text[], ${col((i) => i.name)}::text[],
          ${col((i) => i.content)}::text[], ${col((i) => i.legalBasis)}::text[], ${col((i) => i.timeLimit)}::text[],
          ${col((i) => i.responsibleBody)}::text[], ${col((i) => i.method)}::text[],
          ${col((i) => JSON.stringify(i.channels))}::jsonb[], ${col((i) => i.audience)}::text[],
          ${col((i) => i.audienceNote)}::text[], ${col((i) => i.status)}::text[], ${col((i) => String(i.version))}::bigint[],
          ${col((i) => i.createdAt)}::timestamptz[], ${col((i) => i.updatedAt)}::timestamptz[],
          ${col((i) => i.category ?? null)}::text[], ${col((i) => i.standardItemId ?? null)}::text[], ${col((i) => i.adoption ?? 'local')}::text[],
          ${col((i) => i.nextReviewOn ?? null)}::date[],
          ${col((i) => (i.timeLimitRule ? JSON.stringify(i.timeLimitRule) : null))}::jsonb[])
          as u(id, county_code, domain, level, township_code, name, content, legal_basis, time_limit,
               responsible_body, method, channels, audience, audience_note, status, version, created_at, updated_at,
               category, standard_item_id, adoption, next_review_on, time_limit_rule)
        on conflict (id) do update set
          domain = excluded.domain, level = excluded.level, township_code = excluded.township_code,
          name = excluded.name, content = excluded.content, legal_basis = excluded.legal_basis,
          time_limit = excluded.time_limit, responsible_body = excluded.responsible_body,
          method = excluded.method, channels = excluded.channels, audience = excluded.audience,
          audience_note = excluded.audience_note, status = excluded.status, version = excluded.version,
          deleted = false, created_at = excluded.created_at, updated_at = excluded.updated_at, applied_at = now(),
          category = excluded.category, standard_item_id = excluded.standard_item_id, adoption = excluded.adoption,
          next_review_on = excluded.next_review_on, time_limit_rule = excluded.time_limit_rule
        where ${catalogItems.version} < excluded.version and ${catalogItems.countyCode} = excluded.county_code
        returning id`);
      for (const r of rows) applied.add(r.id);
    }
    if (deletes.length) {
      // A tombstone, so that an older upsert arriving later (a replay) cannot revive the item.
      // Its content is empty only when the hub never saw the item before it was deleted.
      const col = (f: (d: (typeof deletes)[number]) => string) => sql.param(arrayLiteral(deletes.map(f)));
      const rows = await tx.execute<{ id: string }>(sql`
        insert into ${catalogItems} (id, county_code, domain, level, name, content, legal_basis, time_limit,
          responsible_body, method, channels, audience, status, version, deleted, created_at, updated_at)
        select id, county_code, '', '', '', '', '', '', '', '', '[]'::jsonb, '', 'draft', version, true, at, at
        from unnest(${col((d) => d.id)}::text[], ${col((d) => d.countyCode)}::text[],
                    ${col((d) => String(d.version))}::bigint[], ${col((d) => d.deletedAt)}::timestamptz[])
          as u(id, county_code, version, at)
        on conflict (id) do update set
          deleted = true, version = excluded.version, updated_at = excluded.updated_at, applied_at = now()
        where ${catalogItems.version} < excluded.version and ${catalogItems.countyCode} = excluded.county_code
        returning id`);
      for (const r of rows) applied.add(r.id);
    }
    const skipped = [...newest.values()].filter((e) => !applied.has(e.env.entityId));
    if (skipped.length) await this.#reportForeignIds(tx, skipped);
  }

  /**
   * Every upserted version goes into the history (a replayed older version too: history is
   * append-only and keyed by (item, version)). An id already owned by another county is skipped.
   */
  async #recordVersions(tx: HubTx, events: ItemEventIn[]): Promise<void> {
    const items = events.flatMap((e) => (e.body.op === 'upsert' ? [e.body.item] : []));
    if (!items.length) return;
    const col = (f: (i: CatalogItem) => string | null) => sql.param(arrayLiteral(items.map(f)));
    await tx.execute(sql`
      insert into ${catalogItemVersions} (item_id, version, county_code, domain, standard_item_id, adoption, status,
        snapshot, published_at)
      select u.item_id, u.version, u.county_code, u.domain, u.standard_item_id, u.adoption, u.status, u.snapshot,
        case when u.status = 'published' then u.updated_at end
      from unnest(${col((i) => i.id)}::text[], ${col((i) => String(i.version))}::bigint[],
        ${col((i) => i.countyCode)}::text[], ${col((i) => i.domain)}::text[], ${col((i) => i.standardItemId ?? null)}::text[],
        ${col((i) => i.adoption ?? 'local')}::text[], ${col((i) => i.status)}::text[], ${col((i) => JSON.stringify(i))}::jsonb[],
        ${col((i) => i.updatedAt)}::timestamptz[])
        as u(item_id, version, county_code, domain, standard_item_id, adoption, status, snapshot, updated_at)
      where not exists (select 1 from ${catalogItems} c where c.id = u.item_id and c.county_code <> u.county_code)
      on conflict (item_id, version) do nothing`);
  }

  /** Not-applicable declarations: newest version per (county, standard item) wins. */
  async #projectExemptions(tx: HubTx, events: ExemptionEventIn[]): Promise<void> {
    const newest = new Map<string, CatalogExemptionBody>();
    for (const e of events) {
      const prev = newest.get(e.env.entityId);
      if (!prev || e.body.version > prev.version) newest.set(e.env.entityId, e.body);
    }
    const rows = [...newest.values()];
    const col = (f: (b: CatalogExemptionBody) => string | null) => sql.param(arrayLiteral(rows.map(f)));
    await tx.execute(sql`
      insert into ${catalogExemptions} (county_code, standard_item_id, reason, version, at)
      select * from unnest(${col((b) => b.countyCode)}::text[], ${col((b) => b.standardItemId)}::text[],
        ${col((b) => b.reason)}::text[], ${col((b) => String(b.version))}::bigint[], ${col((b) => b.at)}::timestamptz[])
      on conflict (county_code, standard_item_id) do update set
        reason = excluded.reason, version = excluded.version, at = excluded.at, applied_at = now()
      where ${catalogExemptions.version} < excluded.version`);
  }

  /**
   * Items not applied are normally older versions. An id that already belongs to another county
   * is never taken over (the upsert requires the same county); say so, since it is a county bug.
   */
  async #reportForeignIds(tx: HubTx, skipped: ItemEventIn[]): Promise<void> {
    const ids = skipped.map((e) => e.env.entityId);
    const foreign = await tx
      .select({ id: catalogItems.id, countyCode: catalogItems.countyCode })
      .from(catalogItems)
      .where(inArray(catalogItems.id, ids));
    for (const f of foreign) {
      const e = skipped.find((s) => s.env.entityId === f.id);
      if (e && e.origin !== f.countyCode) {
        this.opts.logger.warn({ id: f.id, owner: f.countyCode, sender: e.origin, seq: e.seq.toString() }, 'catalog item id already owned by another county; not applied');
      }
    }
  }

  /**
   * Per touched county, one statement: advance the high-water mark over the contiguous inbox
   * seqs above it, and record what was seen and heard. The new mark is the end of the run that
   * starts at `high_water_seq + 1`, found as the first seq of that run with no successor; that
   * walks only the rows that became contiguous, however many sit behind a gap.
   */
  async #advance(tx: HubTx, inserted: EventIn[], heartbeats: HeartbeatIn[]) {
    const perCounty = new Map<string, { maxSeq: bigint; events: boolean; hbSeq: bigint; hb: boolean }>();
    const get = (code: string) => {
      let v = perCounty.get(code);
      if (!v) perCounty.set(code, (v = { maxSeq: 0n, events: false, hbSeq: 0n, hb: false }));
      return v;
    };
    for (const e of inserted) {
      const v = get(e.origin);
      v.events = true;
      if (e.seq > v.maxSeq) v.maxSeq = e.seq;
    }
    for (const h of heartbeats) {
      const v = get(h.origin);
      v.hb = true;
      if (h.lastSeq > v.hbSeq) v.hbSeq = h.lastSeq;
    }
    const touched: { code: string; highWaterSeq: bigint; maxSeqSeen: bigint; lastHeartbeatSeq: bigint }[] = [];
    for (const [code, v] of perCounty) {
      const rows = await tx.execute<{ code: string; hw: string; seen: string; hb: string }>(sql`
        update counties c set
          high_water_seq = case
            when exists (select 1 from inbox i where i.origin = c.code and i.seq = c.high_water_seq + 1)
            then (select i.seq from inbox i
                  where i.origin = c.code and i.seq > c.high_water_seq
                    and not exists (select 1 from inbox j where j.origin = c.code and j.seq = i.seq + 1)
                  order by i.seq limit 1)
            else c.high_water_seq end,
          max_seq_seen = greatest(c.max_seq_seen, ${v.maxSeq.toString()}::bigint),
          last_event_at = case when ${v.events} then now() else c.last_event_at end,
          last_heartbeat_seq = greatest(c.last_heartbeat_seq, ${v.hbSeq.toString()}::bigint),
          last_heartbeat_at = case when ${v.hb} then now() else c.last_heartbeat_at end
        where c.code = ${code}
        returning c.code, c.high_water_seq::text as hw, c.max_seq_seen::text as seen, c.last_heartbeat_seq::text as hb`);
      for (const r of rows) {
        touched.push({ code: r.code, highWaterSeq: BigInt(r.hw), maxSeqSeen: BigInt(r.seen), lastHeartbeatSeq: BigInt(r.hb) });
      }
    }
    return touched;
  }

  /**
   * What follows the commit must not fail the batch: it is applied, and a redelivery would only
   * repeat it as duplicates. A replay request that is not sent now is sent by a later flush.
   */
  async #afterCommit(gaps: string[]): Promise<string[]> {
    try {
      const requested = gaps.length ? await this.#requestReplays(gaps) : [];
      await this.opts.outbox.flushIfPending();
      return requested;
    } catch (e) {
      this.opts.logger.warn({ err: e, counties: gaps }, 'replay requests not sent after the batch; will retry');
      return [];
    }
  }

  /**
   * Asks each county with a gap to replay from its high-water mark + 1, at most once per interval
   * per county. The interval check and the request row are one transaction, so two batches
   * racing cannot both send; publishing follows the commit.
   */
  async #requestReplays(codes: string[]): Promise<string[]> {
    const { db, outbox, logger, metrics } = this.opts;
    const requested: string[] = [];
    const intervalSecs = this.#replayIntervalMs / 1000;
    for (const code of codes) {
      const env = await db.transaction(async (tx) => {
        const [c] = await tx.execute<{ hw: string; seen: string; hb: string }>(sql`
          update counties set last_replay_requested_at = now()
          where code = ${code}
            and greatest(max_seq_seen, last_heartbeat_seq) > high_water_seq
            and (last_replay_requested_at is null
                 or last_replay_requested_at <= now() - make_interval(secs => ${intervalSecs}::float8))
          returning high_water_seq::text as hw, max_seq_seen::text as seen, last_heartbeat_seq::text as hb`);
        if (!c) return null;
        const fromSeq = (BigInt(c.hw) + 1n).toString();
        const reason =
          BigInt(c.seen) > BigInt(c.hw)
            ? `gap: applied up to ${c.hw}, seen up to ${c.seen}`
            : `tail: applied up to ${c.hw}, heartbeat reports ${c.hb}`;
        return outbox.enqueue(tx, code, 'replay.request', { fromSeq, reason });
      });
      if (!env) continue;
      requested.push(code);
      metrics.replayRequests.inc();
      logger.info({ county: code, body: env.body, hubSeq: env.seq }, 'replay requested');
    }
    if (requested.length) await outbox.flush();
    return requested;
  }
}

/** The driver's message (e.g. `date/time field value out of range`), not drizzle's query dump. */
function dbErrorMessage(e: unknown): string {
  const cause = (e as { cause?: unknown } | null)?.cause;
  if (cause instanceof Error) return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/** SQLSTATE classes 22 (data exception), 23 (integrity) and 54 (limits): retrying will not help. */
function isDataError(e: unknown): boolean {
  // drizzle wraps the driver's error in DrizzleQueryError; the SQLSTATE is on its cause
  for (let cur = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return /^(22|23|54)/.test(code);
  }
  return false;
}

