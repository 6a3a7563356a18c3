import type { Audience, CatalogLevel, DisclosureMethod } from '../catalog.js';
import { DOMAINS, type DomainCode, domainByCode } from '../domains.js';
import { collapse, despace, dropParenthesised, fold, splitTicks } from './text.js';

/** The ticked parts of a tick-box cell, or the whole cell when it has no boxes. */
function chosen(cell: string): string[] {
  const ticks = splitTicks(cell);
  return ticks ? ticks.filter((t) => t.ticked).map((t) => t.text) : [cell];
}

export interface ParsedAudience {
  audience: Audience | null;
  /** for 特定群体: the group, e.g. 「低保对象」 */
  note: string | null;
}

const PUBLIC = /全社会|社会公众|^公众$|^全体$|全体(居民|群众|公民|村民)|所有人|不特定/;
const SPECIFIC = /特定群体|特定对象|特定人群|特定人员/;
/** Words that say a cell names a group of people when 「特定群体」 is not written. */
const GROUPish = /人|户|对象|群体|家庭|单位|企业|者|员|生|村民|居民|职工|会员/;

/**
 * 公开对象: 「全社会」, 「特定群体（低保对象）」, 「特定群体：申请人」, ticked boxes, or just the group
 * (「申请人」, 「项目相关企业」), read as 特定群体 with that note. Both ticked reads as 全社会, which
 * includes every group.
 */
export function parseAudience(cell: string | null | undefined): ParsedAudience {
  const parts = chosen(collapse(fold(cell ?? ''))).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return { audience: null, note: null };
  if (parts.some((p) => PUBLIC.test(despace(p)))) return { audience: 'public', note: null };
  const specific = parts.find((p) => SPECIFIC.test(p));
  if (specific) {
    const note = noteOf(specific.replace(SPECIFIC, ''));
    return { audience: 'specific', note };
  }
  const text = parts.join('、');
  if (GROUPish.test(text)) return { audience: 'specific', note: noteOf(text) };
  return { audience: null, note: null };
}

/** 「（低保对象）」「:申请人」「—申请人」 → 「低保对象」「申请人」. */
const noteOf = (s: string): string | null => {
  const t = collapse(s)
    .replace(/^[\s(（:：\-—、,，]+|[\s)）。,，;；]+$/g, '')
    .replace(/^[(（]|[)）]$/g, '')
    .trim();
  return t === '' ? null : t;
};

/**
 * 公开方式: 「主动」「主动公开」「依申请」「依申请公开」, ticked or written; every method named, in
 * order (the caller decides what two mean).
 */
export function parseMethod(cell: string | null | undefined): DisclosureMethod[] {
  const out: DisclosureMethod[] = [];
  for (const part of chosen(despace(fold(cell ?? '')))) {
    const s = part.replace(/\s+/g, '');
    const onRequest = /依申请|申请公开/.test(s);
    const proactive = /主动/.test(s);
    const found: [number, DisclosureMethod][] = [];
    if (proactive) found.push([s.indexOf('主动'), 'proactive']);
    if (onRequest) found.push([s.search(/依申请|申请公开/), 'onRequest']);
    for (const [, m] of found.sort((a, b) => a[0] - b[0])) if (!out.includes(m)) out.push(m);
  }
  return out;
}

export interface ParsedLevels {
  /** county before township when both are named */
  levels: CatalogLevel[];
  /** 村级 (or 社区、嘎查级) was named too: village affairs are not catalog items */
  village: boolean;
  /** parts that name no level we know, e.g. 「州级」「市级」 */
  unknown: string[];
}

const VILLAGE = /村|社区|嘎查|居委/;
const COUNTY = /县|旗|区/;
const TOWNSHIP = /乡|镇|街道|苏木/;

/**
 * 公开层级: 「县级」「乡级」「县级;乡级」「县级、乡级」「县乡两级」「县级;乡、村级」「乡镇（街道）级」, or
 * ticked boxes. 「县（市、区）级」 is the county; 村 and 社区 mark village affairs.
 */
