import {
  AUDIENCE_NAMES,
  type Audience,
  CATALOG_LEVEL_NAMES,
  CHANNELS,
  type CatalogLevel,
  DISCLOSURE_METHOD_NAMES,
  type DisclosureMethod,
} from '../catalog.js';
import { DOMAINS, domainByCode } from '../domains.js';
import { regionByCode } from '../regions/index.js';
import { SHEET_COLUMN_NAMES, type SheetColumn } from './columns.js';

/**
 * The standard layout a catalog is exported in (序号 | 一级事项 | 二级事项 | 公开内容（要素） | 公开依据 |
 * 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象 | 公开方式 | 公开层级), followed by 乡镇（街道） and
 * 所属领域 so that a sheet exported here reads back into the same catalog.
 */
export const EXPORT_COLUMNS: readonly { key: SheetColumn; header: string; width: number }[] = [
  { key: 'no', header: SHEET_COLUMN_NAMES.no, width: 6 },
  { key: 'category', header: SHEET_COLUMN_NAMES.category, width: 16 },
  { key: 'name', header: SHEET_COLUMN_NAMES.name, width: 22 },
  { key: 'content', header: SHEET_COLUMN_NAMES.content, width: 42 },
  { key: 'legalBasis', header: SHEET_COLUMN_NAMES.legalBasis, width: 42 },
  { key: 'timeLimit', header: SHEET_COLUMN_NAMES.timeLimit, width: 22 },
  { key: 'responsibleBody', header: SHEET_COLUMN_NAMES.responsibleBody, width: 18 },
  { key: 'channels', header: SHEET_COLUMN_NAMES.channels, width: 26 },
  { key: 'audience', header: SHEET_COLUMN_NAMES.audience, width: 14 },
  { key: 'method', header: SHEET_COLUMN_NAMES.method, width: 11 },
  { key: 'level', header: SHEET_COLUMN_NAMES.level, width: 9 },
  { key: 'township', header: SHEET_COLUMN_NAMES.township, width: 14 },
  { key: 'domain', header: SHEET_COLUMN_NAMES.domain, width: 14 },
];

/** What an export needs of an item: the county node's and the hub's views both fit. */
export interface ExportableItem {
  domain: string;
  level: string;
  townshipCode: string | null;
  category?: string | null;
  name: string;
  content: string;
  legalBasis: string;
  timeLimit: string;
  responsibleBody: string;
  method: string;
  channels: readonly string[];
  audience: string;
  audienceNote: string | null;
}

export interface CatalogSheetLayout {
  /** 「<县名>基层政务公开标准目录」 */
  title: string;
  header: string[];
  widths: number[];
  rows: string[][];
  /**
   * Runs of equal 一级事项 within a domain, as [first, last] indexes into `rows`, for the merged
   * cells real catalogs have; only runs of two or more rows.
   */
  categoryRuns: [number, number][];
}

const CHANNEL_NAME = new Map<string, string>(CHANNELS.map((c) => [c.code, c.name]));
const DOMAIN_ORDER = new Map<string, number>(DOMAINS.map((d) => [d.code, d.no]));

export const audienceText = (audience: string, note: string | null): string =>
  audience === 'specific' && note
    ? `${AUDIENCE_NAMES.specific}（${note}）`
    : (AUDIENCE_NAMES[audience as Audience] ?? audience);

/**
 * The rows of a county's catalog in the standard layout: domains in the seed's order, items in the
 * order given within a domain (callers pass them by creation) with each 一级事项's items together,
 * channels as names joined by 「、」.
 */
export function catalogSheetLayout(countyName: string, items: readonly ExportableItem[]): CatalogSheetLayout {
  // Within a domain, items without a 一级事项 come first, then each 一级事项's items together in
  // the order the first of them came: a blank 一级事项 cell reads as 「same as above」 on import.
  const firstOfCategory = new Map<string, number>();
  const keyed = items.map((item, i) => {
    const cat = item.category ? `${item.domain}\u0000${item.category}` : null;
    if (cat !== null && !firstOfCategory.has(cat)) firstOfCategory.set(cat, i);
    return { item, i, group: cat === null ? -1 : firstOfCategory.get(cat)! };
  });
  const sorted = keyed
    .sort(
      (a, b) =>
        (DOMAIN_ORDER.get(a.item.domain) ?? 99) - (DOMAIN_ORDER.get(b.item.domain) ?? 99) || a.group - b.group || a.i - b.i,
    )
    .map((x) => x.item);
  const rows = sorted.map((item, i) => {
    const cell: Record<SheetColumn, string> = {
      no: String(i + 1),
      category: item.category ?? '',
      name: item.name,
      content: item.content,
      legalBasis: item.legalBasis,
      timeLimit: item.timeLimit,
      responsibleBody: item.responsibleBody,
      channels: item.channels.map((c) => CHANNEL_NAME.get(c) ?? c).join('、'),
      audience: audienceText(item.audience, item.audienceNote),
      method: DISCLOSURE_METHOD_NAMES[item.method as DisclosureMethod] ?? item.method,
      level: CATALOG_LEVEL_NAMES[item.level as CatalogLevel] ?? item.level,
      township: item.townshipCode ? (regionByCode(item.townshipCode)?.name ?? item.townshipCode) : '',
      domain: domainByCode(item.domain)?.name ?? item.domain,
    } as Record<SheetColumn, string>;
    return EXPORT_COLUMNS.map((c) => cell[c.key]);
  });
  const categoryRuns: [number, number][] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    const cat = sorted[i]!.category ?? '';
    while (j + 1 < sorted.length && cat !== '' && sorted[j + 1]!.category === cat && sorted[j + 1]!.domain === sorted[i]!.domain) j++;
    if (j > i) categoryRuns.push([i, j]);
    i = j + 1;
  }
  return {
    title: `${countyName}基层政务公开标准目录`,
    header: EXPORT_COLUMNS.map((c) => c.header),
    widths: EXPORT_COLUMNS.map((c) => c.width),
    rows,
    categoryRuns,
  };
}
