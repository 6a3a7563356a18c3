import { z } from 'zod';
import { isIsoDate } from '../calendar/dates.js';
import { validationError, zodIssuesToFields } from '../catalog.js';
import { DOMAIN_CODES, type DomainCode } from '../domains.js';
import { type Result, err, ok } from '../result.js';

/**
 * Information records (政府信息, `InfoRecord`): a document a county publishes, withholds or keeps
 * for disclosure on request. The drafter proposes the disclosure attribute; the confidentiality
 * review (保密审查) confirms or changes it before release.
 */

/** 公开属性: 主动公开 / 依申请公开 / 不予公开. */
export const RECORD_ATTRIBUTES = ['proactive', 'onRequest', 'withheld'] as const;
export type RecordAttribute = (typeof RECORD_ATTRIBUTES)[number];
export const RECORD_ATTRIBUTE_NAMES: Record<RecordAttribute, string> = {
  proactive: '主动公开',
  onRequest: '依申请公开',
  withheld: '不予公开',
};
/** What may leave the county: a withheld record never does. */
export const PUBLIC_ATTRIBUTES = ['proactive', 'onRequest'] as const;
export type PublicAttribute = (typeof PUBLIC_ATTRIBUTES)[number];

/** The label a released record carries (公开属性标注). */
export const RECORD_LABELS: Record<PublicAttribute, string> = {
  proactive: '此件公开发布',
  onRequest: '此件依申请公开',
};

/** 有效性: 有效 / 失效 / 废止. */
export const RECORD_VALIDITIES = ['valid', 'expired', 'repealed'] as const;
export type RecordValidity = (typeof RECORD_VALIDITIES)[number];
export const RECORD_VALIDITY_NAMES: Record<RecordValidity, string> = { valid: '有效', expired: '失效', repealed: '废止' };

/**
 * Release state. `approved` has passed the confidentiality review and waits for publication;
 * `withheld` was kept back at review; `withdrawn` was published and then taken down.
 */
export const RECORD_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'published', 'withheld', 'withdrawn'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const RECORD_STATUS_NAMES: Record<RecordStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  approved: '审核通过待发布',
  published: '已发布',
  withheld: '不予公开',
  withdrawn: '已撤回',
};

const isoDate = (label: string) =>
  z.string({ error: `${label}必须是日期文本` }).refine(isIsoDate, { error: `${label}格式应为 YYYY-MM-DD 的有效日期` });