export function parseLevels(cell: string | null | undefined): ParsedLevels {
  const levels = new Set<CatalogLevel>();
  let village = false;
  const unknown: string[] = [];
  for (const part of chosen(fold(collapse(cell ?? '')))) {
    const text = despace(dropParenthesised(part));
    for (const seg of text.split(/[;；,，、/\s]+|和|及|与/).filter(Boolean)) {
      let known = false;
      if (VILLAGE.test(seg)) {
        village = true;
        known = true;
      }
      // 「社区级」 is a village-level unit, not a 区
      const rest = seg.replace(/社区|居委/g, '');
      if (COUNTY.test(rest)) {
        levels.add('county');
        known = true;
      }
      if (TOWNSHIP.test(rest)) {
        levels.add('township');
        known = true;
      }
      if (!known) unknown.push(seg);
    }
  }
  return { levels: (['county', 'township'] as const).filter((l) => levels.has(l)), village, unknown };
}

/** Other names the domains go by in sheet names, titles and 领域 columns. */
const DOMAIN_SYNONYMS: readonly [string, DomainCode][] = [
  ['国土空间', 'spatial-planning'],
  ['重大项目', 'major-projects'],
  ['预决算', 'budgets-final-accounts'],
  ['财政预算', 'budgets-final-accounts'],
  ['税收', 'tax-administration'],
  ['房屋征收', 'housing-expropriation'],
  ['保障性安居', 'affordable-housing'],
  ['危房改造', 'rural-dilapidated-housing'],
  ['生态环境', 'environmental-protection'],
  ['公共文化', 'public-cultural-services'],
  ['公共法律', 'public-legal-services'],
  ['脱贫', 'poverty-alleviation'],
  ['乡村振兴', 'poverty-alleviation'],
  ['防灾减灾', 'disaster-relief'],
  ['食品药品', 'food-drug-regulation'],
  ['城市管理', 'urban-law-enforcement'],
  ['城管', 'urban-law-enforcement'],
  ['综合执法', 'urban-law-enforcement'],
  ['综合行政执法', 'urban-law-enforcement'],
  ['就业', 'employment-entrepreneurship'],
  ['社保', 'social-insurance'],
  ['养老保险', 'social-insurance'],
  ['医疗保险', 'social-insurance'],
  ['养老', 'elderly-care'],
  ['户籍', 'household-registration'],
  ['户政', 'household-registration'],
  ['农业补贴', 'agricultural-subsidies'],
  ['惠农补贴', 'agricultural-subsidies'],
  ['卫生健康', 'health-care'],
  ['医疗', 'health-care'],
  ['市政公用', 'municipal-services'],
  ['供水供气', 'municipal-services'],
];

const DOMAIN_WORDS: readonly [string, DomainCode][] = [
  ...DOMAINS.map((d): [string, DomainCode] => [d.name, d.code]),
  ...DOMAIN_SYNONYMS,
].sort((a, b) => b[0].length - a[0].length);

/**
 * The domain a cell, sheet name or title names: a domain code, its name, or a text containing a
 * name or a common synonym (「重大建设项目批准和实施领域」, 「XX县社会救助领域基层政务公开标准目录」).
 * When several are named, the earliest wins; null when none is.
 */
export function parseDomain(text: string | null | undefined): DomainCode | null {
  const s = despace(fold(text ?? '')).replace(/\s+/g, '');
  if (s === '') return null;
  const byCode = domainByCode(s);
  if (byCode) return byCode.code;
  let best: { at: number; len: number; code: DomainCode } | null = null;
  for (const [word, code] of DOMAIN_WORDS) {
    const at = s.indexOf(word);
    if (at >= 0 && (!best || at < best.at || (at === best.at && word.length > best.len))) {
      best = { at, len: word.length, code };
    }
  }
  return best?.code ?? null;
}
