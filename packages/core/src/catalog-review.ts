import { z } from 'zod';
import {
  type Adoption,
  type CatalogItem,
  type CatalogItemInput,
  type CatalogStatus,
  CATALOG_ELEMENT_NAMES,
  CATALOG_STATUS_NAMES,
} from './catalog.js';
import { type Result, domainError, err, ok } from './result.js';

/**
 * The review workflow of a catalog item (审核发布):
 *
 *   draft ──submit──► submitted ──approve──► published
 *     ▲                 │   │                    │
 *     └──withdraw───────┘   └──return──► returned │
 *     ▲                                   │ edit  │
 *     └───────────── edit (new working version) ◄─┘
 *
 * A county admin submits (or withdraws a submission); the level above (a city reviewer, or the
 * province for 省直管 counties) approves or returns at the hub; editing a returned item keeps it
 * returned until it is submitted again; editing a published item opens a new working version
 * (draft) while the hub keeps showing the published one. An item under review cannot be edited.
 */
export const CATALOG_ACTIONS = ['submit', 'withdraw', 'approve', 'return', 'edit', 'delete'] as const;
export type CatalogAction = (typeof CATALOG_ACTIONS)[number];

/** The actions a county node offers through its transitions endpoint; review decisions are the hub's. */
export const COUNTY_TRANSITIONS = ['submit', 'withdraw'] as const;
export type CountyTransition = (typeof COUNTY_TRANSITIONS)[number];

/** Decisions a reviewer at the hub makes. */
export const REVIEW_DECISIONS = ['approve', 'return'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_NAMES: Record<ReviewDecision, string> = { approve: '审核通过', return: '退回修改' };

export const CATALOG_ACTION_NAMES: Record<CatalogAction, string> = {
  submit: '提交审核',
  withdraw: '撤回提交',
  approve: '审核通过',
  return: '退回修改',
  edit: '修改',
  delete: '删除',
};

const TABLE: Record<CatalogAction, Partial<Record<CatalogStatus, CatalogStatus>>> = {
  submit: { draft: 'submitted', returned: 'submitted' },
  withdraw: { submitted: 'draft' },
  approve: { submitted: 'published' },
  return: { submitted: 'returned' },
  edit: { draft: 'draft', returned: 'returned', published: 'draft' },
  // a deletion keeps the status it had; only an item under review cannot be deleted
  delete: { draft: 'draft', returned: 'returned', published: 'published' },
};

/** Where `action` takes an item in `status`, or `invalid_state` with both named in the details. */
export function nextCatalogStatus(status: CatalogStatus, action: CatalogAction): Result<CatalogStatus> {
  const to = TABLE[action][status];
  if (to) return ok(to);
  return err(
    domainError(
      'invalid_state',
      `${CATALOG_STATUS_NAMES[status]}的事项不能${CATALOG_ACTION_NAMES[action]}`,
      { status, action, allowedFrom: Object.keys(TABLE[action]) },
    ),
  );
}

/** The actions possible from a status (for consoles to offer). */
export const catalogActionsFrom = (status: CatalogStatus): CatalogAction[] =>
  CATALOG_ACTIONS.filter((a) => TABLE[a][status] !== undefined);

/** One year after a date (YYYY-MM-DD or ISO), as YYYY-MM-DD; 29 February becomes 28 February. */
export function oneYearAfter(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y + 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The next review date an approval sets: the item's own date if it is still ahead, else a year on. */
export function nextReviewAfterPublication(current: string | null, publishedAt: string): string {
  const day = publishedAt.slice(0, 10);
  return current && current > day ? current : oneYearAfter(day);
}

/** Due for review within `days` days of `today` (YYYY-MM-DD), or overdue. */
export function reviewDue(
  nextReviewOn: string | null,
  today: string,
  days = 30,
): { due: boolean; overdue: boolean; daysLeft: number | null } {
  if (!nextReviewOn) return { due: false, overdue: false, daysLeft: null };
  const ms = Date.parse(`${nextReviewOn}T00:00:00Z`) - Date.parse(`${today.slice(0, 10)}T00:00:00Z`);
  const daysLeft = Math.round(ms / 86_400_000);
  return { due: daysLeft <= days, overdue: daysLeft < 0, daysLeft };
}

/** The 8 elements (and placement) a standard item and a catalog item share. */
export interface StandardElements {
  category: string;
  name: string;
  content: string;
  legalBasis: string;
  timeLimit: string;
  responsibleBody: string;
  method: CatalogItemInput['method'];
  channels: readonly string[];
  audience: CatalogItemInput['audience'];
  audienceNote: string | null;
}

export const ADOPTION_COMPARED_FIELDS = [
  'category',
  'name',
  'content',
  'legalBasis',
  'timeLimit',
  'responsibleBody',
  'method',
  'channels',
  'audience',
  'audienceNote',
] as const;

const sameChannels = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * How an item relates to its standard item: no standard → local; every element as the standard
 * has it → adopted; anything localised → adapted (with the fields that differ). A standard item
 * the county does not know (removed, or not received yet) makes the item adapted.
 */
export function deriveAdoption(
  item: Pick<CatalogItemInput, 'standardItemId' | 'category' | (typeof ADOPTION_COMPARED_FIELDS)[number]>,
  standard: StandardElements | undefined,
): { adoption: Adoption; differences: string[] } {
  if (!item.standardItemId) return { adoption: 'local', differences: [] };
  if (!standard) return { adoption: 'adapted', differences: ['standardItemId'] };
  const differences = ADOPTION_COMPARED_FIELDS.filter((f) => {
    if (f === 'channels') return !sameChannels(item.channels, standard.channels);
    return (item[f] ?? null) !== (standard[f] ?? null);
  });
  return { adoption: differences.length ? 'adapted' : 'adopted', differences };
}

/** A field-level change between two versions of a catalog item. */
export interface FieldChange {
  field: string;
  label: string;
  before: unknown;
  after: unknown;
}

const DIFF_LABELS: Record<string, string> = {
  ...CATALOG_ELEMENT_NAMES,
  status: '状态',
  adoption: '采用方式',
};
const DIFF_IGNORED = new Set(['version', 'updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'id', 'countyCode']);

/** The fields whose values differ between two snapshots (status included; bookkeeping fields not). */
export function diffSnapshots(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const out: FieldChange[] = [];
  for (const field of keys) {
    if (DIFF_IGNORED.has(field)) continue;
    const b = before?.[field] ?? null;
    const a = after[field] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ field, label: DIFF_LABELS[field] ?? field, before: b, after: a });
  }
  return out;
}

export interface VersionEntry<S = Record<string, unknown>> {
  version: number;
  status: CatalogStatus;
  snapshot: S;
}

/** Versions oldest first, each with its changes from the previous one listed. */
export function withDiffs<V extends VersionEntry>(versions: readonly V[]): (V & { changes: FieldChange[] })[] {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  return sorted.map((v, i) => ({ ...v, changes: diffSnapshots(i ? sorted[i - 1]!.snapshot : null, v.snapshot) }));
}

/** Per-field reviewer comments: the field names are catalog item elements. */
export const fieldCommentsSchema = z
  .record(z.string().max(50), z.string().trim().min(1).max(1000), { error: '逐项意见必须是 {要素: 意见}' })
  .refine((r) => Object.keys(r).length <= 20, { error: '逐项意见过多' });

/** A catalog item as the approve/return body and the county store it for its reviewers. */
export type CatalogSnapshot = CatalogItem & Record<string, unknown>;
