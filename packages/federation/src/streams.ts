import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamClient,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  jetstreamManager,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { nanos } from '@nats-io/nats-core';
import { type Envelope, encodeEnvelope, messageId } from '@zwgk/core';
import { type FederationNames, HUB_INGEST_CONSUMER, countyConsumerName, streamNames, subjects } from './names.js';

const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

const isNotFound = (e: unknown): boolean =>
  e instanceof JetStreamApiError && (e.code === 404 || /not found/i.test(e.message));

async function ensureStream(jsm: JetStreamManager, name: string, subjectFilter: string): Promise<void> {
  const config = {
    name,
    subjects: [subjectFilter],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    // The county keeps every event in its outbox, so the stream is a transport, not the archive.
    max_age: nanos(30 * 24 * 60 * 60 * 1000),
  };
  try {
    const info = await jsm.streams.info(name);
    if (!info.config.subjects?.includes(subjectFilter)) {
      await jsm.streams.update(name, { ...info.config, subjects: [subjectFilter] });
    }
  } catch (e) {
    if (!isNotFound(e)) throw e;
    try {
      await jsm.streams.add(config);
    } catch (e2) {
      // Another process created it between our info and add.
      if (!(e2 instanceof JetStreamApiError && /already in use|exists/i.test(e2.message))) throw e2;
    }
  }
}

/** Creates both streams of protocol v1 if missing; safe to call on every start. */
export async function ensureStreams(nc: NatsConnection, n: FederationNames): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const s = subjects(n);
  const names = streamNames(n);
  await ensureStream(jsm, names.county, s.countyAll);
  await ensureStream(jsm, names.hub, s.hubAll);
}

async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  filterSubject: string,
  maxAckPending: number,
): Promise<void> {
  try {
    await jsm.consumers.info(stream, durable);
    return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filterSubject,
      ack_wait: nanos(30_000),
      max_deliver: -1,
      max_ack_pending: maxAckPending,
    });
  } catch (e) {
    if (!(e instanceof JetStreamApiError && /already in use|exists/i.test(e.message))) throw e;
  }
}

export async function ensureHubIngestConsumer(nc: NatsConnection, n: FederationNames): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await ensureConsumer(jsm, streamNames(n).county, HUB_INGEST_CONSUMER, subjects(n).countyAll, 4096);
}

/**
 * One durable consumer per county on the hub stream. nats-server 2.9 allows one filter subject
 * per consumer, so broadcasts are fanned out by the hub to each county's own subject (2.10's
 * multi-filter consumers would let one consumer take both).
 */
export async function ensureCountyConsumer(nc: NatsConnection, n: FederationNames, countyCode: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await ensureConsumer(jsm, streamNames(n).hub, countyConsumerName(countyCode), subjects(n).hubToCountyAll(countyCode), 256);
}

/** Publishes a signed hub envelope to one county and waits for the stream's PubAck. */
export async function publishToCounty(
  js: JetStreamClient,
  n: FederationNames,
  countyCode: string,
  env: Envelope,
  msgId: string = messageId(env),
): Promise<void> {
  await js.publish(subjects(n).hubToCounty(countyCode, env.kind), encodeEnvelope(env), { msgID: msgId });
}
