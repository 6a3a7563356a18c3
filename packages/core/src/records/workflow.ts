import { z } from 'zod';
import { isIsoDate } from '../calendar/dates.js';
import { validationError, zodIssuesToFields } from '../catalog.js';
import { type DomainError, type Result, domainError, err, ok } from '../result.js';
import {
  type PublicAttribute,
  RECORD_ATTRIBUTES,
  RECORD_LABELS,
  RECORD_STATUS_NAMES,
  RECORD_VALIDITY_NAMES,
  type RecordAttribute,
  type RecordStatus,
  type RecordValidity,
} from './model.js';

/**
 * The release workflow of an information record:
 *
 *   draft ──submit──► submitted ──approve──► approved ──publish──► published ──withdraw──► withdrawn
 *     ▲                 │  │                                        │  (validity: valid → expired → repealed)
 *     └── (edit) returned ◄┘ └──approve as withheld──► withheld      └─expire / repeal (stays published)
 *
 * The drafter proposes the attribute; the reviewer (保密审查) approves it, changes it with a
 * reason, or sends the record back. Published records can later expire, be repealed or be
 * withdrawn. Every rule here is pure; the county node checks roles and writes the result.
 */
export const RECORD_ACTIONS = ['submit', 'approve', 'return', 'publish', 'expire', 'repeal', 'withdraw'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];
export const RECORD_ACTION_NAMES: Record<RecordAction, string> = {
  submit: '提交审核',
  approve: '审核通过',
  return: '退回修改',
  publish: '发布',
  expire: '宣布失效',
  repeal: '宣布废止',
  withdraw: '撤回',
};

/** County roles allowed to take each action (see `COUNTY_ROLES` in @zwgk/db). */
export const RECORD_ACTION_ROLES: Record<RecordAction, readonly string[]> = {
  submit: ['county_admin', 'county_editor'],
  approve: ['county_reviewer'],
  return: ['county_reviewer'],
  publish: ['county_admin', 'county_reviewer'],
  expire: ['county_admin', 'county_reviewer'],
  repeal: ['county_admin', 'county_reviewer'],
  withdraw: ['county_admin', 'county_reviewer'],
};
/** Who drafts and edits drafts. */
export const RECORD_DRAFTERS = ['county_admin', 'county_editor'] as const;
/** Who may correct a published record (a correction is itself a reviewed act). */
export const RECORD_CORRECTORS = ['county_admin', 'county_reviewer'] as const;

const FROM: Record<RecordAction, readonly RecordStatus[]> = {
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  return: ['submitted'],
  publish: ['approved'],
  expire: ['published'],
  repeal: ['published'],
  withdraw: ['published'],
};

/** Statuses whose elements the drafter may still edit. */
export const EDITABLE_STATUSES: readonly RecordStatus[] = ['draft', 'returned'];

const date = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD 的有效日期' });
const reason = (label: string) =>
  z.string({ error: `请填写${label}` }).trim().min(2, { error: `${label}至少2个字` }).max(2000, { error: `${label}不能超过2000个字` });

export const recordTransitionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('submit'), version: z.number().int().positive().optional() }).strict(),
    z
      .object({
        action: z.literal('approve'),
        version: z.number().int().positive().optional(),
        /** the attribute the reviewer decides; omitted = the proposed one */
        attribute: z.enum(RECORD_ATTRIBUTES, { error: '公开属性必须是 proactive、onRequest 或 withheld' }).optional(),
        /** why the reviewer changed the attribute (required when it changes) */
        reason: z.string().trim().max(2000).optional(),
        withheldGround: z.string().trim().min(2).max(1000).optional(),
        comment: z.string().trim().max(2000).optional(),
      })
      .strict(),
    z.object({ action: z.literal('return'), version: z.number().int().positive().optional(), comment: reason('退回意见') }).strict(),
    z.object({ action: z.literal('publish'), version: z.number().int().positive().optional(), publishedOn: date.optional() }).strict(),
    z.object({ action: z.literal('expire'), version: z.number().int().positive().optional(), on: date.optional(), reason: z.string().trim().max(2000).optional() }).strict(),
    z.object({ action: z.literal('repeal'), version: z.number().int().positive().optional(), on: date.optional(), reason: z.string().trim().max(2000).optional() }).strict(),
    z.object({ action: z.literal('withdraw'), version: z.number().int().positive().optional(), reason: reason('撤回理由') }).strict(),
  ],
  { error: '操作必须是 submit、approve、return、publish、expire、repeal 或 withdraw' },
);
export type RecordTransition = z.output<typeof recordTransitionSchema>;

export function parseRecordTransition(input: unknown): Result<RecordTransition> {
  const parsed = recordTransitionSchema.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(validationError(zodIssuesToFields(parsed.error.issues)));
}

