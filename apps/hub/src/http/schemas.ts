import { z } from 'zod';

/** Response shapes, for the OpenAPI document only: the services' TypeScript types are the contract in code. */
const seq = z.string().regex(/^\d+$/).describe('a decimal integer as a string (may exceed 2^53)');
const isoOrNull = z.string().nullable();

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['up', 'down']),
  nats: z.enum(['up', 'down']),
});

export const tokenSchema = z.object({ token: z.string(), expiresAt: z.string() });

export const regionSchema = z.object({
  code: z.string().describe('12-digit statistical code'),
  code6: z.string().nullable(),
  name: z.string(),
  level: z.enum(['province', 'city', 'county', 'township', 'village']),
  parentCode: z.string().nullable(),
  type: z.string().nullable(),
});

export const domainSchema = z.object({ no: z.number().int(), code: z.string(), name: z.string() });

export const federationStatusSchema = z.object({
  lastSeq: seq.describe('contiguous high-water mark: every event up to it is applied'),
  maxSeqSeen: seq,
  lastHeartbeatSeq: seq,
  lagEvents: z.number().int(),
  lastEventAt: isoOrNull,
  lastHeartbeatAt: isoOrNull,
  lagSeconds: z.number().int().nullable(),
  quarantinedCount: z.number().int(),
  catalogItems: z.number().int(),
  publishedItems: z.number().int(),
});

export const countySchema = z.object({
  code: z.string(),
  name: z.string(),
  type: z.string().nullable(),
  cityCode: z.string().nullable(),
  cityName: z.string().nullable(),
  reviewingCityCode: z.string().nullable(),
  provinceAdministered: z.boolean(),
  enrolled: z.boolean(),
  enrolledAt: isoOrNull,
  federation: federationStatusSchema,
});

export const catalogItemViewSchema = z.object({
  id: z.string(),
  countyCode: z.string(),
  countyName: z.string().nullable(),
  domain: z.string(),
  level: z.string(),
  townshipCode: z.string().nullable(),
  name: z.string(),
  content: z.string(),
  legalBasis: z.string(),
  timeLimit: z.string(),
  responsibleBody: z.string(),
  method: z.string(),
  channels: z.array(z.string()),
  audience: z.string(),
  audienceNote: z.string().nullable(),
  status: z.string(),
  version: z.number().int(),
  deleted: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  appliedAt: z.string(),
});

export const issuedTokenSchema = z.object({ token: z.string(), countyCode: z.string(), expiresAt: z.string() });

export const enrollResultSchema = z.object({
  hubSigningPublicKey: z.string(),
  subjectRoot: z.string(),
  streamPrefix: z.string(),
});

export const quarantinePageSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      receivedAt: z.string(),
      subject: z.string(),
      countyCode: z.string().nullable(),
      origin: z.string().nullable(),
      seq: z.string().nullable(),
      reason: z.string(),
      detail: z.string().nullable(),
      raw: z.string(),
    }),
  ),
  nextBefore: z.string().nullable(),
});
