import { z } from 'zod';
import agriculturalSubsidies from '../data/standards/agricultural-subsidies.json' with { type: 'json' };
import affordableHousing from '../data/standards/affordable-housing.json' with { type: 'json' };
import budgetsFinalAccounts from '../data/standards/budgets-final-accounts.json' with { type: 'json' };
import compulsoryEducation from '../data/standards/compulsory-education.json' with { type: 'json' };
import disasterRelief from '../data/standards/disaster-relief.json' with { type: 'json' };
import elderlyCare from '../data/standards/elderly-care.json' with { type: 'json' };
import employmentEntrepreneurship from '../data/standards/employment-entrepreneurship.json' with { type: 'json' };
import environmentalProtection from '../data/standards/environmental-protection.json' with { type: 'json' };
import foodDrugRegulation from '../data/standards/food-drug-regulation.json' with { type: 'json' };
import healthCare from '../data/standards/health-care.json' with { type: 'json' };
import householdRegistration from '../data/standards/household-registration.json' with { type: 'json' };
import housingExpropriation from '../data/standards/housing-expropriation.json' with { type: 'json' };
import landExpropriationCompensation from '../data/standards/land-expropriation-compensation.json' with { type: 'json' };
import majorProjects from '../data/standards/major-projects.json' with { type: 'json' };
import municipalServices from '../data/standards/municipal-services.json' with { type: 'json' };
import povertyAlleviation from '../data/standards/poverty-alleviation.json' with { type: 'json' };
import publicCulturalServices from '../data/standards/public-cultural-services.json' with { type: 'json' };
import publicLegalServices from '../data/standards/public-legal-services.json' with { type: 'json' };
import publicResourceTrading from '../data/standards/public-resource-trading.json' with { type: 'json' };
import ruralDilapidatedHousing from '../data/standards/rural-dilapidated-housing.json' with { type: 'json' };
import socialAssistance from '../data/standards/social-assistance.json' with { type: 'json' };
import socialInsurance from '../data/standards/social-insurance.json' with { type: 'json' };
import spatialPlanning from '../data/standards/spatial-planning.json' with { type: 'json' };
import taxAdministration from '../data/standards/tax-administration.json' with { type: 'json' };
import urbanLawEnforcement from '../data/standards/urban-law-enforcement.json' with { type: 'json' };
import workSafety from '../data/standards/work-safety.json' with { type: 'json' };
import { CATALOG_ELEMENT_NAMES, catalogItemInputSchema } from './catalog.js';
import { DOMAINS, DOMAIN_CODES, type DomainCode } from './domains.js';

/**
 * Standard guidelines (标准指引): for each of the 26 pilot domains the province publishes a list of
 * standard items (标准事项, 一级事项 → 二级事项), each with the 8 elements a county catalog item
 * carries and the levels (县级/乡级) it applies to. Counties adopt, adapt or decline them when they
 * build their catalogs; every published version reaches every county, which is shown the diff.
 */

const el = catalogItemInputSchema.shape;

/**
 * `<domainCode>.<nn>`: the domain's code, a dot and a zero-padded sequence number (the same shape as
 * catalog.ts `STANDARD_ITEM_ID`, with the two parts captured).
 */
export const STANDARD_ITEM_ID_PATTERN = /^([a-z]+(?:-[a-z]+)*)\.(\d{2,4})$/;

const text = (label: string, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${label}不能为空` : `${label}必须是文本`) })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过${max}个字` });

/**
 * One standard item. The element rules (lengths, channel, method and audience enumerations and
 * their messages) are the catalog item's own, so whatever passes here can be adopted as is.
 */
