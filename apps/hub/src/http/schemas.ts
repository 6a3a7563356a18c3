import { timeLimitRuleSchema } from '@zwgk/core';
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
  /** 公开时限 as a structured rule where the phrase allows one (additive; absent from older clients' view) */
  timeLimitRule: timeLimitRuleSchema.nullable().optional(),
  responsibleBody: z.string(),
  method: z.string(),
  channels: z.array(z.string()),
  audience: z.string(),
  audienceNote: z.string().nullable(),
  category: z.string().nullable(),
  standardItemId: z.string().nullable(),
  adoption: z.enum(['adopted', 'adapted', 'local']),
  nextReviewOn: z.string().nullable(),
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
  natsUserJwt: z
    .string()
    .optional()
    .describe('operator-mode NATS only: the user JWT for the natsUserPublicKey sent, with only this county’s permissions'),
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

const anyRecord = z.record(z.string(), z.unknown());
const fieldChange = z.object({ field: z.string(), label: z.string(), before: z.unknown(), after: z.unknown() });

export const guidelineSchema = z.object({
  domain: z.string(),
  name: z.string(),
  version: z.number().int(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string(),
  items: z.array(anyRecord),
});

export const guidelineVersionsSchema = z.array(
  z.object({ version: z.number().int(), publishedAt: z.string(), publishedBy: z.string(), items: z.number().int() }),
);

const changeLists = {
  added: z.array(anyRecord),
  removed: z.array(anyRecord),
  changed: z.array(z.object({ id: z.string(), before: anyRecord, after: anyRecord, fields: z.array(z.string()) })),
};

export const guidelineChangesSchema = z.object({ domain: z.string(), from: z.number().int(), to: z.number().int(), ...changeLists });

export const workingItemSchema = anyRecord.and(
  z.object({ id: z.string(), retiredAt: z.string().nullable(), updatedAt: z.string(), updatedBy: z.string() }),
);

export const workingItemsSchema = z.object({
  domain: z.string(),
  currentVersion: z.number().int().nullable(),
  items: z.array(workingItemSchema),
  unpublishedChanges: z.number().int(),
});

export const publishResultSchema = z.object({
  guideline: guidelineSchema,
  changes: z.object(changeLists),
  counties: z.number().int().describe('enrolled counties the version was sent to'),
});

export const reviewSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  countyCode: z.string(),
  version: z.number().int(),
  decision: z.enum(['approve', 'return']),
  comments: z.string(),
  fieldComments: z.record(z.string(), z.string()).nullable(),
  reviewer: z.string(),
  at: z.string(),
});

export const reviewQueueSchema = z.array(
  z.object({
    id: z.string(),
    countyCode: z.string(),
    countyName: z.string().nullable(),
    cityCode: z.string().nullable(),
    cityName: z.string().nullable(),
    reviewingCityCode: z.string().nullable(),
    domain: z.string(),
    level: z.string(),
    townshipCode: z.string().nullable(),
    category: z.string().nullable(),
    name: z.string(),
    standardItemId: z.string().nullable(),
    adoption: z.string(),
    version: z.number().int(),
    submittedAt: z.string(),
  }),
);

export const itemHistorySchema = z.object({
  id: z.string(),
  countyCode: z.string(),
  scope: z.enum(['all', 'published']),
  versions: z.array(
    z.object({
      version: z.number().int(),
      status: z.string(),
      snapshot: anyRecord,
      publishedAt: z.string().nullable(),
      receivedAt: z.string(),
      changes: z.array(fieldChange),
    }),
  ),
});

export const countyCatalogSchema = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  total: z.number().int(),
  items: z.array(catalogItemViewSchema),
});

const counts = {
  standardItems: z.number().int(),
  adopted: z.number().int(),
  adapted: z.number().int(),
  notApplicable: z.number().int(),
  missing: z.number().int(),
  inReview: z.number().int(),
  local: z.number().int(),
  coveragePct: z.number(),
};

export const countyCoverageSchema = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  cityCode: z.string().nullable(),
  cityName: z.string().nullable(),
  totals: z.object(counts),
  domains: z.array(
    z.object({
      domain: z.string(),
      name: z.string(),
      version: z.number().int().nullable(),
      ...counts,
      items: z.array(
        z.object({
          standardItemId: z.string(),
          category: z.string(),
          name: z.string(),
          state: z.enum(['adopted', 'adapted', 'notApplicable', 'missing']),
          reason: z.string().nullable(),
          itemIds: z.array(z.string()),
          inReview: z.boolean(),
        }),
      ),
    }),
  ),
  townships: z.array(z.object({ code: z.string(), name: z.string(), items: z.number().int(), publishedItems: z.number().int() })),
});

export const coverageMatrixSchema = z.object({
  domains: z.array(z.object({ domain: z.string(), name: z.string(), standardItems: z.number().int() })),
  summary: z.object({
    counties: z.number().int(),
    covered: z.number().int(),
    standardItems: z.number().int(),
    coveragePct: z.number(),
    cities: z.array(z.object({ cityCode: z.string(), cityName: z.string(), counties: z.number().int(), coveragePct: z.number() })),
  }),
  rows: z.array(
    z.object({
      countyCode: z.string(),
      countyName: z.string(),
      cityCode: z.string().nullable(),
      cityName: z.string().nullable(),
      reviewingCityCode: z.string().nullable(),
      covered: z.number().int(),
      standardItems: z.number().int(),
      coveragePct: z.number(),
      domains: z.array(z.object({ domain: z.string(), covered: z.number().int(), standardItems: z.number().int(), coveragePct: z.number() })),
    }),
  ),
});
