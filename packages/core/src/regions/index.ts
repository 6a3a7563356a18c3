import regionRows from '../../data/regions.json' with { type: 'json' };

/**
 * Hebei's divisions from the NBS 2023 statistical codes (data/SOURCES.md): the province, its
 * city-level units, county-level units and townships. Villages are twenty times as many, so they live
 * in data/villages.json, which apps load on demand and index with `buildVillageIndex`.
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

export interface Region {
  /** 12-digit NBS 统计用区划代码 */
  code: string;
  /** 6-digit code, on province, city and county rows (the GB/T 2260 code where `inGBT2260`) */
  code6?: string;
  name: string;
  level: RegionLevel;
  /** 12-digit code of the parent; null for the province */
  parentCode: string | null;
  /** NBS type: 地级市, 国家级新区, 市辖区, 县, 县级市, 自治县, 功能区, 街道, 镇, 乡, 居委会, 村委会, … */
  type?: string;
  /** county rows only: false for NBS statistical-only 功能区 zones, which are not GB/T 2260 divisions */
  inGBT2260?: boolean;
}

export const PROVINCE_CODE6 = '130000';
export const PROVINCE_CODE = '130000000000';

/**
 * 省直管县级市: coded under 石家庄市 and 保定市, but administered by the province, so the province
 * (not the city) is the "level above" that reviews their catalogs.
 */
export const PROVINCE_ADMINISTERED_COUNTIES: readonly string[] = ['130181', '130682'];
const provinceAdministered = new Set(PROVINCE_ADMINISTERED_COUNTIES);

const all: readonly Region[] = (regionRows as Region[]).map((r) => Object.freeze({ ...r }));
const byCode = new Map<string, Region>(all.map((r) => [r.code, r]));
const childrenOf = new Map<string, Region[]>();
for (const r of all) {
  if (r.parentCode === null) continue;
  const siblings = childrenOf.get(r.parentCode);
  if (siblings) siblings.push(r);
  else childrenOf.set(r.parentCode, [r]);
}

const NONE: readonly Region[] = Object.freeze([]);
const cityRows = Object.freeze(all.filter((r) => r.level === 'city'));
const countyRows = Object.freeze(all.filter((r) => r.level === 'county'));
const gbtCountyRows = Object.freeze(countyRows.filter((r) => r.inGBT2260));

/** A province, city or county's 12-digit code is its 6-digit code padded with zeros. */
const to12 = (code: string): string | undefined =>
  /^\d{12}$/.test(code) ? code : /^\d{6}$/.test(code) ? `${code}000000` : undefined;

/** Accepts a 6-digit (province, city, county) or a 12-digit code; villages are not in the registry. */
export function regionByCode(code: string): Region | undefined {
  const code12 = to12(code);
  return code12 === undefined ? undefined : byCode.get(code12);
}

export function countyByCode6(code6: string): Region | undefined {
  const region = /^\d{6}$/.test(code6) ? regionByCode(code6) : undefined;
  return region?.level === 'county' ? region : undefined;
}

/**
 * Direct children: the province's (no argument) are the city-level units, a city's its county-level
 * units (功能区 zones included, see `inGBT2260`), a county's its townships. Empty for a township,
 * since villages come from `buildVillageIndex`, and for an unknown code.
 */
export function children(parentCode: string = PROVINCE_CODE6): readonly Region[] {
  const parent = regionByCode(parentCode);
  return (parent && childrenOf.get(parent.code)) ?? NONE;
}

/** The 12 city-level units: 11 地级市 and 雄安新区 (国家级新区, no subordinate units in the codes). */
export const cities = (): readonly Region[] => cityRows;

/** County-level divisions: by default the 167 of GB/T 2260; with `gbt2260Only: false` also the 功能区 zones. */
export function counties({ gbt2260Only = true }: { gbt2260Only?: boolean } = {}): readonly Region[] {
  return gbt2260Only ? gbtCountyRows : countyRows;
}

export function townshipsOf(countyCode6: string): readonly Region[] {
  const county = countyByCode6(countyCode6);
  return county ? children(county.code) : NONE;
}

/** Parents of a region, nearest first, ending with the province; empty for the province or an unknown code. */
export function ancestors(code: string): readonly Region[] {
  const out: Region[] = [];
  let parentCode = regionByCode(code)?.parentCode ?? null;
  while (parentCode !== null) {
    const parent = byCode.get(parentCode);
    if (!parent) break;
    out.push(parent);
    parentCode = parent.parentCode;
  }
  return out;
}

/** The city a county is coded under (for 辛集 and 定州 too; see `reviewingCityCode`). */
export function cityOf(countyCode6: string): Region | undefined {
  const county = countyByCode6(countyCode6);
  return county?.parentCode ? byCode.get(county.parentCode) : undefined;
}

export const isProvinceAdministered = (countyCode6: string): boolean => provinceAdministered.has(countyCode6);

/**
 * The city (code6) whose reviewers review this county's catalog; null when the province reviews it
 * directly (省直管); undefined for a code that is not a county.
 */
export function reviewingCityCode(countyCode6: string): string | null | undefined {
  if (!countyByCode6(countyCode6)) return undefined;
  if (isProvinceAdministered(countyCode6)) return null;
  return cityOf(countyCode6)?.code6;
}

/** A row of data/villages.json. */
export type VillageRow = readonly [code: string, name: string, parentCode: string, type: string];

export interface VillageIndex {
  readonly size: number;
  byCode(code: string): Region | undefined;
  /** the villages (村委会, 居委会, …) of a township, by its 12-digit code */
  ofTownship(townshipCode: string): readonly Region[];
}

/**
 * Indexes village rows loaded by the caller, e.g. from
 * `await import('@zwgk/core/data/villages.json', { with: { type: 'json' } })`, whose inferred type
 * is `string[][]`; throws a TypeError on a row that is not a VillageRow (a corrupt data file).
 */
export function buildVillageIndex(rows: readonly (VillageRow | readonly string[])[]): VillageIndex {
  const villages = new Map<string, Region>();
  const byTownship = new Map<string, Region[]>();
  for (const [i, row] of rows.entries()) {
    const [code, name, parentCode, type] = row;
    if (row.length !== 4 || !code || !name || !parentCode || !type) throw new TypeError(`village row ${i} is malformed`);
    const village: Region = Object.freeze({ code, name, level: 'village', parentCode, type });
    villages.set(code, village);
    const siblings = byTownship.get(parentCode);
    if (siblings) siblings.push(village);
    else byTownship.set(parentCode, [village]);
  }
  return {
    size: villages.size,
    byCode: (code) => villages.get(code),
    ofTownship: (townshipCode) => byTownship.get(townshipCode) ?? NONE,
  };
}
