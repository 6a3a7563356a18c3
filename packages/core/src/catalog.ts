import { z } from 'zod';
import type { TimeLimitRule } from './catalog-sheet/time-limit.js';
import { DOMAIN_CODES } from './domains.js';
import { countyByCode6, townshipsOf } from './regions/index.js';
import { type DomainError, type FieldIssue, type Result, domainError, err, ok } from './result.js';
import { timeLimitRuleSchema } from './time-limit-rule.js';

/** 公开层级. Village (村级) disclosure is handled as village affairs, not catalog items. */
export const CATALOG_LEVELS = ['county', 'township'] as const;
export type CatalogLevel = (typeof CATALOG_LEVELS)[number];
export const CATALOG_LEVEL_NAMES: Record<CatalogLevel, string> = { county: '县级', township: '乡级' };

/** 公开方式. Withheld matters belong to the negative list, not to the catalog. */
export const DISCLOSURE_METHODS = ['proactive', 'onRequest'] as const;
export type DisclosureMethod = (typeof DISCLOSURE_METHODS)[number];
export const DISCLOSURE_METHOD_NAMES: Record<DisclosureMethod, string> = {
  proactive: '主动公开',
  onRequest: '依申请公开',
};

/** 公开对象: 全社会, or 特定群体 (with a note naming the group). */
export const AUDIENCES = ['public', 'specific'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_NAMES: Record<Audience, string> = { public: '全社会', specific: '特定群体' };

/** 公开渠道和载体, as real county catalogs list them. */
export const CHANNELS = [
  { code: 'website', name: '政府网站' },
  { code: 'gazette', name: '政府公报' },
  { code: 'new-media', name: '两微一端' },
  { code: 'press-conference', name: '发布会/听证会' },
  { code: 'radio-tv', name: '广播电视' },
  { code: 'print-media', name: '纸质媒体' },
  { code: 'reading-point', name: '公开查阅点' },
  { code: 'service-center', name: '政务服务中心' },
  { code: 'service-station', name: '便民服务站' },
  { code: 'on-site', name: '入户/现场' },
  { code: 'bulletin-board', name: '社区/企事业单位/村公示栏' },
  { code: 'targeted-push', name: '精准推送' },
  { code: 'hotline-12345', name: '12345热线' },
  { code: 'other', name: '其他' },
] as const;
export type ChannelCode = (typeof CHANNELS)[number]['code'];
export const CHANNEL_CODES = CHANNELS.map((c) => c.code) as unknown as readonly [ChannelCode, ...ChannelCode[]];

/** Review state of a catalog item; the workflow that moves it lives with the catalog review. */
export const CATALOG_STATUSES = ['draft', 'submitted', 'returned', 'published'] as const;
export type CatalogStatus = (typeof CATALOG_STATUSES)[number];
export const CATALOG_STATUS_NAMES: Record<CatalogStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  published: '已发布',
};

/** `<domain>.<nn>`, the id of a standard item of a domain guideline. */
export const STANDARD_ITEM_ID = /^[a-z]+(?:-[a-z]+)*\.\d{2,}$/;

/**
 * How a catalog item relates to the standard: copied unchanged (adopted), copied then localised
 * (adapted), or the county's own (local). Derived by the county when the item is written.
 */
export const ADOPTIONS = ['adopted', 'adapted', 'local'] as const;
export type Adoption = (typeof ADOPTIONS)[number];
export const ADOPTION_NAMES: Record<Adoption, string> = { adopted: '采用标准', adapted: '调整采用', local: '自行增加' };