export const standardItemSchema = z
  .object({
    id: z
      .string({ error: '标准事项编号必须是文本' })
      .regex(STANDARD_ITEM_ID_PATTERN, { error: '标准事项编号应为“领域代码.序号”，如 social-assistance.03' }),
    domain: el.domain,
    category: text('一级事项', 200),
    name: text('二级事项', 200),
    content: el.content,
    legalBasis: el.legalBasis,
    timeLimit: el.timeLimit,
    responsibleBody: el.responsibleBody,
    method: el.method,
    channels: el.channels,
    audience: el.audience,
    audienceNote: el.audienceNote,
    levels: z
      .array(el.level, { error: '公开层级必须是列表' })
      .min(1, { error: '至少标明一个公开层级' })
      .refine((ls) => new Set(ls).size === ls.length, { error: '公开层级有重复' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    const prefix = STANDARD_ITEM_ID_PATTERN.exec(v.id)?.[1];
    if (prefix !== undefined && prefix !== v.domain) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `标准事项编号应以所属领域代码 ${v.domain} 开头` });
    }
    if (v.audience === 'specific' && !v.audienceNote) {
      ctx.addIssue({ code: 'custom', path: ['audienceNote'], message: '公开对象为特定群体时须注明群体' });
    }
  });

export type StandardItem = z.output<typeof standardItemSchema>;

/** The element columns of a standard item, in the order of the standard catalog table. */
export const STANDARD_ITEM_FIELDS = [
  'domain',
  'category',
  'name',
  'content',
  'legalBasis',
  'timeLimit',
  'responsibleBody',
  'channels',
  'audience',
  'audienceNote',
  'method',
  'levels',
] as const satisfies readonly (keyof StandardItem)[];

export const STANDARD_ITEM_FIELD_NAMES: Record<keyof StandardItem, string> = {
  id: '标准事项编号',
  domain: CATALOG_ELEMENT_NAMES.domain,
  category: '一级事项',
  name: '二级事项',
  content: '公开内容（要素）',
  legalBasis: '公开依据',
  timeLimit: '公开时限',
  responsibleBody: '公开主体',
  method: CATALOG_ELEMENT_NAMES.method,
  channels: CATALOG_ELEMENT_NAMES.channels,
  audience: CATALOG_ELEMENT_NAMES.audience,
  audienceNote: CATALOG_ELEMENT_NAMES.audienceNote,
  levels: CATALOG_ELEMENT_NAMES.level,
};

/** One domain's guideline as the province publishes it: version 1, 2, … */
export const standardGuidelineSchema = z
  .object({
    domain: z.enum(DOMAIN_CODES, { error: '所属领域不是26个试点领域之一' }),
    version: z.number().int().positive(),
    publishedAt: z.iso.datetime({ offset: true }).nullable(),
    items: z.array(standardItemSchema),
  })
  .strict()
  .superRefine((g, ctx) => {
    const seen = new Set<string>();
    g.items.forEach((item, i) => {
      if (item.domain !== g.domain) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'domain'], message: '标准事项不属于本指引的领域' });
      }
      if (seen.has(item.id)) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `标准事项编号 ${item.id} 重复` });
      }
      seen.add(item.id);
    });
  });

export interface StandardGuideline {
  domain: DomainCode;
  version: number;
  /** ISO 8601 time the province published this version; null while it is a draft. */
  publishedAt: string | null;
  items: StandardItem[];
}

export interface StandardItemChange {
  id: string;
  before: StandardItem;
  after: StandardItem;
  /** the elements that differ, in table order */
  fields: (keyof StandardItem)[];
}

export interface GuidelineDiff {
  added: StandardItem[];
  removed: StandardItem[];
  changed: StandardItemChange[];
}

const UNORDERED = new Set<keyof StandardItem>(['channels', 'levels']);

function sameValue(field: keyof StandardItem, a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (UNORDERED.has(field)) {
      const set = new Set<unknown>(a);
      return b.every((x) => set.has(x));
    }
    return a.every((x, i) => x === b[i]);
  }
  return a === b;
}

/** Either a list of standard items or anything carrying one (a `StandardGuideline`). */
export type StandardItemsLike = readonly StandardItem[] | { readonly items: readonly StandardItem[] };

const itemsOf = (x: StandardItemsLike): readonly StandardItem[] => ('items' in x ? x.items : x);

/**
 * What a county is shown when a new guideline version arrives: items matched by id, `added` in
 * the new version's order, `removed` in the old one's, `changed` with the differing elements.
 * Takes the two item lists, or the two guidelines. Channels and levels are compared as sets (their
 * order carries no meaning). Ids are expected to be unique within each list, as
 * `standardGuidelineSchema` requires; a repeated id counts once (its first occurrence).
 */