const text = (label: string, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${label}不能为空` : `${label}必须是文本`) })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过${max}个字` });

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label}必须是文本` })
    .trim()
    .max(max, { error: `${label}不能超过${max}个字` })
    .nullish()
    .transform((v) => v || null);

/** 信息类别: a document, or the interpretation (政策解读) of one. */
export const RECORD_KINDS = ['document', 'interpretation'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
/** 解读形式: 文字解读 / 问答 / 图解 (text plus an image attachment). */
export const INTERPRETATION_FORMS = ['text', 'qa', 'chart'] as const;
export type InterpretationForm = (typeof INTERPRETATION_FORMS)[number];
export const INTERPRETATION_FORM_NAMES: Record<InterpretationForm, string> = { text: '文字解读', qa: '问答解读', chart: '图解' };

/**
 * 文件类别: a 规章 or a 行政规范性文件 is counted in section 二 of the annual report (制发, 废止,
 * 现行有效); the drafter says which, since a title does not tell it reliably. Left empty, a record
 * is counted in neither.
 */
export const RECORD_DOC_CATEGORIES = ['rule', 'normativeDocument', 'other'] as const;
export type RecordDocCategory = (typeof RECORD_DOC_CATEGORIES)[number];
export const RECORD_DOC_CATEGORY_NAMES: Record<RecordDocCategory, string> = {
  rule: '规章',
  normativeDocument: '行政规范性文件',
  other: '其他文件',
};

/** Largest body accepted, in characters of (sanitised) HTML. */
export const MAX_RECORD_BODY = 200_000;

/** What a drafter writes. `body` is HTML that the county node sanitises before storing. */
export const infoRecordInputSchema = z
  .object({
    title: text('标题', 300),
    body: z
      .string({ error: '正文必须是文本' })
      .max(MAX_RECORD_BODY, { error: `正文不能超过${MAX_RECORD_BODY}个字符` })
      .default(''),
    issuingBody: text('发布机构', 200),
    docNo: optionalText('文号', 100),
    writtenOn: isoDate('成文日期'),
    domain: z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' }),
    catalogItemId: z
      .string({ error: '事项编号必须是文本' })
      .trim()
      .max(200)
      .nullish()
      .transform((v) => v || null),
    townshipCode: z
      .string({ error: '乡镇代码必须是文本' })
      .regex(/^\d{12}$/, { error: '乡镇代码必须是12位统计用区划代码' })
      .nullish()
      .transform((v) => v ?? null),
    /** the attribute the drafter proposes (拟公开属性) */
    attribute: z.enum(RECORD_ATTRIBUTES, { error: '公开属性必须是 proactive、onRequest 或 withheld' }),
    /** the legal ground for withholding (不予公开的依据), required when withheld */
    withheldGround: optionalText('不予公开依据', 1000),
    targetGroups: z
      .array(text('公开对象', 100), { error: '公开对象必须是列表' })
      .max(20, { error: '公开对象不能超过20个' })
      .default([])
      .refine((v) => new Set(v).size === v.length, { error: '公开对象有重复' }),
    /** 生效日期; defaults to the publication date */
    validFrom: isoDate('生效日期').nullish().transform((v) => v ?? null),
    /** 有效期至: after this date the record is due for clean-up */
    validUntil: isoDate('有效期至').nullish().transform((v) => v ?? null),
    /** a policy document (`document`) or its interpretation (政策解读, `interpretation`) */
    kind: z.enum(RECORD_KINDS, { error: '信息类别必须是 document 或 interpretation' }).default('document'),
    /** the policy document an interpretation interprets (谁起草谁解读: same county) */
    interpretsRecordId: z
      .string({ error: '被解读文件编号必须是文本' })
      .trim()
      .max(200)
      .nullish()
      .transform((v) => v || null),
    /** 解读形式: text, Q&A, or chart (text plus an image attachment) */
    interpretationForm: z.enum(INTERPRETATION_FORMS, { error: '解读形式必须是 text、qa 或 chart' }).nullish().transform((v) => v ?? null),
    /** the policy document must be interpreted (published with it, at the latest 3 working days after) */
    needsInterpretation: z.boolean({ error: '是否需要解读必须是 true 或 false' }).default(false),
    /** 文件类别 (规章 / 行政规范性文件 / 其他文件), for the annual report's section 二 */
    docCategory: z
      .enum(RECORD_DOC_CATEGORIES, { error: '文件类别必须是 rule、normativeDocument 或 other' })
      .nullish()
      .transform((v) => v ?? null),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'interpretation') {
      if (!v.interpretsRecordId) ctx.addIssue({ code: 'custom', path: ['interpretsRecordId'], message: '政策解读须关联被解读的政策文件' });
      if (!v.interpretationForm) ctx.addIssue({ code: 'custom', path: ['interpretationForm'], message: '请选择解读形式（文字、问答或图解）' });
      if (v.needsInterpretation) ctx.addIssue({ code: 'custom', path: ['needsInterpretation'], message: '政策解读本身不需要再解读' });
      if (v.docCategory === 'rule' || v.docCategory === 'normativeDocument') {
        ctx.addIssue({ code: 'custom', path: ['docCategory'], message: '政策解读不是规章或行政规范性文件' });
      }
    } else {
      if (v.interpretsRecordId) ctx.addIssue({ code: 'custom', path: ['interpretsRecordId'], message: '只有政策解读才关联被解读文件' });
      if (v.interpretationForm) ctx.addIssue({ code: 'custom', path: ['interpretationForm'], message: '只有政策解读才有解读形式' });
    }
    if (v.validUntil && v.validFrom && v.validUntil < v.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: '有效期至不能早于生效日期' });
    }
    if (v.attribute === 'withheld' && !v.withheldGround) {
      ctx.addIssue({ code: 'custom', path: ['withheldGround'], message: '不予公开须注明法定依据' });
    }
    if (v.attribute !== 'withheld' && v.withheldGround) {
      ctx.addIssue({ code: 'custom', path: ['withheldGround'], message: '只有不予公开的信息才填写不予公开依据' });
    }
  });

export type InfoRecordInput = z.output<typeof infoRecordInputSchema>;
export const RECORD_INPUT_KEYS = Object.keys(infoRecordInputSchema.shape) as (keyof InfoRecordInput)[];

export interface RecordScope {
  countyCode: string;
  townshipCodes: ReadonlySet<string>;
}

/** Validates a drafter's input for a county (a township code must be one of its townships). */
export function validateRecordInput(input: unknown, scope: RecordScope): Result<InfoRecordInput> {
  const parsed = infoRecordInputSchema.safeParse(input);
  if (!parsed.success) return err(validationError(zodIssuesToFields(parsed.error.issues)));
  const v = parsed.data;
  if (v.townshipCode && !scope.townshipCodes.has(v.townshipCode)) {
    return err(validationError([{ field: 'townshipCode', message: `乡镇 ${v.townshipCode} 不属于本县（${scope.countyCode}）` }]));
  }
  return ok(v);
}

/** Merges a patch into the current elements and validates the whole; unknown keys are refused. */
export function patchRecordInput(current: InfoRecordInput, patch: Record<string, unknown>, scope: RecordScope): Result<InfoRecordInput> {
  const merged: Record<string, unknown> = {};
  for (const k of RECORD_INPUT_KEYS) merged[k] = current[k];
  for (const [k, v] of Object.entries(patch)) merged[k] = v;
  return validateRecordInput(merged, scope);
}

/** An information record as the county stores it and its API returns it. */
export interface InfoRecord extends InfoRecordInput {
  id: string;
  countyCode: string;
  status: RecordStatus;
  /** the attribute the drafter proposed, kept when the reviewer changes `attribute` */
  proposedAttribute: RecordAttribute;
  validity: RecordValidity;
  expiredOn: string | null;
  repealedOn: string | null;
  publishedOn: string | null;
  indexNo: string | null;
  label: string | null;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  withdrawnAt: string | null;
}

export type RecordDomain = DomainCode;