const isoDate = (label: string) =>
  z
    .string({ error: `${label}必须是日期文本` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 YYYY-MM-DD` })
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
      error: `${label}不是有效日期`,
    });

const text = (label: string, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${label}不能为空` : `${label}必须是文本`) })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过${max}个字` });

/**
 * The 8 required elements of the seed (名称 内容 依据 时限 主体 方式 渠道 公开对象) plus where the
 * item sits: domain, level and, for township items, the township.
 */
export const catalogItemInputSchema = z
  .object({
    domain: z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' }),
    level: z.enum(CATALOG_LEVELS, { error: '公开层级必须是县级或乡级' }),
    townshipCode: z
      .string({ error: '乡镇代码必须是文本' })
      .regex(/^\d{12}$/, { error: '乡镇代码必须是12位统计用区划代码' })
      .nullish()
      .transform((v) => v ?? null),
    name: text('事项名称', 200),
    content: text('公开内容', 4000),
    legalBasis: text('公开依据', 4000),
    timeLimit: text('公开时限', 200),
    responsibleBody: text('公开主体', 200),
    method: z.enum(DISCLOSURE_METHODS, { error: '公开方式必须是主动公开或依申请公开' }),
    channels: z
      .array(z.enum(CHANNEL_CODES, { error: '公开渠道不在渠道列表中' }), { error: '公开渠道必须是列表' })
      .min(1, { error: '至少选择一个公开渠道' })
      .refine((cs) => new Set(cs).size === cs.length, { error: '公开渠道有重复' }),
    audience: z.enum(AUDIENCES, { error: '公开对象必须是全社会或特定群体' }),
    audienceNote: z.string().trim().max(200).nullish().transform((v) => v || null),
    /** 一级事项; the standard item's category when adopted */
    category: z
      .string({ error: '一级事项必须是文本' })
      .trim()
      .max(200, { error: '一级事项不能超过200个字' })
      .nullish()
      .transform((v) => v || null),
    /** the standard item (`<domain>.<nn>`) this item implements; null for a local item */
    standardItemId: z
      .string({ error: '标准事项编号必须是文本' })
      .regex(STANDARD_ITEM_ID, { error: '标准事项编号格式应为 <领域>.<序号>' })
      .nullish()
      .transform((v) => v ?? null),
    /** 下次复核日期 (YYYY-MM-DD); set to one year after publication when left empty */
    nextReviewOn: isoDate('下次复核日期').nullish().transform((v) => v ?? null),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.level === 'township' && !v.townshipCode) {
      ctx.addIssue({ code: 'custom', path: ['townshipCode'], message: '乡级事项必须指明乡镇（街道）' });
    }
    if (v.level === 'county' && v.townshipCode) {
      ctx.addIssue({ code: 'custom', path: ['townshipCode'], message: '县级事项不应指定乡镇' });
    }
    if (v.audience === 'specific' && !v.audienceNote) {
      ctx.addIssue({ code: 'custom', path: ['audienceNote'], message: '公开对象为特定群体时须注明群体' });
    }
    if (v.standardItemId && !v.standardItemId.startsWith(`${v.domain}.`)) {
      ctx.addIssue({ code: 'custom', path: ['standardItemId'], message: '标准事项不属于所选领域' });
    }
  });

type ParsedCatalogItemInput = z.output<typeof catalogItemInputSchema>;
/** Added after the first release: optional in the type so that code building items by hand keeps working. */
type LaterCatalogFields = 'category' | 'standardItemId' | 'nextReviewOn';
export type CatalogItemInput = Omit<ParsedCatalogItemInput, LaterCatalogFields> &
  Partial<Pick<ParsedCatalogItemInput, LaterCatalogFields>>;
/** PATCH: any subset of the elements; the merged item is validated as a whole. */
export const catalogItemPatchSchema = z.record(z.string(), z.unknown());

/** A catalog item as stored and federated. `version` grows by one on every change. */
export interface CatalogItem extends CatalogItemInput {
  id: string;
  countyCode: string;
  status: CatalogStatus;
  /** absent on items written before adoption was tracked: read as local */
  adoption?: Adoption;
  /** the structured reading of `timeLimit` where the phrase allows one (`parseTimeLimit`); null otherwise */
  timeLimitRule?: TimeLimitRule | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const fieldOf = (path: readonly PropertyKey[]): string => path.map(String).join('.') || '(root)';

/** One issue per offending field; an unknown key is reported on that key, not on the object. */
export const zodIssuesToFields = (issues: readonly z.core.$ZodIssue[]): FieldIssue[] =>
  issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: fieldOf([...i.path, k]), message: `不允许的字段 ${k}` }))
      : [{ field: fieldOf(i.path), message: i.message }],
  );

export const validationError = (issues: FieldIssue[], message = '提交的内容有误'): DomainError =>
  domainError('validation_failed', message, { fields: issues });

/** The county a catalog belongs to and the townships its township-level items may name. */
export interface CatalogScope {
  code: string;
  townshipCodes: ReadonlySet<string>;
}

/** The scope of a county-level division from the region registry; undefined if the code is not one. */
export function catalogScope(countyCode6: string): CatalogScope | undefined {
  const county = countyByCode6(countyCode6);
  if (!county) return undefined;
  return { code: countyCode6, townshipCodes: new Set(townshipsOf(countyCode6).map((t) => t.code)) };
}

/**
 * Validates a catalog item for a county. `county.townshipCodes` (see `catalogScope`) says which
 * townships belong to the county, so a township item cannot name another county's township.
 */
export function validateCatalogItem(input: unknown, county: CatalogScope): Result<CatalogItemInput> {
  const parsed = catalogItemInputSchema.safeParse(input);
  if (!parsed.success) return err(validationError(zodIssuesToFields(parsed.error.issues)));
  const item = parsed.data;
  if (item.townshipCode && !county.townshipCodes.has(item.townshipCode)) {
    return err(
      validationError([{ field: 'townshipCode', message: `乡镇 ${item.townshipCode} 不属于本县（${county.code}）` }]),
    );
  }
  return ok(item);
}

const INPUT_KEYS = Object.keys(catalogItemInputSchema.shape) as (keyof CatalogItemInput)[];

/**
 * Applies a patch to an existing item and validates the result as a whole. `current` may be a
 * stored `CatalogItem`: only its input elements are carried over, while a patch naming anything
 * else (id, status, version, …) is rejected.
 */
export function patchCatalogItem(
  current: CatalogItemInput,
  patch: Record<string, unknown>,
  county: CatalogScope,
): Result<CatalogItemInput> {
  const merged: Record<string, unknown> = {};
  for (const k of INPUT_KEYS) merged[k] = current[k];
  for (const [k, v] of Object.entries(patch)) merged[k] = v;
  return validateCatalogItem(merged, county);
}

export const CATALOG_ELEMENT_NAMES: Record<keyof CatalogItemInput, string> = {
  domain: '所属领域',
  level: '公开层级',
  townshipCode: '乡镇（街道）',
  name: '事项名称',
  content: '公开内容',
  legalBasis: '公开依据',
  timeLimit: '公开时限',
  responsibleBody: '公开主体',
  method: '公开方式',
  channels: '公开渠道和载体',
  audience: '公开对象',
  audienceNote: '公开对象说明',
  category: '一级事项',
  standardItemId: '标准事项',
  nextReviewOn: '下次复核日期',
};

/** Body of a `catalog.item` federation event: the whole item after the change, or its deletion. */
export const catalogItemSchema = z.object({
  id: z.string().min(1),
  countyCode: z.string().regex(/^\d{6}$/),
  status: z.enum(CATALOG_STATUSES),
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
  domain: z.enum(DOMAIN_CODES),
  level: z.enum(CATALOG_LEVELS),
  townshipCode: z.string().nullable(),
  name: z.string(),
  content: z.string(),
  legalBasis: z.string(),
  timeLimit: z.string(),
  responsibleBody: z.string(),
  method: z.enum(DISCLOSURE_METHODS),
  channels: z.array(z.enum(CHANNEL_CODES)),
  audience: z.enum(AUDIENCES),
  audienceNote: z.string().nullable(),
  // Added within catalog.item/1: optional with defaults, so bodies written before them stay valid.
  category: z.string().nullable().default(null),
  standardItemId: z.string().nullable().default(null),
  adoption: z.enum(ADOPTIONS).default('local'),
  nextReviewOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .default(null),
  // a rule this version does not understand (a newer kind) is read as none rather than refusing the item
  timeLimitRule: timeLimitRuleSchema.nullable().default(null).catch(null),
});

export const catalogItemEventBodySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), item: catalogItemSchema }),
  z.object({
    op: z.literal('delete'),
    id: z.string().min(1),
    countyCode: z.string().regex(/^\d{6}$/),
    version: z.number().int().positive(),
    deletedAt: z.string(),
  }),
]);
export type CatalogItemEventBody = z.infer<typeof catalogItemEventBodySchema>;