export function diffGuidelines(prev: StandardItemsLike, next: StandardItemsLike): GuidelineDiff {
  const before = new Map<string, StandardItem>();
  for (const item of itemsOf(prev)) if (!before.has(item.id)) before.set(item.id, item);
  const after = new Map<string, StandardItem>();
  for (const item of itemsOf(next)) if (!after.has(item.id)) after.set(item.id, item);

  const added: StandardItem[] = [];
  const changed: StandardItemChange[] = [];
  for (const item of after.values()) {
    const old = before.get(item.id);
    if (!old) {
      added.push(item);
      continue;
    }
    const fields = STANDARD_ITEM_FIELDS.filter((f) => !sameValue(f, old[f], item[f]));
    if (fields.length > 0) changed.push({ id: item.id, before: old, after: item, fields });
  }
  const removed = [...before.values()].filter((item) => !after.has(item.id));
  return { added, removed, changed };
}

/**
 * The id for a new item of `domain`: one past the highest sequence number among `existing`. Pass
 * every item the domain has ever had (retired ones too), so that an id is never reused.
 */
export function nextStandardItemId(domain: DomainCode, existing: readonly Pick<StandardItem, 'id'>[]): string {
  let max = 0;
  for (const { id } of existing) {
    const m = STANDARD_ITEM_ID_PATTERN.exec(id);
    if (m && m[1] === domain) max = Math.max(max, Number(m[2]));
  }
  return `${domain}.${String(max + 1).padStart(2, '0')}`;
}

const STARTING_ROWS: Record<DomainCode, unknown> = {
  'spatial-planning': spatialPlanning,
  'major-projects': majorProjects,
  'public-resource-trading': publicResourceTrading,
  'budgets-final-accounts': budgetsFinalAccounts,
  'work-safety': workSafety,
  'tax-administration': taxAdministration,
  'land-expropriation-compensation': landExpropriationCompensation,
  'housing-expropriation': housingExpropriation,
  'affordable-housing': affordableHousing,
  'rural-dilapidated-housing': ruralDilapidatedHousing,
  'environmental-protection': environmentalProtection,
  'public-cultural-services': publicCulturalServices,
  'public-legal-services': publicLegalServices,
  'poverty-alleviation': povertyAlleviation,
  'disaster-relief': disasterRelief,
  'food-drug-regulation': foodDrugRegulation,
  'urban-law-enforcement': urbanLawEnforcement,
  'employment-entrepreneurship': employmentEntrepreneurship,
  'social-insurance': socialInsurance,
  'social-assistance': socialAssistance,
  'elderly-care': elderlyCare,
  'household-registration': householdRegistration,
  'agricultural-subsidies': agriculturalSubsidies,
  'compulsory-education': compulsoryEducation,
  'health-care': healthCare,
  'municipal-services': municipalServices,
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function loadStarting(domain: DomainCode): StandardGuideline {
  const parsed = standardGuidelineSchema.safeParse({ domain, version: 1, publishedAt: null, items: STARTING_ROWS[domain] });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`data/standards/${domain}.json: ${first?.path.join('.')} ${first?.message}`);
  }
  return deepFreeze(parsed.data);
}

/**
 * The provincial starting set of standard guidelines: version 1 (not yet published) of every
 * domain, in the seed's domain order, written from the State Council departments' 26 domain
 * guidelines (data/SOURCES.md). The hub loads it on first start and publishes it.
 */
export const STARTING_GUIDELINES: readonly StandardGuideline[] = Object.freeze(DOMAINS.map((d) => loadStarting(d.code)));

/** Every item of the starting set, domain after domain (the seed's order), each domain by id. */
export const STARTING_STANDARDS: readonly StandardItem[] = Object.freeze(STARTING_GUIDELINES.flatMap((g) => g.items));

const startingByDomain = new Map<string, StandardGuideline>(STARTING_GUIDELINES.map((g) => [g.domain, g]));

/** The starting guideline of one domain. */
export function startingGuideline(domain: DomainCode): StandardGuideline {
  const g = startingByDomain.get(domain);
  if (!g) throw new Error(`no starting guideline for ${domain}`);
  return g;
}