/** The parts of a record the workflow reads. */
export interface RecordState {
  status: RecordStatus;
  attribute: RecordAttribute;
  withheldGround: string | null;
  validity: RecordValidity;
  createdBy: string;
  publishedOn: string | null;
  expiredOn: string | null;
}

/** What an action changes; the caller adds version, timestamps and (on publish) the index number. */
export interface RecordChange {
  status: RecordStatus;
  attribute: RecordAttribute;
  withheldGround: string | null;
  validity: RecordValidity;
  label?: string | null;
  publishedOn?: string;
  expiredOn?: string;
  repealedOn?: string;
  reviewComment?: string | null;
  /** set by an approval that changed the attribute: audited with the reviewer */
  attributeChange?: { from: RecordAttribute; to: RecordAttribute; reason: string };
  /** the change goes to the hub (the record is, or was, public) */
  federate: boolean;
}

export const labelOf = (attribute: RecordAttribute): string | null =>
  attribute === 'withheld' ? null : RECORD_LABELS[attribute as PublicAttribute];

const invalid = (status: RecordStatus, action: RecordAction): DomainError =>
  domainError('invalid_state', `${RECORD_STATUS_NAMES[status]}的信息不能${RECORD_ACTION_NAMES[action]}`, {
    status,
    action,
    allowedFrom: FROM[action],
  });

/**
 * Where an action takes a record. `actor` is the username (a reviewer may not approve a record
 * they drafted); `today` the China date used when the action names no date.
 */
export function applyRecordAction(state: RecordState, t: RecordTransition, actor: string, today: string): Result<RecordChange> {
  if (!FROM[t.action].includes(state.status)) return err(invalid(state.status, t.action));
  const base = {
    status: state.status,
    attribute: state.attribute,
    withheldGround: state.withheldGround,
    validity: state.validity,
    federate: false,
  };
  switch (t.action) {
    case 'submit':
      return ok({ ...base, status: 'submitted' });
    case 'return':
      if (state.createdBy === actor) return err(domainError('forbidden', '不能审核本人起草的信息'));
      return ok({ ...base, status: 'returned', reviewComment: t.comment });
    case 'approve': {
      if (state.createdBy === actor) return err(domainError('forbidden', '不能审核本人起草的信息'));
      const to = t.attribute ?? state.attribute;
      const changed = to !== state.attribute;
      if (changed && (!t.reason || t.reason.length < 2)) {
        return err(validationError([{ field: 'reason', message: '改变公开属性须说明理由' }], '改变公开属性须说明理由'));
      }
      const ground = to === 'withheld' ? (t.withheldGround ?? (state.attribute === 'withheld' ? state.withheldGround : null)) : null;
      if (to === 'withheld' && !ground) {
        return err(validationError([{ field: 'withheldGround', message: '不予公开须注明法定依据' }], '不予公开须注明法定依据'));
      }
      return ok({
        ...base,
        status: to === 'withheld' ? 'withheld' : 'approved',
        attribute: to,
        withheldGround: ground,
        label: labelOf(to),
        reviewComment: t.comment ?? null,
        ...(changed ? { attributeChange: { from: state.attribute, to, reason: t.reason! } } : {}),
      });
    }
    case 'publish': {
      if (state.attribute === 'withheld') return err(domainError('invalid_state', '不予公开的信息不能发布'));
      return ok({ ...base, status: 'published', publishedOn: t.publishedOn ?? today, label: labelOf(state.attribute), federate: true });
    }
    case 'expire': {
      if (state.validity !== 'valid') {
        return err(domainError('invalid_state', `${RECORD_VALIDITY_NAMES[state.validity]}的信息不能宣布失效`, { validity: state.validity }));
      }
      const on = t.on ?? today;
      if (state.publishedOn && on < state.publishedOn) {
        return err(validationError([{ field: 'on', message: '失效日期不能早于发布日期' }]));
      }
      return ok({ ...base, validity: 'expired', expiredOn: on, federate: true });
    }
    case 'repeal': {
      if (state.validity === 'repealed') return err(domainError('invalid_state', '已废止的信息不能再次废止', { validity: state.validity }));
      const on = t.on ?? today;
      if (state.publishedOn && on < state.publishedOn) {
        return err(validationError([{ field: 'on', message: '废止日期不能早于发布日期' }]));
      }
      return ok({ ...base, validity: 'repealed', repealedOn: on, federate: true });
    }
    case 'withdraw':
      return ok({ ...base, status: 'withdrawn', federate: true });
  }
}

/** The actions a record's state allows (for consoles to offer). */
export const recordActionsFrom = (status: RecordStatus): RecordAction[] =>
  RECORD_ACTIONS.filter((a) => FROM[a].includes(status));

